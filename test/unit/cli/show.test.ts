import { describe, expect, it } from 'vitest';
import { showCommand, type ShowSession } from '../../../src/cli/show.js';
import type { SessionOptions } from '../../../src/adapters/netconf/session.js';
import { defaultConfig } from '../../../src/config/defaults.js';
import type { Config } from '../../../src/config/types.js';
import { silentLogger } from '../../../src/log.js';

const NATIVE = 'http://cisco.com/ns/yang/Cisco-IOS-XE-native';

function config(): Config {
  const c = defaultConfig();
  c.devices.defaults = { ...c.devices.defaults, password: 'pw', insecureSkipHostKeyCheck: true };
  c.devices.overrides = { c9300: { host: '192.0.2.1' } };
  return c;
}

/** A session double that answers get-config with `data` and records what it was asked. */
function fakeSession(data: string | Error) {
  const seen = { filters: [] as string[], closed: 0, opts: [] as SessionOptions[] };
  const session: ShowSession = {
    capabilities: { modules: new Map() },
    async getConfig(o) {
      seen.filters.push(`${o.source} ${o.filter ?? ''}`);
      if (data instanceof Error) throw data;
      return data;
    },
    async close() {
      seen.closed++;
    },
  };
  const connect = async (o: SessionOptions): Promise<ShowSession> => {
    seen.opts.push(o);
    return session;
  };
  return { seen, deps: { logger: silentLogger(), connect } };
}

function capture() {
  const c = { out: '', err: '', io: { out: (s: string) => void (c.out += s), err: (s: string) => void (c.err += s) } };
  return c;
}

describe('intentd show', () => {
  it('reads one interface from running with a filter on its native list and key, and prints it', async () => {
    const { seen, deps } = fakeSession(`<native xmlns="${NATIVE}"><interface><GigabitEthernet><name>1/0/2</name>` +
      '<description>Desk 12 ##ticket:4711##</description><mtu>9000</mtu></GigabitEthernet></interface></native>');
    const io = capture();
    expect(await showCommand(config(), { device: 'c9300', interface: 'Gi1/0/2' }, deps, io.io)).toBe(0);
    expect(seen.filters).toEqual([`running <native xmlns="${NATIVE}"><interface><GigabitEthernet><name>1/0/2</name></GigabitEthernet></interface></native>`]);
    expect(seen.opts[0]).toMatchObject({ host: '192.0.2.1', port: 830, username: 'admin', password: 'pw' });
    expect(seen.closed).toBe(1);
    expect(JSON.parse(io.out)).toEqual({
      'Cisco-IOS-XE-native:GigabitEthernet': [{ name: '1/0/2', description: 'Desk 12 ##ticket:4711##', mtu: 9000 }],
    });
    expect(io.err).toBe('');
  });

  it('exits 1 naming the interface when the device has no such entry', async () => {
    const { seen, deps } = fakeSession('');
    const io = capture();
    expect(await showCommand(config(), { device: 'c9300', interface: 'GigabitEthernet1/0/99' }, deps, io.io)).toBe(1);
    expect(io.err).toBe('intentd show: InterfaceNotFound: GigabitEthernet1/0/99 is not in the running config of c9300\n');
    expect(io.out).toBe('');
    expect(seen.closed).toBe(1);
  });

  it('exits 1 on a name that is not an interface, without connecting', async () => {
    const { seen, deps } = fakeSession('');
    const io = capture();
    expect(await showCommand(config(), { device: 'c9300', interface: 'Bogus1/0/1' }, deps, io.io)).toBe(1);
    expect(io.err).toMatch(/^intentd show: ValidationFailed: not an IOS-XE interface name: "Bogus1\/0\/1"/);
    expect(seen.opts).toEqual([]);
  });

  it('exits 78 when the device has no host configured', async () => {
    const { seen, deps } = fakeSession('');
    const io = capture();
    expect(await showCommand(config(), { device: 'other', interface: 'Gi1/0/2' }, deps, io.io)).toBe(78);
    expect(io.err).toContain('devices.overrides.other.host');
    expect(seen.opts).toEqual([]);
  });

  it('closes the session and exits 1 when the read fails', async () => {
    const { seen, deps } = fakeSession(new Error('connection reset'));
    const io = capture();
    expect(await showCommand(config(), { device: 'c9300', interface: 'Gi1/0/2' }, deps, io.io)).toBe(1);
    expect(io.err).toContain('connection reset');
    expect(seen.closed).toBe(1);
  });
});
