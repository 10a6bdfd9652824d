import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NetboxEmulator } from '../../../src/lab/netbox-emulator.js';

type Json = Record<string, unknown>;

describe('NetboxEmulator behaves like NetBox', () => {
  let nb: NetboxEmulator;
  const call = async (method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; json: Json & Json[] }> => {
    const res = await fetch(`${nb.url}${path}`, {
      method,
      headers: { Authorization: token ?? `Token ${nb.tokenV1}`, 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, json: (await res.json()) as Json & Json[] };
  };

  beforeEach(async () => {
    nb = new NetboxEmulator();
    nb.seedLab();
    await nb.start();
  });
  afterEach(async () => {
    await nb.stop();
  });

  it('seeds the LTRCRT-2005 pod with the lab ids and a protected Gi1/0/1', async () => {
    const { json } = await call('GET', '/api/dcim/interfaces/?device=c9300&name=GigabitEthernet1/0/2');
    expect(json.count).toBe(1);
    const gi2 = (json.results as Json[])[0]!;
    expect(gi2).toMatchObject({ id: 3, device: { id: 1, name: 'c9300' }, mode: null, custom_fields: { change_ticket_number: null } });
    expect(Object.keys(gi2)).toEqual(expect.arrayContaining(['primary_mac_address', 'mac_addresses', 'qinq_svlan', 'owner', 'tagged_vlans', 'last_updated']));
    expect(nb.interfaceJson('c9300', 'GigabitEthernet1/0/1')).toMatchObject({ mgmt_only: true });
    expect(nb.interfaceJson('c9300', 'GigabitEthernet1/0/10')).toMatchObject({ id: 11 });
  });

  it('answers 400 for an unknown device name or site slug, like django-filter choice fields', async () => {
    expect(await call('GET', '/api/dcim/interfaces/?device=nope')).toMatchObject({
      status: 400,
      json: { device: ['Select a valid choice. nope is not one of the available choices.'] },
    });
    expect((await call('GET', '/api/dcim/devices/?site=nowhere')).status).toBe(400);
  });

  it('caps the page size at 1000 and treats limit=0 as the maximum', async () => {
    nb.addDevice({ name: 'big', interfaces: Array.from({ length: 1100 }, (_, i) => `GigabitEthernet2/0/${i + 1}`) });
    const capped = await call('GET', '/api/dcim/interfaces/?device=big&limit=5000');
    expect((capped.json.results as unknown[]).length).toBe(1000);
    const zero = await call('GET', '/api/dcim/interfaces/?device=big&limit=0&offset=1000');
    expect((zero.json.results as unknown[]).length).toBe(100);
    expect(zero.json.next).toBeNull();
    expect(zero.json.previous).toBe(`${nb.url}/api/dcim/interfaces/?device=big&limit=1000`);
  });

  it('applies the model rules on save: no mode clears the untagged VLAN, access clears tagged VLANs', async () => {
    nb.updateInterface('c9300', 'GigabitEthernet1/0/2', { mode: 'tagged', untaggedVlan: 100, taggedVlans: [300, 400] });
    await call('PATCH', '/api/dcim/interfaces/3/', { mode: 'access' });
    expect(nb.interfaceJson('c9300', 'GigabitEthernet1/0/2')).toMatchObject({ mode: { value: 'access' }, untagged_vlan: { vid: 100 }, tagged_vlans: [] });
    await call('PATCH', '/api/dcim/interfaces/3/', { mode: '' });
    expect(nb.interfaceJson('c9300', 'GigabitEthernet1/0/2')).toMatchObject({ mode: null, untagged_vlan: null });
  });

  it('rejects an out-of-range MTU with a field error and changes nothing', async () => {
    const res = await call('PATCH', '/api/dcim/interfaces/3/', { mtu: 70000, description: 'x' });
    expect(res).toMatchObject({ status: 400, json: { mtu: ['Ensure this value is less than or equal to 65536.'] } });
    expect(nb.interfaceJson('c9300', 'GigabitEthernet1/0/2')).toMatchObject({ mtu: null, description: '' });
  });

  it("supports the lab's bulk PATCH, all or nothing", async () => {
    nb.updateInterface('c9300', 'GigabitEthernet1/0/2', { ticket: '1234' });
    const bad = await call('PATCH', '/api/dcim/interfaces/', [
      { id: 3, custom_fields: { change_ticket_number: null } },
      { id: 4, mtu: 0 },
    ]);
    expect(bad.status).toBe(400);
    expect(nb.interfaceJson('c9300', 'GigabitEthernet1/0/2')).toMatchObject({ custom_fields: { change_ticket_number: '1234' } });
    const ok = await call('PATCH', '/api/dcim/interfaces/', [{ id: 3, custom_fields: { change_ticket_number: null } }]);
    expect(ok.status).toBe(200);
    expect(nb.interfaceJson('c9300', 'GigabitEthernet1/0/2')).toMatchObject({ custom_fields: { change_ticket_number: null } });
  });

  it('refuses a Bearer token without a key separator with the NetBox hint', async () => {
    const res = await call('GET', '/api/status/', undefined, 'Bearer abcdef');
    expect(res.status).toBe(403);
    expect(res.json.detail).toMatch(/Did you mean to use 'Token'/);
  });

  it('records a failed webhook delivery and does not retry it', async () => {
    nb.addWebhook({ url: 'http://127.0.0.1:9/hook', secret: 's', shape: '4.6' });
    nb.updateInterface('c9300', 'GigabitEthernet1/0/2', { mtu: 9000 });
    await nb.flushWebhooks();
    expect(nb.deliveries).toHaveLength(1);
    expect(nb.deliveries[0]).toMatchObject({ status: null });
    expect(nb.deliveries[0]?.error).toBeTruthy();
  });

  it('leaves out the 4.x-only fields in 3.5-shaped webhook data', async () => {
    nb.addWebhook({ url: 'http://127.0.0.1:9/hook', secret: '', shape: '3.5' });
    nb.updateInterface('c9300', 'GigabitEthernet1/0/2', { mtu: 9000 });
    await nb.flushWebhooks();
    const data = (JSON.parse(nb.deliveries[0]!.body) as { data: Json }).data;
    expect(data).not.toHaveProperty('primary_mac_address');
    expect(data).not.toHaveProperty('display_url');
    expect(data.device).toEqual({ id: 1, url: '/api/dcim/devices/1/', display: 'c9300', name: 'c9300' });
  });
});
