import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebexNotifier } from '../../../src/adapters/webex/notifier.js';
import { WebexApi } from '../../../src/adapters/webex/webex-api.js';
import { PolicyError } from '../../../src/core/errors.js';
import { registerWebexWebhook, signWebexBody, type ApprovalActions } from '../../../src/http/webex-webhook.js';
import { WebexEmulator } from '../../../src/lab/webex-emulator.js';
import { silentLogger } from '../../../src/log.js';

const TOKEN = 'bot-token-123';
const SECRET = 'webex-webhook-secret-0123456789';
const HASH = 'c'.repeat(64);
const change = { interface: 'GigabitEthernet1/0/2', leaf: 'mtu', op: 'set', before: 1500, after: 9000 } as const;

/** Records every call; `fail` makes the next call throw it (e.g. a stale hash). */
class FakeApprovals implements ApprovalActions {
  calls: Array<{ what: 'approve' | 'reject'; device: string; hash: string; by: string }> = [];
  fail: Error | null = null;
  approve(device: string, hash: string, by: string): Promise<unknown> {
    return this.record('approve', device, hash, by);
  }
  reject(device: string, hash: string, by: string): Promise<unknown> {
    return this.record('reject', device, hash, by);
  }
  private async record(what: 'approve' | 'reject', device: string, hash: string, by: string): Promise<unknown> {
    this.calls.push({ what, device, hash, by });
    if (this.fail) throw this.fail;
    return { applied: true };
  }
}

describe('POST /webhooks/webex (card actions)', () => {
  let emu: WebexEmulator;
  let app: FastifyInstance;
  let approvals: FakeApprovals;
  let card: string;

  beforeEach(async () => {
    emu = await WebexEmulator.start({ token: TOKEN });
    approvals = new FakeApprovals();
    app = Fastify();
    await app.register(rateLimit, { global: false });
    registerWebexWebhook(app, {
      secret: SECRET,
      approvers: () => ['Boss@Example.com'],
      actions: approvals,
      api: new WebexApi({ baseUrl: emu.baseUrl, token: TOKEN }),
      maxBodyBytes: 65536,
      rateLimit: { max: 100, windowMs: 60_000 },
      logger: silentLogger(),
    });
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    emu.createWebhook({ targetUrl: `${url}/webhooks/webex`, secret: SECRET });
    const n = new WebexNotifier({ config: { baseUrl: emu.baseUrl, token: TOKEN, roomId: 'Y2lzY29zcGFyazovL3VzL1JPT00vbGFi', maxQueue: 10 }, logger: silentLogger() });
    n.notify({ kind: 'held', state: 'pending-approval', device: 'c9300', changes: [change], hash: HASH, reason: 'more than 0 leaves' });
    await n.flush(5000);
    card = emu.messages[0]?.id ?? '';
  });
  afterEach(async () => {
    await app.close();
    await emu.stop();
  });

  const thread = () => emu.thread(card).map((m) => m.text ?? '');

  it('approves the plan the card names when an approver clicks Approve, by the approver e-mail', async () => {
    const r = await emu.clickButton(card, 'Approve', 'boss@example.com');
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toEqual({ outcome: 'approved' });
    expect(approvals.calls).toEqual([{ what: 'approve', device: 'c9300', hash: HASH, by: 'boss@example.com' }]);
    expect(thread()).toEqual([`✅ Approved by boss@example.com: plan ${HASH.slice(0, 12)} for c9300.`]);
    // The action and the person were read from Webex: the envelope carries only ids.
    expect(emu.requests.filter((q) => q.method === 'GET').map((q) => q.url.split('/').slice(0, 3).join('/'))).toEqual(['/v1/attachment', '/v1/people']);
  });

  it('rejects the plan when an approver clicks Reject', async () => {
    await emu.clickButton(card, 'Reject', 'boss@example.com');
    expect(approvals.calls).toEqual([{ what: 'reject', device: 'c9300', hash: HASH, by: 'boss@example.com' }]);
    expect(thread()).toEqual([expect.stringMatching(/^❌ Rejected by boss@example.com/)]);
  });

  it('refuses a click by someone who is not an approver, and says so in the card thread', async () => {
    const r = await emu.clickButton(card, 'Approve', 'intern@example.com');
    expect(JSON.parse(r.body)).toEqual({ outcome: 'refused' });
    expect(approvals.calls).toEqual([]);
    expect(thread()).toEqual([`🚫 Refused: intern@example.com is not an approver; the plan ${HASH.slice(0, 12)} for c9300 was not approved.`]);
  });

  it('tells in the thread why an approval was not taken (a stale plan hash)', async () => {
    approvals.fail = new PolicyError('PlanStale', `plan ${HASH} is not the plan held for c9300`);
    const r = await emu.clickButton(card, 'Approve', 'boss@example.com');
    expect(JSON.parse(r.body)).toEqual({ outcome: 'failed', reason: 'PlanStale' });
    expect(thread()).toEqual([`⚠️ Not approved (PlanStale): plan ${HASH} is not the plan held for c9300`]);
  });

  it('refuses a delivery with a bad signature with 401, reading nothing from Webex and approving nothing', async () => {
    const before = emu.requests.length;
    const r = await emu.clickButton(card, 'Approve', 'boss@example.com', { signWith: 'not-the-secret' });
    expect(r.status).toBe(401);
    expect(approvals.calls).toEqual([]);
    expect(emu.requests.length).toBe(before);
    expect(thread()).toEqual([]);
  });

  it('refuses a delivery without a signature with 401', async () => {
    const body = JSON.stringify({ resource: 'attachmentActions', event: 'created', data: { id: 'x' } });
    const res = await app.inject({ method: 'POST', url: '/webhooks/webex', headers: { 'content-type': 'application/json' }, payload: body });
    expect(res.statusCode).toBe(401);
    const signed = await app.inject({ method: 'POST', url: '/webhooks/webex', headers: { 'content-type': 'application/json', 'x-spark-signature': signWebexBody(SECRET, `${body} `) }, payload: body });
    expect(signed.statusCode).toBe(401);
    expect(approvals.calls).toEqual([]);
  });

  it('rate-limits unsigned deliveries per client, and lets signed ones through', async () => {
    const limited = Fastify();
    await limited.register(rateLimit, { global: false });
    registerWebexWebhook(limited, {
      secret: SECRET,
      approvers: () => [],
      actions: approvals,
      api: new WebexApi({ baseUrl: emu.baseUrl, token: TOKEN }),
      maxBodyBytes: 65536,
      rateLimit: { max: 2, windowMs: 60_000 },
      logger: silentLogger(),
    });
    const body = JSON.stringify({ resource: 'messages', event: 'created', data: { id: 'm' } });
    const send = (sig?: string) =>
      limited.inject({ method: 'POST', url: '/webhooks/webex', headers: { 'content-type': 'application/json', ...(sig ? { 'x-spark-signature': sig } : {}) }, payload: body });
    expect([(await send()).statusCode, (await send()).statusCode, (await send()).statusCode]).toEqual([401, 401, 429]);
    expect((await send(signWebexBody(SECRET, body))).statusCode).toBe(200);
    await limited.close();
  });

  it('ignores other signed Webex events without reading anything', async () => {
    const body = JSON.stringify({ resource: 'messages', event: 'created', data: { id: 'm' } });
    const res = await app.inject({ method: 'POST', url: '/webhooks/webex', headers: { 'content-type': 'application/json', 'x-spark-signature': signWebexBody(SECRET, body) }, payload: body });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ outcome: 'ignored' });
    expect(emu.requests.filter((q) => q.method === 'GET')).toEqual([]);
  });
});
