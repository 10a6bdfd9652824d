import { describe, expect, it } from 'vitest';
import type { DaemonEvent } from '../../../src/daemon-events.js';
import { useLabDaemon } from './lab-daemon.js';

const GI2 = 'GigabitEthernet1/0/2';

describe('a device edit whose re-read does not match', () => {
  const t = useLabDaemon('intentd-verify-');

  it('is audited as unverified with the leaves that landed, and alerted as such (running datastore)', async () => {
    const failures: DaemonEvent[] = [];
    // The status as the failed reconcile left it (read synchronously when its event fires).
    const statusAtFailure: unknown[] = [];
    t.events.onEvent((e) => {
      if (e.type !== 'failed') return;
      failures.push(e);
      statusAtFailure.push(structuredClone(t.daemon.status.get('c9300')));
    });
    const d = await t.start();
    const sentBefore = t.lab.webex.messages.length;
    // The switch answers <ok/> but keeps its own description: the MTU lands, the description does not.
    t.lab.c9300.alterAfterNextEdit(GI2, 'description', 'kept by the switch');
    t.lab.netbox.updateInterface('c9300', GI2, { description: 'new text', mtu: 9000, ticket: '2001' });
    d.nudge('c9300', 'webhook');
    await d.idle();
    await t.lab.netbox.flushWebhooks();
    await d.idle();

    // The unverified edit has its audit commit (a later reconcile may then converge the description).
    const commit = t.git('log', '--format=%H', '--grep=^Result: unverified$');
    expect(commit).toMatch(/^[0-9a-f]{40}$/);
    expect(t.git('log', '-1', '--format=%s', commit)).toBe('apply(c9300): Gi1/0/2 description, mtu (unverified)');
    const trailers = t.git('log', '-1', '--format=%(trailers:only,unfold)', commit);
    expect(trailers).toMatch(/^Change-Ticket: 2001$/m);
    const body = t.git('log', '-1', '--format=%b', commit);
    expect(body).toContain('NOT verified');
    expect(body).toMatch(/Landed \(read back as planned\):\n- GigabitEthernet1\/0\/2 mtu: \(none\) → 9000/);
    expect(body).toMatch(/Did not land \(still different on the device\):\n- GigabitEthernet1\/0\/2 description: "kept by the switch" → "new text ##ticket:2001##"/);

    expect(failures).toEqual([expect.objectContaining({ type: 'failed', device: 'c9300', reason: 'VerifyFailed', retryable: false })]);
    expect(statusAtFailure).toEqual([expect.objectContaining({ state: 'failed', lastError: expect.objectContaining({ reason: 'VerifyFailed' }) })]);

    await d.stop({ timeoutMs: 5000 });
    const texts = t.lab.webex.messages.slice(sentBefore).map((m) => m.text ?? '');
    const alert = texts.find((t) => t.includes('VerifyFailed'));
    expect(alert).toMatch(/c9300: apply NOT verified \(VerifyFailed\)/);
    expect(alert).toMatch(/Device now: only partly verified: GigabitEthernet1\/0\/2 mtu landed and stay on c9300; GigabitEthernet1\/0\/2 description did not/);
    expect(texts.join('\n')).not.toMatch(/left as it was/);
    const journal = t.lab.netbox.journal('c9300', GI2).at(-1);
    expect(journal?.kind).toBe('danger');
    expect(journal?.comments).toMatch(/could not verify it/);
    expect(journal?.comments).not.toMatch(/left as it was/);
  });
});
