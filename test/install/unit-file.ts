// Reads a systemd unit the way systemd would for the parts the tests need:
// Exec*= command lines (with their prefixes), Environment= and
// EnvironmentFile= of [Service].

export interface ParsedUnit {
  execStart: string[][];
  execStop: string[][];
  execReload: string[][];
  environment: Record<string, string>;
  environmentFiles: Array<{ path: string; optional: boolean }>;
  service: Record<string, string[]>;
}

/** systemd's word splitting of a command line: whitespace, "..." and '...' quoting, \ escapes. */
export function splitCommand(line: string): string[] {
  const words: string[] = [];
  let cur = '';
  let has = false;
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && i + 1 < line.length) cur += line[++i];
      else cur += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      has = true;
    } else if (c === ' ' || c === '\t') {
      if (has) words.push(cur);
      cur = '';
      has = false;
    } else if (c === '\\' && i + 1 < line.length) {
      cur += line[++i];
      has = true;
    } else {
      cur += c;
      has = true;
    }
  }
  if (quote) throw new Error(`unterminated quote in ${line}`);
  if (has) words.push(cur);
  return words;
}

export function parseUnit(text: string): ParsedUnit {
  const service: Record<string, string[]> = {};
  let section = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const sec = /^\[(.+)\]$/.exec(line);
    if (sec) {
      section = sec[1]!;
      continue;
    }
    const eq = line.indexOf('=');
    if (eq < 0 || section !== 'Service') continue;
    const key = line.slice(0, eq).trim();
    (service[key] ??= []).push(line.slice(eq + 1).trim());
  }
  const exec = (key: string): string[][] =>
    (service[key] ?? []).map((v) => {
      const argv = splitCommand(v);
      // Prefixes (-, @, +, !, :) are not part of the path; these units use none.
      if (argv[0] && /^[-@+!:]/.test(argv[0])) throw new Error(`unexpected prefix in ${key}=${v}`);
      return argv;
    });
  const environment: Record<string, string> = {};
  for (const v of service['Environment'] ?? []) {
    for (const w of splitCommand(v)) {
      const i = w.indexOf('=');
      if (i > 0) environment[w.slice(0, i)] = w.slice(i + 1);
    }
  }
  const environmentFiles = (service['EnvironmentFile'] ?? []).map((v) =>
    v.startsWith('-') ? { path: v.slice(1), optional: true } : { path: v, optional: false },
  );
  return {
    execStart: exec('ExecStart'),
    execStop: exec('ExecStop'),
    execReload: exec('ExecReload'),
    environment,
    environmentFiles,
    service,
  };
}

/** POSIX sh single-quoting. */
export function shq(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
