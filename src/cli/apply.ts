import { Command, InvalidArgumentError, Option } from 'commander';
import { ValidationError } from '../core/errors.js';
import { formatPlan } from '../core/planner.js';
import { ticketError } from '../core/ticket.js';
import type { Config } from '../config/types.js';
import type { ApplyResult } from '../adapters/platforms/iosxe/driver.js';
import { GitIntentStore } from '../adapters/git/intent-store.js';
import { identityCheckEnabled } from '../adapters/netconf/connection.js';
import { auditMeta, ticketsOf } from '../controllers/audit-meta.js';
import { adoptSubject, clearAdopted } from '../controllers/adoption.js';
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
 * afterwards, 1 when any failed. Throws ValidationError, before contacting any device, for a
 * `--ticket` outside the ticket grammar (core/ticket.ts).
 */
export async function applyCommand(config: Config, flags: ApplyFlags, deps: RunnerDeps, io: CliIo): Promise<number> {
  const problem = flags.ticket === undefined ? null : ticketError(flags.ticket);
  // Checked before any device is read or written: the ticket becomes the audit commit's trailer and tag.
  if (problem !== null) throw new ValidationError(`invalid --ticket: ${problem}`, [`--ticket: ${problem}`]);
  const opts = { confirmTimeoutSec: config.reconcile.confirmTimeoutSec, saveConfig: config.reconcile.saveConfig };
  let store: GitIntentStore | null = null;
  // With --ticket, changes held back since a first import are applied too, and then lose their mark.
  const releaseAdoption = async (device: string, result: ApplyResult): Promise<ApplyResult> => {
    if (flags.ticket === undefined) return result;
    store ??= await GitIntentStore.open({ ...config.intent, logger: deps.logger });
    await clearAdoption(store, device, flags.ticket, deps);
    return result;
  };
  const outcomes = await runDevices(config, flags.device, deps, flags.dryRun
    ? undefined
    : async (device, plan, session, driver, intent) => {
      // The CLI checks the hostname only (the daemon also checks NetBox's serial).
      const result = await driver.apply(session, plan, identityCheckEnabled(config, device) ? { ...opts, identity: { name: device } } : opts);
      if (result.sent === '') return await releaseAdoption(device, result);
      // A device write from the CLI is recorded like the daemon's: an audit commit in the intent repo.
      store ??= await GitIntentStore.open({ ...config.intent, logger: deps.logger });
      const tickets = flags.ticket ? [flags.ticket] : ticketsOf(intent, plan.changes);
      const commit = await store.audit(auditMeta({ device, plan, outcome: { ...result, note: null }, revision: await store.revisionOf(device), cause: 'manual apply', tickets }));
      deps.logger.info({ device, tickets, leaves: plan.changes.length, commit }, 'applied from the CLI');
      return await releaseAdoption(device, result);
    }, { releaseAdopted: flags.ticket !== undefined });
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

/** commander parser for `--ticket`: a value outside the ticket grammar is a usage error (exit 1). */
export function parseTicketOption(value: string): string {
  const problem = ticketError(value);
  if (problem !== null) throw new InvalidArgumentError(problem);
  return value;
}

/**
 * After a ticketed apply, the device matches all of its intent: the adoption marks of its first import
 * go, in one intent commit with the ticket (`adopt(c9300): …`). Nothing to clear → no commit.
 */
async function clearAdoption(store: GitIntentStore, device: string, ticket: string, deps: RunnerDeps): Promise<void> {
  const stored = await store.read(device);
  if (!stored) return;
  const { intent: next, cleared } = clearAdopted(stored.intent);
  if (cleared.length === 0) return;
  const write = await store.write(next, {
    subject: adoptSubject(device, cleared, `applied with ticket ${ticket}`),
    device,
    source: 'cli',
    tickets: [ticket],
    body: `Imported from NetBox at the first import without a ticket; applied to the device by intentd apply --ticket ${ticket}: ${cleared.join(', ')}`,
  }, stored.base);
  deps.logger.info({ device, ticket, cleared: cleared.length, commit: write.commit }, 'adoption applied from the CLI');
}

export function registerApply(program: Command): void {
  withConfigOption(program.command('apply'))
    .description('apply intent to devices and verify')
    .addOption(new Option('--device <name>', 'only this device'))
    .addOption(new Option('--ticket <id>', 'change ticket this apply belongs to (recorded in the audit commit)').argParser(parseTicketOption))
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
