import { randomBytes, timingSafeEqual } from 'node:crypto';

export interface Session {
  id: string;
  /** Sent in every acting form and checked on POST. */
  csrf: string;
  /** Who logged in, as they gave it at login (recorded as the actor of their actions). */
  user: string;
  expiresAt: number;
}

export const SESSION_COOKIE = 'intentd_session';

const token = (): string => randomBytes(32).toString('base64url');

/**
 * Console login sessions, in memory (a restart logs everyone out): a random id in the cookie, never
 * the API token; each session has its own CSRF token; sessions expire `ttlMs` after login.
 */
export class SessionStore {
  private readonly byId = new Map<string, Session>();

  constructor(
    private readonly ttlMs = 8 * 3600_000,
    private readonly now: () => number = Date.now,
  ) {}

  create(user: string): Session {
    this.sweep();
    const s = { id: token(), csrf: token(), user, expiresAt: this.now() + this.ttlMs };
    this.byId.set(s.id, s);
    return s;
  }

  /** The live session named by a Cookie header, or null. */
  fromCookie(header: string | undefined): Session | null {
    const id = cookieValue(header, SESSION_COOKIE);
    if (id === null) return null;
    const s = this.byId.get(id);
    if (!s) return null;
    if (s.expiresAt <= this.now()) {
      this.byId.delete(id);
      return null;
    }
    return s;
  }

  delete(id: string): void {
    this.byId.delete(id);
  }

  /** Constant-time check of a form's CSRF token against the session's. */
  static csrfOk(s: Session, sent: unknown): boolean {
    if (typeof sent !== 'string' || sent.length !== s.csrf.length) return false;
    return timingSafeEqual(Buffer.from(sent), Buffer.from(s.csrf));
  }

  cookie(s: Session): string {
    return `${SESSION_COOKIE}=${s.id}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${Math.floor(this.ttlMs / 1000)}`;
  }

  private sweep(): void {
    const t = this.now();
    for (const [id, s] of this.byId) if (s.expiresAt <= t) this.byId.delete(id);
  }
}

/** One cookie's value from a Cookie header, or null. */
export function cookieValue(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}
