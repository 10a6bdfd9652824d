import type { NetboxClient } from '../adapters/netbox/client.js';
import { NetboxError } from '../adapters/netbox/errors.js';
import type { JournalKind } from '../adapters/netbox/types.js';
import type { Config } from '../config/types.js';
import { asIntentdError, type IntentdError } from '../core/errors.js';
import type { Logger } from '../log.js';
import type { TakenChange } from './intent-sync.js';

export type WritebackResult = 'applied' | 'failed' | 'in-sync';

export interface WritebackInput {
  device: string;
  taken: Pick<TakenChange, 'interface' | 'netboxId' | 'ticket'>[];
  result: WritebackResult;
  summary: string;
  /** Per-leaf diff as text (one line per leaf); lines naming an interface go to its entry. */
  diffText: string;
  auditCommit: string | null;
}

export interface WritebackReport {
  /** Interfaces whose ticket field was cleared. */
  cleared: string[];
  /** Interfaces that got a journal entry (now, not on an earlier call). */
  journaled: string[];
  failed: { interface: string; error: IntentdError }[];
}

const KIND: Record<WritebackResult, JournalKind> = { applied: 'success', failed: 'danger', 'in-sync': 'info' };

export interface TicketWritebackDeps {
  netbox: NetboxClient;
  config: Config;
  logger: Logger;
}

/**
 * Closes the loop in NetBox after a device apply, like the lab's `clear_change_ticket_number`: for
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
        if (await this.clearTicket(t)) report.cleared.push(t.interface);
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

  /** Read, compare, conditional PATCH (If-Match on 4.6+); one re-read when the interface changed meanwhile. */
  private async clearTicket(t: WritebackInput['taken'][number], attempt = 0): Promise<boolean> {
    if (!t.ticket) return false;
    const field = this.deps.config.netbox.ticketField;
    const { iface, etag } = await this.deps.netbox.getInterfaceVersioned(t.netboxId);
    const now = iface.custom_fields?.[field];
    if (now === null || now === undefined || String(now) !== t.ticket) return false;
    try {
      await this.deps.netbox.patchInterfaceCustomFields(t.netboxId, { [field]: null }, { ifMatch: etag });
    } catch (err) {
      if (err instanceof NetboxError && err.reason === 'NetboxConflict' && attempt === 0) return this.clearTicket(t, 1);
      throw err;
    }
    return true;
  }

  private async journal(input: WritebackInput, t: WritebackInput['taken'][number]): Promise<boolean> {
    if (input.auditCommit) {
      const existing = await this.deps.netbox.listJournalEntries(t.netboxId);
      if (existing.some((e) => e.comments.includes(input.auditCommit as string))) return false;
    }
    await this.deps.netbox.createJournalEntry({ interfaceId: t.netboxId, kind: KIND[input.result], comments: journalText(input, t) });
    return true;
  }
}

/** The journal entry's Markdown. Pure. */
export function journalText(input: WritebackInput, t: WritebackInput['taken'][number]): string {
  const lines = input.diffText.split('\n').filter((l) => l.split(/[\s:]+/).includes(t.interface));
  const parts = [
    `**intentd: ${input.result}** on ${input.device} ${t.interface}`,
    input.summary,
    ...(t.ticket ? [`Change ticket: ${t.ticket}`] : []),
    `Audit commit: ${input.auditCommit ?? 'none'}`,
  ];
  if (lines.length > 0) parts.push(['```', ...lines, '```'].join('\n'));
  return parts.join('\n\n');
}
