// ipvsadm prints argv[0] exactly as typed. A script started through its
// shebang never sees that word, so we recover the likely one: the bare name
// when PATH finds this very file under it (the user typed `ipvsadm`), else
// the path node was given.

import { realpathSync } from 'node:fs';
import { basename, delimiter, join } from 'node:path';

export function programName(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): string {
  const script = argv[1];
  if (script === undefined) return 'ipvsadm';
  const name = basename(script).replace(/\.js$/, '');
  if (env.IPVSADM_PROG) return env.IPVSADM_PROG;
  try {
    const self = realpathSync(script);
    for (const dir of (env.PATH ?? '').split(delimiter)) {
      if (!dir) continue;
      try {
        if (realpathSync(join(dir, name)) === self) return name;
      } catch {
        // not in this PATH directory
      }
    }
  } catch {
    // fall through to the path as given
  }
  return script;
}
