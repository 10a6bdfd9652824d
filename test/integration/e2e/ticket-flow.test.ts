// Issue 6, "Done when" (a): a ticketed NetBox change travels webhook → daemon → real netconfd over SSH → git
// (intent + audit commits, ticket tag) → NetBox (ticket cleared, journal) → Webex; the echo commits nothing.
import { expect, it } from 'vitest';
import { useRunningStack } from './running-stack.js';
import { describeNetconfd } from '../../harness/netconfd.js';
import { type DaemonUnderTest } from './daemon-under-test.js';
import { DEVICE, type LabStack } from './lab-stack.js';
import { commits, DeviceProbe, interfaceEvent, metric, postWebhook, tagged, tags, waitFor } from './probes.js';

const GI2 = 'GigabitEthernet1/0/2';

describeNetconfd('e2e: NetBox ticket → device → git → NetBox → Webex', () => {
  let stack: LabStack;
  let dut: DaemonUnderTest;
  let probe: DeviceProbe;

  useRunningStack((s) => ({ stack, dut, probe } = s));

  it('starts in sync with a device that already matches NetBox: no edit, no Webex message', async () => {
    expect(await metric(dut.daemon.url, 'intentd_edits_sent_total'), dut.tail()).toBe(0);
    expect(await probe.leaf('1/0/2', ['description'])).toBe('User port VLAN 100');
    expect(stack.webex.messages).toEqual([]);
  });

  it('applies a ticketed description change, commits intent and audit, closes the ticket and notifies', async () => {
    stack.netbox.updateInterface(DEVICE, GI2, { description: 'Webhook function completed!', ticket: '1234' });
    await stack.netbox.flushWebhooks();
    expect(stack.netbox.deliveries.at(-1)?.status).toBe(202);

    await waitFor('the description on the device', async () =>
      (await probe.leaf('1/0/2', ['description'])) === 'Webhook function completed! ##ticket:1234##');
    await waitFor('the ticket cleared in NetBox', () =>
      (stack.netbox.interfaceJson(DEVICE, GI2).custom_fields as Record<string, unknown>).change_ticket_number === null);
    await waitFor('the Webex message', () => stack.webex.messages.length > 0);
    await stack.netbox.flushWebhooks(); // the write-back's own echo
    await dut.daemon.idle();

    const ticketed = (await commits(stack.repo)).filter((c) => /^Change-Ticket: 1234$/m.test(c.body));
    const intentCommit = ticketed.find((c) => c.subject.startsWith(`intent(${DEVICE}):`));
    const auditCommit = ticketed.find((c) => c.subject.startsWith(`apply(${DEVICE}):`));
    expect(intentCommit, dut.tail()).toBeDefined();
    expect(auditCommit).toBeDefined();
    expect(intentCommit?.subject).toContain('Gi1/0/2 description');
    expect(auditCommit?.body).toMatch(/^Result: verified$/m);
    const ticketTags = await tags(stack.repo, 'ticket/1234*');
    expect(ticketTags.length).toBeGreaterThanOrEqual(1);
    const taggedCommits = await Promise.all(ticketTags.map((t) => tagged(stack.repo, t)));
    expect(taggedCommits).toContain(intentCommit?.commit);

    const journal = stack.netbox.journal(DEVICE, GI2);
    expect(journal).toHaveLength(1);
    expect(journal[0]?.kind).toBe('success');
    expect(journal[0]?.comments).toContain('1234');
    expect(journal[0]?.comments).toContain(auditCommit?.commit.slice(0, 7));

    expect(stack.webex.messages).toHaveLength(1);
    expect(stack.webex.messages[0]?.text).toMatch(/c9300: applied 1 change on 1 interface for ticket 1234/);
    expect(stack.webex.messages[0]?.roomId).toBe('e2e-room');
    expect(await metric(dut.daemon.url, 'intentd_edits_sent_total')).toBe(1);
  });

  it('commits nothing and sends nothing for the echo webhook after the ticket was cleared', async () => {
    const before = (await commits(stack.repo)).length;
    const journal = stack.netbox.journal(DEVICE, GI2).length;
    const res = await postWebhook(dut.daemon.url, interfaceEvent(stack.netbox, GI2));
    expect(res.status).toBe(202);
    await dut.daemon.idle();
    expect((await commits(stack.repo)).length).toBe(before);
    expect(stack.netbox.journal(DEVICE, GI2)).toHaveLength(journal);
    expect(stack.webex.messages).toHaveLength(1);
    expect(await metric(dut.daemon.url, 'intentd_edits_sent_total')).toBe(1);
    expect(await probe.leaf('1/0/2', ['description'])).toBe('Webhook function completed! ##ticket:1234##');
  });

  it('leaves the emulators without unexpected requests', () => {
  });
});
