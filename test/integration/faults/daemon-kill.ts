// Fault group: `intentd run` SIGKILLed mid-reconcile, then restarted: it must converge from git + NetBox +
// device, record intent and audit once, and leave no lock. Two kill points: between the intent commit and
// the device write (netconfd frozen the moment the intent commit lands), and between the device write and
// the audit commit (the audit commit's branch update held by a git hook).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { pauseNetconfd } from '../../harness/netconfd.js';
import { spawnDaemon, waitInSync, type DaemonProcess } from '../e2e/daemon-process.js';
import { DEVICE, type LabStack } from '../e2e/lab-stack.js';
import { commits, DeviceProbe, waitFor } from '../e2e/probes.js';
import { holdCommit } from './repo-hooks.js';
import { fault } from './tally.js';
import { useSpawnedStack } from '../e2e/running-stack.js';
import { sleep } from '../../harness/processes.js';

const GI = 'GigabitEthernet1/0/9';
const GI2 = 'GigabitEthernet1/0/19';

/** The branch head as git stores it (a loose ref in a repo this young); read without spawning git. */
function head(repo: string): string {
  try {
    return readFileSync(join(repo, '.git', 'refs', 'heads', 'main'), 'utf8').trim();
  } catch {
    return '';
  }
}

/** Resolves as soon as the branch head moves away from `from` (polled every 2 ms). */
function headMoved(repo: string, from: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const tick = (): void => {
      if (head(repo) !== from) return resolve();
      if (Date.now() > deadline) return reject(new Error('the intent commit did not land in time'));
      setTimeout(tick, 2);
    };
    tick();
  });
}

export function daemonKillFaults(): void {
  describe('daemon killed during a reconcile', () => {
    let stack: LabStack;
    let probe: DeviceProbe;
    let configFile: string;
    let url: string;
    let proc: DaemonProcess | undefined;

    useSpawnedStack((s) => ({ stack, probe, configFile, url } = s), () => proc);

    fault('SIGKILL between the intent commit and the device write: the restart converges, nothing recorded twice or lost', async () => {
      proc = await spawnDaemon(configFile, url);
      await waitInSync(url, DEVICE);
      const before = head(stack.repo);
      stack.netbox.updateInterface(DEVICE, GI, { description: 'survives a crash', ticket: '9101' });
      await headMoved(stack.repo, before, 15_000);
      const frozen = pauseNetconfd(stack.device);
      try {
        await sleep(300);
        proc.child.kill('SIGKILL');
        expect((await proc.exited).signal).toBe('SIGKILL');
      } finally {
        frozen.resume();
      }
      expect(await probe.leaf('1/0/9', ['description'])).toBeUndefined();

      proc = await spawnDaemon(configFile, url);
      await waitFor('the description on the device', async () =>
        (await probe.leaf('1/0/9', ['description'])) === 'survives a crash ##ticket:9101##', 30_000).catch((err: Error) => {
        throw new Error(`${err.message}\n${proc?.tail()}`);
      });
      await waitFor('the ticket closed', () =>
        (stack.netbox.interfaceJson(DEVICE, GI).custom_fields as Record<string, unknown>).change_ticket_number === null);
      await waitFor('the Webex message', () => stack.webex.messages.some((m) => (m.text ?? '').includes('ticket 9101')));
      await stack.netbox.flushWebhooks();
      await waitInSync(url, DEVICE);

      const ticketed = (await commits(stack.repo)).filter((c) => c.body.includes('Change-Ticket: 9101\n'));
      expect(ticketed.filter((c) => c.subject.startsWith('intent(')), proc.tail()).toHaveLength(1);
      expect(ticketed.filter((c) => c.subject.startsWith('apply('))).toHaveLength(1);
      expect(stack.netbox.journal(DEVICE, GI).filter((j) => j.kind === 'success')).toHaveLength(1);
      await probe.raw.lock('running');
      await probe.raw.unlock('running');

      proc.child.kill('SIGTERM');
      expect(await proc.exited).toEqual({ code: 0, signal: null });
      proc = undefined;
    }, 120_000);

    fault('SIGKILL between the device write and the audit commit: the restart still records the audit', async () => {
      proc = await spawnDaemon(configFile, url);
      await waitInSync(url, DEVICE);
      const hold = await holdCommit(stack.repo, stack.dir, 'apply\\(*"Change-Ticket: 9102"*');
      try {
        stack.netbox.updateInterface(DEVICE, GI2, { description: 'written, then crashed', ticket: '9102' });
        await hold.held(20_000);
        proc.child.kill('SIGKILL');
        expect((await proc.exited).signal).toBe('SIGKILL');
      } finally {
        await hold.abort();
        await sleep(200);
        await hold.remove();
      }
      // The device write happened before the crash; its audit commit did not land.
      expect(await probe.leaf('1/0/19', ['description'])).toBe('written, then crashed ##ticket:9102##');
      expect((await commits(stack.repo)).filter((c) => c.subject.startsWith('apply(') && c.body.includes('Change-Ticket: 9102\n'))).toHaveLength(0);

      proc = await spawnDaemon(configFile, url);
      await waitInSync(url, DEVICE);
      await waitFor('the ticket closed', () =>
        (stack.netbox.interfaceJson(DEVICE, GI2).custom_fields as Record<string, unknown>).change_ticket_number === null);
      await stack.netbox.flushWebhooks();
      await waitInSync(url, DEVICE);
      const ticketed = (await commits(stack.repo)).filter((c) => c.body.includes('Change-Ticket: 9102\n'));
      expect(ticketed.filter((c) => c.subject.startsWith('intent(')), proc.tail()).toHaveLength(1);
      expect(ticketed.filter((c) => c.subject.startsWith('apply(')), 'the device write of ticket 9102 has no audit commit').toHaveLength(1);
      expect(stack.netbox.journal(DEVICE, GI2).map((j) => j.kind)).toContain('success');

      proc.child.kill('SIGTERM');
      expect(await proc.exited).toEqual({ code: 0, signal: null });
      proc = undefined;
    }, 120_000);
  });
}
