import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { INTERFACE_FIELDS, IP_FIELDS, NetboxClient, managementAddress } from '../../../src/adapters/netbox/client.js';
import { mapInterface } from '../../../src/adapters/netbox/mapping.js';
import type { NbInterface } from '../../../src/adapters/netbox/types.js';
import { IOSXE_RULES } from '../../../src/adapters/platforms/iosxe/rules.js';
import { NetboxError } from '../../../src/adapters/netbox/errors.js';
import { silentLogger } from '../../../src/log.js';
import { NetboxEmulator } from '../../../src/lab/netbox-emulator.js';

describe('NetboxClient against the NetBox emulator', () => {
  let nb: NetboxEmulator;
  let delays: number[];

  const client = (over: { token?: string; retries?: number; timeoutMs?: number } = {}): NetboxClient =>
    new NetboxClient({
      url: nb.url,
      token: over.token ?? nb.tokenV1,
      timeoutMs: over.timeoutMs ?? 2000,
      retries: over.retries ?? 2,
      logger: silentLogger(),
      sleep: async (ms) => {
        delays.push(ms);
      },
    });

  const failure = async (p: Promise<unknown>): Promise<NetboxError> => {
    const err = await p.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(NetboxError);
    return err as NetboxError;
  };

  beforeEach(async () => {
    nb = new NetboxEmulator();
    nb.seedLab();
    await nb.start();
    delays = [];
  });
  afterEach(async () => {
    await nb.stop();
  });

  it('authenticates with a v1 token as Token and a v2 token as Bearer', async () => {
    await expect(client({ token: nb.tokenV1 }).status()).resolves.toMatchObject({ 'netbox-version': '4.6.0' });
    await expect(client({ token: nb.tokenV2 }).status()).resolves.toMatchObject({ 'netbox-version': '4.6.0' });
  });

  it.each([
    ['a wrong v1 token', 'f'.repeat(40), 'Invalid v1 token'],
    ['a wrong v2 token', 'nbt_nope.secret', 'Invalid v2 token'],
  ])('fails with NetboxAuthFailed and no retry for %s', async (_label, token, detail) => {
    const err = await failure(client({ token }).listDevices({ tag: 'gitops' }));
    expect(err.reason).toBe('NetboxAuthFailed');
    expect(err.retryable).toBe(false);
    expect(err.status).toBe(403);
    expect(err.message).toContain(detail);
    expect(nb.requests).toHaveLength(1);
  });

  it('answers 403 like NetBox when no credentials are sent', async () => {
    const res = await fetch(`${nb.url}/api/dcim/devices/`);
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ detail: 'Authentication credentials were not provided.' });
  });

  it('reads the lab device by tag and its management address without the prefix length', async () => {
    const [dev] = await client().listDevices({ tag: 'gitops' });
    expect(dev?.name).toBe('c9300');
    expect(managementAddress(dev!)).toBe('127.0.0.1');
    expect(await client().getDeviceByName('nope')).toBeNull();
  });

  it('follows pagination over 1,200 interfaces', async () => {
    nb.addDevice({ name: 'big', tags: ['gitops'], interfaces: Array.from({ length: 1200 }, (_, i) => `GigabitEthernet1/0/${i + 1}`) });
    const big = await client().getDeviceByName('big');
    nb.requests.length = 0;
    const all = await client().listInterfaces(big!.id);
    expect(all).toHaveLength(1200);
    expect(new Set(all.map((i) => i.id)).size).toBe(1200);
    const fields = `fields=${encodeURIComponent(INTERFACE_FIELDS)}`;
    expect(nb.requests.map((r) => r.query)).toEqual([
      `?device_id=${big!.id}&${fields}&limit=1000`,
      `?device_id=${big!.id}&${fields}&limit=1000&offset=1000`,
    ]);
  });

  it('asks only for the fields it maps (?fields=), and they map as the full interfaces do', async () => {
    nb.addIpAddress('c9300', 'GigabitEthernet1/0/3', '10.3.3.1/24');
    const [dev] = await client().listDevices({ name: 'c9300' });
    const slim = await client().listInterfaces(dev!.id);
    const full = ((await (await fetch(`${nb.url}/api/dcim/interfaces/?device_id=${dev!.id}&limit=0`, { headers: { authorization: `Bearer ${nb.tokenV2}` } })).json()) as { results: NbInterface[] }).results;
    expect(slim.length).toBe(full.length);
    expect(Object.keys(slim[0] ?? {}).sort()).toEqual(INTERFACE_FIELDS.split(',').sort());
    const ips = await client().listIpAddresses({ device_id: dev!.id });
    expect(Object.keys(ips[0] ?? {}).sort()).toEqual(IP_FIELDS.split(',').sort());
    expect(slim.map((i) => mapInterface(i, ips, 'change_ticket', IOSXE_RULES))).toEqual(full.map((i) => mapInterface(i, ips, 'change_ticket', IOSXE_RULES)));
    expect(nb.unexpected).toEqual([]);
    await fetch(`${nb.url}/api/dcim/interfaces/?device_id=${dev!.id}&fields=id,nmae`, { headers: { authorization: `Bearer ${nb.tokenV2}` } });
    expect(nb.unexpected.join()).toMatch(/fields= names no field of this object: nmae/);
    nb.unexpected.length = 0;
  });

  describe('a pagination link away from the configured NetBox', () => {
    let trap: Server;
    let trapHits: string[];
    let trapPort: number;
    beforeEach(async () => {
      trapHits = [];
      trap = createServer((req, res) => {
        trapHits.push(`${req.method} ${req.url} auth=${req.headers.authorization ?? ''}`);
        res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"count":0,"next":null,"previous":null,"results":[]}');
      });
      await new Promise<void>((r) => trap.listen(0, '127.0.0.1', () => r()));
      trapPort = (trap.address() as AddressInfo).port;
    });
    afterEach(async () => {
      trap.closeAllConnections();
      await new Promise<void>((r) => trap.close(() => r()));
    });

    it.each<[string, (next: string, trap: number) => string]>([
      ['a protocol-relative //host link', (n, p) => n.replace(/^http:\/\/127\.0\.0\.1:\d+/, `//127.0.0.1:${p}`)],
      ['a ///host link', (n, p) => n.replace(/^http:\/\/127\.0\.0\.1:\d+/, `///127.0.0.1:${p}`)],
      ['another host', (n) => n.replace('127.0.0.1', 'localhost')],
      ['another port', (n, p) => n.replace(/:\d+\//, `:${p}/`)],
      ['credentials in the link', (n) => n.replace('http://', 'http://user:pw@')],
    ])('refuses %s with NetboxForeignLink and sends the token nowhere else', async (_label, rewrite) => {
      nb.addDevice({ name: 'big', tags: ['gitops'], interfaces: Array.from({ length: 1001 }, (_, i) => `GigabitEthernet1/0/${i + 1}`) });
      const big = await client().getDeviceByName('big');
      nb.rewriteNext = (n) => rewrite(n, trapPort);
      nb.requests.length = 0;
      const err = await failure(client().listInterfaces(big!.id));
      expect(err.reason).toBe('NetboxForeignLink');
      expect(err.retryable).toBe(false);
      expect(trapHits).toEqual([]);
      expect(nb.requests).toHaveLength(1);
    });

    it('follows a relative link against the configured URL', async () => {
      nb.addDevice({ name: 'big', tags: ['gitops'], interfaces: Array.from({ length: 1001 }, (_, i) => `GigabitEthernet1/0/${i + 1}`) });
      const big = await client().getDeviceByName('big');
      nb.rewriteNext = (n) => n.replace(/^http:\/\/127\.0\.0\.1:\d+/, '');
      expect(await client().listInterfaces(big!.id)).toHaveLength(1001);
      expect(trapHits).toEqual([]);
    });
  });

  it('pages 50 at a time by default, like NetBox', async () => {
    const res = await fetch(`${nb.url}/api/dcim/interfaces/?device_id=1`, { headers: { Authorization: `Token ${nb.tokenV1}` } });
    const page = (await res.json()) as { count: number; next: string; previous: null; results: unknown[] };
    expect(page.count).toBe(52);
    expect(page.results).toHaveLength(50);
    expect(page.next).toBe(`${nb.url}/api/dcim/interfaces/?device_id=1&limit=50&offset=50`);
    expect(page.previous).toBeNull();
  });

  it('gets 400 with the DRF field errors for an unknown device, not an empty list', async () => {
    const err = await failure(client().listInterfaces(99));
    expect(err.reason).toBe('NetboxBadRequest');
    expect(err.fieldErrors).toEqual({ device_id: ['Select a valid choice. 99 is not one of the available choices.'] });
    expect(nb.requests).toHaveLength(1);
  });

  it('gets 400 for a device filter naming an unknown tag', async () => {
    const err = await failure(client().listDevices({ tag: 'no-such-tag' }));
    expect(err.reason).toBe('NetboxBadRequest');
  });

  it('gets NetboxNotFound for a missing interface', async () => {
    const err = await failure(client().getInterface(9999));
    expect(err.reason).toBe('NetboxNotFound');
    expect(err.message).toContain('Not found.');
  });

  it('retries 500s with growing backoff and then succeeds', async () => {
    nb.failNext(2, 500);
    await expect(client({ retries: 3 }).status()).resolves.toBeTruthy();
    expect(nb.requests).toHaveLength(3);
    expect(delays).toHaveLength(2);
    expect(delays.every((d) => d >= 0 && d <= 10_000)).toBe(true);
  });

  it('gives up after the configured retries with a retryable NetboxUnavailable', async () => {
    nb.failNext(3, 503);
    const err = await failure(client({ retries: 2 }).status());
    expect(err.reason).toBe('NetboxUnavailable');
    expect(err.retryable).toBe(true);
    expect(nb.requests).toHaveLength(3);
  });

  it('honours Retry-After on 429', async () => {
    nb.failNext(1, 429, { retryAfter: 7 });
    await client().status();
    expect(delays).toEqual([7000]);
  });

  it('times out a hung request, retries, then reports NetboxUnavailable', async () => {
    nb.failNext(2, 'timeout');
    const err = await failure(client({ retries: 1, timeoutMs: 150 }).status());
    expect(err.reason).toBe('NetboxUnavailable');
    expect(err.message).toMatch(/timed out/);
    expect(nb.requests).toHaveLength(2);
  });

  it('recovers from a timeout when the retry answers', async () => {
    nb.failNext(1, 'timeout');
    await expect(client({ retries: 1, timeoutMs: 1000 }).status()).resolves.toBeTruthy();
  });

  it('reads IPv4 addresses assigned to the device interfaces', async () => {
    nb.addIpAddress('c9300', 'GigabitEthernet1/0/3', '10.3.3.1/24');
    const ips = await client().listIpAddresses({ device_id: 1 });
    expect(ips.map((i) => i.address)).toEqual(['10.3.3.1/24']);
    expect(ips[0]?.assigned_object_type).toBe('dcim.interface');
  });

  it('PATCHes only the custom field and keeps the other custom fields', async () => {
    nb.data.defineInterfaceCustomField('owner_note');
    nb.updateInterface('c9300', 'GigabitEthernet1/0/2', { ticket: '1234', description: 'keep', customFields: { owner_note: 'ops' } });
    const id = (nb.interfaceJson('c9300', 'GigabitEthernet1/0/2') as { id: number }).id;
    const before = await client().getInterface(id);
    nb.requests.length = 0;
    const after = await client().patchInterfaceCustomFields(id, { change_ticket_number: null });
    expect(after.custom_fields).toEqual({ change_ticket_number: null, owner_note: 'ops' });
    expect(after.description).toBe('keep');
    expect(after.last_updated! > before.last_updated!).toBe(true);
    expect(nb.requests[0]?.body).toEqual({ custom_fields: { change_ticket_number: null } });
  });

  it('fails a conditional PATCH with NetboxConflict when the interface changed since it was read', async () => {
    const { etag } = await client().getInterfaceVersioned(3);
    expect(etag).toMatch(/^W\/"/);
    nb.updateInterface('c9300', 'GigabitEthernet1/0/2', { description: 'someone else' });
    const err = await failure(client().patchInterfaceCustomFields(3, { change_ticket_number: null }, { ifMatch: etag }));
    expect(err).toMatchObject({ reason: 'NetboxConflict', status: 412, retryable: false });
    const fresh = await client().getInterfaceVersioned(3);
    await expect(client().patchInterfaceCustomFields(3, { change_ticket_number: null }, { ifMatch: fresh.etag })).resolves.toBeTruthy();
  });

  it('gets 400 when patching a custom field that does not exist', async () => {
    const err = await failure(client().patchInterfaceCustomFields(2, { no_such_field: 'x' }));
    expect(err.reason).toBe('NetboxBadRequest');
    expect(JSON.stringify(err.fieldErrors)).toContain("Custom field 'no_such_field' does not exist");
  });

  it('creates and lists journal entries on an interface', async () => {
    const entry = await client().createJournalEntry({ interfaceId: 3, kind: 'success', comments: 'applied' });
    expect(entry).toMatchObject({ assigned_object_type: 'dcim.interface', assigned_object_id: 3, kind: { value: 'success' } });
    const list = await client().listJournalEntries(3);
    expect(list.map((e) => e.comments)).toEqual(['applied']);
    const err = await failure(client().createJournalEntry({ interfaceId: 999, kind: 'info', comments: 'x' }));
    expect(err.reason).toBe('NetboxBadRequest');
  });

  it('records a filter NetBox would silently ignore (the lab bug devices?device=)', async () => {
    const res = await fetch(`${nb.url}/api/dcim/devices/?device=c9300`, { headers: { Authorization: `Token ${nb.tokenV1}` } });
    expect(res.status).toBe(200);
    expect(nb.takeProblems()).toEqual([expect.stringMatching(/GET \/api\/dcim\/devices\/\?device=c9300: filters NetBox would silently ignore: device/)]);
  });

  it('records a request it does not implement and a missing trailing slash', async () => {
    const headers = { Authorization: `Token ${nb.tokenV1}` };
    expect((await fetch(`${nb.url}/api/dcim/cables/`, { headers })).status).toBe(404);
    expect((await fetch(`${nb.url}/api/dcim/devices`, { headers, redirect: 'manual' })).status).toBe(301);
    expect(nb.takeProblems()).toEqual([expect.stringMatching(/GET \/api\/dcim\/cables\/: .*not emulated/), expect.stringMatching(/GET \/api\/dcim\/devices: missing trailing slash/)]);
  });
});
