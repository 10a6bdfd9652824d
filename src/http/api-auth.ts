import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isDeviceName } from '../core/device-name.js';

export type ApiAuthResult = 'ok' | 'missing' | 'invalid' | 'disabled';

const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

/**
 * Checks an `Authorization: Bearer <token>` header against the configured API token in constant time
 * (both sides are hashed first, so neither the length nor a common prefix leaks through timing).
 * `disabled` when no token is configured: then no caller can be authorized. Pure.
 */
export function checkBearer(configured: string | null, header: string | string[] | undefined): ApiAuthResult {
  if (configured === null || configured === '') return 'disabled';
  if (typeof header !== 'string') return 'missing';
  const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  if (!m) return 'missing';
  return timingSafeEqual(digest(m[1] as string), digest(configured)) ? 'ok' : 'invalid';
}

/** HTTP answer for a failed check: 401 (with a challenge) when a token would help, 403 when none can. */
export function authFailure(result: Exclude<ApiAuthResult, 'ok'>): { status: 401 | 403; body: { error: string }; challenge: boolean } {
  if (result === 'disabled') {
    return { status: 403, body: { error: 'this endpoint is disabled: set http.apiToken (or INTENTD_API_TOKEN) to enable it' }, challenge: false };
  }
  const error = result === 'missing' ? 'missing bearer token (Authorization: Bearer <http.apiToken>)' : 'invalid bearer token';
  return { status: 401, body: { error }, challenge: true };
}

/**
 * The opening of every acting API route: authorization first (an unauthorized caller learns nothing, not
 * even whether a name is managed), then the device name when the route has one. Sends the refusal (401
 * with a challenge, 403, or 400) and returns true when the request must stop there.
 */
export function refuseActing(apiToken: string | null, req: FastifyRequest, reply: FastifyReply, device?: string | null): boolean {
  const auth = checkBearer(apiToken, req.headers.authorization);
  if (auth !== 'ok') {
    const f = authFailure(auth);
    if (f.challenge) reply.header('www-authenticate', 'Bearer realm="intentd"');
    void reply.code(f.status).send(f.body);
    return true;
  }
  if (typeof device === 'string' && !isDeviceName(device)) {
    void reply.code(400).send({ error: `invalid device name: ${JSON.stringify(device)}` });
    return true;
  }
  return false;
}
