import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { readPolicyTextAtHead } from '../adapters/git/policy-store.js';
import { ApprovalService } from '../controllers/approval-service.js';
import { ValidationError } from '../core/errors.js';
import { isDeviceName } from '../core/device-name.js';
import { parsePolicyYaml, type Policy } from '../core/policy.js';
import type { Config } from '../config/types.js';
import type { Logger } from '../log.js';
import { ApprovalStore, approvalsDir } from '../runtime/approval-store.js';
import { loadConfigOrExit, reportCliError, withConfigOption } from './common.js';
import { cliLogger, PROCESS_IO, type CliIo } from './plan.js';

export interface ApproveFlags {
  device?: string;
  plan?: string;
  by?: string;
}

/** policy.yaml at HEAD of the intent repo, read-only (empty when there is none); throws ValidationError when invalid. */
export async function policyAtHead(config: Config): Promise<Policy> {
  const text = await readPolicyTextAtHead(resolve(config.intent.repo));
  return text === null ? {} : parsePolicyYaml(text);
}

/**
 * `intentd approve|reject --device D --plan H [--by NAME]`: records the decision on the plan the
 * device holds for approval, in the intent repo's `.git/intentd/approvals/` (the daemon reads it at
 * the device's next reconcile; `intentd apply --device D` applies an approved plan at once). Throws
 * ApprovalError for a stale hash, no held plan, or an approver not in `approval.approvers`.
 */
export async function approveCommand(config: Config, approve: boolean, flags: ApproveFlags, logger: Logger, io: CliIo): Promise<number> {
  const device = flags.device ?? '';
  if (!isDeviceName(device)) throw new ValidationError(`invalid --device '${device}'`);
  const hash = flags.plan?.trim() ?? '';
  if (!/^[0-9a-fA-F]{64}$/.test(hash)) throw new ValidationError('--plan must be the plan hash (64 hex digits) shown by intentd plan or status');
  const by = flags.by?.trim() || userInfo().username;
  const policy = await policyAtHead(config);
  const service = new ApprovalService({ store: new ApprovalStore(approvalsDir(resolve(config.intent.repo))), policy: () => policy, now: () => Date.now(), logger });
  const held = approve ? await service.approve(device, hash, by) : await service.reject(device, hash, by);
  io.out(`${device}: plan ${held.hash} ${held.decision?.action ?? ''} by ${by}${approve ? '; the daemon applies it at its next reconcile of the device (or: intentd apply --device ' + device + ')' : ''}\n`);
  return 0;
}

export function registerApprove(program: Command): void {
  for (const approve of [true, false]) {
    withConfigOption(program.command(approve ? 'approve' : 'reject'))
      .description(approve ? 'approve the plan a device holds for approval, by its hash' : 'reject the plan a device holds for approval, by its hash')
      .addOption(new Option('--device <name>', 'the device').makeOptionMandatory())
      .addOption(new Option('--plan <hash>', 'the plan hash (intentd plan, status)').makeOptionMandatory())
      .addOption(new Option('--by <name>', 'who decides (default: the login name)'))
      .action(async (opts: ApproveFlags & { config?: string }) => {
        const config = loadConfigOrExit(opts);
        try {
          process.exitCode = await approveCommand(config, approve, opts, cliLogger(), PROCESS_IO);
        } catch (err) {
          process.exitCode = reportCliError(err);
        }
      });
  }
}
