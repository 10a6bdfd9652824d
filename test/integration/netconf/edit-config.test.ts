import { afterAll, beforeAll, expect, it } from 'vitest';
import { NetconfRpcError } from '../../../src/adapters/netconf/errors.js';
import { editConfigBody, saveConfigBody, syncFromBody } from '../../../src/adapters/netconf/rpc.js';
import { NetconfSession } from '../../../src/adapters/netconf/session.js';
import { descriptionLeaf, interfaceLeaf, interfacesIn, nativeInterface, ncOp } from '../../harness/iosxe-xml.js';
import { describeNetconfd, startTestDevice, type TestDevice } from '../../harness/netconfd.js';
import { sessionOptions } from './device-options.js';

async function rpcFailure(p: Promise<unknown>): Promise<NetconfRpcError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(NetconfRpcError);
  return err as NetconfRpcError;
}

describeNetconfd('NetconfSession get-config and edit-config against a writable-running netconfd', () => {
  let device: TestDevice;
  let session: NetconfSession;

  const readGi = async (port: string): Promise<string> =>
    session.getConfig({ source: 'running', filter: nativeInterface('GigabitEthernet', port) });
  const giLeaf = async (port: string, path: string[]): Promise<string | undefined> =>
    interfaceLeaf(await readGi(port), 'GigabitEthernet', port, path);
  const editGi = (port: string, inner: string, o: { errorOption?: 'rollback-on-error' } = {}): Promise<void> =>
    session.editConfig({ target: 'running', config: nativeInterface('GigabitEthernet', port, inner), ...o });

  beforeAll(async () => {
    device = await startTestDevice({ target: 'running' });
    session = await NetconfSession.connect(sessionOptions(device));
  });
  afterAll(async () => {
    await session?.close();
    await device?.stop();
  });

  it('returns only the filtered interface from a subtree get-config', async () => {
    const interfaces = await interfacesIn(await readGi('1/0/5'), 'GigabitEthernet');
    expect([...interfaces.keys()]).toEqual(['1/0/5']);
    const gi5 = await giLeaf('1/0/5', ['switchport-config', 'switchport', 'access', 'vlan', 'vlan']);
    expect(gi5).toBe('100');
  });

  it('returns empty data for a filter that matches no interface', async () => {
    const data = await readGi('9/9/9');
    expect(data.trim()).toBe('');
  });

  it('reads the whole 48-port startup configuration', async () => {
    const data = await session.getConfig({ source: 'running' });
    expect((await interfacesIn(data, 'GigabitEthernet')).size).toBe(48);
    expect((await interfacesIn(data, 'TenGigabitEthernet')).size).toBe(4);
  });

  it('merges a new description into one interface and leaves its other leaves alone', async () => {
    await editGi('1/0/6', descriptionLeaf('Printer room 2'));
    expect(await giLeaf('1/0/6', ['description'])).toBe('Printer room 2');
    expect(await giLeaf('1/0/6', ['switchport-config', 'switchport', 'access', 'vlan', 'vlan'])).toBe('300');
    expect(await giLeaf('1/0/7', ['description'])).toBe('User port VLAN 400');
  });

  it('round-trips a description with markup, entities, the EOM marker and quotes exactly', async () => {
    const tricky = `a<b & c>d ]]>]]> "quoted" 'single' &amp; ##ticket:73003##`;
    await editGi('1/0/11', descriptionLeaf(tricky));
    expect(await giLeaf('1/0/11', ['description'])).toBe(tricky);
  });

  it('removes a present leaf with nc:operation="remove"', async () => {
    expect(await giLeaf('1/0/10', ['mtu'])).toBe('2000');
    await editGi('1/0/10', ncOp('mtu', 'remove'));
    expect(await giLeaf('1/0/10', ['mtu'])).toBeUndefined();
    expect(await giLeaf('1/0/10', ['description'])).toBe('Trunk to access-sw-02');
  });

  it('accepts nc:operation="remove" of an absent leaf as a no-op', async () => {
    expect(await giLeaf('1/0/12', ['mtu'])).toBeUndefined();
    await editGi('1/0/12', ncOp('mtu', 'remove'));
    expect(await giLeaf('1/0/12', ['mtu'])).toBeUndefined();
  });

  it('rejects nc:operation="delete" of an absent leaf with data-missing', async () => {
    const err = await rpcFailure(editGi('1/0/12', ncOp('mtu', 'delete')));
    expect(err.reason).toBe('DeviceRejected');
    expect(err.errors[0]?.tag).toBe('data-missing');
  });

  it('rejects an out-of-range mtu as DeviceRejected with invalid-value, not retryable', async () => {
    const err = await rpcFailure(editGi('1/0/13', '<mtu>20000</mtu>'));
    expect(err.reason).toBe('DeviceRejected');
    expect(err.retryable).toBe(false);
    expect(err.operation).toMatch(/edit-config/);
    expect(err.errors[0]).toMatchObject({ type: 'protocol', tag: 'invalid-value', severity: 'error' });
    expect(await giLeaf('1/0/13', ['mtu'])).toBeUndefined();
  });

  it('rejects an unknown leaf with unknown-element', async () => {
    const err = await rpcFailure(editGi('1/0/13', '<speed>1000</speed>'));
    expect(err.errors[0]?.tag).toBe('unknown-element');
  });

  it('rolls back the whole edit when one leaf is bad under rollback-on-error', async () => {
    const before = await readGi('1/0/14');
    const err = await rpcFailure(editGi('1/0/14', `${descriptionLeaf('should not stick')}<mtu>9000</mtu>` +
      '<switchport-config><switchport><trunk xmlns="http://cisco.com/ns/yang/Cisco-IOS-XE-switch">' +
      '<native><vlan><vlan-id>5000</vlan-id></vlan></native></trunk></switchport></switchport-config>', { errorOption: 'rollback-on-error' }));
    expect(err.errors.some((e) => e.tag === 'invalid-value')).toBe(true);
    expect(await readGi('1/0/14')).toBe(before);
  });

  it('leaves the reply of a failed RPC readable through rpc() without throwing', async () => {
    const reply = await session.rpc(editConfigBody({
      target: 'running', config: nativeInterface('GigabitEthernet', '1/0/15', '<mtu>1</mtu>'),
    }));
    expect(reply.failed).toBe(true);
    expect(reply.ok).toBe(false);
    expect(reply.errors[0]?.tag).toBe('invalid-value');
  });

  it('switches an access port to a trunk with the LTRCRT-2005 payload shape', async () => {
    const sw = 'xmlns="http://cisco.com/ns/yang/Cisco-IOS-XE-switch"';
    await editGi('1/0/3', '<switchport-config><switchport>' +
      `<mode ${sw}><trunk/></mode>` +
      `<trunk ${sw}><allowed><vlan><vlans>300,400,500</vlans></vlan></allowed>` +
      '<native><vlan><vlan-id>100</vlan-id></vlan></native></trunk>' +
      `${ncOp('access', 'remove').replace('<access ', `<access ${sw} `)}` +
      '</switchport></switchport-config>');
    const mode = ['switchport-config', 'switchport', 'mode'];
    expect(await giLeaf('1/0/3', [...mode, 'trunk'])).toBe('');
    expect(await giLeaf('1/0/3', [...mode, 'access'])).toBeUndefined();
    expect(await giLeaf('1/0/3', ['switchport-config', 'switchport', 'access', 'vlan', 'vlan'])).toBeUndefined();
    expect(await giLeaf('1/0/3', ['switchport-config', 'switchport', 'trunk', 'allowed', 'vlan', 'vlans']))
      .toBe('300,400,500');
  });

  it('accepts the cisco-ia save-config and sync-from RPCs', async () => {
    const saved = await session.call(saveConfigBody());
    expect(saved).toMatchObject({ failed: false, ok: true });
    const synced = await session.call(syncFromBody());
    expect(synced.failed).toBe(false);
  });
});
