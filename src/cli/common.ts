import { Command, Option } from 'commander';
import { ConfigError, IntentdError } from '../core/errors.js';
import { EXIT_CONFIG, loadConfig, resolveConfigPath } from '../config/load.js';
import type { Config } from '../config/types.js';

/** Adds the `-c/--config` option every subcommand takes. */
export function withConfigOption(cmd: Command): Command {
  return cmd.addOption(
    new Option('-c, --config <file>', 'config file (default: $INTENTD_CONFIG, then ./intentd.yaml)'),
  );
}

/** Loads the config named by the options; on failure prints path + reason lines and exits 78. */
export function loadConfigOrExit(opts: { config?: string }): Config {
  try {
    return loadConfig(resolveConfigPath(opts.config, process.env));
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`intentd: ${err.message}\n`);
      for (const p of err.problems) process.stderr.write(`  ${p}\n`);
      process.exit(EXIT_CONFIG);
    }
    throw err;
  }
}

/** Prints an error for a person (reason + message + problems) and returns exit code 1. */
export function reportCliError(err: unknown): number {
  if (err instanceof IntentdError) {
    process.stderr.write(`intentd: ${err.reason}: ${err.message}\n`);
    const problems = (err as { problems?: unknown }).problems;
    if (Array.isArray(problems)) for (const p of problems) process.stderr.write(`  ${String(p)}\n`);
    return err instanceof ConfigError ? EXIT_CONFIG : 1;
  }
  process.stderr.write(`intentd: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  return 1;
}
