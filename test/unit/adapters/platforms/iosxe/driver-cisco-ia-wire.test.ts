import { afterEach, describe, expect, it } from 'vitest';
import { NetconfSession } from '../../../../../src/adapters/netconf/session.js';
import { IosXeDriver } from '../../../../../src/adapters/platforms/iosxe/driver.js';
import type { DevicePlan } from '../../../../../src/core/plan-types.js';
import { BASE_10, BASE_11, startFakeNetconfServer, type FakeChannel, type FakeNetconfServer, type FakeRpc } from '../../../../harness/fake-netconf-server.js';

const NATIVE = 'http://cisco.com/ns/yang/Cisco-IOS-XE-native';
const IA = 'http://cisco.com/yang/cisco-ia';
const CANDIDATE = 'urn:ietf:params:netconf:capability:candidate:1.0';
const PLAN: DevicePlan = { device: 'c9300', changes: [{ interface: 'GigabitEthernet1/0/2', leaf: 'mtu', op: 'set', before: null, after: 9000 }], refused: [] };
const OPTS = { confirmTimeoutSec: 60, saveConfig: false };

let server: FakeNetconfServer | undefined;
let session: NetconfSession | undefined;
afterEach(async () => {
  await session?.close();
  await server?.close();
});

/**
 * An IOS-XE-like server over real SSH: cisco-ia 2024-07-01 in its hello; is-syncing answers from the
 * `syncing` script; the first `lockErrors` locks are denied with the given session-id.
 */
async function device(o: { candidate?: boolean; syncing?: boolean[]; lockErrors?: string[] }): Promise<NetconfSession> {
  const syncing = [...(o.syncing ?? [])];
  const lockErrors = [...(o.lockErrors ?? [])];
  server = await startFakeNetconfServer({
    capabilities: [BASE_10, BASE_11, ...(o.candidate ? [CANDIDATE] : ['urn:ietf:params:netconf:capability:writable-running:1.0']),
      `${IA}?module=cisco-ia&amp;revision=2024-07-01`], // the hello is XML: & escaped
    onRpc: (rpc: FakeRpc, ch: FakeChannel) => {
      if (rpc.operation === 'is-syncing') {
        const now = syncing.shift() ?? false;
        return ch.reply(rpc.messageId, `<result xmlns="${IA}">${now ? 'Sync in progress' : 'No sync in progress'}</result>` +
          `<syncing xmlns="${IA}">${now}</syncing><syncs-pending xmlns="${IA}">false</syncs-pending>`);
      }
      const denied = rpc.operation === 'lock' ? lockErrors.shift() : undefined;
      if (denied !== undefined) {
        return ch.reply(rpc.messageId, '<rpc-error><error-type>protocol</error-type><error-tag>lock-denied</error-tag><error-severity>error</error-severity>' +
          `<error-info><session-id>${denied}</session-id></error-info></rpc-error>`);
      }
      if (rpc.operation === 'get-config') {
        return ch.reply(rpc.messageId, `<data><native xmlns="${NATIVE}"><interface><GigabitEthernet><name>1/0/2</name><mtu>9000</mtu></GigabitEthernet></interface></native></data>`);
      }
      ch.reply(rpc.messageId, '<ok/>');
    },
  });
  session = await NetconfSession.connect({ host: '127.0.0.1', port: server.port, username: 'admin', password: 'secret', hostKey: server.hostKeyFingerprint });
  return session;
}

const driver = new IosXeDriver({ syncWait: { maxMs: 2_000, pollMs: 1 } });
const operations = (): string[] => (server?.received ?? []).map((r) => r.operation).filter((op) => op !== 'close-session');

describe('IosXeDriver and cisco-ia over the wire', () => {
  it('holds the lock and the edit back until is-syncing reports the sync finished', async () => {
    const s = await device({ syncing: [true, true, true] });
    await driver.apply(s, PLAN, OPTS);
    expect(operations()).toEqual(['is-syncing', 'is-syncing', 'is-syncing', 'is-syncing', 'lock', 'edit-config', 'get-config', 'unlock']);
  });

  it('discards a dirty candidate (lock-denied, session-id 0) and locks again', async () => {
    const s = await device({ candidate: true, lockErrors: ['0'] });
    await driver.apply(s, PLAN, OPTS);
    expect(operations()).toEqual(['is-syncing', 'lock', 'discard-changes', 'lock', 'discard-changes', 'edit-config', 'commit', 'get-config', 'unlock']);
  });
});
