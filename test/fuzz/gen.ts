// Seeded generator of hostile ipvsadm inputs for differential fuzzing
// (scripts/fuzz.mjs, test/kernel/fuzz.test.ts): argv vectors built from the
// real grammar (spec §2-§5) and then mutated (dropped, repeated, reordered
// words; bad and extreme numbers; odd IPv4/IPv6 forms; overlong words;
// non-ASCII), and -R inputs made of such lines.
//
// Deterministic: case i of seed s depends on (s, i) only, so a slice of a
// seed is stable however many cases are asked for.
//
// Excluded from generation (spec §14, undefined behaviour of the original):
// * a -b / --sched-flags value made only of commas (SIGSEGV in 1.31); we
//   conservatively drop every case with a word that is only commas or ends
//   in `b,,,` / `=,,,` (a clustered -b value);
// * -R input words of 4096 or more bytes (split and overrun in 1.31);
// * connection-file quirks (UML's /proc/net/ip_vs_conn is empty) and
//   kernel replies without mandatory attributes (covered by the decoder
//   fuzz, test/unit/fuzz).
// Host names other than `localhost` are only ever ones that cannot resolve
// (`.invalid`), so no case depends on DNS.

export type Rng = () => number;

/** mulberry32: small, fast, good enough for test generation. */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The PRNG of case `index` of `seed`. */
export function caseRng(seed: number, index: number, salt = 0): Rng {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (const v of [index, salt]) {
    h = Math.imul(h ^ v, 0x85ebca6b) >>> 0;
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
    h = (h ^ (h >>> 16)) >>> 0;
  }
  return mulberry32(h);
}

const int = (r: Rng, n: number): number => Math.floor(r() * n);
const pick = <T>(r: Rng, xs: readonly T[]): T => xs[int(r, xs.length)] as T;
const chance = (r: Rng, p: number): boolean => r() < p;

// ---------------------------------------------------------------- values

const NUMBERS = [
  '0', '1', '2', '5', '10', '60', '255', '256', '300', '360', '1472', '65535', '65536', '65507', '65508',
  '2678400', '2678401', '2147483647', '2147483648', '4294967295', '4294967296',
  '9223372036854775807', '9223372036854775808', '-9223372036854775808', '-9223372036854775809',
  '99999999999999999999999', '-1', '-0', '+5', ' 5', '\t7', '5 ', '05', '0x10', '0X1f', '010', '1e3',
  '', ' ', '+', '-', '3.5', '1,2', '5k', '٣', '５', '\u00a05', '0b1', 'nan', 'inf', '+-1', '--1',
];

const IPV4 = [
  '10.0.0.1', '10.0.0.2', '192.168.1.1', '1.2.3.4', '127.0.0.1', '0.0.0.0', '255.255.255.255',
  '224.0.0.81', '239.1.2.3', '1.2.3', '1.2', '16909060', '0x01020305', '010.0.0.1', '09.1.1.1',
  '1.2.3.256', '4294967295', '4294967296', '1.2.3.4.5', '1..2.3', '.1.2.3', '1.2.3.', '0x', '1.2.3.4x',
  '1.2.3.4 junk', 'localhost', 'no-such-host.invalid', '10.0.0.1\t', '١.٢.٣.٤',
];

const IPV6 = [
  '::1', '::', '2001:db8::1', '2001:db8::2', 'fe80::1', 'ff02::1', 'ff05::1:3', '::ffff:1.2.3.4',
  '2001:db8:0:0:0:0:0:1', '2001:DB8::A', '1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8:9', '1::2::3',
  '2001:db8::1%lo', 'fe80::1%eth0', '::3:80', '12345::1', 'g::1', ':::', '::ffff:1.2.3.256',
  '2001:db8::/64', '0:0:0:0:0:0:0:0', '2001:0db8:0000:0000:0000:0000:0000:0001',
];

const PORTS = [
  '80', '0', '1', '443', '65535', '65536', '99999', '-1', '+80', ' 80', '080', '0x50', '', 'http',
  'www', 'https', 'HTTP', 'domain', 'telnet', 'ssh', 'sip', 'nosuchsvc', '80:90', '8o', 'ｈｔｔｐ',
];

const SCHEDULERS = [
  'rr', 'wrr', 'lc', 'wlc', 'lblc', 'lblcr', 'dh', 'sh', 'sed', 'nq', 'fo', 'ovf', 'mh', 'twos', 'none',
  '', 'RR', 'nosuch', 'abcdefghijklmnopqrstu', 'ééééééééé', 'rr ', '--',
];

const FLAGS = [
  'flag-1', 'flag-2', 'flag-3', 'sh-fallback', 'sh-port', 'mh-fallback', 'mh-port', 'flag-1,flag-2',
  'sh-fallback,sh-port', 'mh-port,,flag-3', ',flag-1', 'flag-1,', 'foo', 'flag-4', 'FLAG-1', '',
  'flag-1,foo', 'sh-port,mh-port',
];

const MASKS = ['255.255.255.0', '255.255.255.255', '0.0.0.0', '24', '64', '128', '129', '0', '-1', 'abc', '64x', '1.2.3.4.5', 'localhost', ''];

const WORDS_ODD = [
  '-', '--', '---', '-=', '=', '!#:+', 'ipvsadm', '#', 'é', '日本語', '\u{1F600}', '\u200b', 'a b', 'x\ty',
  '-L', '-A', '--list', '--foo', '-V', '-q', '-Lq', '-Ln=3', '--list=3', '--numeric=1', '-I', '--lis',
];

function ipv4Service(r: Rng): string {
  const host = pick(r, IPV4);
  if (chance(r, 0.12)) return host;
  return `${host}:${pick(r, PORTS)}`;
}

function ipv6Service(r: Rng): string {
  const host = pick(r, IPV6);
  switch (int(r, 6)) {
    case 0:
      return host;
    case 1:
      return `[${host}]`;
    case 2:
      return `[${host}]${pick(r, PORTS)}`;
    default:
      return `[${host}]:${pick(r, PORTS)}`;
  }
}

function serviceAddr(r: Rng): string {
  const n = r();
  if (n < 0.6) return ipv4Service(r);
  if (n < 0.9) return ipv6Service(r);
  if (n < 0.95) return `[${pick(r, IPV4)}]:${pick(r, PORTS)}`;
  return pick(r, ['', ':80', '1234', '1.2.3.4:', '[', ']', '[]:80', '[::1', 'a:b:c']);
}

function number(r: Rng): string {
  if (chance(r, 0.15)) return String(int(r, 100000));
  return pick(r, NUMBERS);
}

function overlong(r: Rng): string {
  const n = pick(r, [16, 17, 64, 128, 255, 256, 1000, 5000]);
  const unit = pick(r, ['a', '1', 'é', ':', '0']);
  return unit.repeat(n);
}

// ---------------------------------------------------------------- argv

type Opt = (r: Rng) => string[];

const svc: Opt = (r) => {
  const k = int(r, 10);
  if (k < 4) return [pick(r, ['-t', '--tcp-service']), serviceAddr(r)];
  if (k < 6) return [pick(r, ['-u', '--udp-service']), serviceAddr(r)];
  if (k < 7) return ['--sctp-service', serviceAddr(r)];
  const f = [pick(r, ['-f', '--fwmark-service']), chance(r, 0.7) ? String(1 + int(r, 200)) : number(r)];
  return chance(r, 0.3) ? [...f, pick(r, ['-6', '--ipv6'])] : f;
};
const sched: Opt = (r) => [pick(r, ['-s', '--scheduler']), pick(r, SCHEDULERS)];
const persist: Opt = (r) => {
  const k = int(r, 4);
  if (k === 0) return ['-p'];
  if (k === 1) return ['--persistent'];
  if (k === 2) return ['-p', number(r)];
  return [`--persistent=${number(r)}`];
};
const netmask: Opt = (r) => [pick(r, ['-M', '--netmask']), pick(r, MASKS)];
const pe: Opt = (r) => ['--pe', pick(r, ['sip', 'nosuch', '', 'SIP', 'abcdefghijklmnopq'])];
const ops: Opt = (r) => [pick(r, ['-o', '--ops'])];
const schedFlags: Opt = (r) => [pick(r, ['-b', '--sched-flags']), pick(r, FLAGS)];
const real: Opt = (r) => [pick(r, ['-r', '--real-server']), serviceAddr(r)];
const fwd: Opt = (r) => [pick(r, ['-g', '-i', '-m', '--gatewaying', '--ipip', '--masquerading'])];
const weight: Opt = (r) => [pick(r, ['-w', '--weight']), number(r)];
const uth: Opt = (r) => [pick(r, ['-x', '--u-threshold']), number(r)];
const lth: Opt = (r) => [pick(r, ['-y', '--l-threshold']), number(r)];
const tun: Opt = (r) => {
  const k = int(r, 5);
  if (k === 0) return ['--tun-type', pick(r, ['ipip', 'gue', 'gre', 'GUE', 'foo', ''])];
  if (k === 1) return ['--tun-port', number(r)];
  return [pick(r, ['--tun-nocsum', '--tun-csum', '--tun-remcsum'])];
};
const listMod: Opt = (r) => [
  pick(r, ['-n', '--numeric', '-c', '--connection', '--timeout', '--daemon', '--stats', '--rate', '--thresholds',
    '--persistent-conn', '--tun-info', '--nosort', '--sort', '--exact', '-X']),
];
const daemonOpt: Opt = (r) => {
  const k = int(r, 6);
  if (k === 0) return ['--mcast-interface', pick(r, ['lo', 'eth0', 'nosuch0', '', 'abcdefghijklmnopqrst'])];
  if (k === 1) return ['--syncid', number(r)];
  if (k === 2) return ['--sync-maxlen', number(r)];
  if (k === 3) {
    return ['--mcast-group', pick(r, ['224.0.0.81', '239.1.1.1', '10.0.0.1', 'ff02::1', 'ff05::1:3', '2001:db8::1', '224.1', '::', 'x', '', '224.0.0.81:1'])];
  }
  if (k === 4) return ['--mcast-port', number(r)];
  return ['--mcast-ttl', number(r)];
};

/** A plausible value for an option kind (the clean half of the cases). */
function plausible(r: Rng, o: Opt): string[] {
  const v4 = (): string => `10.0.${int(r, 3)}.${1 + int(r, 4)}`;
  if (o === svc) {
    const k = int(r, 6);
    if (k < 3) return ['-t', `${v4()}:${pick(r, ['80', '443', 'http', '8080'])}`];
    if (k === 3) return ['-u', `${v4()}:53`];
    if (k === 4) return ['-t', `[2001:db8::${1 + int(r, 3)}]:80`];
    return ['-f', String(1 + int(r, 5))];
  }
  if (o === real) return ['-r', chance(r, 0.8) ? `192.168.0.${1 + int(r, 6)}:${pick(r, ['80', '8080'])}` : `[2001:db8::${10 + int(r, 3)}]:80`];
  if (o === sched) return ['-s', pick(r, ['rr', 'wrr', 'lc', 'wlc', 'sh', 'mh', 'none', 'nosuch'])];
  if (o === weight || o === uth || o === lth) return [pick(r, ['-w', '-x', '-y']), String(int(r, 100))];
  if (o === persist) return chance(r, 0.5) ? ['-p'] : ['-p', String(1 + int(r, 3600))];
  return o(r);
}

interface CommandShape {
  words: readonly string[];
  /** Options that make sense, with a weight of how likely each is picked. */
  opts: ReadonlyArray<readonly [Opt, number]>;
  /** Positional extras (e.g. --set values). */
  extra?: (r: Rng) => string[];
  weight: number;
}

const SERVICE_OPTS: ReadonlyArray<readonly [Opt, number]> = [
  [svc, 6], [sched, 3], [persist, 2], [netmask, 1], [pe, 1], [ops, 1], [schedFlags, 1.5],
];
const SERVER_OPTS: ReadonlyArray<readonly [Opt, number]> = [
  [svc, 6], [real, 6], [fwd, 3], [weight, 2], [uth, 1], [lth, 1], [tun, 1.5],
];

const COMMANDS: readonly CommandShape[] = [
  { words: ['-A', '--add-service'], opts: SERVICE_OPTS, weight: 14 },
  { words: ['-E', '--edit-service'], opts: SERVICE_OPTS, weight: 5 },
  { words: ['-D', '--delete-service'], opts: [[svc, 6], [sched, 0.3]], weight: 4 },
  { words: ['-a', '--add-server'], opts: SERVER_OPTS, weight: 12 },
  { words: ['-e', '--edit-server'], opts: SERVER_OPTS, weight: 4 },
  { words: ['-d', '--delete-server'], opts: [[svc, 6], [real, 6], [fwd, 0.3]], weight: 3 },
  { words: ['-L', '-l', '--list'], opts: [[listMod, 6], [svc, 1.5], [daemonOpt, 0.3]], weight: 12 },
  { words: ['-S', '--save'], opts: [[listMod, 2], [svc, 0.3]], weight: 3 },
  { words: ['-Z', '--zero'], opts: [[svc, 3], [listMod, 0.3]], weight: 2 },
  { words: ['-C', '--clear'], opts: [[listMod, 0.2]], weight: 1 },
  {
    words: ['--set'],
    opts: [[listMod, 0.2]],
    extra: (r) => Array.from({ length: pick(r, [3, 3, 3, 2, 4, 0]) }, () => (chance(r, 0.7) ? String(int(r, 1000)) : number(r))),
    weight: 3,
  },
  {
    words: ['--start-daemon', '--start-daemon=', '--stop-daemon', '--stop-daemon='],
    opts: [[daemonOpt, 5]],
    weight: 3,
  },
  { words: ['-R', '--restore'], opts: [[listMod, 0.3]], weight: 0.5 },
  { words: ['-h', '--help', '-v', '--version'], opts: [[listMod, 0.5]], weight: 0.5 },
];

const TOTAL_WEIGHT = COMMANDS.reduce((n, c) => n + c.weight, 0);

function pickWeighted<T>(r: Rng, xs: ReadonlyArray<readonly [T, number]>): T {
  const total = xs.reduce((n, [, w]) => n + w, 0);
  let x = r() * total;
  for (const [v, w] of xs) {
    x -= w;
    if (x < 0) return v;
  }
  return (xs[xs.length - 1] as readonly [T, number])[0];
}

/** One well-formed-looking command line (before mutation). */
function grammarArgv(r: Rng): string[] {
  let x = r() * TOTAL_WEIGHT;
  let shape = COMMANDS[0] as CommandShape;
  for (const c of COMMANDS) {
    x -= c.weight;
    if (x < 0) {
      shape = c;
      break;
    }
  }
  let cmd = pick(r, shape.words);
  const out: string[] = [];
  if (cmd.endsWith('=')) {
    out.push(cmd + pick(r, ['master', 'backup', 'Master', '', 'both']));
  } else if (cmd === '--start-daemon' || cmd === '--stop-daemon') {
    out.push(cmd, pick(r, ['master', 'master', 'backup', 'backup', 'Master', '', 'both', '-n']));
  } else out.push(cmd);
  const n = pick(r, [0, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 5]);
  // Half the time each kind of option at most once, with plausible values,
  // so that many cases get past the parser and change or list the table.
  const clean = chance(r, 0.5);
  const used = new Set<Opt>();
  for (let i = 0; i < n; i++) {
    const o = pickWeighted(r, shape.opts);
    if (clean && used.has(o)) continue;
    used.add(o);
    out.push(...(clean ? plausible(r, o) : o(r)));
  }
  if (shape.extra) {
    const extra = shape.extra(r);
    // the three --set values may sit anywhere
    for (const e of extra) out.splice(chance(r, 0.7) ? out.length : int(r, out.length + 1), 0, e);
  }
  cmd = '';
  return out;
}

/** Short options that take no argument (for clusters). */
const NOARG_SHORT = ['n', 'c', 'g', 'i', 'm', 'o', 'X', '6'];

function mutate(r: Rng, argv: string[]): string[] {
  const a = [...argv];
  const k = int(r, 16);
  const at = (): number => int(r, a.length + 1);
  switch (k) {
    case 0: // drop a word
      if (a.length > 0) a.splice(int(r, a.length), 1);
      break;
    case 1: // repeat a word (or an option with its value)
      if (a.length > 0) {
        const i = int(r, a.length);
        a.splice(i, 0, ...a.slice(i, i + 1 + int(r, 2)));
      }
      break;
    case 2: // swap two words
      if (a.length > 1) {
        const i = int(r, a.length);
        const j = int(r, a.length);
        [a[i], a[j]] = [a[j] as string, a[i] as string];
      }
      break;
    case 3: // an option with its value glued: -t10.0.0.1:80, -t=…, --tcp-service=…
      for (let i = 0; i + 1 < a.length; i++) {
        const w = a[i] as string;
        if (/^-[tufsMrwxybp]$/.test(w) || /^--[a-z-]+$/.test(w)) {
          const v = a[i + 1] as string;
          const glue = w.startsWith('--') ? '=' : pick(r, ['', '=']);
          a.splice(i, 2, w + glue + v);
          break;
        }
      }
      break;
    case 4: // cluster a no-argument option into the command letter
      if (a.length > 0 && /^-[A-Za-z]$/.test(a[0] as string)) a[0] = (a[0] as string) + pick(r, NOARG_SHORT);
      else a.push(`-${pick(r, NOARG_SHORT)}${pick(r, NOARG_SHORT)}`);
      break;
    case 5: // odd word somewhere
      a.splice(at(), 0, pick(r, WORDS_ODD));
      break;
    case 6: // overlong word somewhere, or as a value
      if (a.length > 1 && chance(r, 0.6)) a[1 + int(r, a.length - 1)] = overlong(r);
      else a.splice(at(), 0, overlong(r));
      break;
    case 7: // replace a value by an extreme number
      if (a.length > 1) a[1 + int(r, a.length - 1)] = number(r);
      break;
    case 8: // an option from another command
      a.splice(at(), 0, ...pick(r, [svc, sched, persist, netmask, real, fwd, weight, listMod, daemonOpt, tun, schedFlags, ops, pe])(r));
      break;
    case 9: // `--` somewhere
      a.splice(at(), 0, '--');
      break;
    case 10: // a non-option word first (collected, then unexpected)
      a.unshift(pick(r, ['foo', '1', 'é', '10.0.0.1:80']));
      break;
    case 11: // non-ASCII in a value
      if (a.length > 1) {
        const i = 1 + int(r, a.length - 1);
        a[i] = (a[i] as string) + pick(r, ['é', '日', '\u{1F600}', '\u00ff']);
      }
      break;
    case 12: // reverse everything after the command
      a.splice(1, a.length - 1, ...a.slice(1).reverse());
      break;
    case 13: // the popt !#:+ substitution
      if (a.length > 1) {
        const i = 1 + int(r, a.length - 1);
        const v = a[i] as string;
        if (!v.startsWith('-')) {
          a[i] = '!#:+';
          a.push(v);
        }
      }
      break;
    default:
      break; // unmutated
  }
  return a;
}

/** True when the case is one of the excluded undefined behaviours (spec §14). */
export function excluded(argv: readonly string[]): boolean {
  return argv.some((w) => /^,+$/.test(w) || /[b=],+$/.test(w));
}

/** Argv case `index` of `seed`. */
export function genArgv(seed: number, index: number): string[] {
  for (let salt = 0; ; salt++) {
    const r = caseRng(seed, index, salt);
    let a = grammarArgv(r);
    const muts = pick(r, [0, 0, 1, 1, 1, 2, 3]);
    for (let i = 0; i < muts; i++) a = mutate(r, a);
    if (!excluded(a)) return a;
  }
}

// ---------------------------------------------------------------- restore

/** A restore line's words must not hold restore's separators. */
function restoreSafe(argv: readonly string[]): boolean {
  return argv.every((w) => Buffer.byteLength(w) < 4096);
}

/** -R input case `index` of `seed` (text for standard input). */
export function genRestore(seed: number, index: number): string {
  for (let salt = 0; ; salt++) {
    const r = caseRng(seed, index, 0x5e5 + salt);
    const lines: string[] = [];
    const n = 1 + int(r, 8);
    let ok = true;
    for (let i = 0; i < n; i++) {
      const k = int(r, 20);
      if (k === 0) {
        lines.push(pick(r, ['', ' ', '\t', 'ipvsadm', '  ipvsadm  ', '# comment', '\r']));
        continue;
      }
      let a = grammarArgv(r);
      // restore lines are mostly modifying commands; keep the list ones rarer
      if (chance(r, 0.35)) a = mutate(r, a);
      if (excluded(a) || !restoreSafe(a)) {
        ok = false;
        break;
      }
      if (chance(r, 0.25)) a.unshift('ipvsadm');
      const sep = (): string => pick(r, [' ', ' ', ' ', '  ', '\t', ' \t ']);
      let line = a.map((w) => w.replace(/[\n]/g, '')).join(sep());
      if (chance(r, 0.1)) line = sep() + line;
      if (chance(r, 0.1)) line += pick(r, ['\r', ' ', '\t']);
      lines.push(line);
    }
    if (!ok) continue;
    // The words the original reads: reapply the exclusion on the split text.
    const text = lines.join('\n') + (chance(r, 0.85) ? '\n' : '');
    const words = text.split(/[ \t\r\n]+/);
    if (excluded(words) || !restoreSafe(words)) continue;
    return text;
  }
}

/** Shell-like rendering of an argv, for reports. */
export function showArgv(argv: readonly string[]): string {
  return argv
    .map((w) => (/^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`))
    .join(' ');
}
