import { createHash, timingSafeEqual } from 'node:crypto';

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
