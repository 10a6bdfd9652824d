// The private sshd in front of one netconfd: keys, sshd_config, and a NETCONF hello probe over real SSH.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile, writeFile, chmod } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ssh2 from 'ssh2';

const run = promisify(execFile);

export const SSHD = '/usr/sbin/sshd';
export const SSH_KEYGEN = '/usr/bin/ssh-keygen';
export const NETCONF_SUBSYSTEM = '/usr/sbin/netconf-subsystem';

/** 'SHA256:<base64, no padding>' of an OpenSSH public key line, as `ssh-keygen -l` prints it. */
export function fingerprintOf(publicKeyLine: string): string {
  const blob = publicKeyLine.trim().split(/\s+/)[1] ?? '';
  const digest = createHash('sha256').update(Buffer.from(blob, 'base64')).digest('base64');
  return `SHA256:${digest.replace(/=+$/, '')}`;
}

export interface SshKeys {
  hostKeyFile: string;
  hostKeyFingerprint: string;
  clientPrivateKey: string;
  authorizedKeysFile: string;
}

/** A fresh ed25519 host key and an ECDSA client key (PEM) authorized for the login user. */
export async function makeKeys(stateDir: string): Promise<SshKeys> {
  const hostKeyFile = join(stateDir, 'ssh_host_ed25519_key');
  const clientKeyFile = join(stateDir, 'client_key');
  await Promise.all([
    run(SSH_KEYGEN, ['-q', '-t', 'ed25519', '-N', '', '-C', 'intentd-test-device', '-f', hostKeyFile]),
    run(SSH_KEYGEN, ['-q', '-t', 'ecdsa', '-b', '256', '-m', 'PEM', '-N', '', '-C', 'intentd-test', '-f', clientKeyFile]),
  ]);
  const authorizedKeysFile = join(stateDir, 'authorized_keys');
  await writeFile(authorizedKeysFile, await readFile(`${clientKeyFile}.pub`, 'utf8'));
  // sshd reads authorized_keys as the login user.
  await chmod(authorizedKeysFile, 0o644);
  return {
    hostKeyFile,
    hostKeyFingerprint: fingerprintOf(await readFile(`${hostKeyFile}.pub`, 'utf8')),
    clientPrivateKey: await readFile(clientKeyFile, 'utf8'),
    authorizedKeysFile,
  };
}

export function sshdConfig(o: {
  port: number; stateDir: string; username: string; keys: SshKeys; ncxSocket: string;
}): string {
  return [
    `Port ${o.port}`,
    'ListenAddress 127.0.0.1',
    `HostKey ${o.keys.hostKeyFile}`,
    `PidFile ${join(o.stateDir, 'sshd.pid')}`,
    'PasswordAuthentication yes',
    'KbdInteractiveAuthentication no',
    'PubkeyAuthentication yes',
    'PermitRootLogin no',
    `AllowUsers ${o.username}`,
    `AuthorizedKeysFile ${o.keys.authorizedKeysFile}`,
    // The state dir lives under /tmp (sticky, world-writable), which StrictModes would refuse.
    'StrictModes no',
    'UsePAM yes',
    'UseDNS no',
    'PrintMotd no',
    'MaxStartups 100:30:200',
    'LogLevel ERROR',
    `Subsystem netconf ${NETCONF_SUBSYSTEM} --ncxserver-sockname=${o.port}@${o.ncxSocket}`,
    '',
  ].join('\n');
}

/**
 * Logs in with the client key, opens the netconf subsystem and resolves once the server's <hello> has
 * arrived, proving the whole chain sshd → netconf-subsystem → netconfd works. Rejects on any failure.
 */
export function probeHello(o: { port: number; username: string; privateKey: string }, timeoutMs = 5000): Promise<void> {
  return new Promise((resolve, reject) => {
    const client = new ssh2.Client();
    let settled = false;
    const finish = (err?: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      client.end();
      if (err) reject(err);
      else resolve();
    };
    const timer = setTimeout(() => finish(new Error('no NETCONF hello within timeout')), timeoutMs);
    client.on('error', (err) => finish(err));
    client.on('ready', () => {
      client.subsys('netconf', (err, channel) => {
        if (err) return finish(err);
        let seen = '';
        channel.on('data', (chunk: Buffer) => {
          seen += chunk.toString('utf8');
          if (seen.includes('</hello>') || seen.includes(':hello>')) finish();
        });
        channel.on('close', () => finish(new Error(`channel closed during hello: ${seen.slice(0, 200)}`)));
      });
    });
    client.connect({
      host: '127.0.0.1', port: o.port, username: o.username, privateKey: o.privateKey,
      readyTimeout: timeoutMs, hostVerifier: () => true,
    });
  });
}
