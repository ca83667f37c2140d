// Runs the whole CLI (runWith) in-process against the fake kernel.

import { runWith, type Deps } from '../../../src/app/ipvsadm.js';
import { noNames } from '../../../src/common/names.js';
import { IpvsClient } from '../../../src/ipvs/client.js';
import { captureIo, type InputError } from '../../../src/ops/io.js';
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

/** `ipvsadm ARGS` with optional standard input (or the error reading it gives), against `kernel`. */
export function ipvsadm(kernel: FakeKernel, args: string[], stdin: string | InputError = '', over: Partial<Deps> = {}): RunResult {
  const c = captureIo({ stdin });
  const status = runWith('ipvsadm', args, c.io, deps(kernel, over));
  return { stdout: c.stdout(), stderr: c.stderr(), status };
}
