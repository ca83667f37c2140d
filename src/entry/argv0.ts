// ipvsadm prints argv[0] exactly as typed. A script started through its
// shebang never sees that word, so we recover the likely one: the bare name
// when PATH finds this very file under it (the user typed `ipvsadm`), else
// the path node was given.

import { existsSync, realpathSync } from 'node:fs';
import { basename, delimiter, join } from 'node:path';

/**
 * programName(argv, env), worked out on first use and then kept: only help
 * and error texts print it, and most runs never need the PATH walk.
 */
export function lazyProgramName(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): () => string {
  let name: string | undefined;
  return () => (name ??= programName(argv, env));
}

export function programName(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): string {
  const script = argv[1];
  if (script === undefined) return 'ipvsadm';
  const name = basename(script).replace(/\.js$/, '');
  if (env.IPVSADM_PROG) return env.IPVSADM_PROG;
  let self: string | undefined;
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    // Most PATH directories do not have the name: existsSync asks without
    // an exception per directory.
    if (!existsSync(candidate)) continue;
    try {
      self ??= realpathSync(script);
      if (realpathSync(candidate) === self) return name;
    } catch {
      // the script or this candidate cannot be resolved
    }
  }
  return script;
}
