// Issue 6, "Done when" (c): a burst of 100 signed webhooks for one device is coalesced by the keyed work
// queue (far fewer edit-configs than webhooks, read from /metrics) and the device converges.
import { expect, it } from 'vitest';
import { useRunningStack } from './running-stack.js';
import { describeNetconfd } from '../../harness/netconfd.js';
import { type DaemonUnderTest } from './daemon-under-test.js';
import { DEVICE, type LabStack } from './lab-stack.js';
import { commits, DeviceProbe, interfaceEvent, metric, postWebhook, waitFor } from './probes.js';

const GI3 = 'GigabitEthernet1/0/3';
const GI5 = 'GigabitEthernet1/0/5';

describeNetconfd('e2e: a burst of webhooks for one device', () => {
  let stack: LabStack;
  let dut: DaemonUnderTest;
  let probe: DeviceProbe;

  useRunningStack((s) => ({ stack, dut, probe } = s));

  it('coalesces 100 webhooks of 100 NetBox edits into a few edit-configs and converges to the last edit', async () => {
    const editsBefore = await metric(dut.daemon.url, 'intentd_edits_sent_total');
    for (let i = 1; i <= 100; i++) {
      stack.netbox.updateInterface(DEVICE, GI3, { description: `burst edit ${i}`, ticket: '5678' });
    }
    await stack.netbox.flushWebhooks();
    const burst = stack.netbox.deliveries.slice(0, 100);
    expect(burst.map((d) => d.status)).toEqual(Array(100).fill(202));

    await waitFor('the last edit on the device', async () =>
      (await probe.leaf('1/0/3', ['description'])) === 'burst edit 100 ##ticket:5678##');
    await waitFor('the ticket cleared', () =>
      (stack.netbox.interfaceJson(DEVICE, GI3).custom_fields as Record<string, unknown>).change_ticket_number === null);
    await stack.netbox.flushWebhooks();
    await dut.daemon.idle();

    const edits = (await metric(dut.daemon.url, 'intentd_edits_sent_total')) - editsBefore;
    expect(edits, dut.tail()).toBeGreaterThanOrEqual(1);
    expect(edits).toBeLessThanOrEqual(5);
    expect(await metric(dut.daemon.url, 'intentd_webhooks_total')).toBeGreaterThanOrEqual(100);
    const intentCommits = (await commits(stack.repo)).filter((c) => /^Change-Ticket: 5678$/m.test(c.body) && c.subject.startsWith('intent('));
    expect(intentCommits.length).toBeLessThanOrEqual(edits);
    expect(stack.netbox.journal(DEVICE, GI3).filter((j) => j.kind === 'success').length).toBeGreaterThanOrEqual(1);
  });

  it('coalesces 100 concurrent identical webhooks posted at once', async () => {
    stack.netbox.data.applyRestPatch(stack.netbox.data.findInterface(DEVICE, GI5), {
      description: 'Printer room', custom_fields: { change_ticket_number: '5679' },
    });
    const editsBefore = await metric(dut.daemon.url, 'intentd_edits_sent_total');
    const body = interfaceEvent(stack.netbox, GI5);
    const results = await Promise.all(Array.from({ length: 100 }, () => postWebhook(dut.daemon.url, body)));
    expect(results.map((r) => r.status)).toEqual(Array(100).fill(202));
    await waitFor('the edit on the device', async () =>
      (await probe.leaf('1/0/5', ['description'])) === 'Printer room ##ticket:5679##');
    await stack.netbox.flushWebhooks();
    await dut.daemon.idle();
    const edits = (await metric(dut.daemon.url, 'intentd_edits_sent_total')) - editsBefore;
    expect(edits, dut.tail()).toBeGreaterThanOrEqual(1);
    expect(edits).toBeLessThanOrEqual(3);
  });
});
