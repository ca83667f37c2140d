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
  const lines: InputLine[] = [];
  const raw = text.split('\n');
  // A trailing '\n' leaves one empty piece that is not a line.
  if (raw.length > 0 && raw[raw.length - 1] === '') raw.pop();
  raw.forEach((line, i) => {
    const words = line
      .split(/[ \t\r]+/)
      .filter((w) => w !== '')
      .map((w) => {
        const nul = w.indexOf('\0');
        return nul < 0 ? w : w.slice(0, nul);
      })
      .filter((w) => w !== 'ipvsadm');
    if (words.length > 0) lines.push({ lineNo: i + 1, words });
  });
  return lines;
}
