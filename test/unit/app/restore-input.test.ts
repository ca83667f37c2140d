// splitRestoreInput(): config_stream_read() word splitting (spec §8), in
// particular NUL bytes, which fscanf keeps in a word that C then cuts short.

import { describe, expect, it } from 'vitest';
import { splitRestoreInput } from '../../../src/ops/restore-input.js';

const words = (text: string): string[][] => splitRestoreInput(text).map((l) => [...l.words]);

describe('splitRestoreInput', () => {
  it('splits on blanks, tabs and CR, drops ipvsadm words and empty lines', () => {
    expect(words('ipvsadm -A\t-t  1.2.3.4:80\r\n\n  ipvsadm \n-Ln')).toEqual([['-A', '-t', '1.2.3.4:80'], ['-Ln']]);
  });

  it('a word ends at its first NUL byte (verified against Debian ipvsadm in UML)', () => {
    expect(words('-A -t 10.0.0.4:80\0junk -s rr\n')).toEqual([['-A', '-t', '10.0.0.4:80', '-s', 'rr']]);
    expect(words('-A -t 10.0.0.5:80 -s\0 rr\n')).toEqual([['-A', '-t', '10.0.0.5:80', '-s', 'rr']]);
  });

  it('a word cut down to "ipvsadm" is dropped; one starting with NUL stays as ""', () => {
    expect(words('ipvsadm\0x -Ln\n')).toEqual([['-Ln']]);
    expect(words('\0\n')).toEqual([['']]);
    expect(words('-L \0abc\n')).toEqual([['-L', '']]);
  });
});

// The scanner against the plain statement of the rule (split on runs of
// blanks/tabs/CR, cut at NUL, drop "ipvsadm"), on random inputs.
function reference(text: string): { lineNo: number; words: string[] }[] {
  const raw = text.split('\n');
  if (raw.length > 0 && raw[raw.length - 1] === '') raw.pop();
  const out: { lineNo: number; words: string[] }[] = [];
  raw.forEach((line, i) => {
    const ws = line
      .split(/[ \t\r]+/)
      .filter((w) => w !== '')
      .map((w) => (w.includes('\0') ? w.slice(0, w.indexOf('\0')) : w))
      .filter((w) => w !== 'ipvsadm');
    if (ws.length > 0) out.push({ lineNo: i + 1, words: ws });
  });
  return out;
}

describe('restore line scanner', () => {
  it('agrees with the reference on 3,000 random inputs', () => {
    const alphabet = ['a', '-', 'A', ' ', ' ', '\t', '\r', '\n', '\n', '\0', 'ipvsadm', 'é', '1', ':'];
    let seed = 12345;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let k = 0; k < 3000; k++) {
      let text = '';
      const len = rnd(40);
      for (let i = 0; i < len; i++) text += alphabet[rnd(alphabet.length)];
      expect(splitRestoreInput(text).map((l) => ({ lineNo: l.lineNo, words: [...l.words] })), JSON.stringify(text)).toEqual(reference(text));
    }
  });
});
