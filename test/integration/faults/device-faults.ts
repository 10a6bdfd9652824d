// Fault group: the device side. A session dropped in the middle of an apply, a device that is busy (another
// client holds the lock), unreachable and back, and one that refuses the edit with an rpc-error.
import { describe, expect } from 'vitest';
import { useRunningStack } from '../e2e/running-stack.js';
import type { DaemonEvent } from '../../../src/daemon-events.js';
import { pauseNetconfd } from '../../harness/netconfd.js';
import { type DaemonUnderTest } from '../e2e/daemon-under-test.js';
import { DEVICE, type LabStack } from '../e2e/lab-stack.js';
import { commits, DeviceProbe, healthz, interfaceEvent, postWebhook, waitFor } from '../e2e/probes.js';
import { fault } from './tally.js';
import { sleep } from '../../harness/processes.js';

type Failed = Extract<DaemonEvent, { type: 'failed' }>;

export function deviceFaults(): void {
  describe('device faults', () => {
    let stack: LabStack;
    let dut: DaemonUnderTest;
    let probe: DeviceProbe;

    useRunningStack((s) => ({ stack, dut, probe } = s));

    const failuresSince = (since: number): Failed[] =>
      dut.events.slice(since).filter((e): e is Failed => e.type === 'failed');
    const converged = (port: string, text: string, timeoutMs = 20_000): Promise<true> =>
      waitFor(`"${text}" on Gi${port}`, async () => (await probe.leaf(port, ['description'])) === text, timeoutMs)
        .catch((err: Error) => {
          throw new Error(`${err.message}\n${dut.tail()}`);
        });
    const auditCommits = async (ticket: string): Promise<number> =>
      (await commits(stack.repo)).filter((c) => c.subject.startsWith('apply(') && c.body.includes(`Change-Ticket: ${ticket}\n`)).length;

    fault('SSH session dropped mid-apply: retried on a new session, converges once, no lock left behind', async () => {
      const since = dut.events.length;
      let frozen: { resume(): void } | null = null;
      const off = dut.daemon.events.onEvent((e) => {
        // Freeze netconfd the moment the apply starts, so its lock/edit-config are in flight when SSH drops.
        if (!frozen && e.type === 'plan' && e.plan.changes.some((c) => c.interface === 'GigabitEthernet1/0/30')) {
          frozen = pauseNetconfd(stack.device);
        }
      });
      try {
        stack.netbox.updateInterface(DEVICE, 'GigabitEthernet1/0/30', { description: 'after a dropped session', ticket: '8001' });
        await waitFor('the apply to start', () => frozen !== null, 15_000);
        await sleep(300);
        await stack.device.dropSessions();
      } finally {
        (frozen as { resume(): void } | null)?.resume();
        off();
      }
      await converged('1/0/30', 'after a dropped session ##ticket:8001##');
      await stack.netbox.flushWebhooks();
      await dut.daemon.idle();
      expect(failuresSince(since).some((f) => f.retryable), dut.tail()).toBe(true);
      expect(await auditCommits('8001')).toBe(1);
      await probe.running(); // reconnects the probe: its session was dropped too
      await probe.raw.lock('running');
      await probe.raw.unlock('running');
    }, 45_000);

    fault('device busy (another session holds the lock): retried with backoff, converges after the release', async () => {
      const since = dut.events.length;
      const other = await DeviceProbe.open(stack.device);
      await other.raw.lock('running');
      try {
        stack.netbox.updateInterface(DEVICE, 'GigabitEthernet1/0/31', { description: 'after the lock', ticket: '8002' });
        await waitFor('two busy failures', () => failuresSince(since).filter((f) => f.retryable).length >= 2, 15_000);
        expect(failuresSince(since)[0]?.message).toMatch(/lock-denied|in-use/);
        expect(await probe.leaf('1/0/31', ['description'])).toBeUndefined();
        expect(await healthz(dut.daemon.url)).toBe(200);
      } finally {
        await other.raw.unlock('running').catch(() => undefined);
        await other.close();
      }
      await converged('1/0/31', 'after the lock ##ticket:8002##');
      await stack.netbox.flushWebhooks();
      await dut.daemon.idle();
      expect(await auditCommits('8002')).toBe(1);
    }, 45_000);

    fault('device unreachable, then back on the network: retried, converges, daemon serves meanwhile', async () => {
      const since = dut.events.length;
      await stack.relay.down();
      try {
        stack.netbox.updateInterface(DEVICE, 'GigabitEthernet1/0/32', { description: 'after the outage', ticket: '8003' });
        await waitFor('a retryable failure', () => failuresSince(since).some((f) => f.retryable), 15_000);
        await sleep(1500);
        expect(failuresSince(since).every((f) => f.retryable), dut.tail()).toBe(true);
        expect(await healthz(dut.daemon.url)).toBe(200);
        expect(await probe.leaf('1/0/32', ['description'])).toBeUndefined();
        // The ticket stays open in NetBox until the device outcome is final.
        expect((stack.netbox.interfaceJson(DEVICE, 'GigabitEthernet1/0/32').custom_fields as Record<string, unknown>).change_ticket_number).toBe('8003');
      } finally {
        await stack.relay.up();
      }
      await converged('1/0/32', 'after the outage ##ticket:8003##');
      await waitFor('the ticket closed', () =>
        (stack.netbox.interfaceJson(DEVICE, 'GigabitEthernet1/0/32').custom_fields as Record<string, unknown>).change_ticket_number === null);
    }, 45_000);

    fault('device refuses the edit (rpc-error invalid-value): terminal, device unchanged, reported, not retried', async () => {
      const since = dut.events.length;
      const before = await probe.running();
      // A name the intent model accepts but the device's YANG key pattern does not (four levels).
      const name = 'GigabitEthernet1/0/2/1';
      const dev = stack.netbox.data.db.devices.find((d) => d.name === DEVICE);
      if (!dev) throw new Error('no c9300 in the emulator');
      const row = stack.netbox.data.addInterface(dev, name);
      stack.netbox.data.applyRestPatch(row, { description: 'breakout', mode: 'access', custom_fields: { change_ticket_number: '8004' } });
      expect((await postWebhook(dut.daemon.url, interfaceEvent(stack.netbox, name))).status).toBe(202);
      await waitFor('the refusal', () => failuresSince(since).length > 0, 15_000);
      await stack.netbox.flushWebhooks();
      await dut.daemon.idle();
      await sleep(1500);
      const failures = failuresSince(since);
      expect(failures[0], dut.tail()).toMatchObject({ retryable: false });
      expect(failures[0]?.message).toMatch(/invalid-value|rejected/i);
      expect(failures.length).toBeLessThanOrEqual(3);
      expect(await probe.running()).toBe(before);
      expect(stack.netbox.journal(DEVICE, name).map((j) => j.kind)).toContain('danger');
      await waitFor('the failure in Webex', () => stack.webex.messages.some((m) => /c9300/.test(m.text ?? '') && /fail/i.test(m.text ?? '')));
      expect(await healthz(dut.daemon.url)).toBe(200);
    }, 45_000);
  });
}
