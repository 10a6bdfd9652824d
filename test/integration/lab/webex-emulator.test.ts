import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebexEmulator } from '../../../src/lab/webex-emulator.js';

const TOKEN = 't0ken';
const post = (emu: WebexEmulator, body: unknown, token = TOKEN): Promise<Response> =>
  fetch(`${emu.baseUrl}/messages`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('WebexEmulator', () => {
  let emu: WebexEmulator;
  beforeEach(async () => {
    emu = await WebexEmulator.start({ token: TOKEN });
  });
  afterEach(async () => {
    await emu.stop();
  });

  it('creates a message and answers with a Webex Message object', async () => {
    const res = await post(emu, { toPersonEmail: 'a@example.com', markdown: '**hi**', text: 'hi' });
    expect(res.status).toBe(200);
    expect(res.headers.get('trackingid')).toMatch(/^ROUTER_/);
    const m = (await res.json()) as Record<string, unknown>;
    expect(m).toMatchObject({ roomType: 'direct', toPersonEmail: 'a@example.com', markdown: '**hi**', text: 'hi', personEmail: 'intentd@webex.bot' });
    expect(Buffer.from(String(m.id), 'base64').toString()).toMatch(/^ciscospark:\/\/us\/MESSAGE\//);
    expect(new Date(String(m.created)).getTime()).not.toBeNaN();
    expect(emu.messages).toHaveLength(1);
  });

  it('answers a bad token with 401 and the Webex error shape', async () => {
    const res = await post(emu, { roomId: 'r', text: 'x' }, 'nope');
    expect(res.status).toBe(401);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toHaveProperty('message');
    expect(body).toHaveProperty('errors');
    expect(body).toHaveProperty('trackingId');
    expect(emu.messages).toHaveLength(0);
  });

  it.each([
    ['no recipient', { text: 'x' }],
    ['two recipients', { roomId: 'r', toPersonEmail: 'a@example.com', text: 'x' }],
    ['no content', { roomId: 'r' }],
    ['markdown over 7439 bytes', { roomId: 'r', markdown: 'é'.repeat(3720) }],
    ['not JSON', '{'],
  ])('rejects %s with 400', async (_what, body) => {
    expect((await post(emu, body)).status).toBe(400);
  });

  it('injects rate limits, failures and outages', async () => {
    emu.rateLimitNext(1, 7);
    emu.failNext(1, 502);
    const r1 = await post(emu, { roomId: 'r', text: 'x' });
    expect([r1.status, r1.headers.get('retry-after')]).toEqual([429, '7']);
    expect((await post(emu, { roomId: 'r', text: 'x' })).status).toBe(502);
    await emu.down('503');
    expect((await post(emu, { roomId: 'r', text: 'x' })).status).toBe(503);
    await emu.up();
    await emu.down('refuse');
    await expect(post(emu, { roomId: 'r', text: 'x' })).rejects.toThrow();
    await emu.up();
    expect((await post(emu, { roomId: 'r', text: 'x' })).status).toBe(200);
  });

  it('answers anything else with 404 and records it as unexpected', async () => {
    expect((await fetch(`${emu.baseUrl}/rooms`)).status).toBe(404);
    expect(emu.takeProblems()).toEqual(['Webex emulator: unexpected request GET /v1/rooms']);
  });

  it('threads a reply under its parent, and refuses a reply to a reply or to an unknown message', async () => {
    const root = (await (await post(emu, { roomId: 'r', text: 'first' })).json()) as { id: string };
    const reply = await post(emu, { roomId: 'r', text: 'second', parentId: root.id });
    expect(reply.status).toBe(200);
    const r = (await reply.json()) as { id: string; parentId: string };
    expect(r.parentId).toBe(root.id);
    expect((await post(emu, { roomId: 'r', text: 'third', parentId: r.id })).status).toBe(400);
    expect((await post(emu, { roomId: 'r', text: 'x', parentId: 'nope' })).status).toBe(404);
    expect((await post(emu, { roomId: 'other', text: 'x', parentId: root.id })).status).toBe(400);
    expect(emu.roots().map((m) => m.text)).toEqual(['first']);
    expect(emu.thread(root.id).map((m) => m.text)).toEqual(['second']);
  });

  it.each([
    ['two attachments', [{}, {}]],
    ['another content type', [{ contentType: 'text/plain', content: { type: 'AdaptiveCard' } }]],
    ['a content that is not a card', [{ contentType: 'application/vnd.microsoft.card.adaptive', content: { type: 'Other' } }]],
  ])('rejects a message with %s with 400', async (_what, attachments) => {
    expect((await post(emu, { roomId: 'r', text: 'x', attachments })).status).toBe(400);
  });

  it('serves attachment actions and people behind the bot token, and 404 for unknown ids', async () => {
    const personId = emu.addPerson('boss@example.com', 'Boss');
    const get = (path: string, token = TOKEN) => fetch(`${emu.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
    expect(await (await get(`/people/${personId}`)).json()).toMatchObject({ id: personId, emails: ['boss@example.com'], displayName: 'Boss' });
    expect((await get(`/people/${personId}`, 'nope')).status).toBe(401);
    expect((await get('/attachment/actions/unknown')).status).toBe(404);
    expect(emu.takeProblems()).toEqual([]);
  });
});
