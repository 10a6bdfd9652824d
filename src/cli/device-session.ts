import { readFileSync } from 'node:fs';
import { ConfigError } from '../core/errors.js';
import type { Config, DeviceConnection } from '../config/types.js';
import type { SessionOptions } from '../adapters/netconf/session.js';
import type { Logger } from '../log.js';

/**
 * NETCONF connection settings of a device: `devices.defaults` ← `devices.overrides[device]`. The host
 * must come from the override for now (NetBox primary-IP lookup is a later issue). Throws ConfigError.
 */
export function sessionOptionsFor(config: Config, device: string, logger: Logger): SessionOptions {
  const c: Partial<DeviceConnection> = { ...config.devices.defaults, ...(config.devices.overrides[device] ?? {}) };
  if (!c.host) {
    throw new ConfigError(`no host for device ${device}`, [`devices.overrides.${device}.host: required (NetBox lookup is not available yet)`]);
  }
  const o: SessionOptions = { host: c.host, port: c.port ?? 830, username: c.username ?? 'admin', logger };
  if (c.password !== undefined) o.password = c.password;
  if (c.privateKeyFile !== undefined) {
    try {
      o.privateKey = readFileSync(c.privateKeyFile);
    } catch (err) {
      throw new ConfigError(`cannot read private key for ${device}`, [`privateKeyFile: ${(err as Error).message}`], { cause: err });
    }
  }
  if (c.hostKey !== undefined) o.hostKey = c.hostKey;
  if (c.knownHostsFile !== undefined) o.knownHostsFile = c.knownHostsFile;
  if (c.insecureSkipHostKeyCheck) o.insecureSkipHostKeyCheck = true;
  if (c.timeoutMs !== undefined) {
    o.connectTimeoutMs = c.timeoutMs;
    o.rpcTimeoutMs = c.timeoutMs;
  }
  return o;
}
