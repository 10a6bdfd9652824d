import { Command, Option } from 'commander';
import { formatPlan } from '../core/planner.js';
import type { Config } from '../config/types.js';
import { createLogger } from '../log.js';
import { loadConfigOrExit, reportCliError, withConfigOption } from './common.js';
import { formatDivergence, formatError, runDevices, type RunnerDeps } from './device-runner.js';
import { formatPlanPolicy } from './plan-policy.js';

export const EXIT_IN_SYNC = 0;
export const EXIT_ERROR = 1;
export const EXIT_DRIFT = 2;

/** Where a command writes its report (stdout) and its errors (stderr). */
export interface CliIo {
  out(s: string): void;
  err(s: string): void;
}

export const PROCESS_IO: CliIo = { out: (s) => void process.stdout.write(s), err: (s) => void process.stderr.write(s) };

export interface PlanFlags {
  device?: string;
  json?: boolean;
}

/**
 * `intentd plan`: prints the per-leaf drift of each device. Exit 0 in sync, 2 when some device has
 * changes to apply or pending adoption (refusals alone are not drift), 1 when any device could not be planned.
 */
export async function planCommand(config: Config, flags: PlanFlags, deps: RunnerDeps, io: CliIo): Promise<number> {
  const outcomes = await runDevices(config, flags.device, deps, { mode: 'plan' });
  if (flags.json) io.out(`${JSON.stringify({ devices: outcomes }, null, 2)}\n`);
  else {
    for (const o of outcomes) {
      if (o.error) io.err(`${formatError(o)}\n`);
      else io.out(`${[formatPlan(o.plan ?? { device: o.device, changes: [], refused: [] }), ...formatPlanPolicy(o.policy)].join('\n')}\n${o.divergence ? `${formatDivergence(o.divergence)}\n` : ''}`);
    }
  }
  if (outcomes.some((o) => o.error)) return EXIT_ERROR;
  return outcomes.some((o) => (o.plan?.changes.length ?? 0) + (o.plan?.pendingAdoption?.length ?? 0) > 0) ? EXIT_DRIFT : EXIT_IN_SYNC;
}

/** CLI logger: warnings and errors as JSON on stderr, so stdout stays the report. */
export function cliLogger() {
  return createLogger({ level: process.env.INTENTD_LOG_LEVEL ?? 'warn', destination: process.stderr });
}

export function registerPlan(program: Command): void {
  withConfigOption(program.command('plan'))
    .description('show the per-leaf drift between intent and devices (exit 0 in sync, 2 drift, 1 error)')
    .addOption(new Option('--device <name>', 'only this device'))
    .addOption(new Option('--json', 'print the plans as JSON'))
    .action(async (opts: PlanFlags & { config?: string }) => {
      const config = loadConfigOrExit(opts);
      try {
        process.exitCode = await planCommand(config, opts, { logger: cliLogger() }, PROCESS_IO);
      } catch (err) {
        process.exitCode = reportCliError(err);
      }
    });
}
