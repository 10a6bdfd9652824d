import { readFileSync } from 'node:fs';
import { ConfigError } from '../../core/errors.js';
import type { Config, DeviceConnection } from '../../config/types.js';
import type { SessionOptions } from './session.js';

/**
 * NETCONF session options of `device`: `devices.defaults` ← `devices.overrides[device]`, mapped onto
 * SessionOptions. The host comes from the override, else `fallbackHost` (e.g. the NetBox primary IP
 * the daemon looked up). Reads `privateKeyFile` from disk; `timeoutMs` bounds both connecting and each
 * RPC. Throws ConfigError (terminal) when there is no host or the key file cannot be read. No logger
 * is set: callers add their own.
 */
export function connectionFor(config: Config, device: string, fallbackHost?: string): SessionOptions {
  const c: Partial<DeviceConnection> = { ...config.devices.defaults, ...(config.devices.overrides[device] ?? {}) };
  const host = c.host ?? fallbackHost;
  if (host === undefined || host === '') {
    throw new ConfigError(`no NETCONF host for device ${device}`, [
      `devices.overrides.${device}.host: required when NetBox has no primary_ip4 for the device`,
    ]);
  }
  const o: SessionOptions = {
    host,
    port: c.port ?? config.devices.defaults.port,
    username: c.username ?? config.devices.defaults.username,
  };
  if (c.password !== undefined) o.password = c.password;
  if (c.privateKeyFile !== undefined) o.privateKey = readKey(device, c.privateKeyFile);
  if (c.hostKey !== undefined) o.hostKey = c.hostKey;
  if (c.knownHostsFile !== undefined) o.knownHostsFile = c.knownHostsFile;
  if (c.insecureSkipHostKeyCheck === true) o.insecureSkipHostKeyCheck = true;
  if (c.maxReplyBytes !== undefined) o.maxReplyBytes = c.maxReplyBytes;
  if (c.readyProbe !== undefined) o.readyProbe = c.readyProbe;
  if (c.timeoutMs !== undefined) {
    o.connectTimeoutMs = c.timeoutMs;
    o.rpcTimeoutMs = c.timeoutMs;
  }
  return o;
}

/** Whether device identity is checked before writing to `device` (`checkIdentity`, default true). */
export function identityCheckEnabled(config: Config, device: string): boolean {
  return (config.devices.overrides[device]?.checkIdentity ?? config.devices.defaults.checkIdentity) !== false;
}

/** Warnings to log once per device: safety checks switched off for it. */
export function connectionWarnings(config: Config, device: string): string[] {
  const c: Partial<DeviceConnection> = { ...config.devices.defaults, ...(config.devices.overrides[device] ?? {}) };
  const out: string[] = [];
  if (c.insecureSkipHostKeyCheck === true && c.hostKey === undefined && c.knownHostsFile === undefined) {
    out.push('insecureSkipHostKeyCheck: the host key of this device is NOT checked; anyone on the path can impersonate it');
  }
  if (!identityCheckEnabled(config, device)) out.push('checkIdentity is off: the device hostname and serial are NOT checked before writing');
  return out;
}

function readKey(device: string, file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    throw new ConfigError(`cannot read the private key of device ${device}`, [
      `devices privateKeyFile ${file}: ${(err as Error).message}`,
    ], { cause: err });
  }
}
