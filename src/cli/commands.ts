import type { Command } from 'commander';
import { withConfigOption } from './common.js';
import { registerValidate } from './validate.js';
import { registerApply } from './apply.js';
import { registerPlan } from './plan.js';
import { registerShow } from './show.js';
import { registerRun } from './run.js';
import { registerLab } from './lab.js';

/** Subcommands not wired yet print that plainly and exit 1 (filled in by their issues). */
function pending(program: Command, name: string, summary: string): void {
  withConfigOption(program.command(name).description(summary)).action(() => {
    process.stderr.write(`intentd ${name}: not available yet\n`);
    process.exitCode = 1;
  });
}

export function registerCommands(program: Command): void {
  registerRun(program);
  registerPlan(program);
  registerApply(program);
  pending(program, 'sync', 'read NetBox and write intent to git (commit only on change)');
  registerShow(program);
  registerValidate(program);
  registerLab(program);
}
