import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { parse, stringify } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/load.js';
import { Daemon } from '../../../src/daemon.js';
import { Lab } from '../../../src/lab/lab.js';
import { createLogger } from '../../../src/log.js';
import { signNetboxBody } from '../../../src/sources/netbox-webhook.js';

async function until(what: string, pred: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The daemon's HTTP surface against the simulated lab: limits, webhook signing policy, flood control. */
describe('the HTTP surface of the daemon', () => {
  let lab: Lab;
  let dir: string;
  let daemon: Daemon | null;
  let logs: Array<{ level: number; msg: string }>;

  beforeEach(async () => {
    lab = await Lab.start();
    dir = mkdtempSync(join(tmpdir(), 'intentd-http-'));
    daemon = null;
    logs = [];
  });
  afterEach(async () => {
    await daemon?.stop({ timeoutMs: 5000 });
    await lab.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  function config(edit: (doc: Record<string, Record<string, unknown>>) => void = () => undefined) {
    const doc = parse(lab.configYaml({ repo: join(dir, 'intent'), listen: '127.0.0.1:0', poll: null, resync: null })) as Record<string, Record<string, unknown>>;
    edit(doc);
    return parseConfig(stringify(doc), 'test', { env: {} });
  }
  async function start(edit?: (doc: Record<string, Record<string, unknown>>) => void): Promise<Daemon> {
    const destination = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const l of chunk.toString('utf8').split('\n').filter(Boolean)) logs.push(JSON.parse(l) as { level: number; msg: string });
        done();
      },
    });
    daemon = await Daemon.start({ config: config(edit), logger: createLogger({ level: 'info', destination }) });
    lab.connectWebhook(daemon.url);
    await daemon.idle();
    return daemon;
  }
  const webhook = (url: string, device: string, signature: string | null) => {
    const body = JSON.stringify({ event: 'updated', model: 'interface', data: { id: 3, name: 'GigabitEthernet1/0/2', device: { id: 1, name: device } } });
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (signature !== null) headers['x-hook-signature'] = signature || signNetboxBody(lab.webhookSecret, body);
    return fetch(`${url}/webhooks/netbox`, { method: 'POST', headers, body });
  };

  it('answers 429 with Retry-After once a client passes the limit on nudges or webhooks, and exempts the token and signed webhooks', async () => {
    const d = await start((doc) => {
      doc.http = { ...doc.http, rateLimit: { max: 5, windowMs: 60_000 } };
    });
    const nudges = [];
    for (let i = 0; i < 6; i++) nudges.push(await fetch(`${d.url}/api/reconcile/sw-${i}`, { method: 'POST' }));
    expect(nudges.map((r) => r.status)).toEqual([401, 401, 401, 401, 401, 429]);
    expect(Number(nudges[5]?.headers.get('retry-after'))).toBeGreaterThan(0);
    const auth = { authorization: `Bearer ${lab.apiToken}` };
    for (let i = 0; i < 10; i++) expect((await fetch(`${d.url}/api/reconcile/sw-${i}`, { method: 'POST', headers: auth })).status).toBe(404);
    expect((await fetch(`${d.url}/api/reconcile/c9300`, { method: 'POST', headers: auth })).status).toBe(202);
    // Read-only endpoints are never limited: monitoring polls them.
    for (let i = 0; i < 10; i++) expect((await fetch(`${d.url}/api/status`)).status).toBe(200);
    // A NetBox burst, signed: never limited. Bad signatures count against the sender.
    for (let i = 0; i < 20; i++) expect((await webhook(d.url, 'c9300', '')).status).toBe(202);
    const bad = [];
    for (let i = 0; i < 7; i++) bad.push((await webhook(d.url, 'c9300', 'ab'.repeat(64))).status);
    expect(bad).toEqual([401, 401, 401, 401, 401, 429, 429]);
    for (let i = 0; i < 10; i++) expect((await fetch(`${d.url}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${d.url}/metrics`)).text()).toMatch(/intentd_webhooks_total\{outcome="rate_limited"\} 2/);
    // A watcher can ask for some families only: those, and not the process collectors.
    const some = await (await fetch(`${d.url}/metrics?name[]=intentd_webhooks_total&name[]=intentd_queue_depth&name[]=no_such_metric`)).text();
    expect(some).toMatch(/intentd_webhooks_total\{outcome="rate_limited"\} 2/);
    expect(some).toMatch(/^# TYPE intentd_queue_depth gauge$/m);
    expect(some).not.toMatch(/intentd_nodejs_|intentd_process_|no_such_metric/);
    await d.idle();
  });

  it('refuses the nudge endpoint with 403 when no API token is configured, and keeps status open', async () => {
    const d = await start((doc) => {
      doc.http = { ...doc.http, apiToken: null };
    });
    const res = await fetch(`${d.url}/api/reconcile/c9300`, { method: 'POST', headers: { authorization: 'Bearer anything-at-all' } });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: expect.stringMatching(/http\.apiToken/) });
    expect((await fetch(`${d.url}/api/status`)).status).toBe(200);
    expect((await fetch(`${d.url}/api/status/c9300`)).status).toBe(200);
    expect((await fetch(`${d.url}/readyz`)).status).toBe(200);
  });

  it('refuses to start without a webhook secret, and with allowUnsignedWebhooks starts with a warning', async () => {
    const unsigned = (allow: boolean) => (doc: Record<string, Record<string, unknown>>) => {
      doc.netbox = { ...doc.netbox, webhookSecret: null, ...(allow ? { allowUnsignedWebhooks: true } : {}) };
    };
    await expect(Daemon.start({ config: config(unsigned(false)) })).rejects.toMatchObject({
      reason: 'ConfigInvalid',
      problems: [expect.stringMatching(/webhookSecret: not set/)],
    });
    const d = await start(unsigned(true));
    expect(logs.some((l) => l.level === 40 && /unsigned webhooks are accepted/.test(l.msg))).toBe(true);
    expect((await webhook(d.url, 'c9300', null)).status).toBe(202);
    await d.idle();
  });

  it('tells the same rejected input once per window and counts the repeats in /metrics', async () => {
    const d = await start();
    const bad = join(dir, 'intent', 'devices', 'broken.yaml');
    mkdirSync(join(dir, 'intent', 'devices'), { recursive: true });
    const invalid = () => logs.filter((l) => l.msg === 'intent file invalid: not reconciled').length;
    for (let i = 1; i <= 3; i++) {
      writeFileSync(bad, 'interfaces: 42\n');
      await until(`invalid report ${i}`, () => invalid() >= i);
    }
    expect(await (await fetch(`${d.url}/metrics`)).text()).toMatch(/intentd_notifications_dropped_total\{kind="rejected-input",reason="duplicate"\} 2/);
    await d.stop();
    daemon = null;
    expect(lab.webex.messages.filter((m) => /broken\.yaml/.test(m.text ?? ''))).toHaveLength(1);
  });
});
