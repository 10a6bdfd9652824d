import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimDevice } from '../../../src/lab/sim-device/index.js';
import { RawNetconfClient } from './raw-netconf-client.js';

const NATIVE = 'http://cisco.com/ns/yang/Cisco-IOS-XE-native';
const SW = 'http://cisco.com/ns/yang/Cisco-IOS-XE-switch';
const NC = 'urn:ietf:params:xml:ns:netconf:base:1.0';
const creds = { username: 'admin', password: 'C1sco12345' };

const ifaceFilter = (name: string): string =>
  `<filter type="subtree"><native xmlns="${NATIVE}"><interface><GigabitEthernet><name>${name}</name></GigabitEthernet></interface></native></filter>`;
const getConfig = (name: string): string => `<get-config><source><running/></source>${ifaceFilter(name)}</get-config>`;
const edit = (inner: string, extra = ''): string =>
  `<edit-config><target><running/></target>${extra}<config xmlns="${NC}" xmlns:nc="${NC}"><native xmlns="${NATIVE}"><interface>${inner}</interface></native></config></edit-config>`;
const gi = (name: string, body: string): string => `<GigabitEthernet><name>${name}</name>${body}</GigabitEthernet>`;

describe('SimDevice (simulated IOS-XE NETCONF switch)', () => {
  let device: SimDevice;
  const clients: RawNetconfClient[] = [];
  const open = async (o: { base11?: boolean } = {}): Promise<RawNetconfClient> => {
    const c = await RawNetconfClient.connect({ port: device.port, ...creds, ...o });
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    device = await SimDevice.start({ name: 'c9300', ...creds });
  });
  afterAll(async () => {
    for (const c of clients) c.end();
    await device.stop();
  });

  it('advertises IOS-XE capabilities, a session-id and the pinned host key', async () => {
    const c = await open();
    expect(c.serverHello).toContain('urn:ietf:params:netconf:base:1.1');
    expect(c.serverHello).toContain('urn:ietf:params:netconf:capability:writable-running:1.0');
    expect(c.serverHello).toContain('urn:ietf:params:netconf:capability:rollback-on-error:1.0');
    expect(c.serverHello).toContain('Cisco-IOS-XE-native?module=Cisco-IOS-XE-native&amp;revision=2023-07-01');
    expect(c.serverHello).toContain('http://cisco.com/yang/cisco-ia?module=cisco-ia');
    expect(c.sessionId).toBeGreaterThan(0);
    expect(c.hostKeyFingerprint).toBe(device.hostKeyFingerprint);
    expect(device.hostKeyFingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
  });

  it('refuses a wrong password', async () => {
    await expect(RawNetconfClient.connect({ port: device.port, username: 'admin', password: 'nope' })).rejects.toThrow(/authentication/i);
  });

  it('returns only the filtered interface from get-config, in the IOS-XE shape', async () => {
    const c = await open();
    const reply = await c.rpc(getConfig('1/0/2'));
    expect(reply).toContain('message-id="1"');
    expect(reply).toContain(`<data><native xmlns="${NATIVE}"><interface><GigabitEthernet><name>1/0/2</name><switchport-conf><switchport>true</switchport></switchport-conf></GigabitEthernet></interface></native></data>`);
    expect(await c.rpc(getConfig('9/9/9'))).toContain('<data></data>');
  });

  it('answers in end-of-message framing when the client offers only base:1.0', async () => {
    const c = await open({ base11: false });
    expect(await c.rpc(getConfig('1/0/3'))).toContain('<name>1/0/3</name>');
  });

  it('applies the lab trunk template and reports it back', async () => {
    const c = await open();
    const body = gi(
      '1/0/10',
      `<description>Big new thing &amp; more ##ticket:73003##</description><shutdown/><mtu>2000</mtu>` +
        `<ip><address nc:operation="remove"/></ip><switchport-conf><switchport>true</switchport></switchport-conf>` +
        `<switchport-config><switchport><mode xmlns="${SW}"><trunk/></mode><trunk xmlns="${SW}"><allowed><vlan><vlans>300,400,500</vlans></vlan></allowed>` +
        `<native><vlan><vlan-id>100</vlan-id></vlan></native></trunk><access xmlns="${SW}" nc:operation="remove"/></switchport></switchport-config>`,
    );
    expect(await c.rpc(edit(body))).toContain('<ok/>');
    const xml = device.runningXml('GigabitEthernet1/0/10');
    expect(xml).toContain('<description>Big new thing &amp; more ##ticket:73003##</description>');
    expect(xml).toContain('<shutdown/>');
    expect(xml).toContain('<mtu>2000</mtu>');
    expect(xml).toContain(`<mode xmlns="${SW}"><trunk/></mode>`);
    expect(xml).toContain('<vlans>300,400,500</vlans>');
    expect(xml).toContain('<vlan-id>100</vlan-id>');
  });

  it('applies the pretty-printed lab access template over a trunk port', async () => {
    const c = await open();
    const trunk = gi('1/0/5', `<shutdown/><switchport-config><switchport><mode xmlns="${SW}"><trunk/></mode><trunk xmlns="${SW}"><allowed><vlan><vlans>300</vlans></vlan></allowed><native><vlan><vlan-id>100</vlan-id></vlan></native></trunk></switchport></switchport-config>`);
    expect(await c.rpc(edit(trunk))).toContain('<ok/>');
    const template = `
<config xmlns="${NC}">
  <native xmlns="${NATIVE}">
    <interface>
      <GigabitEthernet>
        <name>1/0/5</name>
        <description>Configured from the ticket system! ##ticket:15016##</description>
        <shutdown xmlns:nc="${NC}" nc:operation="remove"/>
        <mtu> 2000 </mtu>
        <ip>
          <address xmlns:nc="${NC}" nc:operation="remove"/>
        </ip>
        <switchport-conf>
          <switchport>true</switchport>
        </switchport-conf>
        <switchport-config>
          <switchport>
            <mode xmlns="${SW}">
              <access/>
            </mode>
            <access xmlns="${SW}">
              <vlan>
                <vlan>100</vlan>
              </vlan>
            </access>
            <trunk xmlns="${SW}">
              <allowed>
                <vlan xmlns:nc="${NC}" nc:operation="remove"/>
              </allowed>
              <native>
                <vlan xmlns:nc="${NC}" nc:operation="remove"/>
              </native>
            </trunk>
          </switchport>
        </switchport-config>
      </GigabitEthernet>
    </interface>
  </native>
</config>`;
    expect(await c.rpc(`<edit-config><target><running/></target>${template}</edit-config>`)).toContain('<ok/>');
    expect(device.runningXml('GigabitEthernet1/0/5')).toBe(
      `<native xmlns="${NATIVE}"><interface><GigabitEthernet><name>1/0/5</name><description>Configured from the ticket system! ##ticket:15016##</description>` +
        `<switchport-conf><switchport>true</switchport></switchport-conf>` +
        `<switchport-config><switchport><access xmlns="${SW}"><vlan><vlan>100</vlan></vlan></access><mode xmlns="${SW}"><access/></mode></switchport></switchport-config>` +
        `<mtu>2000</mtu></GigabitEthernet></interface></native>`,
    );
  });

  it('switches the mode choice from trunk to access and removes leaves', async () => {
    const c = await open();
    const body = gi(
      '1/0/11',
      `<mtu>9000</mtu><switchport-config><switchport><mode xmlns="${SW}"><trunk/></mode></switchport></switchport-config>`,
    );
    expect(await c.rpc(edit(body))).toContain('<ok/>');
    const toAccess = gi(
      '1/0/11',
      `<mtu nc:operation="remove"/><switchport-config><switchport><mode xmlns="${SW}"><access/></mode><access xmlns="${SW}"><vlan><vlan>200</vlan></vlan></access></switchport></switchport-config>`,
    );
    expect(await c.rpc(edit(toAccess))).toContain('<ok/>');
    const xml = device.runningXml('GigabitEthernet1/0/11');
    expect(xml).not.toContain('<trunk/>');
    expect(xml).not.toContain('<mtu>');
    expect(xml).toContain(`<access xmlns="${SW}"><vlan><vlan>200</vlan></vlan></access><mode xmlns="${SW}"><access/></mode>`);
  });

  it('rejects a whole edit when one leaf is out of range (rollback-on-error)', async () => {
    const c = await open();
    const before = device.runningXml('GigabitEthernet1/0/12');
    const reply = await c.rpc(edit(gi('1/0/12', '<description>ok</description><mtu>20000</mtu>'), '<error-option>rollback-on-error</error-option>'));
    expect(reply).toContain('<error-type>application</error-type><error-tag>invalid-value</error-tag>');
    expect(reply).toContain("<error-path>/ios:native/ios:interface/ios:GigabitEthernet[ios:name='1/0/12']/ios:mtu</error-path>");
    expect(reply).toContain('64..18000');
    expect(device.runningXml('GigabitEthernet1/0/12')).toBe(before);
  });

  it.each([
    ['a VLAN outside 1..4094', `<switchport-config><switchport><access xmlns="${SW}"><vlan><vlan>4095</vlan></vlan></access></switchport></switchport-config>`, 'invalid-value'],
    ['a description over 200 characters (IOS-XE 17.6.1+)', `<description>${'x'.repeat(201)}</description>`, 'invalid-value'],
    ['an unknown element', '<speed>1000</speed>', 'unknown-element'],
    ['a leaf in the wrong namespace', `<switchport-config><switchport><mode><access/></mode></switchport></switchport-config>`, 'unknown-element'],
    ['delete of an absent leaf', '<mtu nc:operation="delete"/>', 'data-missing'],
    ['an IP address on a switchport', '<ip><address><primary><address>10.0.0.1</address><mask>255.255.255.0</mask></primary></address></ip>', 'invalid-value'],
  ])('rejects %s', async (_what, body, tag) => {
    const c = await open();
    const reply = await c.rpc(edit(gi('1/0/13', body)));
    expect(reply).toContain(`<error-tag>${tag}</error-tag>`);
  });

  it('accepts remove of an absent leaf and refuses to create a port that does not exist', async () => {
    const c = await open();
    expect(await c.rpc(edit(gi('1/0/14', '<mtu nc:operation="remove"/>')))).toContain('<ok/>');
    const reply = await c.rpc(edit(gi('1/0/99', '<description>x</description>')));
    expect(reply).toContain('inconsistent value: Device refused one or more commands');
  });

  it('routes a port once switchport is turned off in the same edit', async () => {
    const c = await open();
    const body = gi('1/0/15', '<switchport-conf><switchport>false</switchport></switchport-conf><ip><address><primary><address>10.1.1.1</address><mask>255.255.255.0</mask></primary></address></ip>');
    expect(await c.rpc(edit(body))).toContain('<ok/>');
    expect(device.runningXml('GigabitEthernet1/0/15')).toContain('<primary><address>10.1.1.1</address><mask>255.255.255.0</mask></primary>');
  });

  it('denies a second lock with the holder session-id and refuses the other session edits', async () => {
    const a = await open();
    const b = await open();
    expect(await a.rpc('<lock><target><running/></target></lock>')).toContain('<ok/>');
    expect(device.lockHolder).toBe(a.sessionId);
    const denied = await b.rpc('<lock><target><running/></target></lock>');
    expect(denied).toContain('<error-tag>lock-denied</error-tag>');
    expect(denied).toContain(`<session-id>${a.sessionId}</session-id>`);
    expect(await b.rpc(edit(gi('1/0/16', '<description>b</description>')))).toContain('<error-tag>in-use</error-tag>');
    expect(await b.rpc('<unlock><target><running/></target></unlock>')).toContain('<error-tag>access-denied</error-tag>');
    expect(await a.rpc(edit(gi('1/0/16', '<description>a</description>')))).toContain('<ok/>');
    expect(await a.rpc('<unlock><target><running/></target></unlock>')).toContain('<ok/>');
    expect(await b.rpc(edit(gi('1/0/16', '<description>b</description>')))).toContain('<ok/>');
  });

  it('releases the lock when the holder closes its session', async () => {
    const a = await open();
    await a.rpc('<lock><target><running/></target></lock>');
    expect(await a.rpc('<close-session/>')).toContain('<ok/>');
    await a.waitClosed();
    expect(device.lockHolder).toBeNull();
  });

  it('kills another session and frees its lock', async () => {
    const a = await open();
    const b = await open();
    await a.rpc('<lock><target><running/></target></lock>');
    expect(await b.rpc(`<kill-session><session-id>${a.sessionId}</session-id></kill-session>`)).toContain('<ok/>');
    await a.waitClosed();
    expect(device.lockHolder).toBeNull();
  });

  it('answers cisco-ia save-config and sync-from with a result', async () => {
    const c = await open();
    expect(await c.rpc('<save-config xmlns="http://cisco.com/yang/cisco-ia"/>')).toContain('<result xmlns="http://cisco.com/yang/cisco-ia">Save running-config successful</result>');
    expect(await c.rpc('<sync-from xmlns="http://cisco.com/yang/cisco-ia"/>')).toContain('<result xmlns="http://cisco.com/yang/cisco-ia">');
  });

  it('answers unknown RPCs and the absent candidate datastore with errors', async () => {
    const c = await open();
    expect(await c.rpc('<commit/>')).toContain('<error-tag>operation-not-supported</error-tag>');
    expect(await c.rpc('<get-config><source><candidate/></source></get-config>')).toContain('<error-tag>invalid-value</error-tag>');
    expect(await c.rpc(`<edit-config><target><running/></target><config xmlns=""><native xmlns="${NATIVE}"/></config></edit-config>`)).toContain('<error-tag>missing-element</error-tag>');
  });

  it('shows an out-of-band CLI change to the next reader and logs requests', async () => {
    device.setLeaf('GigabitEthernet1/0/20', 'description', 'changed by hand <oops>');
    device.setLeaf('GigabitEthernet1/0/20', 'shutdown', true);
    await device.oobEdit(`<native xmlns="${NATIVE}"><interface>${gi('1/0/20', '<mtu>1600</mtu>')}</interface></native>`);
    const c = await open();
    const reply = await c.rpc(getConfig('1/0/20'));
    expect(reply).toContain('<description>changed by hand &lt;oops&gt;</description>');
    expect(reply).toContain('<shutdown/><mtu>1600</mtu>');
    expect(reply).toContain('<mtu>1600</mtu>');
    device.setLeaf('GigabitEthernet1/0/20', 'shutdown', null);
    expect(device.runningXml('GigabitEthernet1/0/20')).not.toContain('<shutdown/>');
    expect(() => device.setLeaf('GigabitEthernet1/0/20', 'mtu', 10)).toThrow(/invalid-value/);
    expect(device.requests.filter((r) => r.operation === 'oob-edit')).toHaveLength(5);
    expect(device.requests.some((r) => r.operation === 'get-config' && r.sessionId === c.sessionId && r.ok)).toBe(true);
  });

  it('splits a full get into many chunks that reassemble to the 48-port switch', async () => {
    const c = await open();
    const reply = await c.rpc('<get/>');
    expect(reply.length).toBeGreaterThan(4096);
    expect(reply.match(/<GigabitEthernet>/g)).toHaveLength(48);
    expect(reply.match(/<TenGigabitEthernet>/g)).toHaveLength(8);
  });
});
