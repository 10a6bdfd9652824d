import type { Notifier } from '../core/ports.js';
import type { DaemonEvents } from '../daemon-events.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../observability/metrics.js';
import type { StatusBook } from '../runtime/status.js';
import type { SyncResult } from './intent-sync.js';

/**
 * What a successful intent-sync pass leaves behind: its `sync` condition (with the changes waiting
 * for a ticket and the ambiguous interfaces), events, and messages once per distinct skip or
 * ambiguity (a poll does not repeat them; once resolved they may be told again if they recur).
 */
export class SyncReport {
  /** No-ticket skips already reported, so a poll does not repeat the same message. */
  private readonly reportedSkips = new Map<string, string>();
  /** Ambiguous NetBox interfaces already reported, per device, so a poll does not repeat them. */
  private readonly reportedAmbiguous = new Map<string, string>();

  constructor(private readonly deps: { status: StatusBook; metrics: Metrics; events: DaemonEvents; notifier: Notifier; logger: Logger }) {}

  synced(device: string, reasons: string[], sync: SyncResult): void {
    const { metrics, events, logger } = this.deps;
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
    this.reportSkips(device, sync);
    const noTicket = sync.skipped.filter((s) => s.reason === 'NoTicket');
    this.deps.status.recordSync(device, {
      ok: true,
      reason: sync.committed ? 'Committed' : 'Unchanged',
      message: sync.committed ? `intent commit ${sync.commit ?? ''}`.trim() : 'intent already matches NetBox',
      pendingNoTicket: noTicket.map((s) => ({ interface: s.interface, fields: [...s.fields] })),
      ambiguous: sync.ambiguous.map((a) => ({ ...a, names: [...a.names], netboxIds: [...a.netboxIds] })),
    });
  }

  private reportSkips(device: string, sync: SyncResult): void {
    const { events, logger, notifier } = this.deps;
    for (const s of sync.skipped) {
      const key = `${device}|${s.interface}`;
      const sig = `${s.reason}:${s.fields.join(',')}`;
      if (this.reportedSkips.get(key) === sig) continue;
      this.reportedSkips.set(key, sig);
      if (s.reason === 'NoTicket') {
        events.emitEvent({ type: 'skipped-no-ticket', device, interface: s.interface, fields: [...s.fields] });
        logger.info({ device, interface: s.interface, fields: s.fields }, 'No ticket number attached to this change, skipping!');
        notifier.notify({ kind: 'skipped-no-ticket', device, interface: s.interface, fields: [...s.fields] });
      } else {
        logger.warn({ device, interface: s.interface, reason: s.reason, err: s.message }, 'NetBox interface not taken into intent: invalid');
        notifier.notify({ kind: 'rejected-input', source: `NetBox ${device} ${s.interface}`, reason: s.message ?? s.reason });
      }
    }
    for (const key of [...this.reportedSkips.keys()]) {
      if (key.startsWith(`${device}|`) && !sync.skipped.some((s) => `${device}|${s.interface}` === key)) this.reportedSkips.delete(key);
    }
  }

  /** Two NetBox objects for one interface: in status always, in the log and Webex once per distinct set. */
  private reportAmbiguous(device: string, sync: SyncResult): void {
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
}
