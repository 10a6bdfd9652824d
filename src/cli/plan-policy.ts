import { approvalReasons, deviceWindow } from '../core/change-policy.js';
import { planHash } from '../core/plan-hash.js';
import type { Policy } from '../core/policy.js';
import type { DeviceApplyResult } from '../controllers/device-apply.js';
import type { HeldInfo } from '../controllers/change-gate.js';

/** What policy.yaml says of a plan, for `intentd plan`: its content hash, and why it would wait. */
export interface PlanPolicyView {
  hash?: string;
  held?: HeldInfo;
}

/**
 * The policy view of a planned (not applied) device: the plan hash to approve when it needs
 * approval, else why a closed window holds it. Pure (`now` in ms).
 */
export function planPolicyView(policy: Policy, r: DeviceApplyResult, now: number): PlanPolicyView {
  const { plan, device } = r;
  if (plan.changes.length === 0) return {};
  const hash = planHash(device, r.revision, plan.changes);
  const reasons = approvalReasons(policy, device, plan.changes, r.intent);
  if (reasons.length > 0) return { hash, held: { state: 'pending-approval', reason: `plan ${hash} needs approval: ${reasons.join('; ')} (intentd approve --device ${device} --plan ${hash})`, hash } };
  const w = deviceWindow(policy, device, now);
  if (!w.open) {
    const opensAt = w.opensAt === null ? undefined : new Date(w.opensAt).toISOString();
    return { hash, held: { state: 'pending-window', reason: `${w.reason}${opensAt ? `; waits until ${opensAt}` : ''}`, ...(opensAt ? { opensAt } : {}) } };
  }
  return { hash };
}

/** The plan's policy lines for people (under formatPlan's output). */
export function formatPlanPolicy(v: PlanPolicyView | undefined): string[] {
  if (!v) return [];
  return [...(v.hash ? [`  plan hash: ${v.hash}`] : []), ...(v.held ? [`  ${v.held.state}: ${v.held.reason}`] : [])];
}
