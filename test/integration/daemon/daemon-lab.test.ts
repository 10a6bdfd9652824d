import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ApplyJournal } from '../../../src/runtime/apply-journal.js';
import { signNetboxBody } from '../../../src/sources/netbox-webhook.js';
import { until, useLabDaemon } from './lab-daemon.js';

const GI2 = 'GigabitEthernet1/0/2';

describe('the daemon against the simulated lab', () => {
  const t = useLabDaemon('intentd-daemon-');
  const description = () => /<description>([^<]*)<\/description>/.exec(t.lab.c9300.runningXml(GI2))?.[1] ?? null;
  const edits = () => t.lab.c9300.requests.filter((r) => r.operation === 'edit-config').length;

  it('only reports drift in report mode: the device keeps the out-of-band change', async () => {
    const d = await t.start((y) => y.replace('mode: enforce', 'mode: report'));
    const before = edits();
    t.lab.c9300.setLeaf(GI2, 'description', 'changed by hand');
    d.nudge('c9300', 'resync');
    await d.idle();
    expect(description()).toBe('changed by hand');
    expect(edits()).toBe(before);
    const status = await t.status<{ state: string; drift: unknown[] }>();
    expect(status.state).toBe('drift');
    expect(status.drift).toEqual([expect.objectContaining({ interface: GI2, leaf: 'description', before: 'changed by hand' })]);
    await d.stop();
    expect(t.lab.webex.messages.some((m) => /c9300: drift detected, not reverted/.test(m.text ?? ''))).toBe(true);
  });

  it('applies a git revert of an intent commit like any change', async () => {
    const d = await t.start();
    t.lab.netbox.updateInterface('c9300', GI2, { description: 'to be reverted', ticket: '1001' });
    await until('the change on the device', () => description() === 'to be reverted ##ticket:1001##');
    await d.idle();
    const intentCommit = t.git('log', '--format=%H', '--grep=^Change-Ticket: 1001$', '--', 'devices/c9300.yaml');
    t.git('revert', '--no-edit', intentCommit);
    await until('the revert on the device', () => description() === null);
    await d.idle();
    const subjects = t.git('log', '--format=%s', '-n', '2').split('\n');
    expect(subjects[0]).toMatch(/^apply\(c9300\): Gi1\/0\/2 description$/);
    expect(t.git('log', '-1', '--format=%(trailers:key=Reason,valueonly)').trim()).toBe('git edit');
  });

  it('does not take a NetBox change without a ticket, reports it, and leaves the device alone', async () => {
    const d = await t.start();
    const before = edits();
    t.lab.netbox.updateInterface('c9300', GI2, { description: 'no ticket here' });
    await until('the no-ticket report', () => t.lab.webex.messages.some((m) => /No ticket number attached/.test(m.markdown ?? '')));
    await d.idle();
    expect(edits()).toBe(before);
    expect(description()).toBeNull();
    const status = await t.status<{ state: string; pendingNoTicket: unknown[] }>();
    expect(status).toMatchObject({ state: 'pending-no-ticket', pendingNoTicket: [{ interface: GI2, fields: ['description'] }] });
  });

  it('never sends the protected management interface in an edit, even when NetBox changes it with a ticket', async () => {
    const d = await t.start();
    t.lab.netbox.updateInterface('c9300', 'GigabitEthernet1/0/1', { description: 'shut me', enabled: false, ticket: '666' });
    await until('the intent commit', () => t.git('log', '--format=%s', '-n', '1').startsWith('intent(c9300): Gi1/0/1'));
    await d.idle();
    for (const r of t.lab.c9300.requests.filter((x) => x.operation === 'edit-config')) expect(r.xml).not.toContain('<name>1/0/1</name>');
    expect(t.lab.c9300.runningXml('GigabitEthernet1/0/1')).not.toContain('<shutdown');
  });

  it('ignores a signed webhook for a device outside its scope: no message, no status entry, nothing sent', async () => {
    const d = await t.start();
    const before = edits();
    const asked = t.lab.netbox.requests.length;
    const body = JSON.stringify({ event: 'updated', model: 'interface', data: { id: 999, name: 'GigabitEthernet1/0/2', device: { id: 99, name: 'ghost' } } });
    const res = await fetch(`${d.url}/webhooks/netbox`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hook-signature': signNetboxBody(t.lab.webhookSecret, body) },
      body,
    });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ accepted: false, ignored: 'device ghost is not managed by intentd' });
    // The webhook is signed, so ghost may be new in NetBox: the scope is re-listed once, nothing else.
    await until('the scope re-check', () => t.lab.netbox.requests.slice(asked).some((r) => r.path === '/api/dcim/devices/'));
    await d.idle();
    expect(t.lab.netbox.requests.slice(asked).map((r) => r.path)).toEqual(['/api/dcim/devices/']);
    expect(edits()).toBe(before);
    expect(t.lab.webex.messages.filter((m) => /ghost/.test(m.text ?? ''))).toEqual([]);
    expect(((await (await fetch(`${d.url}/api/status`)).json()) as { devices: Array<{ device: string }> }).devices.map((x) => x.device)).toEqual(['c9300']);
    expect(await (await fetch(`${d.url}/metrics`)).text()).toMatch(/intentd_webhooks_total\{outcome="out_of_scope"\} 1/);
  });

  it('takes a device added to NetBox in scope from its first signed webhook', async () => {
    const d = await t.start();
    const nudged = new Promise<void>((resolve) => d.events.onEvent((e) => e.type === 'nudge' && e.device === 'c9300-new' && resolve()));
    t.lab.netbox.addDevice({ name: 'c9300-new', tags: ['gitops'], primaryIp4: '127.0.0.1/32', interfaces: ['GigabitEthernet1/0/1'] });
    const body = JSON.stringify({ event: 'created', model: 'device', data: { id: 77, name: 'c9300-new' } });
    const res = await fetch(`${d.url}/webhooks/netbox`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hook-signature': signNetboxBody(t.lab.webhookSecret, body) },
      body,
    });
    expect(res.status).toBe(202);
    await nudged;
  });

  it('reads a device record again after its device webhook, and an interface webhook costs only the interface read', async () => {
    const d = await t.start();
    await d.idle();
    const post = async (body: string): Promise<void> => {
      const res = await fetch(`${d.url}/webhooks/netbox`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hook-signature': signNetboxBody(t.lab.webhookSecret, body) },
        body,
      });
      expect(res.status).toBe(202);
      await d.idle();
    };
    const deviceReads = (since: number): number => t.lab.netbox.requests.slice(since).filter((r) => r.path === '/api/dcim/devices/').length;
    let mark = t.lab.netbox.requests.length;
    await post(JSON.stringify({ event: 'updated', model: 'interface', data: { id: 1, name: GI2, device: { id: 1, name: 'c9300' } } }));
    expect(t.lab.netbox.requests.slice(mark).map((r) => r.path)).toContain('/api/dcim/interfaces/');
    expect(deviceReads(mark)).toBe(0);
    mark = t.lab.netbox.requests.length;
    await post(JSON.stringify({ event: 'updated', model: 'device', data: { id: 1, name: 'c9300' } }));
    expect(deviceReads(mark)).toBe(1);
  });

  it('converges a NetBox change whose webhook was lost at the next poll, and counts the missed webhook', async () => {
    const d = await t.start();
    // A change saved in NetBox whose webhook never arrived (NetBox does not retry by default).
    const row = t.lab.netbox.data.findInterface('c9300', GI2);
    t.lab.netbox.data.applyRestPatch(row, t.lab.netbox.data.toRestBody({ description: 'webhook lost', ticket: '2002' }));
    d.nudge('c9300', 'poll');
    await until('the change on the device', () => description() === 'webhook lost ##ticket:2002##');
    await d.idle();
    expect(await (await fetch(`${d.url}/metrics`)).text()).toMatch(/intentd_missed_webhooks_total 1/);
  });

  it('writes the audit commit of a device edit that a crash separated from its audit', async () => {
    await (await t.start()).stop();
    // Intent changed in git, and intentd had edited the device when it died (the journal says so).
    const file = join(t.repo, 'devices', 'c9300.yaml');
    const doc = parse(readFileSync(file, 'utf8')) as { interfaces: Record<string, Record<string, unknown>> };
    (doc.interfaces[GI2] as Record<string, unknown>).description = 'edited before the crash';
    writeFileSync(file, stringify(doc));
    t.git('commit', '-qam', 'operator: Gi1/0/2 description');
    const revision = t.git('rev-parse', 'HEAD');
    t.lab.c9300.setLeaf(GI2, 'description', 'edited before the crash');
    await new ApplyJournal(join(t.repo, '.git', 'intentd', 'pending-applies')).write({
      device: 'c9300',
      revision,
      cause: 'git edit',
      startedAt: new Date().toISOString(),
      plan: { device: 'c9300', changes: [{ interface: GI2, leaf: 'description', op: 'set', before: null, after: 'edited before the crash' }], refused: [] },
    });
    const before = edits();
    await t.start();
    expect(edits()).toBe(before);
    const body = t.git('log', '-1', '--format=%s%n%b');
    expect(body).toMatch(/^apply\(c9300\): Gi1\/0\/2 description\n/);
    expect(body).toContain('after a restart');
    expect(body).toContain(`Intent-Revision: ${revision}`);
  });

  it('runs from git alone (no NetBox): a committed intent file is applied, including a new device file', async () => {
    const d = await t.start((y) => {
      const doc = parse(y) as Record<string, unknown>;
      delete doc.netbox;
      return stringify(doc);
    });
    const file = join(t.repo, 'devices', 'c9300.yaml');
    writeFileSync(file, readFileSync(join('intent', 'devices', 'c9300.yaml'), 'utf8'));
    t.git('add', 'devices/c9300.yaml');
    t.git('commit', '-qm', 'operator: intent for c9300');
    await until('the intent on the device', () => description() === 'Webhook function completed! ##ticket:1234##', 8_000).catch(async (err: Error) => {
      throw new Error(`${err.message}: ${JSON.stringify(await (await fetch(`${d.url}/api/status`)).json())}`);
    });
    await d.idle();
    expect(t.lab.c9300.runningXml('GigabitEthernet1/0/10')).toContain('<vlans>300,400,500</vlans>');
    expect(t.git('log', '-1', '--format=%s')).toMatch(/^apply\(c9300\): /);
  });

  it('serves health, readiness, metrics and status, and refuses bad nudges', async () => {
    const d = await t.start();
    expect((await fetch(`${d.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${d.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ checks: { intentRepo: { ok: true }, netbox: { ok: true } } });
    const metrics = await (await fetch(`${d.url}/metrics`)).text();
    expect(metrics).toMatch(/intentd_reconciles_total\{controller="intent",result="committed"\} 1/);
    expect(metrics).toMatch(/intentd_queue_depth/);
    expect(await (await fetch(`${d.url}/api/status`)).json()).toMatchObject({ devices: [{ device: 'c9300', state: 'in-sync' }] });
    const auth = { authorization: `Bearer ${t.lab.apiToken}` };
    expect((await fetch(`${d.url}/api/reconcile/..%2Fetc`, { method: 'POST', headers: auth })).status).toBe(400);
    expect((await fetch(`${d.url}/api/reconcile/c9300`, { method: 'POST', headers: auth })).status).toBe(202);
    await d.idle();
  });
});
