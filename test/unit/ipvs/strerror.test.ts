import { describe, expect, it } from 'vitest';
import { ipvsStrerror } from '../../../src/ipvs/strerror.js';

const libc = (e: number) => `libc ${e}`;

describe('ipvsStrerror (ipvs_strerror table)', () => {
  it.each([
    ['add-service', 17, 'Service already exists'],
    ['add-service', 2, 'Scheduler or persistence engine not found'],
    ['edit-service', 3, 'No such service'],
    ['edit-service', 2, 'Scheduler or persistence engine not found'],
    ['del-service', 3, 'No such service'],
    ['zero', 3, 'No such service'],
    ['add-dest', 3, 'Service not defined'],
    ['add-dest', 17, 'Destination already exists'],
    ['edit-dest', 3, 'Service not defined'],
    ['edit-dest', 2, 'No such destination'],
    ['del-dest', 3, 'Service not defined'],
    ['del-dest', 2, 'No such destination'],
    ['start-daemon', 17, 'Daemon has already run'],
    ['stop-daemon', 3, 'No daemon is running'],
    ['get-services', 3, 'No such service'],
    ['get-dests', 3, 'No such service'],
    ['get-service', 3, 'No such service'],
    ['init', 1, 'Permission denied (you must be root)'],
    ['flush', 22, 'Invalid operation.  Possibly wrong module version, address not unicast, ...'],
    ['init', 92, 'Protocol not available'],
    ['add-dest', 12, 'Memory allocation problem'],
    ['add-service', 95, 'Operation not supported with IPv6'],
    ['add-service', 97, 'Operation not supported with specified address family'],
    ['init', 90, 'Module is wrong version'],
  ] as const)('%s errno %i → %s', (op, errno, text) => {
    expect(ipvsStrerror(op, errno, libc)).toBe(text);
  });

  it('falls back to libc strerror when no row matches', () => {
    expect(ipvsStrerror('init', 3, libc)).toBe('libc 3'); // ESRCH outside a service op
    expect(ipvsStrerror('add-dest', 34, libc)).toBe('libc 34'); // ERANGE
    expect(ipvsStrerror('start-daemon', 19, libc)).toBe('libc 19'); // ENODEV
    expect(ipvsStrerror('del-service', 17, libc)).toBe('libc 17');
  });
});
