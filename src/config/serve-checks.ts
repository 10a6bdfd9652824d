import { ConfigError } from '../core/errors.js';
import type { Config } from './types.js';

/**
 * Checks that only matter for the daemon (`intentd run`, the demo), not for one-shot commands.
 * With NetBox configured, the webhook route must be signed: without `netbox.webhookSecret` anyone who
 * reaches the port could nudge reconciles, so start is refused unless `netbox.allowUnsignedWebhooks`
 * says so explicitly. Without NetBox there is no webhook route, so nothing is required.
 * Returns warnings to log at start; throws ConfigError (exit 78).
 */
export function checkServeConfig(config: Config, source = 'config'): string[] {
  const warnings: string[] = [];
  if (config.netbox.url !== null && !config.netbox.webhookSecret) {
    if (!config.netbox.allowUnsignedWebhooks) {
      throw new ConfigError(`${source}: invalid configuration for intentd run`, [
        `${source}: /netbox/webhookSecret: not set, so NetBox webhooks could not be authenticated; set it (or INTENTD_NETBOX_WEBHOOK_SECRET) to the secret of the NetBox webhook, or set netbox.allowUnsignedWebhooks: true to accept unsigned webhooks`,
      ]);
    }
    warnings.push('netbox.webhookSecret is not set and netbox.allowUnsignedWebhooks is true: unsigned webhooks are accepted from anyone who can reach the port');
  }
  return warnings;
}
