import { describe, expect, it } from 'vitest';
import { TicketLedger } from '../../../src/controllers/ticket-ledger.js';

const T1 = { interface: 'GigabitEthernet1/0/2', netboxId: 3, ticket: '1234' };
const T2 = { interface: 'GigabitEthernet1/0/3', netboxId: 4, ticket: '5678' };

describe('TicketLedger', () => {
  it('gives device-apply only the tickets held by the revision it read', () => {
    const ledger = new TicketLedger();
    ledger.add('c9300', 'r2', [T1]);
    expect(ledger.heldBy('c9300', 'r1')).toEqual([]);
    expect(ledger.heldBy('c9300', 'r2')).toEqual([T1]);
  });

  it('moves older tickets to a newer intent commit, which holds them too', () => {
    const ledger = new TicketLedger();
    ledger.add('c9300', 'r2', [T1]);
    ledger.add('c9300', 'r3', [T2]);
    expect(ledger.heldBy('c9300', 'r2')).toEqual([]);
    expect(ledger.heldBy('c9300', 'r3')).toEqual([T1, T2]);
  });

  it('forgets settled tickets and keeps the others', () => {
    const ledger = new TicketLedger();
    ledger.add('c9300', 'r2', [T1, T2]);
    ledger.settle('c9300', [T1]);
    expect(ledger.heldBy('c9300', 'r2')).toEqual([T2]);
    ledger.settle('c9300', [T2]);
    expect(ledger.has('c9300')).toBe(false);
  });
});
