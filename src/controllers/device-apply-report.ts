import type { IntentdError } from '../core/errors.js';
import type { LeafChange } from '../core/plan-types.js';
import { ticketsOf } from './audit-meta.js';
import type { DeviceApplyDeps, DeviceApplyResult } from './device-apply.js';
import { deviceNowOf, UnverifiedApplyError } from './device-written.js';
import { summarizeChanges, type ShortNames } from './summary.js';
import type { PendingTicket } from './ticket-ledger.js';
import type { WritebackInput } from './ticket-writeback.js';

const capitalize = (s: string): string => `${s.charAt(0).toUpperCase()}${s.slice(1)}`;

/**
 * What a device-apply reconcile leaves behind, once per run: its status condition, counters and
 * events, and notifications on a change of state only — one message for a failure across all its
 * retries (told again once it changes reason or after a success), drift and pending adoption once per
 * distinct set — and the ticket write-back driven by the structured outcome.
 */
export class ApplyReport {
  /** Drift last notified per device, so a resync does not repeat the same alert. */
  private readonly lastDriftKey = new Map<string, string>();
  /** Pending adoption last notified per device, so it is told once. */
  private readonly lastAdoptionKey = new Map<string, string>();
  /** Failure last notified per device (its reason), so retries do not repeat it. */
  private readonly lastFailure = new Map<string, string>();
  /** Held plan last notified per device (window or approval), so a wait is told once. */
  private readonly lastHeldKey = new Map<string, string>();

  constructor(private readonly deps: DeviceApplyDeps) {}

  /** `rules`: the device's platform's (short names in messages), null when not known. */
  succeeded(r: DeviceApplyResult, rules: ShortNames): void {
    const { status, metrics, events, logger } = this.deps;
    const { device, revision, plan } = r;
    if (this.lastFailure.delete(device)) logger.info({ device, outcome: r.outcome }, 'device recovered from its last failure');
    if (r.outcome === 'no-intent') {
      status.recordApply(device, { state: 'in-sync', reason: 'NoIntent', message: 'no intent for this device in git', lastAttemptedRevision: revision, drift: [] });
      return;
    }
    const held = plan.pendingAdoption ?? [];
    this.reportAdoption(device, held);
    const synced = held.length > 0 ? 'pending-adoption' : 'in-sync';
    const common = { lastAttemptedRevision: revision, refused: plan.refused, pendingAdoption: held, ignored: plan.ignored ?? [] };
    if (r.outcome === 'pending-window' || r.outcome === 'pending-approval') {
      this.reportHeld(r);
      return;
    }
    if (r.outcome === 'suspended') {
      const s = r.suspension;
      const what = plan.changes.length === 0 ? 'the device matches intent' : `${plan.changes.length} leaves differ from intent, not sent`;
      status.recordApply(device, { ...common, state: 'suspended', reason: 'Suspended', message: `suspended by ${s?.by ?? '?'} (${s?.reason ?? ''}): ${what}`, drift: plan.changes });
      logger.info({ device, leaves: plan.changes.length, by: s?.by, reason: s?.reason }, 'device suspended: planned, nothing sent');
      events?.emitEvent({ type: 'suspended', device, plan });
      return;
    }
    if (r.outcome === 'drift-reported') {
      status.recordApply(device, { ...common, state: 'drift', reason: 'DriftReported', message: `${plan.changes.length} leaves differ from intent (report mode)`, drift: plan.changes });
      this.notifyDriftOnce(device, plan.changes, 'reported');
      events?.emitEvent({ type: 'drift-reported', device, plan });
      return;
    }
    if (!r.apply) {
      events?.emitEvent({ type: 'in-sync', device });
      const noise = plan.noise ?? [];
      // Normalization noise: the device holds what it can; reported (status drift, one message), not sent.
      const message = noise.length > 0 ? `the device matches intent but for ${noise.length} leaves it stores its own way (noise, not sent again)` : 'the device matches intent';
      status.recordApply(device, { ...common, state: synced, reason: noise.length > 0 ? 'InSyncWithNoise' : 'InSync', message, lastAppliedRevision: revision, drift: noise });
      metrics.reconciles.inc({ controller: 'device', result: 'in-sync' });
      if (noise.length > 0) this.notifyDriftOnce(device, noise, 'reported');
      else this.lastDriftKey.delete(device);
      return;
    }
    const drift = r.drift === true;
    const commit = r.auditCommit as string;
    events?.emitEvent({ type: 'applied', device, sent: r.apply.sent, auditCommit: commit, datastore: r.apply.datastore, verified: r.apply.verified, drift });
    const reported = r.reported ?? [];
    status.recordApply(device, { ...common, state: reported.length > 0 ? 'drift' : synced, reason: 'Applied', message: `applied ${summarizeChanges(plan.changes, rules)} and verified${reported.length > 0 ? `; ${reported.length} leaves of report-mode interfaces differ, not reverted` : ''}`, lastAppliedRevision: revision, drift: [...(drift ? plan.changes : []), ...reported] });
    metrics.reconciles.inc({ controller: 'device', result: 'applied' });
    if (reported.length > 0) this.notifyDriftOnce(device, reported, 'reported');
    if (drift) this.notifyDriftOnce(device, plan.changes, 'reverted', commit);
    else {
      const tickets = r.intent ? ticketsOf(r.intent, plan.changes) : [];
      this.deps.notifier.notify({ kind: 'applied', device, interfaces: [...new Set(plan.changes.map((c) => c.interface))], changes: plan.changes, tickets, commit, verified: true });
    }
  }

  failed(device: string, revision: string | null, err: IntentdError): void {
    const { status, metrics, events } = this.deps;
    status.recordApply(device, { state: 'failed', reason: err.reason, message: err.message, retryable: err.retryable, lastAttemptedRevision: revision });
    metrics.reconciles.inc({ controller: 'device', result: err.retryable ? 'retry' : 'terminal' });
    events?.emitEvent({ type: 'failed', device, reason: err.reason, message: err.message, retryable: err.retryable });
    if (this.lastFailure.get(device) === err.reason) return;
    this.lastFailure.set(device, err.reason);
    const now = deviceNowOf(err);
    this.deps.notifier.notify({
      kind: 'failed',
      device,
      reason: err.reason,
      message: err.message,
      leftUnchanged: err.retryable ? 'device left as it was; will retry' : 'device left as it was; waiting for the next change',
      ...(now === null ? {} : { deviceNow: `${now}; ${err.retryable ? 'will retry' : 'waiting for the next change'}` }),
      tickets: [],
    });
  }

  /** Closes the tickets taken into this outcome's intent (final outcomes only) and forgets them. */
  async closeTickets(device: string, tickets: PendingTicket[], result: DeviceApplyResult | null, error: IntentdError | null, rules: ShortNames): Promise<void> {
    const { writeback, events, logger } = this.deps;
    if (!writeback || tickets.length === 0) return;
    const changes = result?.plan.changes ?? [];
    const input: WritebackInput = {
      device,
      taken: tickets,
      result: error ? 'failed' : result?.outcome === 'applied' ? 'applied' : 'in-sync',
      summary: error instanceof UnverifiedApplyError
        ? `intentd sent the change to ${device} but could not verify it: ${error.message}. ${capitalize(error.deviceNow())}.`
        : error
          ? `intentd could not apply the change: ${error.reason}: ${error.message}. The device was left as it was.`
          : result?.outcome === 'applied'
            ? `intentd applied ${summarizeChanges(changes, rules)} to ${device} and verified it.`
            : `${device} already matches intent; nothing to change.`,
      changes,
      auditCommit: result?.auditCommit ?? (error instanceof UnverifiedApplyError ? error.auditCommit : null),
    };
    const report = await writeback.complete(input);
    this.deps.tickets?.settle(device, tickets);
    for (const f of report.failed) logger.warn({ device, interface: f.interface, reason: f.error.reason, err: f.error.message }, 'ticket write-back failed');
    if (report.cleared.length > 0) {
      events?.emitEvent({
        type: 'tickets-cleared',
        device,
        interfaces: report.cleared,
        tickets: [...new Set(tickets.filter((t) => report.cleared.includes(t.interface)).map((t) => t.ticket))],
      });
    }
  }

  /** A plan waiting for its window or for approval: status, an event, and one message per distinct wait. */
  private reportHeld(r: DeviceApplyResult): void {
    const { device, plan, held } = r;
    if (!held) return;
    const state = held.state;
    this.deps.status.recordApply(device, {
      state,
      reason: state === 'pending-window' ? 'PendingWindow' : 'PendingApproval',
      message: held.reason,
      lastAttemptedRevision: r.revision,
      refused: plan.refused,
      ignored: plan.ignored ?? [],
      // What waits for its window or approval is a difference of origin `waiting`, drift or intent change alike.
      drift: plan.changes.map((c) => ({ ...c, origin: 'waiting' as const })),
      held: { reason: held.reason, ...(held.hash ? { hash: held.hash } : {}), ...(held.opensAt ? { opensAt: held.opensAt } : {}) },
    });
    this.deps.events?.emitEvent({ type: 'held', device, state, reason: held.reason, ...(held.hash ? { hash: held.hash } : {}) });
    const key = `${state}:${held.hash ?? ''}:${held.rejected ? 'rejected' : ''}:${JSON.stringify(plan.changes)}`;
    if (this.lastHeldKey.get(device) === key) return;
    this.lastHeldKey.set(device, key);
    this.deps.logger.info({ device, state, reason: held.reason }, 'plan held by policy.yaml');
    this.deps.notifier.notify({ kind: 'held', device, state, reason: held.reason, changes: plan.changes, ...(held.hash ? { hash: held.hash } : {}) });
  }

  private reportAdoption(device: string, held: LeafChange[]): void {
    if (held.length === 0) {
      this.lastAdoptionKey.delete(device);
      return;
    }
    const key = JSON.stringify(held);
    if (this.lastAdoptionKey.get(device) === key) return;
    this.lastAdoptionKey.set(device, key);
    this.deps.logger.warn({ device, pendingAdoption: held }, 'first import differs from the device: held back until a ticket');
    this.deps.notifier.notify({ kind: 'pending-adoption', device, changes: held });
  }

  private notifyDriftOnce(device: string, changes: LeafChange[], action: 'reverted' | 'reported', commit?: string): void {
    const key = `${action}:${JSON.stringify(changes)}`;
    if (action === 'reported' && this.lastDriftKey.get(device) === key) return;
    this.lastDriftKey.set(device, key);
    this.deps.notifier.notify(commit ? { kind: 'drift', device, changes, action, commit } : { kind: 'drift', device, changes, action });
  }
}
