import type { Command } from 'commander';
import { withConfigOption } from './common.js';

/** Subcommands not wired yet print that plainly and exit 1 (filled in by their issues). */
function pending(program: Command, name: string, summary: string): void {
  withConfigOption(program.command(name).description(summary)).action(() => {
    process.stderr.write(`intentd ${name}: not available yet\n`);
    process.exitCode = 1;
  });
}

export function registerCommands(program: Command): void {
  pending(program, 'run', 'run the daemon: webhooks, NetBox poll, intent watch, device reconcile');
  pending(program, 'plan', 'show the per-leaf drift between intent and devices (exit 0 in sync, 2 drift, 1 error)');
  pending(program, 'apply', 'apply intent to devices and verify');
  pending(program, 'sync', 'read NetBox and write intent to git (commit only on change)');
  pending(program, 'show', "print an interface's running config from the device");
  pending(program, 'validate', 'validate the config and the intent files');
  pending(program, 'lab', 'start the NetBox emulator and simulated IOS-XE devices');
  pending(program, 'demo', 'run the lab, the daemon and the LTRCRT-2005 story end to end');
}
