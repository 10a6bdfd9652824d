import type { DevicePlan, InterfaceState } from '../../core/plan-types.js';
import { residualPlan } from '../../core/planner.js';
import type { Logger } from '../../log.js';
import type { Capabilities } from '../netconf/capabilities.js';
import type { CommitOptions, Datastore, EditConfigOptions } from '../netconf/rpc.js';
import { ApplyFailedError, DriverError, VerifyFailedError } from './errors.js';

/** The part of a NetconfSession the safe-apply sequence uses (NetconfSession satisfies it). */
export interface SafeApplySession {
  readonly capabilities: Pick<Capabilities, 'candidate' | 'confirmedCommit' | 'rollbackOnError' | 'has'>;
  editConfig(o: EditConfigOptions): Promise<void>;
  lock(t: Datastore): Promise<void>;
  unlock(t: Datastore): Promise<void>;
  commit(o?: CommitOptions): Promise<void>;
  cancelCommit(o?: { persistId?: string }): Promise<void>;
  discardChanges(): Promise<void>;
}

/** What differs between platforms; every hook runs inside the sequence, its failure handled like any step's. */
export interface SafeApplySteps {
  /** Runs before the lock under its own step name (IOS-XE: wait while cisco-ia is syncing). */
  beforeLock?: { step: string; run(): Promise<void> };
  /** Takes the lock (default: `session.lock`); IOS-XE retries once after a dirty-candidate denial. */
  lock?(datastore: Datastore): Promise<void>;
  /** The `<config>` body: built up front, or after the lock and candidate reset under its own step name. */
  edit: string | { step: string; build(): Promise<string> };
  /** A timed rollback armed before the edit and accepted after a good verify (IOS-XE cisco-ia on running). */
  timedRollback?: { arm(): Promise<void>; accept(): Promise<void>; revertNow(): Promise<void> };
  /** Reads the managed state of `names` from running, for the verify. */
  read(names: string[]): Promise<Map<string, InterfaceState>>;
  /** Runs after a verified, confirmed apply (IOS-XE save-config); must not throw; its value is `saved`. */
  afterConfirm?(): Promise<boolean>;
}

/** What a platform driver's `apply` returns (the DeviceApplyOutcome of the port, with a NETCONF datastore). */
export interface NetconfApplyResult {
  /** The edit sent inside `<config>` ('' when the plan was empty). */
  sent: string;
  plan: DevicePlan;
  verified: true;
  datastore: Datastore;
  /** A confirmed commit (or a timed rollback) was used and then confirmed. */
  confirmed: boolean;
  saved: boolean;
  durationMs: number;
}

export interface SafeApplyOutcome {
  sent: string;
  /** A confirmed commit (or a timed rollback) was used and then confirmed. */
  confirmed: boolean;
  saved: boolean;
}

const CANCEL_COMMIT = 'urn:ietf:params:netconf:capability:confirmed-commit:1.1';

/** The datastore a NETCONF edit goes to: candidate where offered, else running. */
export function targetDatastore(session: SafeApplySession): Datastore {
  return session.capabilities.candidate ? 'candidate' : 'running';
}

/**
 * The safe NETCONF apply shared by every platform: (beforeLock) → lock → (reset candidate to running)
 * → (wait for `ready`, the caller's write-ahead record) → (arm timed rollback) → edit (candidate where offered, else running; rollback-on-error where offered)
 * → commit (confirmed where offered) → re-read and verify → accept/confirm → (afterConfirm) → unlock.
 * On any failure a timed rollback is reverted now, a pending confirmed commit cancelled, the candidate
 * discarded and the datastore unlocked; the first error is thrown (non-driver errors as ApplyFailedError).
 * `plan.changes` must not be empty.
 */
export async function safeApply(
  session: SafeApplySession, plan: DevicePlan, o: { confirmTimeoutSec: number; log: Logger; steps: SafeApplySteps; ready?: Promise<void> },
): Promise<SafeApplyOutcome> {
  const { log, steps } = o;
  const caps = session.capabilities;
  const datastore = targetDatastore(session);
  const names = [...new Set(plan.changes.map((c) => c.interface))];
  let step = steps.beforeLock?.step ?? 'lock';
  let locked = false;
  let pendingConfirm = false;
  let revertArmed = false;
  try {
    if (steps.beforeLock) await steps.beforeLock.run();
    step = 'lock';
    await (steps.lock ? steps.lock(datastore) : session.lock(datastore));
    locked = true;
    if (caps.candidate) {
      // Start from running: stale candidate edits (e.g. of a crashed run) must never ride along.
      step = 'discard-changes';
      await session.discardChanges();
    }
    if (o.ready) {
      // The caller's write-ahead record, written while the lock was taken: nothing is written before it is durable.
      step = 'write-ahead';
      await o.ready;
    }
    if (steps.timedRollback) {
      step = 'arm-revert';
      await steps.timedRollback.arm();
      revertArmed = true;
    }
    let sent: string;
    if (typeof steps.edit === 'string') sent = steps.edit;
    else {
      step = steps.edit.step;
      sent = await steps.edit.build();
    }
    step = 'edit-config';
    await session.editConfig({ target: datastore, config: sent, ...(caps.rollbackOnError ? { errorOption: 'rollback-on-error' as const } : {}) });
    if (caps.candidate) {
      step = 'commit';
      if (caps.confirmedCommit) {
        await session.commit({ confirmed: true, confirmTimeoutSec: o.confirmTimeoutSec });
        pendingConfirm = true;
      } else await session.commit();
    }
    step = 'verify';
    const remaining = residualPlan(plan, await steps.read(names));
    if (remaining.changes.length > 0) {
      const how = pendingConfirm ? 'confirmed commit cancelled' : revertArmed ? 'timed rollback triggered' : `written to ${datastore}`;
      throw new VerifyFailedError(remaining, how, pendingConfirm || revertArmed);
    }
    let confirmed = false;
    if (revertArmed && steps.timedRollback) {
      step = 'accept-revert';
      await steps.timedRollback.accept();
      revertArmed = false;
      confirmed = true;
    }
    if (pendingConfirm) {
      step = 'confirm';
      await session.commit();
      pendingConfirm = false;
      confirmed = true;
    }
    const saved = steps.afterConfirm ? await steps.afterConfirm() : undefined;
    log.info({ leaves: plan.changes.length, confirmed, ...(saved === undefined ? {} : { saved }) }, 'applied and verified');
    return { sent, confirmed, saved: saved ?? false };
  } catch (err) {
    if (revertArmed && steps.timedRollback) {
      await steps.timedRollback.revertNow().catch((e: unknown) => log.warn({ err: e }, 'revert now failed; the timed rollback fires at its timeout'));
    }
    if (locked) await abandon(session, pendingConfirm, log);
    if (err instanceof DriverError) throw err;
    throw new ApplyFailedError(plan.device, step, err);
  } finally {
    if (locked) await session.unlock(datastore).catch((e: unknown) => log.warn({ err: e }, 'unlock failed'));
  }
}

/** Best-effort rollback after a failure: cancel a pending confirmed commit, discard the candidate. */
async function abandon(session: SafeApplySession, pendingConfirm: boolean, log: Logger): Promise<void> {
  const caps = session.capabilities;
  if (pendingConfirm) {
    if (caps.has(CANCEL_COMMIT)) await session.cancelCommit().catch((e: unknown) => log.warn({ err: e }, 'cancel-commit failed'));
    else log.warn('confirmed commit left to roll back at its timeout (no cancel-commit)');
  }
  if (caps.candidate) await session.discardChanges().catch((e: unknown) => log.warn({ err: e }, 'discard-changes failed'));
}
