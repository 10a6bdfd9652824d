import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/load.js';
import { Daemon } from '../../../src/daemon.js';
import { DaemonEvents, type DaemonEvent } from '../../../src/daemon-events.js';
import { Lab } from '../../../src/lab/lab.js';
import { silentLogger } from '../../../src/log.js';

const GI2 = 'GigabitEthernet1/0/2';
const git = (repo: string, ...args: string[]) => execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8' }).trim();

describe('a device edit whose re-read does not match', () => {
  let lab: Lab;
  let dir: string;
  let repo: string;
  let daemon: Daemon | null;

  beforeEach(async () => {
    lab = await Lab.start();
    dir = mkdtempSync(join(tmpdir(), 'intentd-verify-'));
    repo = join(dir, 'intent');
    daemon = null;
  });
  afterEach(async () => {
    await daemon?.stop({ timeoutMs: 5000 });
    lab.webex.assertNoUnexpected();
    await lab.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is audited as unverified with the leaves that landed, and alerted as such (running datastore)', async () => {
    const yaml = lab.configYaml({ repo, listen: '127.0.0.1:0', poll: null, resync: null });
    const events = new DaemonEvents();
    const failures: DaemonEvent[] = [];
    events.onEvent((e) => {
      if (e.type === 'failed') failures.push(e);
    });
    const d = await Daemon.start({ config: parseConfig(yaml, 'test', { env: {} }), logger: silentLogger(), events });
    // The status as the failed reconcile left it (read synchronously when its event fires).
    const statusAtFailure: unknown[] = [];
    events.onEvent((e) => {
      if (e.type === 'failed') statusAtFailure.push(structuredClone(d.status.get('c9300')));
    });
    daemon = d;
    lab.connectWebhook(d.url);
    await d.idle();
    const sentBefore = lab.webex.messages.length;
    // The switch answers <ok/> but keeps its own description: the MTU lands, the description does not.
    lab.c9300.alterAfterNextEdit(GI2, 'description', 'kept by the switch');
    lab.netbox.updateInterface('c9300', GI2, { description: 'new text', mtu: 9000, ticket: '2001' });
    d.nudge('c9300', 'webhook');
    await d.idle();
    await lab.netbox.flushWebhooks();
    await d.idle();

    // The unverified edit has its audit commit (a later reconcile may then converge the description).
    const commit = git(repo, 'log', '--format=%H', '--grep=^Result: unverified$');
    expect(commit).toMatch(/^[0-9a-f]{40}$/);
    expect(git(repo, 'log', '-1', '--format=%s', commit)).toBe('apply(c9300): Gi1/0/2 description, mtu (unverified)');
    const trailers = git(repo, 'log', '-1', '--format=%(trailers:only,unfold)', commit);
    expect(trailers).toMatch(/^Change-Ticket: 2001$/m);
    const body = git(repo, 'log', '-1', '--format=%b', commit);
    expect(body).toContain('NOT verified');
    expect(body).toMatch(/Landed \(read back as planned\):\n- GigabitEthernet1\/0\/2 mtu: \(none\) → 9000/);
    expect(body).toMatch(/Did not land \(still different on the device\):\n- GigabitEthernet1\/0\/2 description: "kept by the switch" → "new text ##ticket:2001##"/);

    expect(failures).toEqual([expect.objectContaining({ type: 'failed', device: 'c9300', reason: 'VerifyFailed', retryable: false })]);
    expect(statusAtFailure).toEqual([expect.objectContaining({ state: 'failed', lastError: expect.objectContaining({ reason: 'VerifyFailed' }) })]);

    await d.stop({ timeoutMs: 5000 });
    const texts = lab.webex.messages.slice(sentBefore).map((m) => m.text ?? '');
    const alert = texts.find((t) => t.includes('VerifyFailed'));
    expect(alert).toMatch(/c9300: apply NOT verified \(VerifyFailed\)/);
    expect(alert).toMatch(/Device now: only partly verified: GigabitEthernet1\/0\/2 mtu landed and stay on c9300; GigabitEthernet1\/0\/2 description did not/);
    expect(texts.join('\n')).not.toMatch(/left as it was/);
    const journal = lab.netbox.journal('c9300', GI2).at(-1);
    expect(journal?.kind).toBe('danger');
    expect(journal?.comments).toMatch(/could not verify it/);
    expect(journal?.comments).not.toMatch(/left as it was/);
  });
});
