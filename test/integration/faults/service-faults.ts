// Fault group: the services around the daemon. NetBox answering 500 or not at all, Webex rate-limiting
// and down (reconciles must not wait for chat), and an operator committing into the intent repo while a
// NetBox sync writes to it.
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { startDaemon, type DaemonUnderTest } from '../e2e/daemon-under-test.js';
import { DEVICE, startLabStack, type LabStack } from '../e2e/lab-stack.js';
import { commits, DeviceProbe, fileAtHead, tagged, tags, waitFor } from '../e2e/probes.js';
import { operatorCommits, operatorEditsIntent, workingTreeStatus } from './operator-git.js';
import { commitRightAfter } from './repo-hooks.js';
import { fault } from './tally.js';

const gi = (port: number): string => `GigabitEthernet1/0/${port}`;

export function serviceFaults(): void {
  describe('service faults', () => {
    let stack: LabStack;
    let dut: DaemonUnderTest;
    let probe: DeviceProbe;

    beforeAll(async () => {
      stack = await startLabStack();
      dut = await startDaemon(stack, { netboxTimeoutMs: 500, netboxRetries: 2 });
      probe = await DeviceProbe.open(stack.device);
    });
    afterAll(async () => {
      await dut?.stop();
      await probe?.close().catch(() => undefined);
      await stack?.stop();
    });

    const converged = (port: number, text: string, timeoutMs = 20_000): Promise<true> =>
      waitFor(`"${text}" on Gi1/0/${port}`, async () => (await probe.leaf(`1/0/${port}`, ['description'])) === text, timeoutMs)
        .catch(async (err: Error) => {
          const history = (await commits(stack.repo)).slice(0, 30).map((c) => `${c.commit.slice(0, 8)} ${c.subject}`);
          throw new Error(`${err.message}\n--- intent repo\n${history.join('\n')}\n--- daemon log\n${dut.tail()}`);
        });
    const ticketOpen = (port: number): unknown =>
      (stack.netbox.interfaceJson(DEVICE, gi(port)).custom_fields as Record<string, unknown>).change_ticket_number;
    const ticketed = async (ticket: string, kind: 'intent' | 'apply'): Promise<number> =>
      (await commits(stack.repo)).filter((c) => c.subject.startsWith(`${kind}(`) && c.body.includes(`Change-Ticket: ${ticket}\n`)).length;
    const messageFor = (ticket: string): boolean => stack.webex.messages.some((m) => (m.text ?? '').includes(`ticket ${ticket}`));

    fault('NetBox answers 500 three times: the sync is retried and the change converges once', async () => {
      const errorsBefore = stack.netbox.requests.filter((r) => r.status === 500).length;
      stack.netbox.failNext(3, 500);
      stack.netbox.updateInterface(DEVICE, gi(40), { description: 'after NetBox 500s', ticket: '9001' });
      await converged(40, 'after NetBox 500s ##ticket:9001##');
      await waitFor('the ticket closed', () => ticketOpen(40) === null);
      await stack.netbox.flushWebhooks();
      await dut.daemon.idle();
      expect(stack.netbox.requests.filter((r) => r.status === 500).length - errorsBefore).toBe(3);
      expect(await ticketed('9001', 'intent')).toBe(1);
      expect(await ticketed('9001', 'apply')).toBe(1);
    }, 45_000);

    fault('NetBox does not answer (timeouts): retried, converges', async () => {
      stack.netbox.failNext(2, 'timeout');
      stack.netbox.updateInterface(DEVICE, gi(41), { description: 'after NetBox timeouts', ticket: '9002' });
      await converged(41, 'after NetBox timeouts ##ticket:9002##');
      await waitFor('the ticket closed', () => ticketOpen(41) === null);
      expect(await ticketed('9002', 'intent')).toBe(1);
    }, 45_000);

    fault('Webex answers 429: the device change is not held up, the message arrives after Retry-After', async () => {
      await waitFor('earlier messages delivered', () => messageFor('9002'));
      const limited = stack.webex.requests.filter((r) => r.status === 429).length;
      stack.webex.rateLimitNext(2, 1);
      stack.netbox.updateInterface(DEVICE, gi(42), { description: 'despite 429s', ticket: '9003' });
      await converged(42, 'despite 429s ##ticket:9003##');
      expect(messageFor('9003')).toBe(false);
      await waitFor('the message after the rate limit', () => messageFor('9003'), 15_000);
      expect(stack.webex.requests.filter((r) => r.status === 429).length - limited).toBe(2);
    }, 45_000);

    fault('Webex down: reconciles carry on, the queued messages are delivered once it is back', async () => {
      await stack.webex.down('refuse');
      try {
        stack.netbox.updateInterface(DEVICE, gi(43), { description: 'chat is down', ticket: '9004' });
        await converged(43, 'chat is down ##ticket:9004##');
        stack.netbox.updateInterface(DEVICE, gi(44), { description: 'still down', ticket: '9005' });
        await converged(44, 'still down ##ticket:9005##');
        expect(messageFor('9004') || messageFor('9005')).toBe(false);
      } finally {
        await stack.webex.up();
      }
      await waitFor('both messages delivered', () => messageFor('9004') && messageFor('9005'), 30_000);
    }, 60_000);

    fault('an operator commit right after the daemon\'s intent commit neither gets its ticket tag nor is reported as it', async () => {
      const since = dut.events.length;
      const removeHook = await commitRightAfter(stack.repo, 'intent\\(*"Change-Ticket: 9007"*');
      try {
        stack.netbox.updateInterface(DEVICE, gi(29), { description: 'tag the right commit', ticket: '9007' });
        await converged(29, 'tag the right commit ##ticket:9007##');
        await stack.netbox.flushWebhooks();
        await dut.daemon.idle();
      } finally {
        await removeHook();
      }
      const all = await commits(stack.repo);
      const intentCommit = all.find((c) => c.subject.startsWith('intent(') && c.body.includes('Change-Ticket: 9007\n'));
      expect(all.some((c) => c.subject === "ops: commit right after the daemon's")).toBe(true);
      const taggedSubjects = await Promise.all((await tags(stack.repo, 'ticket/9007*')).map(async (t) => {
        const id = await tagged(stack.repo, t);
        return all.find((c) => c.commit === id)?.subject ?? id;
      }));
      expect(taggedSubjects.filter((s) => s.startsWith('ops:')), 'ticket tags on the operator commit').toEqual([]);
      const reported = dut.events.slice(since).find((e) => e.type === 'intent-committed');
      expect(reported && reported.type === 'intent-committed' ? reported.commit : null).toBe(intentCommit?.commit);
    }, 60_000);
    fault('operator commits (notes and hand edits of other interfaces) during a NetBox sync: none is lost', async () => {
      const hand = [34, 35, 36, 37, 38, 39];
      stack.netbox.updateInterface(DEVICE, gi(45), { description: 'from NetBox during operator commits', ticket: '9006' });
      const subjects: string[] = [];
      for (const port of hand) {
        subjects.push(...(await operatorCommits(stack.repo, 1, `n${port}`)));
        await operatorEditsIntent(stack.repo, DEVICE, gi(port), `by hand ${port}`);
      }
      // The daemon is done with ticket 9006 once it closed it in NetBox; then let the intent watch settle.
      await waitFor('ticket 9006 closed', () => ticketOpen(45) === null);
      await stack.netbox.flushWebhooks();
      await new Promise((r) => setTimeout(r, 300));
      await dut.daemon.idle();

      const head = await fileAtHead(stack.repo, `devices/${DEVICE}.yaml`);
      const history = (await commits(stack.repo)).slice(0, 20).map((c) => `${c.commit.slice(0, 8)} ${c.subject}`).join('\n');
      const journal = stack.netbox.journal(DEVICE, gi(45)).map((j) => j.kind);
      expect(head.includes('from NetBox during operator commits'),
        `ticket 9006 closed in NetBox (journal: ${journal.join(', ')}) but its change is not in intent at HEAD:\n${history}`).toBe(true);
      expect(await ticketed('9006', 'intent'), history).toBe(1);
      const lost = hand.filter((port) => !head.includes(`by hand ${port}`));
      expect(lost, `hand edits overwritten by the daemon's intent commit:\n${history}`).toEqual([]);
      await converged(45, 'from NetBox during operator commits ##ticket:9006##');
      for (const port of hand) await converged(port, `by hand ${port}`);
      const log = (await commits(stack.repo)).map((c) => c.subject);
      for (const subject of subjects) expect(log).toContain(subject);
      expect(await ticketed('9006', 'apply')).toBe(1);
      expect(await workingTreeStatus(stack.repo)).toBe('');
    }, 60_000);
  });
}
