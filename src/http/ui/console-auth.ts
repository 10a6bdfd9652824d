import type { FastifyReply, FastifyRequest } from 'fastify';
import { SessionStore, type Session } from './sessions.js';

/**
 * Whether a POST comes from this site: an Origin header, when sent, must name the host the request
 * was sent to; without one, Fetch Metadata must not say cross-site. Pure.
 */
export function sameOrigin(req: Pick<FastifyRequest, 'headers'>): boolean {
  const origin = req.headers.origin;
  const host = req.headers.host;
  if (typeof origin === 'string') return origin === `http://${host}` || origin === `https://${host}`;
  const site = req.headers['sec-fetch-site'];
  return site === undefined || site === 'same-origin' || site === 'none';
}

/**
 * The session of an acting console POST, or null after answering 403: a live session cookie, the
 * session's CSRF token in the form, and a same-site origin are all required. Nothing is done on 403.
 */
export function actingSession(sessions: SessionStore, req: FastifyRequest, reply: FastifyReply): Session | null {
  const s = sessions.fromCookie(req.headers.cookie);
  const csrf = (req.body as Record<string, unknown> | undefined)?.csrf;
  const why = !sameOrigin(req) ? 'foreign origin' : s === null ? 'no valid session (log in)' : !SessionStore.csrfOk(s, csrf) ? 'bad CSRF token' : null;
  if (why === null) return s;
  void reply.code(403).type('text/plain').send(`refused: ${why}`);
  return null;
}
