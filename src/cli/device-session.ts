import { NetboxClient } from '../adapters/netbox/client.js';
import { NetboxSourceOfTruth } from '../adapters/netbox/source-of-truth.js';
import { PlatformRegistry } from '../adapters/platforms/registry.js';
import { connectionFor } from '../adapters/netconf/connection.js';
import type { SessionOptions } from '../adapters/netconf/session.js';
import type { Config } from '../config/types.js';
import type { Logger } from '../log.js';

/**
 * NETCONF connection settings of a device for `intentd show` (plan and apply go through device-apply):
 * `devices.defaults` ← `devices.overrides[device]`; when no override names a host and NetBox is
 * configured, the host is the device's NetBox `primary_ip4` (the source port's host lookup, as the
 * daemon does). Throws ConfigError when there is no host either way, DeviceAddressUnknown (retryable)
 * when NetBox cannot be asked.
 */
export async function sessionOptionsFor(config: Config, device: string, logger: Logger): Promise<SessionOptions> {
  let fallback: string | undefined;
  const override = config.devices.overrides[device]?.host ?? config.devices.defaults.host;
  if (!override && config.netbox.url && config.netbox.token) {
    const source = new NetboxSourceOfTruth({ client: NetboxClient.fromConfig(config.netbox, logger), config, logger, platforms: new PlatformRegistry({ config, logger }) });
    fallback = (await source.locate(device)).mgmtAddress ?? undefined;
  }
  return { ...connectionFor(config, device, fallback), logger };
}
