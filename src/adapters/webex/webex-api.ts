import { IntentdError } from '../../core/errors.js';

/** A Webex API call that failed: retryable for 429, 5xx and network errors. */
export class WebexApiError extends IntentdError {
  constructor(message: string, opts: { retryable: boolean; cause?: unknown }) {
    super('WebexApiFailed', message, opts);
  }
}

/** GET /v1/attachment/actions/{id}: who clicked what on which message. */
export interface AttachmentAction {
  id: string;
  messageId: string;
  personId: string;
  roomId: string;
  inputs: unknown;
}

/** GET /v1/people/{id}: the fields intentd reads. */
export interface WebexPerson {
  id: string;
  emails: string[];
  displayName?: string;
}

export interface WebexApiOptions {
  baseUrl: string;
  token: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/**
 * The few Webex calls the card-action webhook needs, each one request (no retry: the caller answers
 * a webhook and Webex does not wait long). Throws WebexApiError; the token never appears in errors.
 */
export class WebexApi {
  private readonly fetch: typeof fetch;
  private readonly base: string;

  constructor(private readonly o: WebexApiOptions) {
    this.fetch = o.fetch ?? globalThis.fetch;
    this.base = o.baseUrl.replace(/\/+$/, '');
  }

  async attachmentAction(id: string): Promise<AttachmentAction> {
    const a = await this.call<Partial<AttachmentAction>>('GET', `/attachment/actions/${encodeURIComponent(id)}`);
    if (typeof a.messageId !== 'string' || typeof a.personId !== 'string' || typeof a.roomId !== 'string') {
      throw new WebexApiError(`attachment action ${id}: unexpected reply`, { retryable: false });
    }
    return { id, messageId: a.messageId, personId: a.personId, roomId: a.roomId, inputs: a.inputs };
  }

  async person(id: string): Promise<WebexPerson> {
    const p = await this.call<Partial<WebexPerson>>('GET', `/people/${encodeURIComponent(id)}`);
    const emails = Array.isArray(p.emails) ? p.emails.filter((e): e is string => typeof e === 'string') : [];
    return { id, emails, ...(typeof p.displayName === 'string' ? { displayName: p.displayName } : {}) };
  }

  /** A reply in the thread of `parentId` (a message in room `roomId`). */
  async reply(roomId: string, parentId: string, markdown: string, text: string): Promise<void> {
    await this.call('POST', '/messages', { roomId, parentId, markdown, text });
  }

  private async call<T>(method: string, path: string, body?: object): Promise<T> {
    let res: Response;
    try {
      res = await this.fetch(`${this.base}${path}`, {
        method,
        headers: { authorization: `Bearer ${this.o.token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(this.o.timeoutMs ?? 10_000),
      });
    } catch (err) {
      throw new WebexApiError(`Webex ${method} ${path}: ${(err as Error).message}`, { retryable: true, cause: err });
    }
    const text = await res.text().catch(() => '');
    if (!res.ok) {
      const retryable = res.status === 429 || res.status >= 500;
      throw new WebexApiError(`Webex ${method} ${path}: HTTP ${res.status} ${text.slice(0, 200)}`, { retryable });
    }
    try {
      return (text === '' ? {} : JSON.parse(text)) as T;
    } catch (err) {
      throw new WebexApiError(`Webex ${method} ${path}: reply is not JSON`, { retryable: false, cause: err });
    }
  }
}
