import { describe, expect, it } from 'vitest';
import { tokenize, type TokenEvent } from '../../../src/cli/tokenize.js';

/** Compact rendering: "name=arg@word" per option, "!text@word" for an error. */
function render(ev: TokenEvent): string {
  if (ev.kind === 'error') return `!${ev.text}@${ev.word}`;
  const name = ev.spec.long ?? ev.spec.short ?? '?';
  return ev.arg === null ? `${name}@${ev.word}` : `${name}=${ev.arg}@${ev.word}`;
}

type Case = readonly [argv: string[], events: string[], positionals: string[], posix?: boolean];
const cases: readonly Case[] = [
  // [argv, events, positionals, POSIXLY_CORRECT]
  [['-Lnc'], ['list@-Lnc', 'numeric@-Lnc', 'connection@-Lnc'], []],
  [['-lnt', '10.0.0.1:80'], ['list@-lnt', 'numeric@-lnt', 'tcp-service=10.0.0.1:80@10.0.0.1:80'], []],
  [['-t10.0.0.1:80'], ['tcp-service=10.0.0.1:80@-t10.0.0.1:80'], []],
  [['-At10.0.0.1:80'], ['add-service@-At10.0.0.1:80', 'tcp-service=10.0.0.1:80@-At10.0.0.1:80'], []],
  [['-t=10.0.0.1:80'], ['tcp-service=10.0.0.1:80@-t=10.0.0.1:80'], []],
  [['-t==x'], ['tcp-service==x@-t==x'], []],
  [['-srr', '-p50', '-p=50'], ['scheduler=rr@-srr', 'persistent=50@-p50', 'persistent=50@-p=50'], []],
  [['--tcp-service=1.2.3.4:80'], ['tcp-service=1.2.3.4:80@--tcp-service=1.2.3.4:80'], []],
  [['--tcp-service', '1.2.3.4:80'], ['tcp-service=1.2.3.4:80@1.2.3.4:80'], []],
  [['-s', '--'], ['scheduler=--@--'], []],
  [['-t', '-L'], ['tcp-service=-L@-L'], []],
  [['-p', '-s', 'rr'], ['persistent@-p', 'scheduler=rr@rr'], []],
  [['-p', 'rr'], ['persistent=rr@rr'], []],
  [['-pM', '30'], ['persistent=M@-pM'], ['30']],
  [['--persistent=7'], ['persistent=7@--persistent=7'], []],
  [['--persistent', '7'], ['persistent=7@7'], []],
  [['-p'], ['persistent@-p'], []],
  [['-Ln=3'], ['list@-Ln=3', '!option does not take an argument@-Ln=3'], []],
  [['-L=3'], ['!option does not take an argument@-L=3'], []],
  [['--list=3'], ['!option does not take an argument@--list=3'], []],
  [['--list='], ['!option does not take an argument@--list='], []],
  [['-Lq'], ['list@-Lq', '!unknown option@-Lq'], []],
  [['--lis'], ['!unknown option@--lis'], []],
  [['--foo=bar'], ['!unknown option@--foo=bar'], []],
  [['-V'], ['!unknown option@-V'], []],
  [['-=x'], ['!unknown option@-=x'], []],
  [['--=x'], ['!unknown option@--=x'], []],
  [['---list'], ['!unknown option@---list'], []],
  [['-L', '-t'], ['list@-L', '!missing argument@-t'], []],
  [['-Lt'], ['list@-Lt', '!missing argument@-Lt'], []],
  [['--start-daemon'], ['!missing argument@--start-daemon'], []],
  [['-list'], ['list@-list', 'ipip@-list', 'scheduler=t@-list'], []],
  [['--start-daemon', 'master'], ['start-daemon=master@master'], []],
  [['--start-daemon=master'], ['start-daemon=master@--start-daemon=master'], []],
  [['-L', '-', 'x'], ['list@-L'], ['-', 'x']],
  [['a', '-L', 'b', '-n', 'c'], ['list@-L', 'numeric@-n'], ['a', 'b', 'c']],
  [['-A', '-t', '10.0.0.9:80', '--', '-s', 'rr'], ['add-service@-A', 'tcp-service=10.0.0.9:80@10.0.0.9:80'], ['-s', 'rr']],
  [['--set', '1', '--', '2', '3'], ['set@--set'], ['1', '2', '3']],
  [['--set', '1', '2', '-3'], ['set@--set', '!unknown option@-3'], ['1', '2']],
  [['-h', '--foo'], ['help@-h', '!unknown option@--foo'], []],
  [['-L', ''], ['list@-L'], ['']],
  // POSIXLY_CORRECT: the first non-option word ends option processing.
  [['-L', 'foo', '-n'], ['list@-L'], ['foo', '-n'], true],
  [['foo', '-L'], [], ['foo', '-L'], true],
  [['-L', '-', '-n'], ['list@-L'], ['-', '-n'], true],
  // !#:+ : replaced by the next later non-option word, which is removed.
  [['-A', '-t', '!#:+', '10.0.0.1:80'], ['add-service@-A', 'tcp-service=10.0.0.1:80@!#:+'], []],
  [['-t=x!#:+', 'a', 'b'], ['tcp-service=xa@-t=x!#:+'], ['b']],
  [['--scheduler=!#:+!#:+', 'ab'], ['scheduler=abab@--scheduler=!#:+!#:+'], []],
  [['-s', '!#:+', '-n', 'rr', 'x'], ['scheduler=rr@!#:+', 'numeric@-n'], ['x']],
  [['-s', '!#:+'], ['scheduler=!#:+@!#:+'], []],
  [['-s', '!#:+', '--', 'rr'], ['scheduler=rr@!#:+'], []],
  // popt takes the word after an option even if !#:+ already removed it.
  [['-t', '!#:+', '-s', 'rr'], ['tcp-service=rr@!#:+', 'scheduler=rr@rr'], []],
];

describe('tokenize (popt 1.19 model)', () => {
  it.each(cases.map((c) => [c[0], c[1], c[2], c[3] ?? false] as const))('%j', (argv, events, positionals, posix) => {
    const t = tokenize(argv, posix);
    expect(t.events.map(render)).toEqual(events);
    if (events.every((e) => !e.startsWith('!'))) expect(t.positionals).toEqual(positionals);
  });
});
