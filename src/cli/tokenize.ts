// A faithful model of libpopt 1.19's poptGetNextOpt() as ipvsadm uses it
// (no aliases, no execs, no ONEDASH options): argv words → ordered events.
//
// popt is lazy, but ipvsadm stops at the first problem and nothing popt does
// depends on what ipvsadm does with an option, so an eager pass that stops
// at the first popt error yields exactly the same sequence.

import { findLong, findShort, type OptionSpec } from './options.js';

/** poptStrerror() texts for the three errors reachable here. */
export type PoptErrorText = 'unknown option' | 'missing argument' | 'option does not take an argument';

export type TokenEvent =
  /**
   * An option as popt returns it. `arg` is the (expanded) argument, null
   * when the option takes none or an optional one was absent. `word` is
   * poptBadOption(): the argv word most recently consumed.
   */
  | { readonly kind: 'option'; readonly spec: OptionSpec; readonly arg: string | null; readonly word: string }
  /** A popt error; always the last event. */
  | { readonly kind: 'error'; readonly text: PoptErrorText; readonly word: string };

export interface Tokens {
  readonly events: readonly TokenEvent[];
  /** The leftovers (non-option words) in order, as poptGetArg() hands them out. */
  readonly positionals: readonly string[];
}

/**
 * Tokenise args (argv without argv[0]). posixlyCorrect = POSIXLY_CORRECT or
 * POSIX_ME_HARDER is set: the first non-option word ends option processing.
 */
export function tokenize(args: readonly string[], posixlyCorrect: boolean): Tokens {
  const argc = args.length;
  const st: ArgState = { args, next: 0, deleted: undefined }; // os->next and popt's argb bitmap
  const events: TokenEvent[] = [];
  const leftovers: string[] = [];
  let restLeftover = false;
  let charArg: string | null = null; // os->nextCharArg

  for (;;) {
    let spec: OptionSpec | undefined;
    let longArg: string | null = null;

    if (charArg === null) {
      if (st.next >= argc) break;
      if (st.deleted?.has(st.next)) {
        st.next += 1;
        continue;
      }
      const word = args[st.next] ?? '';
      st.next += 1;
      if (restLeftover || !word.startsWith('-') || word === '-') {
        if (posixlyCorrect) restLeftover = true;
        leftovers.push(word);
        continue;
      }
      if (word === '--') {
        restLeftover = true;
        continue;
      }
      if (word.startsWith('--')) {
        const body = word.slice(2);
        const eq = body.indexOf('=');
        spec = findLong(eq < 0 ? body : body.slice(0, eq));
        if (eq >= 0) longArg = body.slice(eq + 1);
        if (spec === undefined) return fail(st, events, leftovers, 'unknown option');
      } else {
        charArg = word.slice(1); // a single dash: always a cluster of letters
      }
    }

    if (charArg !== null) {
      const letter = charArg[0] ?? '';
      spec = findShort(letter);
      if (spec === undefined) return fail(st, events, leftovers, 'unknown option');
      charArg = charArg.length === 1 ? null : charArg.slice(1);
    }
    if (spec === undefined) continue; // unreachable

    if (spec.arg === 'none') {
      if (longArg !== null || (charArg !== null && charArg.startsWith('='))) {
        return fail(st, events, leftovers, 'option does not take an argument');
      }
      events.push({ kind: 'option', spec, arg: null, word: lastWord(st) });
      continue;
    }

    let value: string | null;
    if (longArg !== null) {
      value = expand(st, longArg);
    } else if (charArg !== null) {
      value = expand(st, charArg.startsWith('=') ? charArg.slice(1) : charArg);
      charArg = null;
    } else if (st.next >= argc) {
      if (spec.arg === 'required') return fail(st, events, leftovers, 'missing argument');
      value = null;
    } else if (spec.arg === 'optional' && (args[st.next] ?? '').startsWith('-')) {
      value = null;
    } else {
      // The next word is taken even if !#:+ already removed it (as popt does).
      st.next += 1;
      value = expand(st, args[st.next - 1] ?? '');
    }
    events.push({ kind: 'option', spec, arg: value, word: lastWord(st) });
  }
  return { events, positionals: leftovers };
}

/** The words and popt's position in them. */
interface ArgState {
  readonly args: readonly string[];
  /** os->next */
  next: number;
  /** popt's argb bitmap (words eaten by !#:+), made when first needed. */
  deleted: Set<number> | undefined;
}

/** poptBadOption(): the argv word most recently consumed. */
function lastWord(st: ArgState): string {
  return st.args[st.next - 1] ?? '';
}

function fail(st: ArgState, events: TokenEvent[], leftovers: string[], text: PoptErrorText): Tokens {
  events.push({ kind: 'error', text, word: lastWord(st) });
  return { events, positionals: leftovers };
}

/** findNextArg(con, 1, 1): the next later word not starting with '-', removed. */
function findNextArg(st: ArgState): string | null {
  for (let i = st.next; i < st.args.length; i++) {
    const w = st.args[i] ?? '';
    if (st.deleted?.has(i) || w.startsWith('-')) continue;
    (st.deleted ??= new Set()).add(i);
    return w;
  }
  return null;
}

/** expandNextArg(): every "!#:+" becomes the next non-option word (looked up once). */
function expand(st: ArgState, s: string): string {
  if (!s.includes('!#:+')) return s;
  let out = '';
  let sub: string | null = null;
  for (let i = 0; i < s.length; ) {
    if (s.startsWith('!#:+', i)) {
      if (sub === null) sub = findNextArg(st);
      if (sub !== null) {
        out += sub;
        i += 4;
        continue;
      }
    }
    out += s[i];
    i += 1;
  }
  return out;
}
