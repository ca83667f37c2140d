// Runs the whole CLI (runWith) in-process against the fake kernel.

import { runWith, type Deps } from '../../../src/app.js';
import { noNames } from '../../../src/format/names.js';
import { IpvsClient } from '../../../src/ipvs/client.js';
import type { Io } from '../../../src/io.js';
import { FakeKernel } from '../helpers/fake-kernel.js';

export interface RunResult {
  stdout: string;
  stderr: string;
  status: number;
}

const GLIBC: Record<number, string> = { 3: 'No such process', 17: 'File exists', 2: 'No such file or directory' };

export function deps(kernel: FakeKernel, over: Partial<Deps> = {}): Deps {
  return {
    openClient: () => new IpvsClient(kernel),
    names: noNames,
    libcStrerror: (e) => GLIBC[e] ?? `Unknown error ${e}`,
    modprobe: () => false,
    missingFamilyErrno: () => 92,
    ...over,
  };
}

/** `ipvsadm ARGS` with optional standard input, against `kernel`. */
export function ipvsadm(kernel: FakeKernel, args: string[], stdin = '', over: Partial<Deps> = {}): RunResult {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    out: (t) => (stdout += t),
    err: (t) => (stderr += t),
    readStdin: () => stdin,
    readConnFile: () => null,
    env: {},
  };
  const status = runWith('ipvsadm', args, io, deps(kernel, over));
  return { stdout, stderr, status };
}
