import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/log.js';
import { registerNetboxWebhook, signNetboxBody } from '../../../src/sources/netbox-webhook.js';
import { netboxFixture, netboxFixtureText } from '../../harness/netbox-fixtures.js';

const SECRET = 'lab-webhook-secret';

describe('NetBox webhook receiver', () => {
  let app: FastifyInstance;
  let devices: string[];
  let outcomes: string[];

  const build = async (secret: string | null, maxBodyBytes = 1024 * 1024): Promise<void> => {
    app = Fastify();
    registerNetboxWebhook(app, {
      secret,
      maxBodyBytes,
      onDevice: (device) => devices.push(device),
      logger: silentLogger(),
      metrics: { webhook: (o) => outcomes.push(o) },
    });
    app.get('/other', async () => ({ ok: true }));
    app.post('/json', async (req) => ({ got: req.body }));
    await app.ready();
  };

  const post = (payload: string | Buffer, headers: Record<string, string> = {}, url = '/webhooks/netbox') =>
    app.inject({ method: 'POST', url, payload, headers: { 'content-type': 'application/json', ...headers } });
  const signed = (payload: string, url?: string) => post(payload, { 'x-hook-signature': signNetboxBody(SECRET, payload) }, url);

  beforeEach(() => {
    devices = [];
    outcomes = [];
  });
  afterEach(async () => {
    await app.close();
  });

  it('accepts a correctly signed 3.5 interface webhook and enqueues its device', async () => {
    await build(SECRET);
    const res = await signed(netboxFixtureText('netbox-v3.5-webhook-interface-updated.json'));
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ accepted: true, device: 'c9300' });
    expect(devices).toEqual(['c9300']);
    expect(outcomes).toEqual(['accepted']);
  });

  it("accepts a 4.6 payload on the lab's /netbox route", async () => {
    await build(SECRET);
    const res = await signed(netboxFixtureText('netbox-v4.6-webhook-interface-updated.DERIVED.json'), '/netbox');
    expect(res.statusCode).toBe(202);
    expect(devices).toEqual(['c9300']);
  });

  it('rejects a webhook without a signature when a secret is set', async () => {
    await build(SECRET);
    const res = await post(netboxFixtureText('netbox-v3.5-webhook-interface-updated.json'));
    expect(res.statusCode).toBe(401);
    expect(devices).toEqual([]);
    expect(outcomes).toEqual(['signature_missing']);
  });

  it('rejects a wrong signature', async () => {
    await build(SECRET);
    const body = netboxFixtureText('netbox-v3.5-webhook-interface-updated.json');
    const res = await post(body, { 'x-hook-signature': signNetboxBody('other-secret', body) });
    expect(res.statusCode).toBe(401);
    expect(outcomes).toEqual(['signature_invalid']);
  });

  it('rejects a signature computed over a different body', async () => {
    await build(SECRET);
    const body = netboxFixtureText('netbox-v3.5-webhook-interface-updated.json');
    const tampered = body.replace('"c9300"', '"c9301"');
    const res = await post(tampered, { 'x-hook-signature': signNetboxBody(SECRET, body) });
    expect(res.statusCode).toBe(401);
    expect(devices).toEqual([]);
  });

  it('rejects a truncated or non-hex signature without comparing', async () => {
    await build(SECRET);
    const body = netboxFixtureText('netbox-v3.5-webhook-interface-updated.json');
    const res = await post(body, { 'x-hook-signature': signNetboxBody(SECRET, body).slice(0, 64) });
    expect(res.statusCode).toBe(401);
  });

  it('verifies the raw bytes, so re-serialising the JSON would not match', async () => {
    await build(SECRET);
    const body = netboxFixtureText('netbox-v3.5-webhook-interface-updated.json');
    const compact = JSON.stringify(JSON.parse(body));
    const res = await post(compact, { 'x-hook-signature': signNetboxBody(SECRET, body) });
    expect(res.statusCode).toBe(401);
  });

  it('answers 400 to malformed JSON', async () => {
    await build(null);
    const res = await post('{"event": "updated", ');
    expect(res.statusCode).toBe(400);
    expect(outcomes).toEqual(['malformed']);
  });

  it('answers 400 to an empty body', async () => {
    await build(null);
    const res = await post('');
    expect(res.statusCode).toBe(400);
  });

  it('answers 413 to a 2 MiB body', async () => {
    await build(null);
    const res = await post(Buffer.alloc(2 * 1024 * 1024, 0x20));
    expect(res.statusCode).toBe(413);
    expect(outcomes).toEqual(['too_large']);
    expect(devices).toEqual([]);
  });

  it('accepts a body with another content type (parsed from the raw bytes)', async () => {
    await build(null);
    const res = await post(netboxFixtureText('netbox-v3.5-webhook-interface-updated.json'), { 'content-type': 'text/plain' });
    expect(res.statusCode).toBe(202);
  });

  it('ignores other object types with 202 accepted:false', async () => {
    await build(null);
    const res = await post(netboxFixtureText('netbox-v4.6-webhook-site-created.json'));
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ accepted: false, ignored: 'object type dcim.site' });
    expect(devices).toEqual([]);
    expect(outcomes).toEqual(['ignored']);
  });

  it('answers 400 when an interface event carries no device name', async () => {
    await build(null);
    const body = netboxFixture('netbox-v3.5-webhook-interface-updated.json');
    (body.data as Record<string, unknown>).device = null;
    const res = await post(JSON.stringify(body));
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatch(/no device name/);
  });

  it.each(['../x', 'a/b', '', 'x'.repeat(65)])('refuses the device name %j before anything sees it', async (name) => {
    await build(null);
    const body = netboxFixture('netbox-v3.5-webhook-interface-updated.json');
    ((body.data as Record<string, unknown>).device as Record<string, unknown>).name = name;
    const res = await post(JSON.stringify(body));
    expect(res.statusCode).toBe(400);
    expect(devices).toEqual([]);
  });

  it('answers 400 to JSON that is not a NetBox event', async () => {
    await build(null);
    const res = await post('{"hello": "world"}');
    expect(res.statusCode).toBe(400);
    expect(outcomes).toEqual(['invalid']);
  });

  it('enqueues the same device again on a duplicate delivery (the queue de-duplicates)', async () => {
    await build(SECRET);
    const body = netboxFixtureText('netbox-v3.5-webhook-interface-with-ticket.json');
    expect((await signed(body)).statusCode).toBe(202);
    expect((await signed(body)).statusCode).toBe(202);
    expect(devices).toEqual(['c9300', 'c9300']);
  });

  it('keeps JSON parsing for the routes outside the plugin', async () => {
    await build(SECRET);
    const res = await app.inject({ method: 'POST', url: '/json', payload: { a: 1 } });
    expect(res.json()).toEqual({ got: { a: 1 } });
    expect((await app.inject({ method: 'GET', url: '/other' })).statusCode).toBe(200);
  });
});
