// The shortcut for plain -A/-a lines (parse-simple.ts) must give exactly
// what the full parse gives, and decline everything else: generated lines
// made of the pieces ipvsadm-save writes, near misses and invalid values.
import { describe, expect, it } from 'vitest';
import { parseCommandLine, parseCommandLineFull } from '../../../src/cli/parse.js';
import { parseSimple } from '../../../src/cli/parse-simple.js';
import { tableNames } from './names-fixture.js';

const ADDRS = [
  '10.0.0.1:80', '192.168.10.254:8080', '0.0.0.0:1', '255.255.255.255:65535', '172.16.0.1:443', '1.2.3.4:9',
  // near misses: the full parse's answer, whatever it is
  '1.2.3.4', '1.2.3.4:0', '1.2.3.4:65536', '1.2.3.4:080', '01.2.3.4:80', '1.2.3:80', '1.2.3.4.5:80', '256.1.1.1:80',
  '0x1.2.3.4:80', '1.2.3.4:http', '1.2.3.4:+80', '1.2.3.4: 80', 'localhost:80', '[::1]:80', '::1', '1.2.3.4:', '',
  '-1.2.3.4:80', '1.2.3.4:80x', '1..3.4:80', '99999999999:80', '1.2.3.4:00', '4294967295:80',
];
const SCHEDS = ['wlc', 'rr', 'wrr', 'sh', 'lblcr', 'abcdefghijklmno', 'abcdefghijklmnop', 'WLC', '', '-x', 'r r', 'mh', 'fo1'];
const NUMBERS = ['0', '1', '7', '300', '2147483647', '2147483648', '01', '-1', '', '1e3', '2678400', '2678401', '9999999999', '+5', ' 5'];

describe('parse-simple: the shortcut for plain -A/-a lines', () => {
  it('agrees with the full parse on generated lines and takes the plain ones', () => {
    let seed = 11;
    const rnd = (n: number): number => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) % n;
    const pick = <T,>(xs: readonly T[]): T => xs[rnd(xs.length)] as T;
    // mostly the canonical values, so that many lines are plain
    const addr = (): string => (rnd(3) === 0 ? pick(ADDRS) : pick(ADDRS.slice(0, 6)));
    const num = (): string => (rnd(3) === 0 ? pick(NUMBERS) : pick(NUMBERS.slice(0, 5)));
    let taken = 0;
    let checked = 0;
    for (let n = 0; n < 20000; n++) {
      const words: string[] = [rnd(2) === 0 ? pick(['-A', '-a']) : pick(['-A', '-a', '-E', '-e', '-d', '-D', '--add-service', '-L'])];
      if (rnd(12) !== 0) words.push(rnd(2) === 0 ? '-t' : pick(['-t', '-u', '-f', '--tcp-service', '--sctp-service']));
      if (rnd(12) !== 0) words.push(addr());
      // half the lines in the shape ipvsadm-save writes, then anything
      if (rnd(2) === 0) words.push(...(words[0] === '-A' ? ['-s', pick(SCHEDS.slice(0, 5))] : ['-r', addr(), pick(['-m', '-g', '-i'])]));
      const k = rnd(5);
      for (let j = 0; j < k; j++) {
        switch (rnd(rnd(2) === 0 ? 14 : 9)) {
          case 0: words.push('-s', pick(SCHEDS)); break;
          case 1: words.push('-p', num()); break;
          case 2: words.push('-p'); break;
          case 3: case 4: words.push('-r', addr()); break;
          case 5: words.push(pick(['-m', '-g', '-i'])); break;
          case 6: case 7: words.push('-w', num()); break;
          case 8: words.push(pick(['-x', '-y']), num()); break;
          case 9: words.push(pick(['-M', '--weight', '-6', '-n', '-o', '--tun-type', '-b'])); break;
          case 10: words.push(pick(['255.255.255.0', 'x', '-', '--', '!#:+'])); break;
          case 11: words.push(pick(['-r', '-w', '-s'])); break; // no value
          default: words.push(pick(['-m', '-g']), '-w', num());
        }
      }
      const full = parseCommandLineFull('ipvsadm', words, tableNames, {});
      const simple = parseSimple(words);
      if (simple !== undefined) {
        taken++;
        expect(full, words.join(' ')).toEqual({ kind: 'command', command: simple });
      }
      expect(parseCommandLine('ipvsadm', words, tableNames, {}), words.join(' ')).toEqual(full);
      checked++;
    }
    expect(checked).toBe(20000);
    // the shortcut is not vacuous: a good share of the lines were plain
    expect(taken).toBeGreaterThan(1000);
  });

  it('takes the lines ipvsadm-save writes', () => {
    const lines = [
      '-A -t 10.0.0.1:80 -s wlc',
      '-A -u 10.0.0.1:53 -s rr -p 300',
      '-A -t 10.0.0.1:443 -s sh -p',
      '-a -t 10.0.0.1:80 -r 172.16.0.1:8080 -m -w 1',
      '-a -t 10.0.0.1:80 -r 172.16.0.2:80 -g -w 0',
      '-a -u 10.0.0.1:53 -r 172.16.0.3:53 -i -w 5 -x 100 -y 10',
    ];
    for (const l of lines) {
      const words = l.split(' ');
      const simple = parseSimple(words);
      expect(simple, l).toBeDefined();
      expect(parseCommandLineFull('ipvsadm', words, tableNames, {})).toEqual({ kind: 'command', command: simple });
    }
    // -g/-i: the server port is the service's (process_options())
    expect(parseSimple('-a -t 10.0.0.1:80 -r 172.16.0.2:8080 -g'.split(' '))?.dest.port).toBe(80);
    expect(parseSimple('-a -t 10.0.0.1:80 -r 172.16.0.2:8080 -m'.split(' '))?.dest.port).toBe(8080);
  });
});
