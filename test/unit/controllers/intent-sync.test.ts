import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NetboxClient } from '../../../src/adapters/netbox/client.js';
import { NetboxSourceOfTruth } from '../../../src/adapters/netbox/source-of-truth.js';
import { defaultConfig } from '../../../src/config/defaults.js';
import type { Config } from '../../../src/config/types.js';
import { DeviceNotInScopeError, IntentSyncReconciler } from '../../../src/controllers/intent-sync.js';
import { silentLogger } from '../../../src/log.js';
import { NetboxEmulator } from '../../../src/lab/netbox-emulator.js';
import type { EmuDevice } from '../../../src/lab/netbox-emulator-model.js';
import { MemoryIntentStore } from '../../harness/memory-intent-store.js';
import { rulesOnly } from '../../harness/platforms.js';

const GI2 = 'GigabitEthernet1/0/2';

describe('IntentSyncReconciler (NetBox → intent)', () => {
  let nb: NetboxEmulator;
  let store: MemoryIntentStore;
  let config: Config;
  let client: NetboxClient;

  const sync = (over: Partial<Config['reconcile']> = {}) =>
    new IntentSyncReconciler({
      source: new NetboxSourceOfTruth({ client, config, logger: silentLogger(), platforms: rulesOnly(config) }),
      store,
      config: { ...config, reconcile: { ...config.reconcile, ...over } },
      logger: silentLogger(),
      platforms: rulesOnly(config),
    });
  const intentOf = async (name: string) => (await store.read('c9300'))?.intent.interfaces.find((i) => i.name === name);

  beforeEach(async () => {
    nb = new NetboxEmulator();
    nb.seedLab();
    await nb.start();
    config = defaultConfig();
    config.netbox = { ...config.netbox, url: nb.url, token: nb.tokenV2 };
    client = NetboxClient.fromConfig(config.netbox, silentLogger());
    store = new MemoryIntentStore();
  });
  afterEach(async () => {
    await nb.stop();
  });

  it('imports a device without an intent file as a baseline, without tickets', async () => {
    const res = await sync().reconcile('c9300');
    expect(res).toMatchObject({ device: 'c9300', committed: true, taken: [], skipped: [], mgmtAddress: '127.0.0.1', serial: 'FOC2331X001' });
    expect(res.imported).toHaveLength(52);
    expect(store.commits[0]?.meta).toMatchObject({ subject: 'intent(c9300): import 52 interfaces', source: 'netbox', tickets: [] });
    expect(await intentOf('GigabitEthernet1/0/1')).toMatchObject({ source: { mgmtOnly: true } });
    expect(await intentOf(GI2)).toMatchObject({ enabled: true, mtu: null, description: null, ticket: null });
    // No 802.1Q mode and no address in NetBox: layer 2/3 stays unmanaged (the switch keeps its own).
    expect((await intentOf(GI2))?.mode).toBeUndefined();
  });

  it('takes a change that carries a ticket, with the ticket on the commit', async () => {
    await sync().reconcile('c9300');
    nb.updateInterface('c9300', GI2, { description: 'Webhook function completed!', mtu: 9000, ticket: '1234' });
    const res = await sync().reconcile('c9300');
    expect(res.committed).toBe(true);
    expect(res.taken).toEqual([
      expect.objectContaining({ interface: GI2, netboxId: 3, ticket: '1234', fields: ['description', 'mtu'] }),
    ]);
    const meta = store.commits.at(-1)?.meta;
    expect(meta).toMatchObject({ subject: 'intent(c9300): Gi1/0/2 description, mtu', tickets: ['1234'], source: 'netbox' });
    expect(meta?.body).toContain('GigabitEthernet1/0/2 mtu: null → 9000');
    expect(meta?.body).toContain('Tickets: 1234');
    expect(await intentOf(GI2)).toMatchObject({ description: 'Webhook function completed!', mtu: 9000, ticket: '1234' });
  });

  it('makes no commit for the echo after the ticket is cleared', async () => {
    await sync().reconcile('c9300');
    nb.updateInterface('c9300', GI2, { mtu: 9000, ticket: '1234' });
    await sync().reconcile('c9300');
    await client.patchInterfaceCustomFields(3, { change_ticket_number: null });
    const commits = store.commits.length;
    const res = await sync().reconcile('c9300');
    expect(res).toMatchObject({ committed: false, commit: null, taken: [], skipped: [], acknowledged: [] });
    expect(store.commits).toHaveLength(commits);
    expect((await intentOf(GI2))?.ticket).toBe('1234');
  });

  it('acknowledges a ticket that comes with nothing to change, without a commit', async () => {
    await sync().reconcile('c9300');
    nb.updateInterface('c9300', GI2, { ticket: '777' });
    const res = await sync().reconcile('c9300');
    expect(res).toMatchObject({ committed: false, taken: [], acknowledged: [{ interface: GI2, netboxId: 3, ticket: '777' }] });
    expect(store.commits).toHaveLength(1);
  });

  it('does not take a change without a ticket and reports it', async () => {
    await sync().reconcile('c9300');
    nb.updateInterface('c9300', GI2, { description: 'no ticket here' });
    const res = await sync().reconcile('c9300');
    expect(res.committed).toBe(false);
    expect(res.skipped).toEqual([{ interface: GI2, reason: 'NoTicket', fields: ['description'] }]);
    expect((await intentOf(GI2))?.description).toBeNull();
    expect(store.commits).toHaveLength(1);
  });

  it('takes a change without a ticket when requireTicket is false', async () => {
    await sync().reconcile('c9300');
    nb.updateInterface('c9300', GI2, { mode: 'access', untaggedVlan: 100 });
    const res = await sync({ requireTicket: false }).reconcile('c9300');
    expect(res.committed).toBe(true);
    expect(res.taken).toEqual([expect.objectContaining({ interface: GI2, ticket: null, fields: expect.arrayContaining(['mode', 'accessVlan']) })]);
    expect(store.commits.at(-1)?.meta.tickets).toEqual([]);
  });

  it('does not take an interface new to intent without a ticket: it waits like any change', async () => {
    await sync().reconcile('c9300');
    const lo = nb.data.addInterface(nb.data.db.devices[0]!, 'Loopback0');
    lo.description = 'sneaky';
    const res = await sync().reconcile('c9300');
    expect(res).toMatchObject({ committed: false, imported: [], taken: [] });
    expect(res.skipped).toEqual([{ interface: 'Loopback0', reason: 'NoTicket', fields: ['description', 'enabled', 'mtu'] }]);
    expect(await intentOf('Loopback0')).toBeUndefined();
  });

  it('imports an interface new to intent when it carries a ticket, or when no ticket is required', async () => {
    await sync().reconcile('c9300');
    nb.data.addInterface(nb.data.db.devices[0]!, 'Loopback0');
    expect(await sync({ requireTicket: false }).reconcile('c9300')).toMatchObject({ committed: true, imported: ['Loopback0'], taken: [] });
    nb.data.addInterface(nb.data.db.devices[0]!, 'Loopback1');
    nb.updateInterface('c9300', 'Loopback1', { description: 'approved', ticket: '77' });
    const res = await sync().reconcile('c9300');
    expect(res).toMatchObject({ committed: true, imported: ['Loopback1'], taken: [expect.objectContaining({ interface: 'Loopback1', ticket: '77' })] });
    expect((await intentOf('Loopback1'))?.source?.adopted).toBeUndefined();
  });

  it('marks a first import without tickets as adopted, unless adopt is enforce', async () => {
    nb.updateInterface('c9300', 'GigabitEthernet1/0/3', { description: 'ticketed', ticket: '12' });
    await sync().reconcile('c9300');
    expect((await intentOf(GI2))?.source?.adopted).toBe(true);
    expect((await intentOf('GigabitEthernet1/0/3'))?.source?.adopted).toBeUndefined();
    store = new MemoryIntentStore();
    await sync({ adopt: 'enforce' }).reconcile('c9300');
    expect((await intentOf(GI2))?.source?.adopted).toBeUndefined();
  });

  it('clears the adoption mark with a ticketed change, keeps it with a change taken without one', async () => {
    await sync().reconcile('c9300');
    nb.updateInterface('c9300', GI2, { description: 'no ticket' });
    await sync({ requireTicket: false }).reconcile('c9300');
    expect(await intentOf(GI2)).toMatchObject({ description: 'no ticket', source: { adopted: true } });
    nb.updateInterface('c9300', GI2, { description: 'with ticket', ticket: '88' });
    await sync().reconcile('c9300');
    expect((await intentOf(GI2))?.source?.adopted).toBeUndefined();
  });

  it('takes neither of two NetBox objects that name the same interface, and keeps its protection', async () => {
    await sync().reconcile('c9300');
    const alias = nb.data.addInterface(nb.data.db.devices[0]!, 'Gi1/0/1');
    alias.enabled = false;
    const aliasOfGi2 = nb.data.addInterface(nb.data.db.devices[0]!, 'gigabitethernet1/0/2');
    aliasOfGi2.customFields = { change_ticket_number: '99' };
    aliasOfGi2.description = 'alias';
    const res = await sync().reconcile('c9300');
    expect(res.ambiguous).toEqual([
      { interface: 'GigabitEthernet1/0/1', names: ['GigabitEthernet1/0/1', 'Gi1/0/1'], netboxIds: [2, alias.id] },
      { interface: GI2, names: [GI2, 'gigabitethernet1/0/2'], netboxIds: [3, aliasOfGi2.id] },
    ]);
    expect(res).toMatchObject({ committed: false, taken: [], imported: [] });
    expect(await intentOf('GigabitEthernet1/0/1')).toMatchObject({ enabled: true, source: { mgmtOnly: true } });
    expect(await intentOf(GI2)).toMatchObject({ description: null });
  });

  it('protects an interface when any of its ambiguous NetBox objects is mgmt_only', async () => {
    await sync().reconcile('c9300');
    const alias = nb.data.addInterface(nb.data.db.devices[0]!, 'Gi1/0/5');
    alias.mgmtOnly = true;
    const res = await sync().reconcile('c9300');
    expect(res.committed).toBe(true);
    expect(await intentOf('GigabitEthernet1/0/5')).toMatchObject({ source: { mgmtOnly: true } });
  });

  it('carries both tickets on the commit when two tickets are taken, and lists both', async () => {
    await sync().reconcile('c9300');
    nb.updateInterface('c9300', GI2, { mtu: 2000, ticket: '1234' });
    nb.updateInterface('c9300', 'GigabitEthernet1/0/3', { enabled: false, ticket: '5678' });
    const res = await sync().reconcile('c9300');
    expect(res.taken.map((t) => t.ticket)).toEqual(['1234', '5678']);
    expect(store.commits.at(-1)?.meta.tickets).toEqual(['1234', '5678']);
    expect(store.commits.at(-1)?.meta.body).toContain('Tickets: 1234, 5678');
  });

  it('rejects an 802.1Q mode on a port IOS-XE cannot make a switchport and a name with a leading zero, taking the others', async () => {
    const c9300 = nb.data.db.devices.find((d) => d.name === 'c9300') as EmuDevice;
    nb.data.addInterface(c9300, 'FiftyGigabitEthernet1/1/1');
    nb.data.addInterface(c9300, 'GigabitEthernet2/0/01');
    await sync().reconcile('c9300');
    nb.updateInterface('c9300', 'FiftyGigabitEthernet1/1/1', { mode: 'tagged-all', ticket: '77' });
    nb.updateInterface('c9300', 'GigabitEthernet1/0/3', { enabled: false, ticket: '43' });
    const res = await sync().reconcile('c9300');
    expect(res.skipped).toEqual([
      { interface: 'GigabitEthernet2/0/01', reason: 'ValidationFailed', fields: [], message: expect.stringContaining('not an IOS-XE interface name') },
      {
        interface: 'FiftyGigabitEthernet1/1/1',
        reason: 'ValidationFailed',
        fields: [],
        message: "interface FiftyGigabitEthernet1/1/1: 802.1Q mode 'tagged-all' needs a switchport, and FiftyGigabitEthernet1/1/1 cannot be one on iosxe",
      },
    ]);
    expect(res.taken.map((t) => [t.interface, t.ticket])).toEqual([['GigabitEthernet1/0/3', '43']]);
    expect((await intentOf('FiftyGigabitEthernet1/1/1'))?.mode).toBeUndefined();
  });

  it('reads the device platform from NetBox (platform.slug)', async () => {
    const source = new NetboxSourceOfTruth({ client, config, logger: silentLogger(), platforms: rulesOnly(config) });
    expect((await source.readDevice('c9300')).platform).toBe('cisco-ios-xe');
    expect(await source.locate('c9300', { cached: true })).toMatchObject({ platform: 'cisco-ios-xe' });
  });

  it('does not take a change whose ticket git cannot use as a tag, reports why, and takes the others', async () => {
    await sync().reconcile('c9300');
    nb.updateInterface('c9300', GI2, { description: 'bad ticket', ticket: '12.' });
    nb.updateInterface('c9300', 'GigabitEthernet1/0/3', { enabled: false, ticket: '43' });
    const res = await sync().reconcile('c9300');
    expect(res.skipped).toEqual([{ interface: GI2, reason: 'ValidationFailed', fields: [], message: expect.stringContaining(`ticket '12.' must not end with "."`) }]);
    expect(res.taken.map((t) => [t.interface, t.ticket])).toEqual([['GigabitEthernet1/0/3', '43']]);
    expect(store.commits.at(-1)?.meta.tickets).toEqual(['43']);
    expect(await intentOf(GI2)).toMatchObject({ description: null, ticket: null });
  });

  it('follows trunk VLAN changes in NetBox', async () => {
    await sync().reconcile('c9300');
    nb.updateInterface('c9300', GI2, { mode: 'tagged', untaggedVlan: 100, taggedVlans: [500, 300, 400], ticket: '15003' });
    await sync().reconcile('c9300');
    expect(await intentOf(GI2)).toMatchObject({ mode: 'trunk', nativeVlan: 100, allowedVlans: [300, 400, 500] });
  });

  it('is idempotent: a second reconcile changes nothing', async () => {
    await sync().reconcile('c9300');
    const res = await sync().reconcile('c9300');
    expect(res).toMatchObject({ committed: false, taken: [], imported: [], skipped: [] });
    expect(store.commits).toHaveLength(1);
  });

  it('skips an interface whose ticket is not a safe ref name', async () => {
    await sync().reconcile('c9300');
    nb.updateInterface('c9300', GI2, { mtu: 2000, ticket: '../evil' });
    const res = await sync().reconcile('c9300');
    expect(res.skipped).toEqual([expect.objectContaining({ interface: GI2, reason: 'ValidationFailed' })]);
  });

  it('skips a port NetBox allows but intent does not (MTU 20000) and still takes the others', async () => {
    await sync().reconcile('c9300');
    nb.updateInterface('c9300', GI2, { mtu: 20000, ticket: '1' });
    nb.updateInterface('c9300', 'GigabitEthernet1/0/3', { mtu: 9000, ticket: '2' });
    const res = await sync().reconcile('c9300');
    expect(res.skipped).toEqual([expect.objectContaining({ interface: GI2, reason: 'ValidationFailed', message: expect.stringContaining('mtu') })]);
    expect(res.taken.map((t) => t.interface)).toEqual(['GigabitEthernet1/0/3']);
    expect(res.committed).toBe(true);
  });

  it('refuses a device that is not in NetBox', async () => {
    await expect(sync().reconcile('nope')).rejects.toBeInstanceOf(DeviceNotInScopeError);
  });

  it('refuses a device outside the device filter, as a terminal error', async () => {
    nb.addDevice({ name: 'lab2', interfaces: ['GigabitEthernet1/0/1'] });
    const err = await sync()
      .reconcile('lab2')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeviceNotInScopeError);
    expect(err).toMatchObject({ reason: 'DeviceNotInScope', retryable: false });
  });
});
