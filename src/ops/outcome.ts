// What running one command line gave: its status, and whether ipvsadm would
// have ended the whole process there (fail()/exit() rather than a return).

export interface Outcome {
  readonly status: number;
  /** True where ipvsadm calls exit(): a -R input stops at this line. */
  readonly fatal: boolean;
}

export const done = (status: number): Outcome => ({ status, fatal: false });
export const exitWith = (status: number): Outcome => ({ status, fatal: true });
