import { isApprover } from '../core/change-policy.js';
import { IntentdError } from '../core/errors.js';
import type { Policy } from '../core/policy.js';
import type { Logger } from '../log.js';
import type { ApprovalStore, HeldPlan } from '../runtime/approval-store.js';

/**
 * An approve or reject that cannot be taken: `NoPlanPending` (nothing waits), `StalePlan` (the hash
 * named is not the plan that waits now: review the new one), `NotAnApprover` (not in
 * `approval.approvers`), `AlreadyDecided`. Terminal: asking again changes nothing.
 */
export class ApprovalError extends IntentdError {
  constructor(reason: 'NoPlanPending' | 'StalePlan' | 'NotAnApprover' | 'AlreadyDecided', message: string) {
    super(reason, message);
  }
}

export interface ApprovalServiceDeps {
  store: ApprovalStore;
  /** The policy in force (`approval.approvers`). */
  policy(): Policy;
  now(): number;
  /** Called after a decision is recorded (the daemon nudges the device). */
  decided?(device: string, plan: HeldPlan): void;
  logger: Logger;
}

/**
 * Approves or rejects the plan a device holds for approval, naming it by its content hash, so an
 * approval applies exactly what was reviewed. Used by the CLI, the API and the Webex card handler;
 * who may decide is `approval.approvers` of policy.yaml (no list: whoever reached this with the API
 * token or the repo). Decisions are stored with the held plan (ApprovalStore) and survive a restart.
 */
export class ApprovalService {
  constructor(private readonly deps: ApprovalServiceDeps) {}

  /** The plan the device holds for approval, decided or not; null when none. */
  pending(device: string): Promise<HeldPlan | null> {
    return this.deps.store.read(device);
  }

  /** Approves plan `hash` of the device; throws ApprovalError. Returns the record as stored. */
  approve(device: string, hash: string, approver: string): Promise<HeldPlan> {
    return this.decide(device, hash, approver, 'approved');
  }

  /** Rejects plan `hash`: it is never sent; a newer plan asks again. Throws ApprovalError. */
  reject(device: string, hash: string, approver: string): Promise<HeldPlan> {
    return this.decide(device, hash, approver, 'rejected');
  }

  private async decide(device: string, hash: string, by: string, action: 'approved' | 'rejected'): Promise<HeldPlan> {
    const held = await this.deps.store.read(device);
    if (!held) throw new ApprovalError('NoPlanPending', `${device} holds no plan for approval`);
    if (held.hash !== hash.trim().toLowerCase()) {
      throw new ApprovalError('StalePlan', `plan ${hash} is not the plan ${device} holds now (${held.hash}): the intent or the device changed since; review the new plan (intentd plan --device ${device}) and approve its hash`);
    }
    if (!isApprover(this.deps.policy(), by)) throw new ApprovalError('NotAnApprover', `${by} is not in approval.approvers of policy.yaml`);
    if (held.decision) {
      if (held.decision.action === action) return held;
      throw new ApprovalError('AlreadyDecided', `plan ${hash} of ${device} was already ${held.decision.action} by ${held.decision.by} at ${held.decision.at}`);
    }
    const next: HeldPlan = { ...held, decision: { action, by, at: new Date(this.deps.now()).toISOString() } };
    await this.deps.store.write(next);
    this.deps.logger.info({ device, plan: hash, by, action }, `plan ${action}`);
    this.deps.decided?.(device, next);
    return next;
  }
}
