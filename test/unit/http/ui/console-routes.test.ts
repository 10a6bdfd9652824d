import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { DaemonEvents } from '../../../../src/daemon-events.js';
import type { ConsoleDeps } from '../../../../src/http/ui/console-deps.js';
import { registerConsole } from '../../../../src/http/ui/console-routes.js';
import { SessionStore } from '../../../../src/http/ui/sessions.js';
import { silentLogger } from '../../../../src/log.js';
import { StatusBook } from '../../../../src/runtime/status.js';

const TOKEN = 'a-long-enough-api-token';

describe('console routes', () => {
  let app: FastifyInstance;
  const calls: string[] = [];
  afterEach(async () => {
    calls.length = 0;
    await app.close();
  });

  async function start(uiAuth: 'token' | 'none'): Promise<void> {
    const status = new StatusBook();
    status.recordApply('c9300', { state: 'in-sync', reason: 'InSync', message: 'ok', lastAttemptedRevision: null });
    const deps: ConsoleDeps = {
      uiAuth,
      apiToken: TOKEN,
      logger: silentLogger(),
      status,
      events: new DaemonEvents(),
      actions: {
        nudge: (d) => (calls.push(`nudge ${d}`), 'accepted'),
        setSuspension: (d, reason, actor) => (calls.push(`suspend ${d} ${reason} ${actor.by}`), Promise.resolve({ outcome: 'done', commit: null })),
      },
      known: () => ['c9300'],
      platformOf: () => 'iosxe',
      suspensionOf: () => null,
      policy: () => ({ policy: {}, problem: null }),
      plan: () => Promise.resolve({ intent: null, plan: { device: 'c9300', changes: [], refused: [] } }),
      history: () => Promise.resolve([]),
      commitInfo: () => Promise.resolve(new Map()),
    };
    app = Fastify();
    registerConsole(app, deps);
    await app.ready();
  }

  const login = async (token = TOKEN) =>
    app.inject({ method: 'POST', url: '/ui/login', headers: { 'content-type': 'application/x-www-form-urlencoded', host: 'h', origin: 'http://h' }, payload: new URLSearchParams({ token, user: 'carol' }).toString() });

  it('sends readers to the login form when uiAuth is token, and shows pages without one when none', async () => {
    await start('token');
    expect((await app.inject({ url: '/' })).headers.location).toBe('/ui/');
    expect((await app.inject({ url: '/ui/' })).headers.location).toBe('/ui/login');
    expect((await app.inject({ url: '/ui/events' })).statusCode).toBe(403);
    await app.close();
    await start('none');
    const page = await app.inject({ url: '/ui/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-security-policy']).toMatch(/script-src 'nonce-/);
    expect(page.body).not.toContain('name="csrf"');
  });

  it('logs in with the API token into an HttpOnly SameSite=Strict session cookie that is not the token', async () => {
    await start('token');
    expect((await login('wrong-token-wrong-token')).statusCode).toBe(401);
    const res = await login();
    expect(res.statusCode).toBe(303);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^intentd_session=[\w-]{40,}; HttpOnly; SameSite=Strict; Path=\/; Max-Age=\d+$/);
    expect(cookie).not.toContain(TOKEN);
  });

  it('acts only with a session, its CSRF token and a same-site origin, even when reading is open', async () => {
    await start('none');
    const form = (csrf: string, extra: Record<string, string> = {}) => new URLSearchParams({ csrf, ...extra }).toString();
    const post = (url: string, payload: string, headers: Record<string, string> = {}) =>
      app.inject({ method: 'POST', url, payload, headers: { 'content-type': 'application/x-www-form-urlencoded', host: 'h', ...headers } });
    expect((await post('/ui/devices/c9300/reconcile', form('x'))).statusCode).toBe(403);
    const cookie = String((await login()).headers['set-cookie']).split(';')[0] as string;
    const page = await app.inject({ url: '/ui/devices/c9300', headers: { cookie } });
    const csrf = /name="csrf" value="([^"]+)"/.exec(page.body)?.[1] as string;
    expect((await post('/ui/devices/c9300/reconcile', form('wrong'), { cookie })).statusCode).toBe(403);
    expect((await post('/ui/devices/c9300/reconcile', form(csrf), { cookie, origin: 'http://evil.example' })).statusCode).toBe(403);
    expect((await post('/ui/devices/c9300/suspend', form(csrf), { cookie, origin: 'http://h' })).statusCode).toBe(400);
    expect(calls).toEqual([]);
    expect((await post('/ui/devices/c9300/reconcile', form(csrf), { cookie, origin: 'http://h' })).statusCode).toBe(303);
    expect((await post('/ui/devices/c9300/suspend', form(csrf, { reason: 'incident' }), { cookie, origin: 'http://h' })).statusCode).toBe(303);
    expect(calls).toEqual(['nudge c9300', 'suspend c9300 incident carol']);
  });

  it('expires sessions', () => {
    let now = 0;
    const store = new SessionStore(1000, () => now);
    const s = store.create('dan');
    expect(store.fromCookie(`a=b; intentd_session=${s.id}`)?.user).toBe('dan');
    now = 1000;
    expect(store.fromCookie(`intentd_session=${s.id}`)).toBeNull();
  });
});
