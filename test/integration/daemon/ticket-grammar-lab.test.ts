import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { until, useLabDaemon } from './lab-daemon.js';

const GI2 = 'GigabitEthernet1/0/2';
const GI3 = 'GigabitEthernet1/0/3';

describe('a NetBox ticket that git cannot use as a tag, against the simulated lab', () => {
  const t = useLabDaemon('intentd-ticket-');
  const description = (iface: string) => /<description>([^<]*)<\/description>/.exec(t.lab.c9300.runningXml(iface))?.[1] ?? null;
  const editsTouching = (port: string) => t.lab.c9300.requests.filter((r) => r.operation === 'edit-config' && r.xml.includes(`<name>${port}</name>`)).length;

  it('rejects ticket 12. (nothing reaches the device or git), then applies and audits a normal change and a drift revert', async () => {
    const d = await t.start();

    // 1. A ticket git refuses in a ref name: rejected input, reported once, not taken.
    t.lab.netbox.updateInterface('c9300', GI2, { description: 'bad ticket', ticket: '12.' });
    await until('the rejected-input report', () => t.lab.webex.messages.some((m) => /Rejected input from NetBox c9300 GigabitEthernet1\/0\/2/.test(m.text ?? '')));
    await t.lab.netbox.flushWebhooks();
    await d.idle();
    const rejected = t.lab.webex.messages.filter((m) => /Rejected input/.test(m.text ?? ''));
    expect(rejected).toHaveLength(1);
    expect(rejected[0]?.text).toContain(`ticket '12.' must not end with "."`);
    expect(editsTouching('1/0/2')).toBe(0);
    expect(description(GI2)).toBeNull();
    expect(readFileSync(join(t.repo, 'devices', 'c9300.yaml'), 'utf8')).not.toContain('bad ticket');
    expect(t.git('log', '--all', '--format=%B')).not.toContain('12.');
    expect(t.git('tag', '-l', 'ticket/*')).toBe('');

    // 2. A normal ticketed change on the same device: applied, with its intent and audit commits.
    t.lab.netbox.updateInterface('c9300', GI3, { description: 'normal change', ticket: '43' });
    await until('the change on the device', () => description(GI3) === 'normal change ##ticket:43##');
    await until('the ticket cleared in NetBox', () => (t.lab.netbox.interfaceJson('c9300', GI3).custom_fields as Record<string, unknown>).change_ticket_number === null);
    await t.lab.netbox.flushWebhooks();
    await d.idle();
    const ticket43 = t.git('log', '--format=%s', '--grep=^Change-Ticket: 43$').split('\n');
    expect(ticket43).toEqual(['apply(c9300): Gi1/0/3 description', 'intent(c9300): Gi1/0/3 description']);
    expect(t.git('tag', '-l', 'ticket/*').split('\n')).toEqual(['ticket/43', 'ticket/43-2']);
    expect(editsTouching('1/0/2')).toBe(0);
    expect(description(GI2)).toBeNull();
    expect(await t.status()).toMatchObject({ state: 'in-sync', lastError: null });

    // 3. Drift on the same device: reverted and audited (the device's journal has nothing stuck in it).
    t.lab.c9300.setLeaf(GI3, 'description', 'changed by hand');
    d.nudge('c9300', 'resync');
    await until('the drift revert', () => description(GI3) === 'normal change ##ticket:43##');
    await d.idle();
    expect(t.git('log', '-1', '--format=%s')).toBe('apply(c9300): Gi1/0/3 description (drift revert)');
    expect(t.git('log', '-1', '--format=%(trailers:key=Reason,valueonly)')).toBe('drift revert');
    expect(t.git('log', '-1', '--format=%(trailers:key=Change-Ticket,valueonly)')).toBe('43');
    expect(await t.status()).toMatchObject({ state: 'in-sync', lastError: null });
    expect(editsTouching('1/0/2')).toBe(0);
    expect(t.lab.webex.messages.filter((m) => /Rejected input/.test(m.text ?? ''))).toHaveLength(1);
  });

  it('gives both tickets of one NetBox change their own trailer and tag, on the intent commit and on the audit commit', async () => {
    const d = await t.start(undefined, { webhook: false });
    // Two interfaces changed with two tickets, seen by one sync (no webhook: the next poll finds both).
    for (const [iface, ticket] of [[GI2, '43'], [GI3, 'CHG-42']] as const) {
      t.lab.netbox.data.applyRestPatch(t.lab.netbox.data.findInterface('c9300', iface), t.lab.netbox.data.toRestBody({ description: `for ${ticket}`, ticket }));
    }
    d.nudge('c9300', 'poll');
    await until('both changes on the device', () => description(GI2) === 'for 43 ##ticket:43##' && description(GI3) === 'for CHG-42 ##ticket:CHG-42##');
    await d.idle();
    const trailers = (rev: string) => t.git('log', '-1', '--format=%(trailers:key=Change-Ticket,valueonly,separator=%x2C)', rev);
    const intentCommit = t.git('log', '-1', '--format=%H', '--', 'devices/c9300.yaml');
    const auditCommit = t.git('log', '-1', '--format=%H', '--grep=^apply(c9300): ');
    expect(t.git('log', '-1', '--format=%s', auditCommit)).toBe('apply(c9300): Gi1/0/2 description; Gi1/0/3 description');
    expect([trailers(intentCommit), trailers(auditCommit)]).toEqual(['43,CHG-42', '43,CHG-42']);
    const tagged = (tag: string) => t.git('rev-parse', `${tag}^{commit}`);
    expect(t.git('tag', '-l', 'ticket/*').split('\n')).toEqual(['ticket/43', 'ticket/43-2', 'ticket/CHG-42', 'ticket/CHG-42-2']);
    expect([tagged('ticket/43'), tagged('ticket/CHG-42')]).toEqual([intentCommit, intentCommit]);
    expect([tagged('ticket/43-2'), tagged('ticket/CHG-42-2')]).toEqual([auditCommit, auditCommit]);
    expect(t.git('log', '--format=%H', '--grep=^Change-Ticket: 43$').split('\n')).toEqual([auditCommit, intentCommit]);
  });
});
