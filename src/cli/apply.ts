import { Command, InvalidArgumentError, Option } from 'commander';
import { ValidationError } from '../core/errors.js';
import { formatPlan } from '../core/planner.js';
import { ticketError } from '../core/ticket.js';
import type { Config } from '../config/types.js';
import type { DeviceApplyOutcome } from '../core/ports.js';
import { loadConfigOrExit, reportCliError, withConfigOption } from './common.js';
import { formatError, runDevices, type RolloutFlags, type RunnerDeps } from './device-runner.js';
import { formatRollout } from '../controllers/rollout.js';
import { formatPlanPolicy } from './plan-policy.js';
import { cliLogger, EXIT_ERROR, PROCESS_IO, type CliIo } from './plan.js';

export interface ApplyFlags {
  device?: string;
  /** A fleet rollout over these devices (`--devices a,b,c`). */
  devices?: string[];
  /** Devices per batch of a fleet rollout (default policy.yaml `rollout.batchSize`, else 1). */
  batchSize?: number;
  /** false: a failed device does not stop the rollout (`--no-stop-on-failure`); default policy, else true. */
  stopOnFailure?: boolean;
  ticket?: string;
  dryRun?: boolean;
  json?: boolean;
  /** Apply now though a policy.yaml window is closed (recorded in the audit commit). */
  outsideWindow?: boolean;
}

function resultLine(r: DeviceApplyOutcome): string {
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
  const tickets = flags.ticket === undefined ? {} : { tickets: [flags.ticket], releaseAdopted: true };
  // With --ticket, changes held back since a first import are applied too, and then lose their mark.
  if (flags.outsideWindow === true && (flags.device === undefined || flags.ticket === undefined)) {
    throw new ValidationError('--outside-window needs --device and --ticket', ['--outside-window: name the device and the ticket that justifies the override']);
  }
  const override = flags.outsideWindow === true ? { outsideWindow: true } : {};
  // Without --device the apply is a fleet rollout: in batches, stopping at the first failed device.
  const fleet: RolloutFlags | undefined = flags.device !== undefined ? undefined : { ...(flags.batchSize === undefined ? {} : { batchSize: flags.batchSize }), ...(flags.stopOnFailure === undefined ? {} : { stopOnFailure: flags.stopOnFailure }) };
  const outcomes = await runDevices(config, flags.device ?? flags.devices, deps, flags.dryRun ? { mode: 'plan', ...tickets } : { mode: 'apply', manual: true, ...tickets, ...override }, fleet);
  if (flags.json) {
    io.out(`${JSON.stringify({ ticket: flags.ticket ?? null, dryRun: flags.dryRun === true, devices: outcomes, ...(outcomes.rollout ? { rollout: outcomes.rollout } : {}) }, null, 2)}\n`);
  } else {
    for (const o of outcomes) {
      if (o.notAttempted) continue;
      if (o.plan) io.out(`${[formatPlan(o.plan), ...formatPlanPolicy(o.policy)].join('\n')}\n`);
      if (o.error) io.err(`${formatError(o)}\n`);
      else io.out(o.result ? `${resultLine(o.result)}\n` : flags.dryRun ? '  dry run: nothing sent\n' : '  nothing to apply\n');
    }
    if (outcomes.rollout) io.out(`${formatRollout(outcomes.rollout)}\n`);
  }
  return outcomes.some((o) => o.error) ? EXIT_ERROR : 0;
}

/** commander parser for `--ticket`: a value outside the ticket grammar is a usage error (exit 1). */
export function parseTicketOption(value: string): string {
  const problem = ticketError(value);
  if (problem !== null) throw new InvalidArgumentError(problem);
  return value;
}

function parseDeviceList(value: string): string[] {
  const list = value.split(',').map((d) => d.trim()).filter((d) => d !== '');
  if (list.length === 0) throw new InvalidArgumentError('name at least one device');
  return list;
}

function parseBatchSize(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('a whole number of devices, 1 or more');
  return n;
}

export function registerApply(program: Command): void {
  withConfigOption(program.command('apply'))
    .description('apply intent to devices and verify')
    .addOption(new Option('--device <name>', 'only this device'))
    .addOption(new Option('--devices <list>', 'a rollout over these devices (comma-separated), in this order').argParser(parseDeviceList))
    .addOption(new Option('--batch-size <n>', 'devices per batch of a rollout (default: policy.yaml rollout.batchSize, else 1)').argParser(parseBatchSize))
    .addOption(new Option('--no-stop-on-failure', 'keep rolling out after a failed device (default: policy.yaml rollout.stopOnFailure, else stop)'))
    .addOption(new Option('--ticket <id>', 'change ticket this apply belongs to (recorded in the audit commit)').argParser(parseTicketOption))
    .addOption(new Option('--dry-run', 'plan only, send nothing'))
    .addOption(new Option('--outside-window', 'apply now though a policy.yaml change window is closed (needs --device and --ticket; recorded in the audit commit)'))
    .addOption(new Option('--json', 'print plans and results as JSON'))
    .action(async (opts: ApplyFlags & { config?: string }, cmd: Command) => {
      const config = loadConfigOrExit(opts);
      // `--no-stop-on-failure` alone defaults to true: only an explicit flag overrides policy.yaml.
      if (cmd.getOptionValueSource('stopOnFailure') === 'default') delete opts.stopOnFailure;
      try {
        process.exitCode = await applyCommand(config, opts, { logger: cliLogger() }, PROCESS_IO);
      } catch (err) {
        process.exitCode = reportCliError(err);
      }
    });
}
