import type { Config } from '../config/types.js';
import { approvalReasons, deviceWindow, isIgnored, modeOf } from '../core/change-policy.js';
import type { DevicePlan, Leaf, LeafChange } from '../core/plan-types.js';
import { planHash } from '../core/plan-hash.js';
import type { Policy } from '../core/policy.js';
import type { DeviceIntent } from '../core/types.js';
import type { Logger } from '../log.js';
import type { ApprovalStore, PlanDecision } from '../runtime/approval-store.js';
import type { Clock } from '../runtime/clock.js';

/** Who approved the plan being applied: the audit commit's `Approved-By`, `Approved-At`, `Plan-Hash`. */
export interface ApprovalStamp {
  by: string;
  at: string;
  hash: string;
}

/** Why a plan waits: a closed window (and when it opens), or approval (the hash to approve). */
export interface HeldInfo {
  state: 'pending-window' | 'pending-approval';
  reason: string;
  /** pending-approval: the content hash to approve. */
  hash?: string;
  /** pending-window: when the window opens (ISO 8601), when known. */
  opensAt?: string;
  /** pending-approval: the plan was rejected (it stays unsent until the plan changes). */
  rejected?: PlanDecision;
}

export interface GateInput {
  device: string;
  intent: DeviceIntent;
  plan: DevicePlan;
  revision: string | null;
  /** The plan reverts drift (the device moved, not the intent): `mode: report` applies. */
  drift: boolean;
  /** `intentd apply --outside-window`: windows do not hold this run. */
  outsideWindow?: boolean;
}

export type GateResult =
  | { hold: 'drift-reported'; plan: DevicePlan }
  | { hold: 'pending-window' | 'pending-approval'; plan: DevicePlan; held: HeldInfo }
  | { hold: null; plan: DevicePlan; reported: LeafChange[]; stamp: ApprovalStamp | null };

export interface ChangeGateDeps {
  config: Pick<Config, 'reconcile'>;
  /** The policy in force (policy.yaml). */
  policy(): Policy;
  /** Where held plans and their decisions are kept; null: nothing can be approved (held plans wait). */
  approvals: ApprovalStore | null;
  clock: Clock;
  /** Called when a window the device waits for opens (the daemon nudges it). */
  wake?(device: string): void;
  logger: Logger;
}

/**
 * The change policy between a device's plan and its write (policy.yaml `defaults`, `rules`,
 * `ignore`, `approval`). Per run, in this order: drift on `mode: report` interfaces is reported, not
 * sent; a plan that needs approval waits until its hash is approved; a closed window holds the rest
 * until it opens (a wake-up is scheduled then). Reads the policy and the approval record each run
 * (level-triggered); writes only the held-plan record.
 */
export class ChangeGate {
  private readonly wakeups = new Map<string, () => void>();

  constructor(private readonly deps: ChangeGateDeps) {}

  /** The planner's `ignore` for the device: the leaves policy.yaml's `ignore` names. */
  ignoreOf(device: string): (iface: string, leaf: Leaf) => boolean {
    const policy = this.deps.policy();
    return (iface, leaf) => isIgnored(policy, device, iface, leaf);
  }

  async check(i: GateInput): Promise<GateResult> {
    const { device, plan } = i;
    const policy = this.deps.policy();
    let changes = plan.changes;
    let reported: LeafChange[] = [];
    if (i.drift) {
      const fallback = this.deps.config.reconcile.mode;
      reported = changes.filter((c) => modeOf(policy, device, c.interface, fallback) === 'report');
      changes = changes.filter((c) => modeOf(policy, device, c.interface, fallback) === 'enforce');
      if (changes.length === 0) return { hold: 'drift-reported', plan };
    }
    const narrowed: DevicePlan = { ...plan, changes };
    let stamp: ApprovalStamp | null = null;
    const reasons = approvalReasons(policy, device, changes, i.intent);
    if (reasons.length > 0) {
      const hash = planHash(device, i.revision, changes);
      const held = await this.deps.approvals?.read(device);
      if (held?.hash === hash && held.decision?.action === 'approved') stamp = { by: held.decision.by, at: held.decision.at, hash };
      else {
        if (held?.hash !== hash) await this.deps.approvals?.write({ device, hash, revision: i.revision, changes, reasons, heldAt: new Date(this.deps.clock.now()).toISOString() });
        const rejected = held?.hash === hash ? held.decision : undefined;
        const reason = rejected ? `plan ${hash} was rejected by ${rejected.by}; it is not sent (a new plan asks again)` : `plan ${hash} needs approval: ${reasons.join('; ')} (intentd approve --device ${device} --plan ${hash})`;
        return { hold: 'pending-approval', plan: narrowed, held: { state: 'pending-approval', reason, hash, ...(rejected ? { rejected } : {}) } };
      }
    }
    if (i.outsideWindow !== true) {
      const w = deviceWindow(policy, device, this.deps.clock.now());
      if (!w.open) {
        const opensAt = w.opensAt === null ? undefined : new Date(w.opensAt).toISOString();
        if (w.opensAt !== null) this.schedule(device, w.opensAt);
        const reason = `${w.reason}${opensAt ? `; waits until ${opensAt}` : ''} (override: intentd apply --device ${device} --ticket T --outside-window)`;
        return { hold: 'pending-window', plan: narrowed, held: { state: 'pending-window', reason, ...(opensAt ? { opensAt } : {}) } };
      }
    }
    return { hold: null, plan: narrowed, reported, stamp };
  }

  /** Cancels the scheduled wake-ups (daemon stop). */
  stop(): void {
    for (const cancel of this.wakeups.values()) cancel();
    this.wakeups.clear();
  }

  private schedule(device: string, at: number): void {
    const wake = this.deps.wake;
    if (!wake) return;
    this.wakeups.get(device)?.();
    this.wakeups.set(device, this.deps.clock.setTimer(at, () => {
      this.wakeups.delete(device);
      this.deps.logger.info({ device }, 'change window open: reconciling');
      wake(device);
    }));
  }
}
