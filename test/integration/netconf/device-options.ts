// SessionOptions for a harness test device: key auth with the host key pinned, unless overridden.
import type { SessionOptions } from '../../../src/adapters/netconf/session.js';
import type { TestDevice } from '../../harness/netconfd.js';

export function sessionOptions(device: TestDevice, overrides: Partial<SessionOptions> = {}): SessionOptions {
  return {
    host: device.host,
    port: device.port,
    username: device.username,
    privateKey: device.privateKey,
    hostKey: device.hostKeyFingerprint,
    connectTimeoutMs: 10_000,
    rpcTimeoutMs: 15_000,
    ...overrides,
  };
}
