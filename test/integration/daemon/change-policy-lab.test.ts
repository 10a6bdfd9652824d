import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { Daemon } from '../../../src/daemon.js';
import { ManualClock } from './manual-clock.js';
import { until, useLabDaemon } from './lab-daemon.js';

const GI2 = 'GigabitEthernet1/0/2';
const GI40 = 'GigabitEthernet1/0/40';

describe('policy.yaml change policy in the daemon against the simulated lab', () => {
  const t = useLabDaemon('intentd-change-policy-');
  const description = (iface = GI2) => /<description>([^<]*)<\/description>/.exec(t.lab.c9300.runningXml(iface))?.[1] ?? null;
  const edits = () => t.lab.c9300.requests.filter((r) => r.operation === 'edit-config').length;
  const messages = () => t.lab.webex.messages.map((m) => `${m.text ?? ''} ${m.markdown ?? ''}`);
  const post = (path: string, body: unknown) =>
    fetch(`${t.daemon.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${t.lab.apiToken}` }, body: JSON.stringify(body) });

  /** Commits policy.yaml as an operator would and waits until the daemon has it and is idle. */
  async function commitPolicy(d: Daemon, yaml: string, has: (p: Record<string, unknown>) => boolean): Promise<void> {
    writeFileSync(join(t.repo, 'policy.yaml'), yaml);
    // The daemon may be settling the shared working tree after its own commits (index.lock): try again then.
    await until('the policy commit', () => {
      try {
        t.git('add', 'policy.yaml');
        t.git('commit', '-qm', 'operator: change policy');
        return true;
      } catch (err) {
        if (/index\.lock/.test(String(err))) return false;
        throw err;
      }
    });
    await until('the new policy in force', () => has(d.policy.current()));
    await d.idle();
  }

  it('a report rule on one interface pattern leaves drift there and reverts it elsewhere', async () => {
    const d = await t.start();
    await commitPolicy(d, 'rules:\n  - devices: c9300\n    interfaces: "GigabitEthernet1/0/4*"\n    mode: report\n', (p) => p.rules !== undefined);
    t.lab.c9300.setLeaf(GI40, 'description', 'by hand on 40');
    t.lab.c9300.setLeaf(GI2, 'description', 'by hand on 2');
    d.nudge('c9300', 'resync');
    await d.idle();
    expect(description(GI40)).toBe('by hand on 40');
    expect(description(GI2)).toBeNull();
    expect(t.git('log', '-1', '--format=%s')).toBe('apply(c9300): Gi1/0/2 description (drift revert)');
    const st = await t.status<{ state: string; drift: Array<{ interface: string }> }>();
    expect(st.state).toBe('drift');
    // The revert's own pass, or the intent watch's full pass after its audit commit: either way the report-mode drift stays listed.
    expect(st.drift.map((c) => c.interface)).toContain(GI40);
    d.nudge('c9300', 'resync');
    await d.idle();
    expect(description(GI40)).toBe('by hand on 40');
    expect((await t.status<{ drift: Array<{ interface: string }> }>()).drift.map((c) => c.interface)).toEqual([GI40]);
  });

  it('a change outside an allow window waits as pending-window and lands when the window opens', async () => {
    const clock = new ManualClock('2026-07-01T12:00:00Z');
    const d = await t.start((y) => y, { clock });
    await commitPolicy(d, 'rules:\n  - devices: c9300\n    windows: [{ allow: true, cron: "0 22 * * *", duration: 2h, timezone: Europe/Zurich }]\n', (p) => p.rules !== undefined);
    const before = edits();
    t.lab.netbox.updateInterface('c9300', GI2, { description: 'night change', ticket: '2001' });
    await until('the plan held for its window', async () => (await t.status()).state === 'pending-window');
    await d.idle();
    expect(edits()).toBe(before);
    const st = await t.status<{ held: { reason: string; opensAt: string }; drift: Array<{ interface: string; origin?: string }> }>();
    expect(st.held.opensAt).toBe('2026-07-01T20:00:00.000Z');
    // The difference the device shows meanwhile is classified as waiting.
    expect(st.drift.map((c) => [c.interface, c.origin])).toEqual([[GI2, 'waiting']]);
    expect(st.held.reason).toMatch(/outside the allow window '0 22 \* \* \*'/);
    expect(clock.pending()).toEqual([Date.parse('2026-07-01T20:00:00Z')]);
    d.nudge('c9300', 'resync');
    await d.idle();
    expect(messages().filter((m) => /waiting for the change window/.test(m))).toHaveLength(1);
    // The ticket stays open while the change waits: nothing is written back to NetBox yet.
    expect(t.lab.netbox.journal('c9300', GI2)).toEqual([]);

    clock.set('2026-07-01T20:00:00Z');
    await until('the change on the device', () => description() === 'night change ##ticket:2001##');
    await d.idle();
    expect(t.git('log', '-1', '--format=%s')).toBe('apply(c9300): Gi1/0/2 description');
    expect((await t.status()).state).toBe('in-sync');
    expect(t.lab.netbox.journal('c9300', GI2)).toEqual([expect.objectContaining({ kind: 'success', comments: expect.stringMatching(/intentd: applied/) })]);
  });

  it('an ignored leaf is never sent and never alerted, and shows as ignored in status', async () => {
    const d = await t.start();
    await commitPolicy(d, 'ignore:\n  - interfaces: "GigabitEthernet1/0/4*"\n    leaves: [description]\n', (p) => p.ignore !== undefined);
    const before = edits();
    const alerts = t.lab.webex.messages.length;
    t.lab.c9300.setLeaf(GI40, 'description', 'free text');
    d.nudge('c9300', 'resync');
    await d.idle();
    expect(description(GI40)).toBe('free text');
    expect(edits()).toBe(before);
    expect(t.lab.webex.messages.length).toBe(alerts);
    const st = await t.status<{ state: string; drift: unknown[]; ignored: Array<{ interface: string; leaf: string }> }>();
    expect(st).toMatchObject({ state: 'in-sync', drift: [], ignored: [{ interface: GI40, leaf: 'description' }] });
  });

  it('a plan over maxLeavesPerApply waits for approval; a stale hash is refused, the current one applies', async () => {
    const d = await t.start();
    await commitPolicy(d, 'approval:\n  approvers: [alice]\nrules:\n  - devices: c9300\n    maxLeavesPerApply: 1\n', (p) => p.rules !== undefined);
    const before = edits();
    t.lab.netbox.updateInterface('c9300', GI2, { description: 'big change', mtu: 9000, ticket: '3001' });
    await until('the plan held for approval', async () => (await t.status()).state === 'pending-approval');
    await d.idle();
    expect(edits()).toBe(before);
    const first = (await t.status<{ held: { hash: string; reason: string } }>()).held;
    expect(first.reason).toMatch(/2 leaf changes, more than maxLeavesPerApply 1/);
    expect((await d.approvals.pending('c9300'))?.hash).toBe(first.hash);

    // NetBox changes again: a new plan, a new hash; approving the old one is refused.
    t.lab.netbox.updateInterface('c9300', GI2, { description: 'bigger change', mtu: 9000, ticket: '3001' });
    await until('the new plan held', async () => (await t.status<{ held: { hash: string } | null }>()).held?.hash !== first.hash);
    await d.idle();
    const stale = await post('/api/approve/c9300', { plan: first.hash, by: 'alice' });
    expect(stale.status).toBe(409);
    expect(((await stale.json()) as { reason: string }).reason).toBe('StalePlan');
    const current = (await t.status<{ held: { hash: string } }>()).held.hash;
    const mallory = await post('/api/approve/c9300', { plan: current, by: 'mallory' });
    expect(mallory.status).toBe(403);
    expect(edits()).toBe(before);

    expect((await post('/api/approve/c9300', { plan: current, by: 'alice' })).status).toBe(200);
    await until('the approved change on the device', () => description() === 'bigger change ##ticket:3001##');
    await d.idle();
    const trailers = (key: string) => t.git('log', '-1', `--format=%(trailers:key=${key},valueonly)`).trim();
    expect(trailers('Approved-By')).toBe('alice');
    expect(trailers('Plan-Hash')).toBe(current);
    expect(trailers('Approved-At')).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect((await t.status()).state).toBe('in-sync');
  });

  it('keeps an approval over a restart', async () => {
    const d = await t.start();
    await commitPolicy(d, 'rules:\n  - devices: c9300\n    maxLeavesPerApply: 1\n', (p) => p.rules !== undefined);
    t.lab.netbox.updateInterface('c9300', GI2, { description: 'after restart', mtu: 9100, ticket: '3002' });
    await until('the plan held for approval', async () => (await t.status()).state === 'pending-approval');
    await d.idle();
    const hash = (await t.status<{ held: { hash: string } }>()).held.hash;
    await d.stop();
    const d2 = await t.start();
    expect((await t.status()).state).toBe('pending-approval');
    await d2.approvals.approve('c9300', hash, 'bob');
    await until('the approved change on the device', () => description() === 'after restart ##ticket:3002##');
    await d2.idle();
    expect(t.git('log', '-1', '--format=%(trailers:key=Approved-By,valueonly)').trim()).toBe('bob');
  });

  it('a held plan goes to Webex as a card: a non-approver\'s click is refused, an approver\'s click applies exactly that plan', async () => {
    const secret = 'webex-card-secret-0123456789abcdef';
    const d = await t.start((yaml) => {
      const c = parse(yaml) as { webex: Record<string, unknown> };
      c.webex = { ...c.webex, webhookSecret: secret, approvers: ['alice@example.com', 'intern@example.com'] };
      return stringify(c);
    });
    t.lab.webex.createWebhook({ targetUrl: `${d.url}/webhooks/webex`, secret });
    await commitPolicy(d, 'approval:\n  approvers: [alice@example.com]\nrules:\n  - devices: c9300\n    maxLeavesPerApply: 1\n', (p) => p.rules !== undefined);
    const before = edits();
    t.lab.netbox.updateInterface('c9300', GI2, { description: 'card change', mtu: 9000, ticket: '3100' });
    await until('the plan held for approval', async () => (await t.status()).state === 'pending-approval');
    const hash = (await t.status<{ held: { hash: string } }>()).held.hash;
    await until('the approval card', () => t.lab.webex.messages.some((m) => m.attachments !== undefined));
    const card = t.lab.webex.messages.find((m) => m.attachments !== undefined);
    expect(JSON.stringify(card?.attachments)).toContain(hash);
    // Listed in webex.approvers but not in policy.yaml's approval.approvers: the policy refuses it.
    await t.lab.webex.clickButton(card?.id ?? '', 'Approve', 'intern@example.com');
    await d.idle();
    expect(edits()).toBe(before);
    expect((await t.status()).state).toBe('pending-approval');
    await t.lab.webex.clickButton(card?.id ?? '', 'Approve', 'alice@example.com');
    await until('the approved change on the device', () => description() === 'card change ##ticket:3100##');
    await d.idle();
    expect(t.git('log', '-1', '--format=%(trailers:key=Approved-By,valueonly)').trim()).toBe('alice@example.com');
    expect(t.git('log', '-1', '--format=%(trailers:key=Plan-Hash,valueonly)').trim()).toBe(hash);
  });
});

