import { Command, Option } from 'commander';
import { ValidationError } from '../core/errors.js';
import { formatPlan } from '../core/planner.js';
import { TICKET_PATTERN } from '../core/types.js';
import type { Config } from '../config/types.js';
import type { ApplyResult } from '../adapters/platforms/iosxe/driver.js';
import { GitIntentStore } from '../adapters/git/intent-store.js';
import { identityCheckEnabled } from '../adapters/netconf/connection.js';
import { auditMeta, ticketsOf } from '../controllers/audit-meta.js';
import { loadConfigOrExit, reportCliError, withConfigOption } from './common.js';
import { formatError, runDevices, type RunnerDeps } from './device-runner.js';
import { cliLogger, EXIT_ERROR, PROCESS_IO, type CliIo } from './plan.js';

export interface ApplyFlags {
  device?: string;
  ticket?: string;
  dryRun?: boolean;
  json?: boolean;
}

function resultLine(r: ApplyResult): string {
  if (r.sent === '') return '  nothing to apply';
  const how = [r.datastore, r.confirmed ? 'confirmed commit' : null, r.saved ? 'saved to startup' : null].filter(Boolean).join(', ');
  return `  applied (${how}) and verified in ${r.durationMs} ms`;
}

/**
 * `intentd apply`: plans each device, applies only the drift and verifies it (with `--dry-run` only
 * plans). Each device write leaves an audit commit (Reason: manual apply) with `--ticket`, else the
 * tickets of the interfaces changed. Exit 0 when every device is in sync
 * afterwards, 1 when any failed.
 */
export async function applyCommand(config: Config, flags: ApplyFlags, deps: RunnerDeps, io: CliIo): Promise<number> {
  if (flags.ticket !== undefined && !new RegExp(TICKET_PATTERN).test(flags.ticket)) {
    throw new ValidationError(`invalid ticket '${flags.ticket}'`, [`--ticket: must match ${TICKET_PATTERN}`]);
  }
  const opts = { confirmTimeoutSec: config.reconcile.confirmTimeoutSec, saveConfig: config.reconcile.saveConfig };
  let store: GitIntentStore | null = null;
  const outcomes = await runDevices(config, flags.device, deps, flags.dryRun
    ? undefined
    : async (device, plan, session, driver, intent) => {
      // The CLI checks the hostname only (the daemon also checks NetBox's serial).
      const result = await driver.apply(session, plan, identityCheckEnabled(config, device) ? { ...opts, identity: { name: device } } : opts);
      if (result.sent === '') return result;
      // A device write from the CLI is recorded like the daemon's: an audit commit in the intent repo.
      store ??= await GitIntentStore.open({ ...config.intent, logger: deps.logger });
      const tickets = flags.ticket ? [flags.ticket] : ticketsOf(intent, plan.changes);
      const commit = await store.audit(auditMeta({ device, plan, outcome: { ...result, note: null }, revision: await store.revisionOf(device), cause: 'manual apply', tickets }));
      deps.logger.info({ device, ticket: tickets[0] ?? null, leaves: plan.changes.length, commit }, 'applied from the CLI');
      return result;
    });
  if (flags.json) {
    io.out(`${JSON.stringify({ ticket: flags.ticket ?? null, dryRun: flags.dryRun === true, devices: outcomes }, null, 2)}\n`);
  } else {
    for (const o of outcomes) {
      if (o.plan) io.out(`${formatPlan(o.plan)}\n`);
      if (o.error) io.err(`${formatError(o)}\n`);
      else io.out(o.result ? `${resultLine(o.result)}\n` : flags.dryRun ? '  dry run: nothing sent\n' : '  nothing to apply\n');
    }
  }
  return outcomes.some((o) => o.error) ? EXIT_ERROR : 0;
}

export function registerApply(program: Command): void {
  withConfigOption(program.command('apply'))
    .description('apply intent to devices and verify')
    .addOption(new Option('--device <name>', 'only this device'))
    .addOption(new Option('--ticket <id>', 'change ticket this apply belongs to (recorded in the audit commit)'))
    .addOption(new Option('--dry-run', 'plan only, send nothing'))
    .addOption(new Option('--json', 'print plans and results as JSON'))
    .action(async (opts: ApplyFlags & { config?: string }) => {
      const config = loadConfigOrExit(opts);
      try {
        process.exitCode = await applyCommand(config, opts, { logger: cliLogger() }, PROCESS_IO);
      } catch (err) {
        process.exitCode = reportCliError(err);
      }
    });
}
