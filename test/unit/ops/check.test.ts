// Rules-file checking: `ipvsadm-restore --test` and `ipvsadm -R --test`.

import { describe, expect, it } from 'vitest';
import { checkRules } from '../../../src/ops/check.js';
import { noNames } from '../../../src/common/names.js';
import { FakeKernel } from '../helpers/fake-kernel.js';
import { ipvsadm } from '../app/run.js';

const opts = { prog: 'ipvsadm', file: 'rules', names: noNames, env: {}, stripComments: true, simulate: true };

const RULES = [
  '# a comment line', //                                1
  '-A -t 10.0.0.1:80 -s rr', //                         2
  '-a -t 10.0.0.1:80 -r 192.168.1.1:80 -m', //          3
  '', //                                                4
  '-A -t 10.0.0.1:80 -s rr', //                         5 duplicate
  '-a -t 10.0.0.9:80 -r 192.168.1.1:80 -m', //          6 no such service
  '-A -t 10.0.0.2:80 -s nosuch', //                     7 scheduler
  '-A -t 10.0.0.3', //                                  8 parse error (no port)
  '-a -t 10.0.0.1:80 -r 192.168.1.1:80 -g', //          9 duplicate dest
  '-A -t 10.0.0.4:80 --bogus', //                       10 popt error
  '-h', //                                              11 help ends the restore
  '-d -t 10.0.0.1:80 -r 192.168.1.7:80', //             12 no such destination
  '-R', //                                              13 restore in restore
  '-D -t 10.0.0.1:80', //                               14 fine
  '-e -t 10.0.0.1:80 -r 192.168.1.1:80 -w 2', //        15 service gone
].join('\n');

describe('checkRules', () => {
  it('reports every problem with its line, in ipvsadm\'s words', () => {
    const r = checkRules(RULES, opts);
    const plain = ipvsadm(new FakeKernel(), ['-A', '-t', '10.0.0.3']).stderr.trim();
    const popt = ipvsadm(new FakeKernel(), ['-A', '-t', '10.0.0.4:80', '--bogus']).stderr.trim();
    expect(r.problems).toEqual([
      'rules:5: Service already exists',
      'rules:6: Service not defined',
      'rules:7: Scheduler or persistence engine not found',
      `rules:8: ${plain}`,
      'rules:9: Destination already exists',
      `rules:10: ${popt}`,
      'rules:11: help or version request: it prints text and ends the restore here',
      'rules:12: No such destination',
      "rules:13: Try `ipvsadm -h' or 'ipvsadm --help' for more information.",
      'rules:15: Service not defined',
    ]);
  });

  it('a clean file has no problems', () => {
    const r = checkRules('-A -t 10.0.0.1:80 -s rr\n-a -t 10.0.0.1:80 -r 1.1.1.1:80 -m\n', opts);
    expect(r.problems).toEqual([]);
    expect(r.commands.map((c) => c.lineNo)).toEqual([1, 2]);
  });

  it('without simulation (ipvsadm -R) only line-level problems count, and # lines are ipvsadm\'s', () => {
    const r = checkRules('# x\n-a -t 10.0.0.9:80 -r 1.1.1.1:80\n', { ...opts, simulate: false, stripComments: false, file: '-' });
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatch(/^-:1: /);
  });

  it('ipvsadm -R --test reads stdin, touches nothing, exits 1 on problems and 0 when clean', () => {
    const k = new FakeKernel();
    const bad = ipvsadm(k, ['-R', '--test'], '-A -t 10.0.0.1:80 -s rr\n-A -t 10.0.0.3\n-A -t 10.0.0.2:80\n');
    expect(bad.status).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr.split('\n')[0]).toMatch(/^-:2: /);
    expect(k.sent).toHaveLength(0);
    const good = ipvsadm(k, ['--test', '-R'], '-A -t 10.0.0.1:80 -s rr\n');
    expect(good).toEqual({ stdout: '', stderr: '', status: 0 });
    expect(k.services).toHaveLength(0);
    const other = ipvsadm(k, ['-L', '--test']);
    expect(other).toEqual({ stdout: '', stderr: 'ipvsadm: --test can only be used with -R/--restore\n', status: 2 });
  });
});
