/**
 * Opens an SSH connection and its `netconf` subsystem channel (RFC 6242 §3) with ssh2, checking the
 * host key, and translates ssh2 failures into NetconfTransportError. Knows nothing of NETCONF messages.
 */
import { Client, type ClientChannel, type ConnectConfig } from 'ssh2';
import { NetconfTransportError } from './errors.js';
import { fingerprint, readKnownHostKeys, sameFingerprint } from './host-key.js';

export interface SshOptions {
  host: string;
  port: number;
  username: string;
  password?: string;
  privateKey?: string | Buffer;
  hostKey?: string;
  knownHostsFile?: string;
  insecureSkipHostKeyCheck?: boolean;
  connectTimeoutMs?: number;
  keepaliveMs?: number;
}

export interface NetconfChannel {
  client: Client;
  channel: ClientChannel;
  /** `SHA256:` fingerprint of the key the server presented. */
  serverHostKey: string;
}

const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);

/** Decides on the key a server presents: null when accepted, else why it is refused. */
export interface HostKeyPolicy {
  check(key: Buffer): string | null;
}

/**
 * The host-key policy for `o`: the pinned `hostKey` fingerprint and the keys `knownHostsFile` lists
 * for `[host]:port` (a key `@revoked` there is refused even when pinned), or null when checking is
 * switched off with `insecureSkipHostKeyCheck` and nothing is configured. Throws HostKeyMismatch when
 * nothing would accept any key, or the file cannot be read.
 */
export function hostKeyPolicy(o: SshOptions): HostKeyPolicy | null {
  const target = `${o.host}:${o.port}`;
  const fingerprints: string[] = o.hostKey !== undefined ? [o.hostKey] : [];
  const keys: Buffer[] = [];
  const revoked: Buffer[] = [];
  if (o.knownHostsFile !== undefined) {
    try {
      const known = readKnownHostKeys(o.knownHostsFile, o.host, o.port);
      keys.push(...known.keys);
      fingerprints.push(...known.fingerprints);
      revoked.push(...known.revoked);
    } catch (err) {
      throw new NetconfTransportError('HostKeyMismatch', `${target}: cannot read known-hosts file ${o.knownHostsFile}`, { cause: err });
    }
  }
  if (keys.length === 0 && fingerprints.length === 0) {
    if (o.insecureSkipHostKeyCheck === true) return null;
    const why = o.knownHostsFile !== undefined ? `no usable entry for [${o.host}]:${o.port} in ${o.knownHostsFile}` : 'no hostKey, knownHostsFile or insecureSkipHostKeyCheck configured';
    throw new NetconfTransportError('HostKeyMismatch', `${target}: refusing to connect, ${why}`);
  }
  const expected = [...fingerprints, ...keys.map(fingerprint)].join(' or ');
  return {
    check(key: Buffer): string | null {
      if (revoked.some((k) => k.equals(key))) return `host key ${fingerprint(key)} is marked @revoked in ${o.knownHostsFile ?? 'known_hosts'}`;
      if (keys.some((k) => k.equals(key)) || fingerprints.some((fp) => sameFingerprint(fp, fingerprint(key)))) return null;
      return `host key ${fingerprint(key)} does not match ${expected}`;
    },
  };
}

/** Maps an ssh2 / socket error to our reasons. */
export function mapSshError(err: Error & { level?: string; code?: string }, target: string): NetconfTransportError {
  if (err.level === 'client-authentication') {
    return new NetconfTransportError('DeviceAuthFailed', `${target}: authentication failed (${err.message})`, { cause: err });
  }
  if (err.level === 'client-timeout' || err.level === 'client-dns' || (err.code !== undefined && UNREACHABLE_CODES.has(err.code))) {
    return new NetconfTransportError('DeviceUnreachable', `${target}: ${err.message}`, { cause: err });
  }
  if (err.level === 'client-socket') {
    return new NetconfTransportError('DeviceUnreachable', `${target}: ${err.message}`, { cause: err });
  }
  return new NetconfTransportError('ProtocolError', `${target}: SSH failure: ${err.message}`, { cause: err });
}

/** Connects, authenticates and opens the netconf subsystem. Rejects with NetconfTransportError. */
export function openNetconfChannel(o: SshOptions): Promise<NetconfChannel> {
  const target = `${o.host}:${o.port}`;
  let policy: HostKeyPolicy | null;
  try {
    policy = hostKeyPolicy(o);
  } catch (err) {
    return Promise.reject(err);
  }
  let presented = '';
  let refusal: string | null = null;
  const client = new Client();
  return new Promise<NetconfChannel>((resolve, reject) => {
    let settled = false;
    const fail = (err: NetconfTransportError): void => {
      if (settled) return;
      settled = true;
      client.destroy();
      reject(err);
    };
    client.on('error', (err: Error & { level?: string; code?: string }) => {
      if (refusal !== null) {
        fail(new NetconfTransportError('HostKeyMismatch', `${target}: ${refusal}`, { cause: err }));
        return;
      }
      fail(mapSshError(err, target));
    });
    client.once('close', () => fail(new NetconfTransportError('DeviceUnreachable', `${target}: connection closed during SSH setup`)));
    client.once('ready', () => {
      client.subsys('netconf', (err, channel) => {
        if (err) {
          fail(new NetconfTransportError('ProtocolError', `${target}: netconf subsystem refused: ${err.message}`, { cause: err }));
          return;
        }
        if (settled) return;
        settled = true;
        resolve({ client, channel, serverHostKey: presented });
      });
    });
    const config: ConnectConfig = {
      host: o.host,
      port: o.port,
      username: o.username,
      readyTimeout: o.connectTimeoutMs ?? 15_000,
      keepaliveInterval: o.keepaliveMs ?? 30_000,
      keepaliveCountMax: 3,
      hostVerifier: (key: Buffer): boolean => {
        presented = fingerprint(key);
        refusal = policy === null ? null : policy.check(key);
        return refusal === null;
      },
    };
    if (o.password !== undefined) config.password = o.password;
    if (o.privateKey !== undefined) config.privateKey = o.privateKey;
    try {
      client.connect(config);
    } catch (err) {
      // ssh2 throws synchronously on an unparsable private key: a credentials problem.
      fail(new NetconfTransportError('DeviceAuthFailed', `${target}: ${(err as Error).message}`, { cause: err }));
    }
  });
}
