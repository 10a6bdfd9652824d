import type { Notifier } from '../adapters/webex/notifier.js';
import type { Config } from '../config/types.js';
import { asIntentdError, IntentStoreError, type IntentdError } from '../core/errors.js';
import type { DaemonEvents } from '../daemon-events.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../observability/metrics.js';
import type { StatusBook } from '../runtime/status.js';
import type { DeviceApplyReconciler, DeviceApplyResult } from './device-apply.js';
import type { IntentSyncReconciler, SyncResult } from './intent-sync.js';
import { changeLines, summarizeChanges } from './summary.js';
import type { TicketWriteback, WritebackInput } from './ticket-writeback.js';
import { UnverifiedApplyError } from './device-written.js';

const capitalize = (s: string): string => `${s.charAt(0).toUpperCase()}${s.slice(1)}`;

/** Nudge reasons that ask for a fresh read of NetBox (a `git` or `resync` nudge does not). */
const NETBOX_REASONS = /^(webhook|poll|startup|api|retry.*)$/;

export interface OrchestratorDeps {
  config: Config;
  logger: Logger;
  metrics: Metrics;
  status: StatusBook;
  events: DaemonEvents;
  notifier: Notifier;
  apply: DeviceApplyReconciler;
  sync: IntentSyncReconciler | null;
  writeback: TicketWriteback | null;
  scope: { setMgmtAddress(device: string, address: string | null): void; setSerial(device: string, serial: string | null): void; noteIntentDevice(device: string): void };
}

/**
 * One reconcile of one device key, in the two-controller order: NetBox → intent (when the nudge calls
 * for it), then intent → device, then the NetBox ticket write-back. A NetBox failure does not block
 * the device side (intent in git is enough to converge the device); it is re-raised afterwards so the
 * queue retries. Tickets are written back only once the device outcome is final (applied, in sync, or
 * a terminal failure); after a retryable failure they stay in NetBox and the retry closes them.
 */
export class DeviceOrchestrator {
  /** No-ticket skips already reported, so a poll does not repeat the same message. */
  private readonly reportedSkips = new Map<string, string>();
  /** Ambiguous NetBox interfaces already reported, per device, so a poll does not repeat them. */
  private readonly reportedAmbiguous = new Map<string, string>();

  constructor(private readonly deps: OrchestratorDeps) {}

  async reconcile(device: string, reasons: string[]): Promise<void> {
    const { logger } = this.deps;
    let sync: SyncResult | null = null;
    let syncError: IntentdError | null = null;
    if (this.deps.sync && reasons.some((r) => NETBOX_REASONS.test(r))) {
      try {
        sync = await this.deps.sync.reconcile(device);
        this.afterSync(device, reasons, sync);
      } catch (err) {
        syncError = asIntentdError(err);
        // NetBox answered that it does not have the device: there is no NetBox address to wait for.
        if (syncError.reason === 'DeviceNotInScope') this.deps.scope.setMgmtAddress(device, null);
        logger.warn({ device, reason: syncError.reason, err: syncError.message }, 'NetBox → intent sync failed');
      }
    }
    let result: DeviceApplyResult | null = null;
    let applyError: IntentdError | null = null;
    try {
      result = await this.deps.apply.reconcile(device);
    } catch (err) {
      applyError = asIntentdError(err);
      this.deps.events.emitEvent({ type: 'failed', device, reason: applyError.reason, message: applyError.message, retryable: applyError.retryable });
    }
    if (syncError?.reason === 'DeviceNotInScope') {
      // Not in NetBox's scope: still managed when git holds intent for it (a git-only device); otherwise
      // the nudge named a device nobody manages — reported, and nothing was sent to any device.
      if (result?.outcome === 'no-intent') {
        this.deps.notifier.notify({ kind: 'rejected-input', source: `nudge (${reasons.join(', ')})`, reason: syncError.message });
        throw syncError;
      }
      syncError = null;
    }
    if (sync && !(applyError?.retryable ?? false)) await this.writeBack(device, sync, result, applyError);
    if (!applyError && syncError instanceof IntentStoreError) this.recordGitFailure(device, syncError);
    // The device matches intent, but NetBox holds changes that were not taken for lack of a ticket.
    const st = this.deps.status.get(device);
    if (!applyError && st.state === 'in-sync' && st.pendingNoTicket.length > 0) this.deps.status.update(device, { state: 'pending-no-ticket' });
    if (applyError) throw applyError;
    if (syncError) throw syncError;
  }

  /**
   * NetBox → intent could not write git: the device side may be in sync with what git holds, but the
   * reconcile failed and the status says so (never "in-sync"), with an alert; the queue retries.
   */
  private recordGitFailure(device: string, err: IntentdError): void {
    this.deps.status.update(device, { state: 'failed', lastError: { reason: err.reason, message: err.message, at: new Date().toISOString() } });
    this.deps.notifier.notify({
      kind: 'failed',
      device,
      reason: err.reason,
      message: `NetBox → git: ${err.message}`,
      leftUnchanged: `device left as it matches the intent in git; the NetBox change is not in git yet; ${err.retryable ? 'will retry' : 'waiting for the next change'}`,
      tickets: [],
    });
  }

  private afterSync(device: string, reasons: string[], sync: SyncResult): void {
    const { metrics, events, status, logger } = this.deps;
    this.deps.scope.setMgmtAddress(device, sync.mgmtAddress);
    this.deps.scope.setSerial(device, sync.serial);
    this.deps.scope.noteIntentDevice(device);
    metrics.reconciles.inc({ controller: 'intent', result: sync.committed ? 'committed' : 'unchanged' });
    if (sync.committed && sync.commit) {
      metrics.commits.inc({ kind: 'intent' });
      const missed = !reasons.includes('webhook') && reasons.includes('poll');
      if (missed) {
        metrics.missedWebhooks.inc();
        logger.warn({ device, commit: sync.commit }, 'the NetBox poll found a change no webhook announced');
      }
      events.emitEvent({
        type: 'intent-committed',
        device,
        commit: sync.commit,
        tickets: [...new Set(sync.taken.flatMap((t) => (t.ticket ? [t.ticket] : [])))],
        interfaces: [...sync.taken.map((t) => t.interface), ...sync.imported],
        missedWebhook: missed,
      });
    } else {
      events.emitEvent({ type: 'intent-unchanged', device, reasons });
    }
    this.reportAmbiguous(device, sync);
    const noTicket = sync.skipped.filter((s) => s.reason === 'NoTicket');
    status.update(device, { pendingNoTicket: noTicket.map((s) => ({ interface: s.interface, fields: [...s.fields] })) });
    for (const s of sync.skipped) {
      const key = `${device}|${s.interface}`;
      const sig = `${s.reason}:${s.fields.join(',')}`;
      if (this.reportedSkips.get(key) === sig) continue;
      this.reportedSkips.set(key, sig);
      if (s.reason === 'NoTicket') {
        events.emitEvent({ type: 'skipped-no-ticket', device, interface: s.interface, fields: [...s.fields] });
        logger.info({ device, interface: s.interface, fields: s.fields }, 'No ticket number attached to this change, skipping!');
        this.deps.notifier.notify({ kind: 'skipped-no-ticket', device, interface: s.interface, fields: [...s.fields] });
      } else {
        logger.warn({ device, interface: s.interface, reason: s.reason, err: s.message }, 'NetBox interface not taken into intent: invalid');
        this.deps.notifier.notify({ kind: 'rejected-input', source: `NetBox ${device} ${s.interface}`, reason: s.message ?? s.reason });
      }
    }
    // Skips that are resolved (taken later, or reverted in NetBox) may be reported again if they recur.
    for (const key of [...this.reportedSkips.keys()]) {
      if (key.startsWith(`${device}|`) && !sync.skipped.some((s) => `${device}|${s.interface}` === key)) this.reportedSkips.delete(key);
    }
  }

  /** Two NetBox objects for one interface: in status always, in the log and Webex once per distinct set. */
  private reportAmbiguous(device: string, sync: SyncResult): void {
    this.deps.status.update(device, { ambiguous: sync.ambiguous.map((a) => ({ ...a, names: [...a.names], netboxIds: [...a.netboxIds] })) });
    const seen = new Set<string>();
    for (const a of sync.ambiguous) {
      const key = `${device}|${a.interface}`;
      const sig = a.netboxIds.join(',');
      seen.add(key);
      if (this.reportedAmbiguous.get(key) === sig) continue;
      this.reportedAmbiguous.set(key, sig);
      const reason = `${a.names.length} NetBox interfaces (${a.names.map((n, i) => `${JSON.stringify(n)} id ${a.netboxIds[i]}`).join(', ')}) are the same interface ${a.interface}: none is taken and nothing is sent for it until only one remains`;
      this.deps.logger.warn({ device, interface: a.interface, names: a.names, netboxIds: a.netboxIds }, 'ambiguous NetBox interfaces: none taken');
      this.deps.notifier.notify({ kind: 'rejected-input', source: `NetBox ${device} ${a.interface}`, reason });
    }
    for (const key of [...this.reportedAmbiguous.keys()]) if (key.startsWith(`${device}|`) && !seen.has(key)) this.reportedAmbiguous.delete(key);
  }

  private async writeBack(device: string, sync: SyncResult, result: DeviceApplyResult | null, error: IntentdError | null): Promise<void> {
    const { writeback, events, logger } = this.deps;
    const taken = [...sync.taken.filter((t) => t.ticket !== null), ...sync.acknowledged.filter((a) => a.ticket !== null)];
    if (!writeback || taken.length === 0) return;
    const changes = result?.plan.changes ?? [];
    const input: WritebackInput = {
      device,
      taken,
      result: error ? 'failed' : result?.outcome === 'applied' ? 'applied' : 'in-sync',
      summary: error instanceof UnverifiedApplyError
        ? `intentd sent the change to ${device} but could not verify it: ${error.message}. ${capitalize(error.deviceNow())}.`
        : error
        ? `intentd could not apply the change: ${error.reason}: ${error.message}. The device was left as it was.`
        : result?.outcome === 'applied'
          ? `intentd applied ${summarizeChanges(changes)} to ${device} and verified it.`
          : `${device} already matches intent; nothing to change.`,
      diffText: changeLines(changes).join('\n'),
      auditCommit: result?.auditCommit ?? (error instanceof UnverifiedApplyError ? error.auditCommit : null),
    };
    const report = await writeback.complete(input);
    for (const f of report.failed) logger.warn({ device, interface: f.interface, reason: f.error.reason, err: f.error.message }, 'ticket write-back failed');
    if (report.cleared.length > 0) {
      events.emitEvent({
        type: 'tickets-cleared',
        device,
        interfaces: report.cleared,
        tickets: [...new Set(taken.filter((t) => report.cleared.includes(t.interface)).map((t) => t.ticket as string))],
      });
    }
  }
}
