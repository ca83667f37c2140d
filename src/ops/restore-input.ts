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
 * input is never held as parsed lines all at once). A line with blanks
 * only, the usual file, is split on ' ' natively; a regular expression per
 * line was a tenth of a 12,000-line restore.
 */
export function* restoreLines(text: string): Generator<InputLine> {
  let lineNo = 0;
  for (let pos = 0; pos < text.length; ) {
    lineNo++;
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    const line = text.slice(pos, end);
    pos = end + 1;
    const words: string[] = [];
    for (const piece of /[\t\r\0]/.test(line) ? line.split(/[ \t\r]+/) : line.split(' ')) {
      if (piece === '') continue;
      const nul = piece.indexOf('\0');
      const w = nul < 0 ? piece : piece.slice(0, nul);
      if (w !== 'ipvsadm') words.push(w);
    }
    if (words.length > 0) yield { lineNo, words };
  }
}
