import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeNetconfd, startTestDevice, type TestDevice } from '../../harness/netconfd.js';
import { NetconfSession } from '../../../src/adapters/netconf/session.js';
import { c9300StartupXml } from '../../harness/iosxe-startup.js';
import { interfacesIn } from '../../harness/iosxe-xml.js';
import { probeHello } from '../../harness/sshd.js';
import { sessionOptions } from './device-options.js';

describeNetconfd('test device harness (netconfd behind sshd)', () => {
  let running: TestDevice;
  let candidate: TestDevice;

  beforeAll(async () => {
    [running, candidate] = await Promise.all([
      startTestDevice({ target: 'running' }),
      startTestDevice({ target: 'candidate' }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([running?.stop(), candidate?.stop()]);
  });

  it('runs two devices side by side on their own ports and state dirs', () => {
    expect(running.port).not.toBe(candidate.port);
    expect(running.stateDir).not.toBe(candidate.stateDir);
    expect(running.target).toBe('running');
    expect(candidate.target).toBe('candidate');
  });

  it('reports the host key fingerprint that ssh-keygen prints', () => {
    const line = execFileSync('ssh-keygen', ['-l', '-f', `${running.stateDir}/ssh_host_ed25519_key.pub`], { encoding: 'utf8' });
    expect(line.split(' ')[1]).toBe(running.hostKeyFingerprint);
    expect(running.hostKeyFingerprint).not.toBe(candidate.hostKeyFingerprint);
  });

  it('serves a NETCONF hello to the authorized client key', async () => {
    await expect(probeHello({ port: candidate.port, username: candidate.username, privateKey: candidate.privateKey }))
      .resolves.toBeUndefined();
  });

  it('boots from a caller-supplied startup configuration', async () => {
    const device = await startTestDevice({ target: 'candidate', startupXml: c9300StartupXml({ ports: 8 }) });
    try {
      const session = await NetconfSession.connect(sessionOptions(device));
      const data = await session.getConfig({ source: 'running' });
      await session.close();
      expect([...(await interfacesIn(data, 'GigabitEthernet')).keys()]).toHaveLength(8);
      expect([...(await interfacesIn(data, 'Vlan')).keys()]).toEqual(['1']);
      expect([...(await interfacesIn(data, 'Loopback')).keys()]).toEqual(['0']);
    } finally {
      await device.stop();
    }
  });

  it('removes its state dir on stop and tolerates a second stop', async () => {
    const device = await startTestDevice({ target: 'running' });
    await device.stop();
    await device.stop();
    expect(existsSync(device.stateDir)).toBe(false);
  });
});
