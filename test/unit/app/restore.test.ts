// -R keeps ipvsadm's per-line semantics although modifying lines are sent
// to the kernel in batches (spec ipvsadm-cli.md §8).

import { describe, expect, it } from 'vitest';
import { FakeKernel } from '../helpers/fake-kernel.js';
import { RestoreBatch } from '../../../src/ops/restore-batch.js';
import { ipvsadm } from './run.js';

const LIST_HEAD =
  'IP Virtual Server version 1.2.1 (size=4096)\n' +
  'Prot LocalAddress:Port Scheduler Flags\n' +
  '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n';

describe('-R', () => {
  it('kernel errors in the middle print in line order and do not stop the input', () => {
    const k = new FakeKernel();
    const r = ipvsadm(k, ['-R'], [
      '-A -t 10.0.0.1:80 -s rr',
      '-A -t 10.0.0.1:80 -s rr',
      '-a -t 10.0.0.9:80 -r 1.1.1.1',
      '-A -t 10.0.0.2:80 -s rr',
      '',
    ].join('\n'));
    expect(r.stderr).toBe('Service already exists\nService not defined\n');
    expect(r.status).toBe(0);
    expect(k.services.length).toBe(2);
  });

  it('the status is the last line\'s: a failing last line gives 255', () => {
    const k = new FakeKernel();
    const r = ipvsadm(k, ['-R'], '-A -t 10.0.0.1:80\n-A -t 10.0.0.1:80\n');
    expect(r.stderr).toBe('Service already exists\n');
    expect(r.status).toBe(255);
  });

  it('a validation error ends the input after earlier lines were applied and reported', () => {
    const k = new FakeKernel();
    const r = ipvsadm(k, ['-R'], [
      '-A -t 10.0.0.1:80',
      '-A -t 10.0.0.1:80',
      '-A -t 10.0.0.3',
      '-A -t 10.0.0.4:80',
    ].join('\n'));
    expect(r.stderr).toBe('Service already exists\nZero port specified for non-persistent service\n');
    expect(r.status).toBe(2);
    expect(k.services.length).toBe(1);
  });

  it('a listing line sees every earlier line applied, and its output comes in order', () => {
    const k = new FakeKernel();
    const r = ipvsadm(k, ['-R'], 'ipvsadm -A -t 10.0.0.1:80 -s rr\n-Ln\n-A -t 10.0.0.1:80\n');
    expect(r.stdout).toBe(`${LIST_HEAD}TCP  10.0.0.1:80 rr\n`);
    expect(r.stderr).toBe('Service already exists\n');
    expect(r.status).toBe(255);
  });

  it('a popt error after the first option prints and continues', () => {
    const k = new FakeKernel();
    const r = ipvsadm(k, ['-R'], '-A -t 10.0.0.1:80 --foo\n-A -t 10.0.0.2:80\n');
    expect(r.stderr).toBe('--foo: unknown option\n');
    expect(r.status).toBe(0);
    expect(k.services.length).toBe(1);
  });

  it('many modifying lines go to the kernel in a few datagrams', () => {
    const k = new FakeKernel();
    const lines: string[] = [];
    for (let i = 1; i <= 200; i++) {
      lines.push(`-A -t 10.0.${i >> 8}.${i & 255}:80 -s rr`);
      lines.push(`-a -t 10.0.${i >> 8}.${i & 255}:80 -r 192.168.0.1 -m`);
    }
    const r = ipvsadm(k, ['-R'], lines.join('\n'));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(k.services.length).toBe(200);
    expect(k.sent.length).toBeLessThan(40);
  });

  it('across batch limits: same messages, order, status and table as one command per line', () => {
    // Duplicates (kernel errors) right at and around each batch boundary.
    const n = RestoreBatch.LIMIT;
    const lines: string[] = [];
    for (let i = 0; lines.length < 2 * n + 300; i++) {
      lines.push(`-A -t 10.1.${i >> 8}.${i & 255}:80 -s rr`);
      lines.push(`-a -t 10.1.${i >> 8}.${i & 255}:80 -r 192.168.${i >> 8}.${i & 255} -m`);
    }
    for (const at of [2 * n + 7, 2 * n - 1, n, n - 1, n - 2]) lines.splice(at, 0, '-A -t 10.1.0.0:80 -s rr');
    lines.push('-a -t 10.9.9.9:80 -r 1.1.1.1'); // last line fails: status 255
    const batched = new FakeKernel();
    const r = ipvsadm(batched, ['-R'], `${lines.join('\n')}\n`);
    const single = new FakeKernel();
    let stderr = '';
    let status = 0;
    for (const l of lines) {
      const one = ipvsadm(single, l.split(' '));
      stderr += one.stderr;
      status = one.status;
    }
    expect(stderr.split('\n').length).toBeGreaterThan(4);
    expect(r.stderr).toBe(stderr);
    expect(r.status).toBe(status);
    expect(ipvsadm(batched, ['-Sn']).stdout).toBe(ipvsadm(single, ['-Sn']).stdout);
  });
});

