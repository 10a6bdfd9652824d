import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NetboxClient } from '../../../src/adapters/netbox/client.js';
import { NetboxSourceOfTruth } from '../../../src/adapters/netbox/source-of-truth.js';
import { defaultConfig } from '../../../src/config/defaults.js';
import { journalText, TicketWriteback, type WritebackInput } from '../../../src/controllers/ticket-writeback.js';
import { rulesOnly } from '../../harness/platforms.js';
import { silentLogger } from '../../../src/log.js';
import { NetboxEmulator } from '../../../src/lab/netbox-emulator.js';

const GI2 = 'GigabitEthernet1/0/2';

describe('TicketWriteback', () => {
  let nb: NetboxEmulator;
  let writeback: TicketWriteback;
  const input = (over: Partial<WritebackInput> = {}): WritebackInput => ({
    device: 'c9300',
    taken: [{ interface: GI2, netboxId: 3, ticket: '1234' }],
    result: 'applied',
    summary: 'Gi1/0/2 mtu',
    changes: [
      { interface: GI2, leaf: 'mtu', op: 'set', before: null, after: 9000 },
      { interface: 'GigabitEthernet1/0/20', leaf: 'mtu', op: 'set', before: null, after: 1600 },
    ],
    auditCommit: 'abc123',
    ...over,
  });

  beforeEach(async () => {
    nb = new NetboxEmulator();
    nb.seedLab();
    await nb.start();
    const config = defaultConfig();
    config.netbox = { ...config.netbox, url: nb.url, token: nb.tokenV1, retries: 1 };
    const netbox = new NetboxClient({ url: nb.url, token: nb.tokenV1, timeoutMs: 2000, retries: 1, logger: silentLogger(), sleep: async () => {} });
    writeback = new TicketWriteback({ source: new NetboxSourceOfTruth({ client: netbox, config, logger: silentLogger(), platforms: rulesOnly(config) }), logger: silentLogger() });
    nb.updateInterface('c9300', GI2, { description: 'keep me', mtu: 9000, ticket: '1234' });
  });
  afterEach(async () => {
    await nb.stop();
  });

  it('clears the ticket, leaves other fields, and journals the result with the audit commit', async () => {
    const report = await writeback.complete(input());
    expect(report).toEqual({ cleared: [GI2], journaled: [GI2], failed: [] });
    const iface = nb.interfaceJson('c9300', GI2);
    expect(iface).toMatchObject({ description: 'keep me', mtu: 9000, custom_fields: { change_ticket_number: null } });
    const [entry] = nb.journal('c9300', GI2);
    expect(entry?.kind).toBe('success');
    expect(entry?.comments).toContain('Audit commit: abc123');
    expect(entry?.comments).toContain('GigabitEthernet1/0/2 mtu: (none) → 9000');
    expect(entry?.comments).not.toContain('GigabitEthernet1/0/20');
  });

  it('is idempotent: a repeated call neither patches nor journals again', async () => {
    await writeback.complete(input());
    const before = nb.requests.filter((r) => r.method !== 'GET').length;
    const report = await writeback.complete(input());
    expect(report).toEqual({ cleared: [], journaled: [], failed: [] });
    expect(nb.requests.filter((r) => r.method !== 'GET').length).toBe(before);
    expect(nb.journal('c9300', GI2)).toHaveLength(1);
  });

  it('keeps a newer ticket that was set meanwhile', async () => {
    nb.updateInterface('c9300', GI2, { ticket: '5678' });
    const report = await writeback.complete(input());
    expect(report.cleared).toEqual([]);
    expect(nb.interfaceJson('c9300', GI2)).toMatchObject({ custom_fields: { change_ticket_number: '5678' } });
  });

  it('keeps a ticket set between its read and its PATCH (If-Match conflict, re-read)', async () => {
    class RacingClient extends NetboxClient {
      raced = false;
      override async getInterfaceVersioned(id: number) {
        const read = await super.getInterfaceVersioned(id);
        if (!this.raced) {
          this.raced = true;
          nb.updateInterface('c9300', GI2, { ticket: '9999' });
        }
        return read;
      }
    }
    const config = defaultConfig();
    const netbox = new RacingClient({ url: nb.url, token: nb.tokenV1, timeoutMs: 2000, retries: 0, logger: silentLogger() });
    const racing = new TicketWriteback({ source: new NetboxSourceOfTruth({ client: netbox, config, logger: silentLogger(), platforms: rulesOnly(config) }), logger: silentLogger() });
    const report = await racing.complete(input());
    expect(report.cleared).toEqual([]);
    expect(report.failed).toEqual([]);
    expect(nb.interfaceJson('c9300', GI2)).toMatchObject({ custom_fields: { change_ticket_number: '9999' } });
  });

  it.each([
    ['failed', 'danger'],
    ['in-sync', 'info'],
  ] as const)('journals a %s result as %s', async (result, kind) => {
    await writeback.complete(input({ result }));
    expect(nb.journal('c9300', GI2)[0]?.kind).toBe(kind);
  });

  it('reports a NetBox outage per interface instead of throwing', async () => {
    nb.failNext(2, 502); // retries: 1 → the first call and its retry
    const report = await writeback.complete(input());
    expect(report.failed).toEqual([{ interface: GI2, error: expect.objectContaining({ reason: 'NetboxUnavailable', retryable: true }) }]);
  });

  it('renders the journal entry with the result, ticket and audit commit', () => {
    const text = journalText(input({ changes: [] }), { interface: GI2, netboxId: 3, ticket: '1234' });
    expect(text).toBe('**intentd: applied** on c9300 GigabitEthernet1/0/2\n\nGi1/0/2 mtu\n\nChange ticket: 1234\n\nAudit commit: abc123');
  });
});
