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
  const out: InputLine[] = [];
  const r = new RestoreLineReader(text);
  for (let l = r.next(); l !== undefined; l = r.next()) out.push(l);
  return out;
}

/**
 * The same lines one at a time (-R reads as it goes, like ipvsadm: a big
 * input is never held as parsed lines all at once). An input with blanks
 * only, the usual file, is split on ' ' natively, not by a regular
 * expression per line (see docs/performance.md); whether it has tabs, CRs
 * or NULs is asked once. A cursor rather than a generator: one call per line.
 */
export class RestoreLineReader {
  private pos = 0;
  private lineNo = 0;
  private readonly plain: boolean;

  constructor(private readonly text: string) {
    this.plain = !/[\t\r\0]/.test(text);
  }

  /** The next line with words, or undefined at the end of the input. */
  next(): InputLine | undefined {
    const text = this.text;
    while (this.pos < text.length) {
      this.lineNo++;
      let end = text.indexOf('\n', this.pos);
      if (end < 0) end = text.length;
      const line = text.slice(this.pos, end);
      this.pos = end + 1;
      const words: string[] = [];
      const pieces = this.plain ? line.split(' ') : line.split(/[ \t\r]+/);
      for (let i = 0; i < pieces.length; i++) {
        const piece = pieces[i] as string;
        if (piece === '') continue;
        const nul = this.plain ? -1 : piece.indexOf('\0');
        const w = nul < 0 ? piece : piece.slice(0, nul);
        if (w !== 'ipvsadm') words.push(w);
      }
      if (words.length > 0) return { lineNo: this.lineNo, words };
    }
    return undefined;
  }
}
