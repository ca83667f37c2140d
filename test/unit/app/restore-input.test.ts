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
