import { Command, Option } from 'commander';
import { GitIntentStore } from '../adapters/git/intent-store.js';
import { NetboxClient } from '../adapters/netbox/client.js';
import { NetboxSourceOfTruth } from '../adapters/netbox/source-of-truth.js';
import { PlatformRegistry } from '../adapters/platforms/registry.js';
import { IntentSyncReconciler, type SyncResult } from '../controllers/intent-sync.js';
import type { Config } from '../config/types.js';
import { ConfigError, asIntentdError } from '../core/errors.js';
import type { Logger } from '../log.js';
import { loadConfigOrExit, reportCliError, withConfigOption } from './common.js';
import { cliLogger, PROCESS_IO, type CliIo } from './plan.js';

export interface SyncFlags {
  device?: string;
  json?: boolean;
}

/**
 * `intentd sync`: one NetBox → git pass (the daemon's intent-sync controller, once): every device in
 * `netbox.deviceFilter` (or `--device`), committed only on change, with the same ticket policy. It does
 * not touch devices and does not clear tickets: the daemon does that after applying. Exit 0, or 1 when
 * any device failed.
 */
export async function syncCommand(config: Config, flags: SyncFlags, logger: Logger, io: CliIo): Promise<number> {
  if (!config.netbox.url || !config.netbox.token) throw new ConfigError('intentd sync needs netbox.url and netbox.token', ['/netbox/url, /netbox/token: required']);
  const netbox = NetboxClient.fromConfig(config.netbox, logger);
  const store = await GitIntentStore.open({ ...config.intent, logger });
  const platforms = new PlatformRegistry({ config, logger });
  const source = new NetboxSourceOfTruth({ client: netbox, config, logger, platforms });
  const sync = new IntentSyncReconciler({ source, store, config, logger, platforms });
  const devices = flags.device ? [flags.device] : await source.listDevices();
  const results: Array<SyncResult | { device: string; error: { reason: string; message: string } }> = [];
  for (const device of devices) {
    try {
      results.push(await sync.reconcile(device));
    } catch (err) {
      const e = asIntentdError(err);
      results.push({ device, error: { reason: e.reason, message: e.message } });
    }
  }
  await store.idle();
  if (flags.json) io.out(`${JSON.stringify({ devices: results }, null, 2)}\n`);
  else for (const r of results) io.out(`${describe(r)}\n`);
  return results.some((r) => 'error' in r) ? 1 : 0;
}

function describe(r: SyncResult | { device: string; error: { reason: string; message: string } }): string {
  if ('error' in r) return `${r.device}: ${r.error.reason}: ${r.error.message}`;
  const lines = [`${r.device}: ${r.committed ? `committed ${r.commit?.slice(0, 12)}` : 'intent unchanged'}`];
  if (r.imported.length) lines.push(`  imported ${r.imported.length} interface(s)`);
  for (const t of r.taken) lines.push(`  taken ${t.interface} ${t.fields.join(', ')}${t.ticket ? ` (ticket ${t.ticket})` : ''}`);
  for (const s of r.skipped) lines.push(`  skipped ${s.interface} ${s.fields.join(', ')}: ${s.reason === 'NoTicket' ? 'No ticket number attached to this change, skipping!' : (s.message ?? s.reason)}`);
  return lines.join('\n');
}

export function registerSync(program: Command): void {
  withConfigOption(program.command('sync'))
    .description('read NetBox and write intent to git (commit only on change); devices are not touched')
    .addOption(new Option('--device <name>', 'only this device'))
    .addOption(new Option('--json', 'print the results as JSON'))
    .action(async (opts: SyncFlags & { config?: string }) => {
      const config = loadConfigOrExit(opts);
      try {
        process.exitCode = await syncCommand(config, opts, cliLogger(), PROCESS_IO);
      } catch (err) {
        process.exitCode = reportCliError(err);
      }
    });
}
