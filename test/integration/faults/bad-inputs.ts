// Fault group: 40+ bad inputs at the webhook and bad data in NetBox. Each gets the right HTTP status or is
// refused before the network; the device's running config never changes (except the XML metacharacter
// description, which must arrive as text); the daemon keeps serving.
import { describe, expect } from 'vitest';
import { useRunningStack } from '../e2e/running-stack.js';
import type { DaemonEvent } from '../../../src/daemon-events.js';
import { type DaemonUnderTest } from '../e2e/daemon-under-test.js';
import { DEVICE, type LabStack } from '../e2e/lab-stack.js';
import { DeviceProbe, healthz, interfaceEvent, metric, postWebhook, waitFor } from '../e2e/probes.js';
import { BAD_NETBOX, patchNetbox } from './bad-netbox-cases.js';
import { BAD_WEBHOOKS } from './bad-webhook-cases.js';
import { fault } from './tally.js';

const METACHARS = `<b>bold</b> & "quoted" 'single' ]]> <!-- c --> <?pi x?> &amp; &#x3c;`;

/** The running config text without one GigabitEthernet entry. */
const withoutPort = (xml: string, port: string): string =>
  xml.replace(new RegExp(`<GigabitEthernet>\\s*<name>${port.replace(/\//g, '\\/')}</name>[\\s\\S]*?</GigabitEthernet>`), '');

export function badInputFaults(): void {
  describe('bad inputs', () => {
    let stack: LabStack;
    let dut: DaemonUnderTest;
    let probe: DeviceProbe;

    useRunningStack((s) => ({ stack, dut, probe } = s));

    /** The daemon is still serving, nothing reached the device, and no prototype was polluted. */
    const assertUntouched = async (before: string): Promise<void> => {
      await dut.daemon.idle();
      expect(await healthz(dut.daemon.url)).toBe(200);
      expect(await probe.running(), dut.tail()).toBe(before);
      expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
    };
    const planned = (since: number, iface: string): DaemonEvent[] =>
      dut.events.slice(since).filter((e) => e.type === 'plan' && e.plan.changes.some((c) => c.interface === iface));

    for (const c of BAD_WEBHOOKS) {
      fault(`webhook: ${c.name} → ${c.status}`, async () => {
        const before = await probe.running();
        const r = c.request(stack.netbox);
        const res = await postWebhook(dut.daemon.url, r.body, {
          ...(r.signature !== undefined ? { signature: r.signature } : {}),
          ...(r.method ? { method: r.method } : {}),
          ...(r.headers ? { headers: r.headers } : {}),
        });
        expect(res.status, JSON.stringify(res.json)).toBe(c.status);
        await assertUntouched(before);
      });
    }

    fault('webhook: none of the bad requests made an edit-config', async () => {
      expect(await metric(dut.daemon.url, 'intentd_edits_sent_total')).toBe(0);
    });

    for (const c of BAD_NETBOX) {
      fault(`NetBox data: ${c.name} → refused before the device`, async () => {
        const since = dut.events.length;
        const before = await probe.running();
        try {
          patchNetbox(stack.netbox, c.iface, c.patch(stack.netbox), c.mutate);
          expect((await postWebhook(dut.daemon.url, interfaceEvent(stack.netbox, c.iface))).status).toBe(202);
          await assertUntouched(before);
          expect(planned(since, c.iface), dut.tail()).toEqual([]);
        } finally {
          // Put NetBox back with a ticket, so intent follows even where the bad value was taken.
          patchNetbox(stack.netbox, c.iface, { ...c.revert, custom_fields: { change_ticket_number: 'revert' } });
          await postWebhook(dut.daemon.url, interfaceEvent(stack.netbox, c.iface));
          await stack.netbox.flushWebhooks();
          await dut.daemon.idle();
        }
        await assertUntouched(before);
      });
    }

    fault('NetBox data: XML metacharacters in a description arrive on the device as text', async () => {
      const iface = 'GigabitEthernet1/0/22';
      const before = await probe.running();
      patchNetbox(stack.netbox, iface, { description: METACHARS, custom_fields: { change_ticket_number: '6200' } });
      expect((await postWebhook(dut.daemon.url, interfaceEvent(stack.netbox, iface))).status).toBe(202);
      await dut.daemon.idle();
      expect(await probe.leaf('1/0/22', ['description']), dut.tail()).toBe(`${METACHARS} ##ticket:6200##`);
      // Nothing else on the device moved: no <shutdown/> or other element smuggled in.
      const after = await probe.running();
      expect(withoutPort(after, '1/0/22')).toBe(withoutPort(before, '1/0/22'));
      expect(withoutPort(after, '1/0/22')).not.toBe(after);
      expect(await probe.leaf('1/0/22', ['shutdown'])).toBeUndefined();
    });

    fault('after every bad input the daemon still applies a good change', async () => {
      stack.netbox.updateInterface(DEVICE, 'GigabitEthernet1/0/23', { description: 'still serving', ticket: '6201' });
      await waitFor('the good change on the device', async () =>
        (await probe.leaf('1/0/23', ['description'])) === 'still serving ##ticket:6201##');
      expect(await healthz(dut.daemon.url)).toBe(200);
    });
  });
}
