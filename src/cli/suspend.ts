import { userInfo } from 'node:os';
import { Command, Option } from 'commander';
import { GitIntentStore } from '../adapters/git/intent-store.js';
import { GitPolicyStore } from '../adapters/git/policy-store.js';
import { ValidationError } from '../core/errors.js';
import { isDeviceName } from '../core/device-name.js';
import type { Config } from '../config/types.js';
import type { Logger } from '../log.js';
import { loadConfigOrExit, reportCliError, withConfigOption } from './common.js';
import { cliLogger, PROCESS_IO, type CliIo } from './plan.js';

export interface SuspendFlags {
  device?: string;
  reason?: string;
  by?: string;
}

/**
 * `intentd suspend` / `intentd resume`: one policy.yaml commit in the intent repo, made directly
 * (like `intentd apply`) through the same compare-and-swap path the daemon uses, so it works while
 * the daemon is down; a running daemon's intent watch sees the commit and acts on it (a resumed
 * device reconciles at once). Prints the commit, or that nothing changed. Throws ValidationError
 * for a bad device name, a missing reason, or an invalid policy.yaml at HEAD.
 */
export async function suspendCommand(config: Config, suspend: boolean, flags: SuspendFlags, logger: Logger, io: CliIo): Promise<number> {
  const device = flags.device ?? null;
  if (device !== null && !isDeviceName(device)) throw new ValidationError(`invalid --device '${device}'`);
  const reason = flags.reason?.trim() ?? '';
  if (suspend && reason === '') throw new ValidationError('--reason is required', ['--reason: say why (it is recorded in policy.yaml and the commit)']);
  const by = flags.by?.trim() || userInfo().username;
  const store = await GitIntentStore.open({ ...config.intent, logger });
  const policy = new GitPolicyStore(store, logger);
  const commit = await policy.change(device, suspend ? { reason, by, at: new Date().toISOString() } : null, { by, via: 'cli' });
  const target = device ?? 'the fleet';
  io.out(commit === null ? `${target}: already ${suspend ? 'suspended' : 'not suspended'}; nothing committed\n` : `${suspend ? 'suspended' : 'resumed'} ${target}: commit ${commit}\n`);
  return 0;
}

export function registerSuspend(program: Command): void {
  for (const suspend of [true, false]) {
    const cmd = withConfigOption(program.command(suspend ? 'suspend' : 'resume'))
      .description(suspend ? 'suspend a device or the fleet: read and reported, never written (a policy.yaml commit)' : 'resume a suspended device or the fleet (a policy.yaml commit)')
      .addOption(new Option('--device <name>', 'only this device (default: the whole fleet)'))
      .addOption(new Option('--by <name>', 'who asks (default: the login name)'));
    if (suspend) cmd.addOption(new Option('--reason <text>', 'why (required)'));
    cmd.action(async (opts: SuspendFlags & { config?: string }) => {
      const config = loadConfigOrExit(opts);
      try {
        process.exitCode = await suspendCommand(config, suspend, opts, cliLogger(), PROCESS_IO);
      } catch (err) {
        process.exitCode = reportCliError(err);
      }
    });
  }
}
