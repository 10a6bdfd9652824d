import { asIntentdError, type IntentdError } from '../core/errors.js';
import type { LeafChange } from '../core/plan-types.js';
import type { JournalLevel, SourceOfTruth } from '../core/ports.js';
import type { Logger } from '../log.js';
import type { TakenChange } from './intent-sync.js';
import { changeLines } from './summary.js';

export type WritebackResult = 'applied' | 'failed' | 'in-sync';

export interface WritebackInput {
  device: string;
  taken: Pick<TakenChange, 'interface' | 'netboxId' | 'ticket'>[];
  result: WritebackResult;
  summary: string;
  /** The leaves the device outcome is about; each interface's entry lists its own. */
  changes: LeafChange[];
  auditCommit: string | null;
}

export interface WritebackReport {
  /** Interfaces whose ticket field was cleared. */
  cleared: string[];
  /** Interfaces that got a journal entry (now, not on an earlier call). */
  journaled: string[];
  failed: { interface: string; error: IntentdError }[];
}

const LEVEL: Record<WritebackResult, JournalLevel> = { applied: 'success', failed: 'danger', 'in-sync': 'info' };

export interface TicketWritebackDeps {
  source: SourceOfTruth;
  logger: Logger;
}

/**
 * Closes the loop in the source of truth after a device apply, like the lab's `clear_change_ticket_number`: for
 * each taken interface it clears the ticket custom field (only when it still holds the ticket that
 * was taken, so a newer ticket set meanwhile survives, guarded by If-Match on NetBox 4.6+; other
 * fields untouched) and adds a journal
 * entry with the result, the interface's diff lines and the audit commit. Idempotent: a ticket
 * already cleared is left alone, and an entry naming the same audit commit is not added twice.
 * Never throws for one interface's failure: failures are returned (the client already retried).
 */
export class TicketWriteback {
  constructor(private readonly deps: TicketWritebackDeps) {}

  async complete(input: WritebackInput): Promise<WritebackReport> {
    const report: WritebackReport = { cleared: [], journaled: [], failed: [] };
    const log = this.deps.logger.child({ device: input.device, controller: 'ticket-writeback' });
    for (const t of input.taken) {
      try {
        if (t.ticket && (await this.deps.source.closeTicket(t.netboxId, t.ticket))) report.cleared.push(t.interface);
        if (await this.journal(input, t)) report.journaled.push(t.interface);
      } catch (err) {
        const error = asIntentdError(err, 'WritebackFailed');
        report.failed.push({ interface: t.interface, error });
        log.warn({ interface: t.interface, reason: error.reason, err: error.message }, 'NetBox write-back failed');
      }
    }
    log.info({ result: input.result, cleared: report.cleared, journaled: report.journaled.length, failed: report.failed.length }, 'NetBox write-back done');
    return report;
  }

  private async journal(input: WritebackInput, t: WritebackInput['taken'][number]): Promise<boolean> {
    return this.deps.source.journal(t.netboxId, { level: LEVEL[input.result], text: journalText(input, t), onceFor: input.auditCommit });
  }
}

/** The journal entry's Markdown. Pure. */
export function journalText(input: WritebackInput, t: WritebackInput['taken'][number]): string {
  const lines = changeLines(input.changes.filter((c) => c.interface === t.interface));
  const parts = [
    `**intentd: ${input.result}** on ${input.device} ${t.interface}`,
    input.summary,
    ...(t.ticket ? [`Change ticket: ${t.ticket}`] : []),
    `Audit commit: ${input.auditCommit ?? 'none'}`,
  ];
  if (lines.length > 0) parts.push(['```', ...lines, '```'].join('\n'));
  return parts.join('\n\n');
}
