// Splits -R input into command lines the way config_stream_read()
// (config_stream.c) does: words separated by space, tab and CR, a line ends
// at '\n', no quoting, no comments; every word that is exactly "ipvsadm" is
// dropped; lines left with no words are skipped. A NUL byte is an ordinary
// word character for fscanf's %[^ \t\n\r], but the word is then used as a C
// string: it ends at its first NUL (a word starting with NUL is "", kept).

export interface InputLine {
  /** 1-based line number in the input. */
  readonly lineNo: number;
  readonly words: readonly string[];
}

export function splitRestoreInput(text: string): InputLine[] {
  return [...restoreLines(text)];
}

/**
 * The same lines one at a time (-R reads as it goes, like ipvsadm: a big
 * input is never held as parsed lines all at once). A hand-written scanner:
 * a split() by regular expression per line was a tenth of a 12,000-line
 * restore.
 */
export function* restoreLines(text: string): Generator<InputLine> {
  const n = text.length;
  let lineNo = 0;
  let pos = 0;
  while (pos < n) {
    lineNo++;
    let end = text.indexOf('\n', pos);
    if (end < 0) end = n;
    const words: string[] = [];
    const line = text.slice(pos, end);
    if (!/[\t\r\0]/.test(line)) {
      // Blanks only (the usual file): the native split does the scanning.
      for (const w of line.split(' ')) if (w !== '' && w !== 'ipvsadm') words.push(w);
      if (words.length > 0) yield { lineNo, words };
      pos = end + 1;
      continue;
    }
    let i = pos;
    while (i < end) {
      let c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 13) {
        i++;
        continue;
      }
      const start = i;
      while (i < end && (c = text.charCodeAt(i)) !== 32 && c !== 9 && c !== 13) i++;
      let w = text.slice(start, i);
      const nul = w.indexOf('\0');
      if (nul >= 0) w = w.slice(0, nul);
      if (w !== 'ipvsadm') words.push(w);
    }
    if (words.length > 0) yield { lineNo, words };
    pos = end + 1;
  }
}
