import { generateSshKeyPair } from '../../../src/lab/ssh-keys.js';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { NetconfTransportError } from '../../../src/adapters/netconf/errors.js';
import { NetconfSession } from '../../../src/adapters/netconf/session.js';
import { describeNetconfd, startTestDevice, type TestDevice } from '../../harness/netconfd.js';
import { sessionOptions } from './device-options.js';

describeNetconfd('knownHostsFile written by ssh-keyscan against the test device sshd', () => {
  let device: TestDevice;
  let dir: string;
  let scanned: string;

  beforeAll(async () => {
    device = await startTestDevice({ target: 'running' });
    dir = mkdtempSync(join(tmpdir(), 'intentd-keyscan-'));
    // Exactly what a user would run: `ssh-keyscan -p 830 host`, here on the device's port.
    scanned = execFileSync('ssh-keyscan', ['-p', String(device.port), device.host], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  });
  afterAll(async () => {
    await device?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const write = (name: string, text: string): string => {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  };
  const connectWith = (knownHostsFile: string): Promise<NetconfSession> => {
    const { hostKey: _pinned, ...unpinned } = sessionOptions(device);
    return NetconfSession.connect({ ...unpinned, knownHostsFile });
  };
  const refusal = async (knownHostsFile: string): Promise<NetconfTransportError> => {
    const err = await connectWith(knownHostsFile).then(async (s) => { await s.close(); return undefined; }, (e: unknown) => e);
    expect(err).toBeInstanceOf(NetconfTransportError);
    return err as NetconfTransportError;
  };

  it('connects with the plain [host]:port file', async () => {
    expect(scanned).toContain(`[${device.host}]:${device.port} ssh-ed25519 `);
    const session = await connectWith(write('plain', scanned));
    expect(session.serverHostKey).toBe(device.hostKeyFingerprint);
    await session.close();
  });

  it('connects with the same file hashed by ssh-keygen -H', async () => {
    const file = write('hashed', scanned);
    execFileSync('ssh-keygen', ['-H', '-f', file], { stdio: 'ignore' });
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^\|1\|/m);
    expect(text).not.toContain(device.host);
    const session = await connectWith(file);
    await session.close();
  });

  it('refuses a different key listed for the host as HostKeyMismatch', async () => {
    const other = generateSshKeyPair().public.split(' ').slice(0, 2).join(' ');
    const err = await refusal(write('wrong', `[${device.host}]:${device.port} ${other}\n`));
    expect([err.reason, err.retryable]).toEqual(['HostKeyMismatch', false]);
  });

  it('refuses the device key when a @revoked line names it, even though it is listed too', async () => {
    const keyLine = scanned.split('\n').find((l) => l.includes(' ssh-ed25519 ')) ?? '';
    const [, type, b64] = keyLine.split(' ');
    const err = await refusal(write('revoked', `${scanned}@revoked * ${type} ${b64}\n`));
    expect(err.reason).toBe('HostKeyMismatch');
    expect(err.message).toMatch(/@revoked/);
  });
});
