import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { NetconfTransportError } from '../../../src/adapters/netconf/errors.js';
import { NetconfSession } from '../../../src/adapters/netconf/session.js';
import { describeNetconfd, startTestDevice, type TestDevice } from '../../harness/netconfd.js';
import { freePort } from '../../harness/processes.js';
import { sessionOptions } from './device-options.js';

async function transportFailure(p: Promise<unknown>): Promise<NetconfTransportError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(NetconfTransportError);
  return err as NetconfTransportError;
}

describeNetconfd('NetconfSession hello and authentication against netconfd', () => {
  let running: TestDevice;
  let candidate: TestDevice;
  let tmp: string;

  beforeAll(async () => {
    [running, candidate, tmp] = await Promise.all([
      startTestDevice({ target: 'running' }),
      startTestDevice({ target: 'candidate' }),
      mkdtemp(join(tmpdir(), 'intentd-known-hosts-')),
    ]);
  });
  afterAll(async () => {
    await Promise.all([running?.stop(), candidate?.stop(), tmp ? rm(tmp, { recursive: true, force: true }) : undefined]);
  });

  it('reports a session id and the writable-running shape of an IOS-XE device', async () => {
    const session = await NetconfSession.connect(sessionOptions(running));
    try {
      expect(session.sessionId).toBeGreaterThan(0);
      const caps = session.capabilities;
      expect(caps.writableRunning).toBe(true);
      expect(caps.candidate).toBe(false);
      expect(caps.confirmedCommit).toBe(false);
      expect(caps.base11).toBe(true);
      expect(caps.has('urn:ietf:params:netconf:base:1.0')).toBe(true);
    } finally {
      await session.close();
    }
  });

  it('reports candidate and confirmed-commit on a candidate-target device', async () => {
    const session = await NetconfSession.connect(sessionOptions(candidate));
    try {
      expect(session.capabilities.candidate).toBe(true);
      expect(session.capabilities.confirmedCommit).toBe(true);
      expect(session.capabilities.writableRunning).toBe(false);
    } finally {
      await session.close();
    }
  });

  it('lists the IOS-XE YANG modules with their namespaces and revisions', async () => {
    const session = await NetconfSession.connect(sessionOptions(running));
    try {
      const modules = session.capabilities.modules;
      expect(modules.get('Cisco-IOS-XE-native')).toEqual({
        namespace: 'http://cisco.com/ns/yang/Cisco-IOS-XE-native', revision: '2023-07-01',
      });
      expect(modules.get('Cisco-IOS-XE-switch')).toEqual({
        namespace: 'http://cisco.com/ns/yang/Cisco-IOS-XE-switch', revision: '2023-11-01',
      });
      expect(modules.get('cisco-ia')).toEqual({ namespace: 'http://cisco.com/yang/cisco-ia', revision: '2024-07-01' });
    } finally {
      await session.close();
    }
  });

  it('gives each session its own id', async () => {
    const [a, b] = await Promise.all([
      NetconfSession.connect(sessionOptions(running)),
      NetconfSession.connect(sessionOptions(running)),
    ]);
    try {
      expect(a.sessionId).not.toBe(b.sessionId);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('logs in with a password', async () => {
    const { privateKey: _key, ...withoutKey } = sessionOptions(running);
    const session = await NetconfSession.connect({ ...withoutKey, password: running.password });
    try {
      expect(session.sessionId).toBeGreaterThan(0);
    } finally {
      await session.close();
    }
  });

  it('logs in with the authorized private key', async () => {
    const session = await NetconfSession.connect(sessionOptions(candidate));
    try {
      expect(session.closed).toBe(false);
    } finally {
      await session.close();
    }
    expect(session.closed).toBe(true);
  });

  it('refuses a wrong password as DeviceAuthFailed, not retryable', async () => {
    const { privateKey: _key, ...withoutKey } = sessionOptions(running);
    const err = await transportFailure(NetconfSession.connect({ ...withoutKey, password: 'not-the-password' }));
    expect(err.reason).toBe('DeviceAuthFailed');
    expect(err.retryable).toBe(false);
  });

  it('exposes the pinned host key fingerprint of the server', async () => {
    const session = await NetconfSession.connect(sessionOptions(running));
    try {
      expect(session.serverHostKey).toBe(running.hostKeyFingerprint);
    } finally {
      await session.close();
    }
  });

  it('refuses a server whose host key does not match the pin as HostKeyMismatch', async () => {
    const err = await transportFailure(
      NetconfSession.connect(sessionOptions(running, { hostKey: candidate.hostKeyFingerprint })),
    );
    expect(err.reason).toBe('HostKeyMismatch');
    expect(err.retryable).toBe(false);
  });

  it('accepts a host key listed for host and port in a known-hosts file', async () => {
    const file = join(tmp, 'known_hosts');
    await writeFile(file, [
      `[127.0.0.1]:${candidate.port} ${candidate.hostKeyFingerprint}`,
      `127.0.0.1:${running.port} ${running.hostKeyFingerprint}`,
      '',
    ].join('\n'));
    const { hostKey: _pin, ...unpinned } = sessionOptions(running);
    const session = await NetconfSession.connect({ ...unpinned, knownHostsFile: file });
    await session.close();
    const { hostKey: _pin2, ...unpinnedCandidate } = sessionOptions(candidate);
    const other = await NetconfSession.connect({ ...unpinnedCandidate, knownHostsFile: file });
    await other.close();
  });

  it('refuses a host whose key in the known-hosts file belongs to another device', async () => {
    const file = join(tmp, 'known_hosts_wrong');
    await writeFile(file, `[127.0.0.1]:${running.port} ${candidate.hostKeyFingerprint}\n`);
    const { hostKey: _pin, ...unpinned } = sessionOptions(running);
    const err = await transportFailure(NetconfSession.connect({ ...unpinned, knownHostsFile: file }));
    expect(err.reason).toBe('HostKeyMismatch');
  });

  it('reports a closed port as DeviceUnreachable, retryable', async () => {
    const port = await freePort(); // nothing listens there
    const err = await transportFailure(NetconfSession.connect(sessionOptions(running, { port })));
    expect(err.reason).toBe('DeviceUnreachable');
    expect(err.retryable).toBe(true);
  });
});
