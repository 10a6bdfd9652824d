import { asIntentdError, IntentStoreError, type IntentdError } from '../core/errors.js';
import type { IntentStorePort, Notifier } from '../core/ports.js';
import type { DaemonEvents } from '../daemon-events.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../observability/metrics.js';
import type { KeyedLock } from '../runtime/keyed-lock.js';
import type { StatusBook } from '../runtime/status.js';
import type { IntentSyncReconciler, SyncResult } from './intent-sync.js';
import { SyncReport } from './intent-sync-report.js';
import type { PendingTicket, TicketLedger } from './ticket-ledger.js';

export interface IntentSyncControllerDeps {
  sync: IntentSyncReconciler;
  store: IntentStorePort;
  status: StatusBook;
  metrics: Metrics;
  events: DaemonEvents;
  notifier: Notifier;
  logger: Logger;
  /** Tickets taken, for device-apply to close with its outcome. */
  tickets: TicketLedger;
  /** Shared with device-apply: held from the read of intent to its commit. */
  intentLock: KeyedLock;
  /** Asks device-apply to run for the device (its own queue key). */
  nudgeApply(device: string, reason: string): void;
}

/**
 * The intent-sync controller (source of truth → git), on its own queue key: runs one
 * IntentSyncReconciler pass, records its `sync` condition once on every path (a NetBox outage shows
 * in /api/status and the queue retries), reports skips and ambiguous interfaces once per distinct set,
 * hands the tickets it took to device-apply and nudges device-apply when git changed or a ticket waits
 * for a device outcome. A device the source does not hold is fine when git has intent for it (managed
 * from git); otherwise the nudge named a device nobody manages: reported once, terminal.
 */
export class IntentSyncController {
  private readonly report: SyncReport;
  /** Failure last notified per device (its reason), so retries do not repeat it. */
  private readonly lastFailure = new Map<string, string>();

  constructor(private readonly deps: IntentSyncControllerDeps) {
    this.report = new SyncReport(deps);
  }

  async reconcile(device: string, reasons: string[]): Promise<void> {
    let sync: SyncResult;
    let tickets: PendingTicket[] = [];
    try {
      sync = await this.deps.intentLock.run(device, async () => {
        const result = await this.deps.sync.reconcile(device);
        tickets = [...result.taken, ...result.acknowledged].flatMap((t) => (t.ticket === null ? [] : [{ interface: t.interface, netboxId: t.netboxId, ticket: t.ticket }]));
        // The intent revision that holds these tickets: device-apply closes them with its outcome for it.
        if (tickets.length > 0) this.deps.tickets.add(device, result.commit ?? (await this.deps.store.revisionOf(device)), tickets);
        return result;
      });
    } catch (err) {
      const e = asIntentdError(err);
      if (e.reason === 'DeviceNotInScope' && (await this.hasIntent(device))) {
        this.deps.status.recordSync(device, { ok: true, reason: 'NotInSource', message: 'not in NetBox: managed from its intent in git', pendingNoTicket: [], ambiguous: [] });
        this.lastFailure.delete(device);
        return;
      }
      this.failed(device, reasons, e);
      throw e;
    }
    this.lastFailure.delete(device);
    this.deps.metrics.reconciles.inc({ controller: 'intent', result: sync.committed ? 'committed' : 'unchanged' });
    this.report.synced(device, reasons, sync);
    if (sync.committed || this.deps.tickets.has(device)) this.deps.nudgeApply(device, sync.committed ? 'intent-commit' : 'tickets');
  }

  private async hasIntent(device: string): Promise<boolean> {
    const intent = await this.deps.store.read(device).catch(() => null);
    return intent !== null && intent.intent.interfaces.length > 0;
  }

  private failed(device: string, reasons: string[], err: IntentdError): void {
    const { status, metrics, logger, notifier } = this.deps;
    // A git failure keeps a NetBox change out of git: the device's state is failed, not just the condition.
    const gitFailed = err instanceof IntentStoreError;
    status.recordSync(device, { ok: false, reason: err.reason, message: err.message, retryable: err.retryable, failsDevice: gitFailed });
    metrics.reconciles.inc({ controller: 'intent', result: err.retryable ? 'retry' : 'terminal' });
    this.deps.events.emitEvent({ type: 'sync-failed', device, reason: err.reason, message: err.message, retryable: err.retryable });
    logger.warn({ device, reason: err.reason, err: err.message }, 'NetBox → intent sync failed');
    if (this.lastFailure.get(device) === err.reason) return;
    this.lastFailure.set(device, err.reason);
    if (err.reason === 'DeviceNotInScope') {
      notifier.notify({ kind: 'rejected-input', source: `nudge (${reasons.join(', ')})`, reason: err.message });
    } else if (gitFailed) {
      notifier.notify({
        kind: 'failed',
        device,
        reason: err.reason,
        message: `NetBox → git: ${err.message}`,
        leftUnchanged: `device left as it matches the intent in git; the NetBox change is not in git yet; ${err.retryable ? 'will retry' : 'waiting for the next change'}`,
        tickets: [],
      });
    }
  }
}
