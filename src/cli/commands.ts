import type { Command } from 'commander';
import { registerValidate } from './validate.js';
import { registerApply } from './apply.js';
import { registerPlan } from './plan.js';
import { registerShow } from './show.js';
import { registerRun } from './run.js';
import { registerLab } from './lab.js';
import { registerSync } from './sync.js';
import { registerSuspend } from './suspend.js';
import { registerApprove } from './approve.js';

export function registerCommands(program: Command): void {
  registerRun(program);
  registerPlan(program);
  registerApply(program);
  registerSync(program);
  registerSuspend(program);
  registerApprove(program);
  registerShow(program);
  registerValidate(program);
  registerLab(program);
}
