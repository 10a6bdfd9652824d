import type { Logger } from '../../log.js';
import { backoffDelay, sleep } from '../../runtime/backoff.js';
import { retryAfterMs } from '../../runtime/retry-after.js';
import { NetboxError, reasonForStatus } from './errors.js';

export interface NetboxHttpOptions {
  /** Base URL, e.g. `http://netbox.example:8080` (a path prefix is kept). */
  url: string;
  token: string;
  timeoutMs: number;
  /** Extra attempts after the first on retryable failures. */
  retries: number;
  logger: Logger;
  /** First backoff step; doubled each attempt, with jitter (runtime/backoff). */
  backoffBaseMs?: number;
  maxBackoffMs?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Aborted when intentd stops: the request in flight and any retry wait are abandoned at once. */
  signal?: AbortSignal;
}

export type Query = Record<string, string | number | undefined>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** Sent as If-Match: NetBox 4.6+ answers 412 when the object changed; older versions ignore it. */
  ifMatch?: string | null;
}

/** `nbt_<key>.<token>` is a v2 token (Bearer); anything else is a v1 token (Token), as pynetbox does. */
export function authorizationHeader(token: string): string {
  return token.startsWith('nbt_') && token.includes('.') ? `Bearer ${token}` : `Token ${token}`;
}


/**
 * One JSON request/response exchange with NetBox, with retries. Retries 5xx, 429 (honouring
 * Retry-After), network errors and timeouts up to `retries` times with exponential backoff and
 * jitter (runtime/backoff), then throws NetboxError('NetboxUnavailable'). 4xx are thrown at once.
 */
export class NetboxHttp {
  private readonly base: URL;
  private readonly auth: string;

  constructor(private readonly opts: NetboxHttpOptions) {
    this.base = new URL(opts.url.endsWith('/') ? opts.url : `${opts.url}/`);
    this.auth = authorizationHeader(opts.token);
  }

  /** Absolute URL for an API path (`/api/...`) or a `next` link (only its path and query are kept). */
  resolve(pathOrUrl: string, query: Query = {}): URL {
    let url: URL;
    if (/^https?:\/\//.test(pathOrUrl)) {
      // NetBox builds `next` from its own idea of the host (wrong behind proxies): keep our base.
      const given = new URL(pathOrUrl);
      url = new URL(`${given.pathname}${given.search}`, this.base.origin);
    } else {
      url = new URL(pathOrUrl.replace(/^\//, ''), this.base);
    }
    for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.append(k, String(v));
    return url;
  }

  /**
   * The URL of a pagination `next` link, checked to stay on the configured NetBox: resolved like a
   * browser would against the configured URL (so `//host/…` is another host), then refused with
   * NetboxError('NetboxForeignLink') unless its host and port are the configured ones. The one
   * mismatch accepted is the scheme of a proxy that terminates TLS (`http://nb/…` while configured
   * `https://nb`, default port): its path and query are then taken onto the configured origin, so the
   * token only ever goes to the configured scheme, host and port.
   */
  nextLink(link: string): URL {
    let given: URL;
    try {
      given = new URL(link, this.base);
    } catch (err) {
      throw new NetboxError('NetboxForeignLink', `NetBox pagination link ${JSON.stringify(link.slice(0, 200))} is not a URL`, { cause: err });
    }
    const sameHost = given.hostname === this.base.hostname;
    const samePort = given.protocol === this.base.protocol ? given.port === this.base.port : given.port === '' || given.port === this.base.port;
    if (!sameHost || !samePort || !/^https?:$/.test(given.protocol) || given.username !== '' || given.password !== '') {
      throw new NetboxError(
        'NetboxForeignLink',
        `NetBox pagination link points to ${given.protocol}//${given.host}, not the configured ${this.base.origin}; not followed`,
      );
    }
    return new URL(`${given.pathname}${given.search}`, this.base.origin);
  }

  async request<T>(method: string, pathOrUrl: string, opts: RequestOptions = {}): Promise<T> {
    return (await this.exchange<T>(method, pathOrUrl, opts)).body;
  }

  /** Like request(), also returning the response's ETag (NetBox 4.6+ detail views), or null. */
  async exchange<T>(method: string, pathOrUrl: string, opts: RequestOptions = {}): Promise<{ body: T; etag: string | null }> {
    const url = this.resolve(pathOrUrl, opts.query);
    const stop = this.opts.signal;
    const wait = this.opts.sleep ?? ((ms: number) => sleep(ms, stop));
    for (let attempt = 0; ; attempt++) {
      if (stop?.aborted) throw new NetboxError('NetboxUnavailable', `NetBox ${method} ${url.pathname} abandoned: intentd is stopping`);
      let failure: NetboxError;
      let serverWaitMs: number | null = null;
      // A timer of our own, not AbortSignal.timeout: inside AbortSignal.any, Node 20 may garbage-collect
      // a timeout signal nothing else references, and the request then never times out.
      const timeout = new AbortController();
      const timer = setTimeout(() => timeout.abort(new DOMException(`timed out after ${this.opts.timeoutMs} ms`, 'TimeoutError')), this.opts.timeoutMs);
      timer.unref();
      try {
        const res = await fetch(url, {
          method,
          headers: {
            Accept: 'application/json',
            Authorization: this.auth,
            ...(opts.body === undefined ? {} : { 'Content-Type': 'application/json' }),
            ...(opts.ifMatch ? { 'If-Match': opts.ifMatch } : {}),
          },
          ...(opts.body === undefined ? {} : { body: JSON.stringify(opts.body) }),
          signal: stop ? AbortSignal.any([timeout.signal, stop]) : timeout.signal,
          redirect: 'manual',
        });
        const text = await res.text();
        if (res.ok) return { body: (text === '' ? null : JSON.parse(text)) as T, etag: res.headers.get('etag') };
        failure = errorFor(method, url, res.status, text);
        serverWaitMs = retryAfterMs(res.headers.get('retry-after'));
      } catch (err) {
        if (err instanceof NetboxError) throw err;
        const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
        const what = stop?.aborted ? 'abandoned: intentd is stopping' : timedOut ? `timed out after ${this.opts.timeoutMs} ms` : 'failed';
        failure = new NetboxError('NetboxUnavailable', `NetBox ${method} ${url.pathname} ${what}`, { cause: err });
      } finally {
        clearTimeout(timer);
      }
      if (!failure.retryable || attempt >= this.opts.retries || stop?.aborted) throw failure;
      const delay = serverWaitMs ?? this.backoff(attempt);
      this.opts.logger.warn(
        { method, path: url.pathname, status: failure.status, attempt: attempt + 1, delayMs: delay },
        'NetBox request failed, retrying',
      );
      await wait(delay);
    }
  }

  private backoff(attempt: number): number {
    // attempt counts from 0 here: the first retry's ceiling is the base.
    const o = { baseMs: this.opts.backoffBaseMs ?? 250, maxMs: this.opts.maxBackoffMs ?? 10_000 };
    return backoffDelay(attempt + 1, this.opts.random ? { ...o, random: this.opts.random } : o);
  }
}

function errorFor(method: string, url: URL, status: number, text: string): NetboxError {
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // HTML error pages (Django 500, proxies) stay text.
  }
  const detail =
    body && typeof body === 'object' && 'detail' in body ? String((body as { detail: unknown }).detail) : null;
  const summary = detail ?? (typeof body === 'string' ? body.slice(0, 200) : JSON.stringify(body).slice(0, 500));
  return new NetboxError(reasonForStatus(status), `NetBox ${method} ${url.pathname} answered ${status}: ${summary}`, {
    status,
    fieldErrors: status === 400 ? body : null,
  });
}
