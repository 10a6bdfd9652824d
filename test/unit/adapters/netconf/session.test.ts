import { generateSshKeyPair } from '../../../../src/lab/ssh-keys.js';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { NetconfRpcError, NetconfTransportError } from '../../../../src/adapters/netconf/errors.js';
import { NetconfSession, type SessionOptions } from '../../../../src/adapters/netconf/session.js';
import { BASE_10, BASE_11, startFakeNetconfServer, type FakeChannel, type FakeNetconfServer, type FakeRpc } from '../../../harness/fake-netconf-server.js';

const servers: FakeNetconfServer[] = [];
const sessions: NetconfSession[] = [];
const dirs: string[] = [];

afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.close()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function server(opts: Parameters<typeof startFakeNetconfServer>[0] = {}): Promise<FakeNetconfServer> {
  const s = await startFakeNetconfServer(opts);
  servers.push(s);
  return s;
}

function optionsFor(s: FakeNetconfServer, extra: Partial<SessionOptions> = {}): SessionOptions {
  return { host: '127.0.0.1', port: s.port, username: 'admin', password: 'secret', hostKey: s.hostKeyFingerprint, ...extra };
}

async function connect(opts: SessionOptions): Promise<NetconfSession> {
  const session = await NetconfSession.connect(opts);
  sessions.push(session);
  return session;
}

async function transportError(p: Promise<unknown>): Promise<NetconfTransportError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(NetconfTransportError);
  return err as NetconfTransportError;
}

/** Collects RPCs until `count` have arrived, then hands them over. */
function collect(count: number): { onRpc: (rpc: FakeRpc, ch: FakeChannel) => void; all: Promise<Array<[FakeRpc, FakeChannel]>> } {
  const got: Array<[FakeRpc, FakeChannel]> = [];
  let done: (v: Array<[FakeRpc, FakeChannel]>) => void = () => undefined;
  const all = new Promise<Array<[FakeRpc, FakeChannel]>>((resolve) => (done = resolve));
  return {
    onRpc: (rpc, ch) => {
      got.push([rpc, ch]);
      if (got.length === count) done(got);
    },
    all,
  };
}

describe('NetconfSession hello and framing', () => {
  it('negotiates chunked framing when both sides offer base:1.1 and reads multi-chunk replies', async () => {
    const inner = `<native xmlns="http://cisco.com/ns/yang/Cisco-IOS-XE-native">${'<x>ü</x>'.repeat(50)}</native>`;
    const s = await server({ maxChunk: 7, onRpc: (rpc, ch) => ch.reply(rpc.messageId, `<data>${inner}</data>`) });
    // Without the ready probe, so the message ids below start at 1.
    const session = await connect({ ...optionsFor(s), readyProbe: false });
    expect(session.sessionId).toBe(1);
    expect(session.capabilities.base11).toBe(true);
    expect(session.capabilities.candidate).toBe(true);
    expect(session.serverHostKey).toBe(s.hostKeyFingerprint);
    expect(await session.getConfig({ source: 'running' })).toBe(inner);
    expect(s.clientHellos[0]).toContain(BASE_10);
    expect(s.clientHellos[0]).toContain(BASE_11);
    expect(s.received[0]?.xml).toBe(
      '<rpc message-id="1" xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><get-config><source><running/></source></get-config></rpc>',
    );
  });

  it('stays on end-of-message framing with a base:1.0-only server', async () => {
    const s = await server({ capabilities: [BASE_10], onRpc: (rpc, ch) => ch.reply(rpc.messageId, '<data/>') });
    const session = await connect(optionsFor(s));
    expect(session.capabilities.base11).toBe(false);
    expect(await session.get()).toBe('');
    await session.lock('running');
    expect(s.received.map((r) => r.operation)).toEqual(['get', 'lock']);
  });

  it('logs in with a private key', async () => {
    const key = generateSshKeyPair();
    const s = await server({ authorizedKey: key.public });
    const session = await connect({ ...optionsFor(s), password: undefined as never, privateKey: key.private });
    expect(session.closed).toBe(false);
  });
});

describe('NetconfSession RPCs', () => {
  it('matches out-of-order replies to concurrent RPCs by message-id', async () => {
    const c = collect(3);
    const s = await server({ onRpc: c.onRpc });
    const session = await connect({ ...optionsFor(s), readyProbe: false });
    const replies = ['a', 'b', 'c'].map((f) => session.rpc(`<get><filter type="subtree"><${f}/></filter></get>`));
    const got = await c.all;
    for (const [rpc, ch] of [...got].reverse()) ch.reply(rpc.messageId, `<data><id>${rpc.messageId}</id></data>`);
    const results = await Promise.all(replies);
    expect(results.map((r) => r.data)).toEqual(['<id>1</id>', '<id>2</id>', '<id>3</id>']);
    expect(results.map((r) => r.messageId)).toEqual(['1', '2', '3']);
  });

  it('resolves rpc() with a failed reply and makes the convenience call throw NetconfRpcError', async () => {
    const s = await server({
      onRpc: (rpc, ch) =>
        ch.reply(rpc.messageId, '<rpc-error><error-type>protocol</error-type><error-tag>lock-denied</error-tag><error-severity>error</error-severity><error-info><session-id>9</session-id></error-info></rpc-error>'),
    });
    const session = await connect(optionsFor(s));
    const reply = await session.rpc('<lock><target><running/></target></lock>');
    expect([reply.ok, reply.failed, reply.errors[0]?.info]).toEqual([false, true, { 'session-id': '9' }]);
    const err = await session.lock('running').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetconfRpcError);
    expect(err).toMatchObject({ reason: 'DeviceBusy', retryable: true, operation: 'lock' });
  });

  it('times out one RPC and discards the session: other pending RPCs fail at once, the session is never reused', async () => {
    const held: Array<[FakeRpc, FakeChannel]> = [];
    const s = await server({ onRpc: (rpc, ch) => held.push([rpc, ch]) });
    const session = await connect(optionsFor(s));
    const closed = once(session, 'close');
    const other = transportError(session.rpc('<get-config><source><running/></source></get-config>', { timeoutMs: 10_000 }));
    const err = await transportError(session.rpc('<get/>', { timeoutMs: 100 }));
    expect([err.reason, err.retryable]).toEqual(['RpcTimeout', true]);
    expect((await other).reason).toBe('RpcTimeout');
    const [emitted] = await closed;
    expect((emitted as NetconfTransportError).reason).toBe('RpcTimeout');
    expect(session.closed).toBe(true);
    expect((await transportError(session.discardChanges())).reason).toBe('SessionDropped');
  });

  it('discards the session when a lock is denied because this very session holds it', async () => {
    let sessionId = 0;
    const s = await server({
      onRpc: (rpc, ch) => {
        sessionId = rpc.sessionId;
        ch.reply(rpc.messageId, `<rpc-error><error-type>protocol</error-type><error-tag>lock-denied</error-tag><error-severity>error</error-severity><error-info><session-id>${rpc.sessionId}</session-id></error-info></rpc-error>`);
      },
    });
    const session = await connect(optionsFor(s));
    const err = await transportError(session.lock('running'));
    expect(sessionId).toBe(session.sessionId);
    expect([err.reason, err.retryable]).toEqual(['ProtocolError', true]);
    expect(session.closed).toBe(true);
  });

  it('tears the session down with ProtocolError when a reply passes maxReplyBytes, failing every pending RPC at once', async () => {
    const c = collect(2);
    const s = await server({ onRpc: c.onRpc });
    const session = await connect(optionsFor(s, { maxReplyBytes: 256 * 1024 }));
    const closed = once(session, 'close');
    const pending = [session.rpc('<get/>'), session.rpc('<get-config><source><running/></source></get-config>')];
    const got = await c.all;
    got[0]?.[1].reply(got[0][0].messageId, `<data>${'x'.repeat(300 * 1024)}</data>`);
    const errors = await Promise.all(pending.map(transportError));
    expect(errors.map((e) => e.reason)).toEqual(['ProtocolError', 'ProtocolError']);
    expect(errors[0]?.message).toMatch(/maxReplyBytes/);
    await closed;
    expect(session.closed).toBe(true);
  });

  it('fails every pending RPC at once with SessionDropped when the server drops the channel', async () => {
    const c = collect(2);
    const s = await server({ onRpc: c.onRpc });
    const session = await connect(optionsFor(s));
    const closed = once(session, 'close');
    const pending = [session.rpc('<get/>'), session.rpc('<get-config><source><running/></source></get-config>')];
    const got = await c.all;
    got[0]?.[1].drop();
    const errors = await Promise.all(pending.map(transportError));
    expect(errors.map((e) => e.reason)).toEqual(['SessionDropped', 'SessionDropped']);
    const [closeErr] = (await closed) as [NetconfTransportError];
    expect(closeErr.reason).toBe('SessionDropped');
    expect(session.closed).toBe(true);
    expect((await transportError(session.rpc('<get/>'))).reason).toBe('SessionDropped');
  });

  it('fails pending RPCs with ProtocolError on broken framing', async () => {
    const s = await server({ onRpc: (_rpc, ch) => ch.sendRaw('\n#zz\n') });
    const session = await connect(optionsFor(s));
    expect((await transportError(session.rpc('<get/>'))).reason).toBe('ProtocolError');
    expect(session.closed).toBe(true);
  });

  it('closes with close-session, emits close without an error, and is idempotent', async () => {
    const s = await server();
    const session = await connect(optionsFor(s));
    const closed = once(session, 'close');
    await Promise.all([session.close(), session.close()]);
    await session.close();
    expect(await closed).toEqual([undefined]);
    expect(s.received.map((r) => r.operation)).toEqual(['close-session']);
    expect(session.closed).toBe(true);
  });

  it('ends the connection within a bounded wait when the server ignores close-session', async () => {
    const s = await server({ ignoreCloseSession: true });
    const session = await connect({ ...optionsFor(s), rpcTimeoutMs: 200 });
    const closed = once(session, 'close');
    const started = Date.now();
    await session.close();
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(await closed).toEqual([undefined]);
    expect(s.received.map((r) => r.operation)).toEqual(['close-session']);
  });

  it('fails RPCs still pending at close with SessionDropped', async () => {
    const s = await server({ onRpc: () => undefined });
    const session = await connect(optionsFor(s));
    const pending = transportError(session.rpc('<get/>'));
    await session.close();
    expect((await pending).reason).toBe('SessionDropped');
  });
});

describe('NetconfSession connect failures', () => {
  it('maps a bad password to DeviceAuthFailed, not retryable', async () => {
    const s = await server();
    const err = await transportError(NetconfSession.connect(optionsFor(s, { password: 'wrong' })));
    expect([err.reason, err.retryable]).toEqual(['DeviceAuthFailed', false]);
  });

  it('refuses a server whose host key differs from the pinned one', async () => {
    const s = await server();
    const err = await transportError(NetconfSession.connect(optionsFor(s, { hostKey: 'SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' })));
    expect([err.reason, err.retryable]).toEqual(['HostKeyMismatch', false]);
    expect(err.message).toContain(s.hostKeyFingerprint);
  });

  it('refuses to connect at all when no host-key check is configured', async () => {
    const s = await server();
    const { hostKey: _pinned, ...unpinned } = optionsFor(s);
    const err = await transportError(NetconfSession.connect(unpinned));
    expect(err.reason).toBe('HostKeyMismatch');
    expect(err.message).toMatch(/no hostKey, knownHostsFile or insecureSkipHostKeyCheck/);
    expect(s.connections()).toBe(0);
  });

  it('accepts a host key listed in a known-hosts file, or any key when told to skip the check', async () => {
    const s = await server();
    const dir = mkdtempSync(join(tmpdir(), 'intentd-kh-'));
    dirs.push(dir);
    const file = join(dir, 'known_hosts');
    writeFileSync(file, `# lab\n[127.0.0.1]:1 SHA256:other\n[127.0.0.1]:${s.port} ${s.hostKeyFingerprint}=\n`);
    const { hostKey: _pinned, ...unpinned } = optionsFor(s);
    expect((await connect({ ...unpinned, knownHostsFile: file })).serverHostKey).toBe(s.hostKeyFingerprint);
    expect((await connect({ ...unpinned, insecureSkipHostKeyCheck: true })).closed).toBe(false);
    writeFileSync(file, `127.0.0.1:${s.port} SHA256:other\n`);
    expect((await transportError(NetconfSession.connect({ ...unpinned, knownHostsFile: file }))).reason).toBe('HostKeyMismatch');
  });

  it('maps a refused port to DeviceUnreachable, retryable', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const err = await transportError(
      NetconfSession.connect({ host: '127.0.0.1', port, username: 'admin', password: 'x', insecureSkipHostKeyCheck: true }),
    );
    expect([err.reason, err.retryable]).toEqual(['DeviceUnreachable', true]);
  });

  it('maps a server that never answers the SSH handshake to DeviceUnreachable', async () => {
    const sockets = new Set<Socket>();
    const silent = createServer((sock) => void sockets.add(sock));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const port = (silent.address() as AddressInfo).port;
      const err = await transportError(
        NetconfSession.connect({ host: '127.0.0.1', port, username: 'a', password: 'x', insecureSkipHostKeyCheck: true, connectTimeoutMs: 300 }),
      );
      expect(err.reason).toBe('DeviceUnreachable');
    } finally {
      for (const sock of sockets) sock.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});

/** A hello like yuma123 netconfd's: its own yuma modules next to the base capabilities. */
const YUMA_HELLO = [BASE_10, BASE_11, 'http://netconfcentral.org/ns/yuma-ncx?module=yuma-ncx'];

describe('NetconfSession ready probe', () => {
  it('hands out a session only after the server answered an empty-filter <get>', async () => {
    const s = await server({ capabilities: YUMA_HELLO });
    const session = await connect(optionsFor(s));
    expect(s.probes.map((p) => p.xml)).toEqual([expect.stringContaining('<get><filter type="subtree"/></get>')]);
    expect(session.closed).toBe(false);
  });

  it('sends no probe to a server whose hello does not show it needs one (auto), so its first RPC is the caller\'s', async () => {
    const s = await server();
    const session = await connect(optionsFor(s));
    await session.lock('running');
    expect(s.probes).toEqual([]);
    expect(s.received.map((r) => r.operation)).toEqual(['lock']);
  });

  it('probes every server with readyProbe always, and none with never', async () => {
    const plain = await server();
    await connect(optionsFor(plain, { readyProbe: 'always' }));
    expect(plain.probes).toHaveLength(1);
    const yuma = await server({ capabilities: YUMA_HELLO });
    await connect(optionsFor(yuma, { readyProbe: 'never' }));
    expect(yuma.probes).toEqual([]);
  });

  it('replaces a session that never answers its probe with a fresh one (a server that swallowed the RPC after the hello)', async () => {
    const s = await server({ capabilities: YUMA_HELLO, ignoreReadyProbe: (sessionId) => sessionId === 1 });
    const session = await connect({ ...optionsFor(s), readyProbeTimeoutMs: 200 });
    expect(session.sessionId).toBe(2);
    expect(s.connections()).toBe(2);
    await session.lock('running');
    expect(s.received.map((r) => [r.sessionId, r.operation])).toEqual([[2, 'lock']]);
  });

  it('opens one fresh session when the first never answers its probe, then gives up with RpcTimeout', async () => {
    const s = await server({ capabilities: YUMA_HELLO, ignoreReadyProbe: true });
    const err = await NetconfSession.connect({ ...optionsFor(s), readyProbeTimeoutMs: 200 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ reason: 'RpcTimeout' });
    expect(s.probes).toHaveLength(2);
    expect(s.connections()).toBe(2);
  });
});
