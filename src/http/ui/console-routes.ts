import type { DeviceStatus } from '../../runtime/status.js';
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { asIntentdError } from '../../core/errors.js';
import { isDeviceName } from '../../core/device-name.js';
import { checkBearer } from '../api-auth.js';
import { actingSession, sameOrigin } from './console-auth.js';
import type { ConsoleDeps } from './console-deps.js';
import { renderDevice } from './device-page.js';
import { FLEET_PAGE_SIZE, renderFleet, selectFleet, type FleetRow } from './fleet-page.js';
import { html, type SafeHtml } from './html.js';
import { csp, layout } from './layout.js';
import { SessionStore } from './sessions.js';
import { registerConsoleEvents } from './console-events.js';
import { renderTimeline, TIMELINE_PAGE_SIZE } from './timeline-page.js';

type Query = Record<string, string | undefined>;
const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
const pageOf = (v: unknown): number => Math.max(1, Math.min(100_000, Number.parseInt(String(v ?? '1'), 10) || 1));

/** Every managed device as a fleet row (revision info filled in later, for the page shown only). */
export function fleetRows(d: Pick<ConsoleDeps, 'status' | 'known' | 'platformOf'>, statuses: ReadonlyArray<DeviceStatus & { owner?: string | null }> = d.status.all()): FleetRow[] {
  // Read only: a device without a status yet is shown as pending (StatusBook.get would add it).
  const known = new Map(statuses.map((s) => [s.device, s]));
  const names = new Set([...d.known(), ...known.keys()]);
  return [...names].sort().map((device): FleetRow => {
    const st = known.get(device);
    if (!st) return { device, platform: d.platformOf(device), state: 'pending', lastAppliedRevision: null, revisionInfo: null, driftSince: null, lastError: null };
    const apply = st.conditions.apply;
    const drifting = st.state === 'drift' || (st.state === 'suspended' && st.drift.length > 0);
    // In cluster mode the replica that owns the device is named beside its platform.
    const platform = st.owner ? `${d.platformOf(device)} · ${st.owner}` : d.platformOf(device);
    return { device, platform, state: st.state, lastAppliedRevision: st.lastAppliedRevision, revisionInfo: null, driftSince: drifting && apply ? apply.since : null, lastError: st.lastError };
  });
}

/**
 * The operator console under `/ui/` (and `/` → `/ui/`): fleet, device and timeline pages rendered on
 * the server, live updates over server-sent events, and the acting forms (reconcile now, suspend,
 * resume) which need a login session, its CSRF token and a same-site origin. Reading needs a login
 * too unless `http.uiAuth: none`. `loginLimit`: route config for the login form (the rate limit).
 */
export function registerConsole(app: FastifyInstance, d: ConsoleDeps, loginLimit: object = {}): void {
  const sessions = new SessionStore();
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  const send = (req: FastifyRequest, reply: FastifyReply, title: string, body: SafeHtml, live = true, code = 200): FastifyReply => {
    const s = sessions.fromCookie(req.headers.cookie);
    const nonce = randomBytes(16).toString('base64');
    const problem = d.policy().problem;
    const banner = problem ? html`<div class="banner error" id="policy-problem">policy.yaml rejected (the last good policy stays in force): ${problem.message} ${problem.problems.join('; ')}</div>` : '';
    return reply
      .code(code)
      .header('content-security-policy', csp(nonce))
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'no-store')
      .type('text/html; charset=utf-8')
      .send(layout({ title, nonce, loggedIn: s !== null, csrf: s?.csrf ?? null, live }, html`${banner}${body}`));
  };
  /** Reading pages: a session unless uiAuth is none; otherwise to the login form. */
  const canRead = (req: FastifyRequest, reply: FastifyReply): boolean => {
    if (d.uiAuth === 'none' || sessions.fromCookie(req.headers.cookie) !== null) return true;
    void reply.redirect('/ui/login', 303);
    return false;
  };
  const csrfOf = (req: FastifyRequest): string | null => sessions.fromCookie(req.headers.cookie)?.csrf ?? null;

  app.get('/', async (_req, reply) => reply.redirect('/ui/', 303));

  const loginForm = (error: string | null): SafeHtml =>
    html`<h1>Log in</h1>${error ? html`<p class="banner error">${error}</p>` : ''}${d.apiToken ? '' : html`<p class="banner error">http.apiToken is not set: nobody can log in.</p>`}
<form method="post" action="/ui/login"><p><label>API token <input type="password" name="token" autocomplete="current-password" required></label></p>
<p><label>Your name (recorded with your actions) <input name="user" maxlength="100"></label></p><button type="submit">Log in</button></form>`;
  app.get('/ui/login', async (req, reply) => send(req, reply, 'Log in', loginForm(null), false));
  app.post('/ui/login', { config: loginLimit }, async (req, reply) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (!sameOrigin(req)) return reply.code(403).type('text/plain').send('refused: foreign origin');
    if (checkBearer(d.apiToken, `Bearer ${String(body.token ?? '')}`) !== 'ok') {
      d.logger.warn({ ip: req.ip }, 'console login refused');
      return send(req, reply, 'Log in', loginForm('Wrong token.'), false, 401);
    }
    const user = text(body.user)?.slice(0, 100) ?? 'console';
    const s = sessions.create(user);
    d.logger.info({ user, ip: req.ip }, 'console login');
    return reply.header('set-cookie', sessions.cookie(s)).redirect('/ui/', 303);
  });
  app.post('/ui/logout', async (req, reply) => {
    const s = actingSession(sessions, req, reply);
    if (!s) return reply;
    sessions.delete(s.id);
    return reply.header('set-cookie', 'intentd_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0').redirect('/ui/login', 303);
  });

  app.get<{ Querystring: Query }>('/ui/', async (req, reply) => {
    if (!canRead(req, reply)) return reply;
    const q = { page: pageOf(req.query.page), ...(text(req.query.state) ? { state: text(req.query.state) as string } : {}), ...(text(req.query.q) ? { q: text(req.query.q) as string } : {}) };
    // In cluster mode: the whole fleet, as every replica publishes it (each device with its owner).
    const rows = fleetRows(d, d.fleet ? await d.fleet() : d.status.all());
    const page = selectFleet(rows, q).page;
    const info = await d.commitInfo([...new Set(page.flatMap((r) => r.lastAppliedRevision ?? []))]).catch(() => new Map<string, { tickets: string; date: string }>());
    for (const r of page) r.revisionInfo = r.lastAppliedRevision ? (info.get(r.lastAppliedRevision) ?? null) : null;
    return send(req, reply, 'Fleet', renderFleet(rows, q, { csrf: csrfOf(req), fleetSuspension: d.policy().policy.suspended?.fleet ?? null, now: Date.now() }));
  });

  app.get<{ Params: { device: string } }>('/ui/devices/:device', async (req, reply) => {
    if (!canRead(req, reply)) return reply;
    const { device } = req.params;
    if (!isDeviceName(device) || !d.known().includes(device)) return send(req, reply, 'Unknown device', html`<p>No managed device ${device}.</p>`, false, 404);
    const planned = await d.plan(device).catch((err: unknown) => ({ error: `${asIntentdError(err).reason}: ${asIntentdError(err).message}` }));
    const view = { device, platform: d.platformOf(device), status: d.status.get(device), suspension: d.suspensionOf(device), planned };
    return send(req, reply, device, renderDevice(view, csrfOf(req)));
  });

  app.get<{ Querystring: Query }>('/ui/timeline', async (req, reply) => {
    if (!canRead(req, reply)) return reply;
    const device = text(req.query.device);
    const ticket = text(req.query.ticket);
    const page = pageOf(req.query.page);
    const entries = await d.history({ max: TIMELINE_PAGE_SIZE, skip: (page - 1) * TIMELINE_PAGE_SIZE, ...(device ? { device } : {}), ...(ticket ? { ticket } : {}) });
    return send(req, reply, 'Timeline', renderTimeline(entries, { page, ...(device ? { device } : {}), ...(ticket ? { ticket } : {}) }));
  });

  registerConsoleEvents(app, d, (req) => d.uiAuth === 'none' || sessions.fromCookie(req.headers.cookie) !== null);

  // Acting forms: a session, its CSRF token and a same-site origin, else 403 and nothing happens.
  const act = async (req: FastifyRequest, reply: FastifyReply, device: string | null, what: 'reconcile' | 'suspend' | 'resume'): Promise<FastifyReply> => {
    const s = actingSession(sessions, req, reply);
    if (!s) return reply;
    if (device !== null && !isDeviceName(device)) return reply.code(400).type('text/plain').send('invalid device name');
    const back = device === null ? '/ui/' : `/ui/devices/${encodeURIComponent(device)}`;
    d.logger.info({ user: s.user, device: device ?? '*', action: what }, 'console action');
    if (what === 'reconcile') {
      const r = d.actions.nudge(device as string, 'console');
      return r === 'accepted' ? reply.redirect(back, 303) : reply.code(r === 'unknown' ? 404 : 503).type('text/plain').send(r);
    }
    const reason = what === 'suspend' ? (text((req.body as Record<string, unknown>).reason) ?? null) : null;
    if (what === 'suspend' && reason === null) return reply.code(400).type('text/plain').send('a reason is required');
    const r = await d.actions.setSuspension(device, reason, { by: s.user, via: 'ui' });
    return r.outcome === 'unknown' ? reply.code(404).type('text/plain').send('unknown device') : reply.redirect(back, 303);
  };
  app.post<{ Params: { device: string } }>('/ui/devices/:device/reconcile', (req, reply) => act(req, reply, req.params.device, 'reconcile'));
  app.post<{ Params: { device: string } }>('/ui/devices/:device/suspend', (req, reply) => act(req, reply, req.params.device, 'suspend'));
  app.post<{ Params: { device: string } }>('/ui/devices/:device/resume', (req, reply) => act(req, reply, req.params.device, 'resume'));
  app.post('/ui/fleet/suspend', (req, reply) => act(req, reply, null, 'suspend'));
  app.post('/ui/fleet/resume', (req, reply) => act(req, reply, null, 'resume'));
}

export { FLEET_PAGE_SIZE };
