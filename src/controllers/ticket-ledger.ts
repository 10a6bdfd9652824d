/** A ticket taken into intent for one interface, waiting for the device outcome to be closed. */
export interface PendingTicket {
  interface: string;
  netboxId: number;
  ticket: string;
}

/**
 * Tickets intent-sync took into git (or found already matching), per device, until device-apply has
 * a final outcome for the intent that holds them. Each entry carries the intent revision that holds
 * it; a newer intent commit for the device holds every older entry too (the file's history is
 * linear), so adding moves them all to it. device-apply closes only the entries of the revision it
 * read: a ticket committed after that read waits for the run its commit nudged.
 */
export class TicketLedger {
  private readonly byDevice = new Map<string, { revision: string | null; tickets: Map<string, PendingTicket> }>();

  add(device: string, revision: string | null, tickets: PendingTicket[]): void {
    const entry = this.byDevice.get(device) ?? { revision, tickets: new Map<string, PendingTicket>() };
    entry.revision = revision;
    for (const t of tickets) entry.tickets.set(`${t.interface}|${t.ticket}`, { ...t });
    if (entry.tickets.size > 0) this.byDevice.set(device, entry);
  }

  /** The tickets held by `revision` (none when the device's tickets are in a later one). */
  heldBy(device: string, revision: string | null): PendingTicket[] {
    const entry = this.byDevice.get(device);
    return entry && entry.revision === revision ? [...entry.tickets.values()] : [];
  }

  has(device: string): boolean {
    return this.byDevice.has(device);
  }

  /** Forgets exactly these tickets. */
  settle(device: string, tickets: PendingTicket[]): void {
    const entry = this.byDevice.get(device);
    if (!entry) return;
    for (const t of tickets) {
      const key = `${t.interface}|${t.ticket}`;
      if (entry.tickets.get(key)?.netboxId === t.netboxId) entry.tickets.delete(key);
    }
    if (entry.tickets.size === 0) this.byDevice.delete(device);
  }
}
