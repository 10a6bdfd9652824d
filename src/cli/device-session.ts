import { NetboxClient, managementAddress } from '../adapters/netbox/client.js';
import { connectionFor } from '../adapters/netconf/connection.js';
import type { SessionOptions } from '../adapters/netconf/session.js';
import type { Config } from '../config/types.js';
import type { Logger } from '../log.js';

/**
 * NETCONF connection settings of a device for one-shot commands (`plan`, `apply`, `show`):
 * `devices.defaults` ← `devices.overrides[device]`; when no override names a host and NetBox is
 * configured, the host is the device's NetBox `primary_ip4` (as the daemon does). Throws ConfigError
 * when there is no host either way, NetboxError when NetBox cannot be asked.
 */
export async function sessionOptionsFor(config: Config, device: string, logger: Logger): Promise<SessionOptions> {
  let fallback: string | undefined;
  const override = config.devices.overrides[device]?.host ?? config.devices.defaults.host;
  if (!override && config.netbox.url && config.netbox.token) {
    const nb = await NetboxClient.fromConfig(config.netbox, logger).getDeviceByName(device);
    fallback = (nb && managementAddress(nb)) ?? undefined;
  }
  return { ...connectionFor(config, device, fallback), logger };
}
