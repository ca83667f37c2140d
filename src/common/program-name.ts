// argv[0] as ipvsadm prints it in help and error texts. Working it out can
// take a walk of PATH (src/entry/argv0.ts), so a caller may hand over a
// function that does it when a text first needs the name.

/** The program name, or a function giving it on first use. */
export type ProgramName = string | (() => string);

/** The text of a ProgramName. */
export function progText(p: ProgramName): string {
  return typeof p === 'string' ? p : p();
}
