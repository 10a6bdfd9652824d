import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Logger } from '../log.js';
import { registerEmulator, type CheckedEmulator } from './emulator-registry.js';
import { EmulatedCardActions, idOf, type ClickResult, type EmulatedAction } from './webex-emulator-actions.js';

export type { ClickResult, EmulatedAction } from './webex-emulator-actions.js';

/** The Message object Webex returns from POST /v1/messages (the fields intentd and tests look at). */
export interface EmulatedMessage {
  id: string;
  roomId: string;
  roomType: 'direct' | 'group';
  toPersonEmail?: string;
  text?: string;
  markdown?: string;
  personId: string;
  personEmail: string;
  created: string;
  /** Set on a reply: the first message of its thread. */
  parentId?: string;
  attachments?: Array<{ contentType: string; content: Record<string, unknown> }>;
}

export interface RecordedRequest {
  method: string;
  url: string;
  status: number;
  body: string;
}

const MAX_BYTES = 7439;
const CARD_TYPE = 'application/vnd.microsoft.card.adaptive';
const BOT_EMAIL = 'intentd@webex.bot';

/**
 * A Webex messages API double on 127.0.0.1: POST /v1/messages with Bearer auth, body checks as Webex
 * does them, realistic replies and fault injection. Every other request is answered 404, logged and recorded
 * as unexpected; so is a prepared fault (`failNext`, `rateLimitNext`) that no POST used. Tests fail on
 * either after each test (see emulator-registry.ts); `takeProblems()` consumes them.
 */
export class WebexEmulator implements CheckedEmulator {
  readonly messages: EmulatedMessage[] = [];
  readonly requests: RecordedRequest[] = [];
  readonly unexpected: string[] = [];
  private readonly cards = new EmulatedCardActions();
  private faults: Array<{ status: number; retryAfterSec?: number }> = [];
  private readonly listeners: Array<(m: EmulatedMessage) => void> = [];
  private downMode: 'refuse' | '503' | null = null;
  private readonly sockets = new Set<Socket>();
  private server: Server;
  private portNumber = 0;
  private stoppedFlag = false;

  private constructor(
    private readonly token: string,
    private readonly logger: Logger | undefined,
  ) {
    this.server = this.makeServer();
    registerEmulator(this);
  }

  static async start(o: { token: string; port?: number; logger?: Logger }): Promise<WebexEmulator> {
    const emu = new WebexEmulator(o.token, o.logger);
    await emu.listen(o.port ?? 0);
    return emu;
  }

  get port(): number {
    return this.portNumber;
  }

  /** Base URL as configured in intentd (`webex.baseUrl`). */
  get baseUrl(): string {
    return `http://127.0.0.1:${this.portNumber}/v1`;
  }

  /** Calls `fn` with each message as it is accepted (before the reply goes out). */
  onMessage(fn: (m: EmulatedMessage) => void): void {
    this.listeners.push(fn);
  }

  /** The next `n` POSTs get 429 with `Retry-After: retryAfterSec`. */
  rateLimitNext(n: number, retryAfterSec: number): void {
    for (let i = 0; i < n; i++) this.faults.push({ status: 429, retryAfterSec });
  }

  /** The next `n` POSTs get `status` (e.g. 500, 502, 401). */
  failNext(n: number, status: number): void {
    for (let i = 0; i < n; i++) this.faults.push({ status });
  }

  /** The replies in the thread started by message `rootId`, oldest first. */
  thread(rootId: string): EmulatedMessage[] {
    return this.messages.filter((m) => m.parentId === rootId);
  }

  /** Messages that are not replies (each is a message on its own or the start of a thread). */
  roots(): EmulatedMessage[] {
    return this.messages.filter((m) => m.parentId === undefined);
  }

  /** A person of the org, as GET /v1/people/{id} shows them; returns the person id. */
  addPerson(email: string, displayName = email): string {
    return this.cards.addPerson(email, displayName);
  }

  /** What an operator does once with POST /v1/webhooks for `attachmentActions` / `created` (see EmulatedCardActions). */
  createWebhook(o: { targetUrl: string; secret: string; name?: string }): void {
    this.cards.createWebhook(o);
  }

  /** `email` clicks the button titled `title` on the card of message `messageId` (see EmulatedCardActions.click). */
  clickButton(messageId: string, title: string, email: string, o: { signWith?: string } = {}): Promise<ClickResult> {
    const msg = this.messages.find((m) => m.id === messageId);
    if (!msg) throw new Error(`Webex emulator: no message ${messageId}`);
    return this.cards.click(msg, title, email, o);
  }

  /** The attachment actions created by clicks, oldest first. */
  get actions(): readonly EmulatedAction[] {
    return this.cards.actions;
  }

  /** 'refuse': the port stops accepting connections; '503': every request gets 503. */
  async down(mode: 'refuse' | '503' = 'refuse'): Promise<void> {
    this.downMode = mode;
    if (mode === 'refuse') await this.close();
  }

  async up(): Promise<void> {
    if (this.downMode === 'refuse') {
      this.server = this.makeServer();
      await this.listen(this.portNumber);
    }
    this.downMode = null;
  }

  get stopped(): boolean {
    return this.stoppedFlag;
  }

  /** The unexpected requests and unused prepared faults since the last call; both are then forgotten. */
  takeProblems(): string[] {
    const out = this.unexpected.splice(0).map((u) => `Webex emulator: unexpected request ${u}`);
    const unused = this.faults.splice(0);
    if (unused.length > 0) out.push(`Webex emulator: ${unused.length} prepared response(s) never used: ${unused.map((f) => f.status).join(', ')}`);
    return out;
  }

  async stop(): Promise<void> {
    this.stoppedFlag = true;
    if (this.downMode !== 'refuse') await this.close();
  }

  private makeServer(): Server {
    const server = createServer((req, res) => void this.handle(req, res));
    server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    return server;
  }

  private listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        this.portNumber = (this.server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  private close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      for (const s of this.sockets) s.destroy();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const reply = (status: number, payload: unknown, headers: Record<string, string> = {}): void => {
      this.requests.push({ method: req.method ?? '', url: req.url ?? '', status, body });
      const trackingId = `ROUTER_${randomUUID().toUpperCase()}`;
      const json = payload === null ? '' : JSON.stringify(payload);
      res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8', trackingid: trackingId, ...headers });
      res.end(json);
    };
    const error = (status: number, message: string, headers: Record<string, string> = {}): void =>
      reply(status, { message, errors: [{ description: message }], trackingId: `ROUTER_${randomUUID().toUpperCase()}` }, headers);

    const path = (req.url ?? '').split('?')[0] ?? '';
    const get = req.method === 'GET' ? /^\/v1\/(attachment\/actions|people)\/([^/]+)$/.exec(path) : null;
    if (!get && (req.method !== 'POST' || path !== '/v1/messages')) {
      this.unexpected.push(`${req.method ?? '?'} ${req.url ?? '?'}`);
      this.logger?.warn({ method: req.method, url: req.url }, 'Webex emulator: request Webex would answer 404');
      return error(404, 'The requested resource could not be found.');
    }
    if (this.downMode === '503') return error(503, 'Service Unavailable');
    if (req.headers.authorization !== `Bearer ${this.token}`) {
      return error(401, 'The request requires a valid access token set in the Authorization request header.');
    }
    if (get) {
      const id = decodeURIComponent(get[2] ?? '');
      const found = get[1] === 'people' ? this.cards.person(id) : this.cards.action(id);
      return found ? reply(200, found) : error(404, 'The requested resource could not be found.');
    }
    const fault = this.faults.shift();
    if (fault?.status === 429) return error(429, 'Too many requests have been sent in a given amount of time.', { 'retry-after': String(fault.retryAfterSec ?? 1) });
    if (fault) return error(fault.status, `Injected failure ${fault.status}`);
    const parsed = parseMessageBody(body);
    if (typeof parsed === 'string') return error(400, parsed);
    const parent = parsed.parentId === undefined ? undefined : this.messages.find((m) => m.id === parsed.parentId);
    if (parsed.parentId !== undefined && !parent) return error(404, 'Unable to find the parent message.');
    if (parent?.parentId !== undefined) return error(400, 'A reply cannot be the parent of another message.');
    const created = new Date().toISOString();
    const roomKey = parsed.roomId ?? createHash('sha256').update(parsed.toPersonEmail ?? parsed.toPersonId ?? '').digest('hex').slice(0, 32);
    const msg: EmulatedMessage = {
      id: idOf('MESSAGE', randomUUID()),
      roomId: parsed.roomId ?? idOf('ROOM', roomKey),
      roomType: parsed.roomId ? 'group' : 'direct',
      ...(parsed.toPersonEmail !== undefined ? { toPersonEmail: parsed.toPersonEmail } : {}),
      ...(parsed.text !== undefined ? { text: parsed.text } : {}),
      ...(parsed.markdown !== undefined ? { markdown: parsed.markdown } : {}),
      ...(parsed.parentId !== undefined ? { parentId: parsed.parentId } : {}),
      ...(parsed.attachments !== undefined ? { attachments: parsed.attachments } : {}),
      personId: idOf('PEOPLE', 'intentd-bot'),
      personEmail: BOT_EMAIL,
      created,
    };
    if (parent && parent.roomId !== msg.roomId) return error(400, 'The parent message is in another room.');
    this.messages.push(msg);
    for (const fn of this.listeners) fn(msg);
    reply(200, msg);
  }
}

interface MessageBody {
  roomId?: string;
  toPersonId?: string;
  toPersonEmail?: string;
  text?: string;
  markdown?: string;
  parentId?: string;
  attachments?: Array<{ contentType: string; content: Record<string, unknown> }>;
}

/** The checks Webex applies to a new message; a string is the 400 message. */
function parseMessageBody(body: string): MessageBody | string {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return 'Unable to parse the request body as JSON.';
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return 'The request body must be a JSON object.';
  const b = json as Record<string, unknown>;
  const recipients = ['roomId', 'toPersonId', 'toPersonEmail'].filter((k) => b[k] !== undefined);
  if (recipients.length !== 1) return 'Exactly one of roomId, toPersonId or toPersonEmail is required.';
  for (const k of ['roomId', 'toPersonId', 'toPersonEmail', 'text', 'markdown', 'parentId']) {
    if (b[k] !== undefined && typeof b[k] !== 'string') return `${k} must be a string.`;
  }
  const text = b.text as string | undefined;
  const markdown = b.markdown as string | undefined;
  if (!text && !markdown && b.attachments === undefined && b.files === undefined) return 'Either text, markdown, files or attachments is required.';
  for (const [k, v] of [['text', text], ['markdown', markdown]] as const) {
    if (v !== undefined && Buffer.byteLength(v, 'utf8') > MAX_BYTES) return `The ${k} exceeds the maximum message length of ${MAX_BYTES} bytes.`;
  }
  if (b.attachments !== undefined) {
    const a = b.attachments;
    if (!Array.isArray(a) || a.length !== 1) return 'Only one attachment is allowed per message.';
    const card = a[0] as { contentType?: unknown; content?: unknown };
    if (card.contentType !== CARD_TYPE) return `Unsupported attachment contentType; expected ${CARD_TYPE}.`;
    const content = card.content as { type?: unknown } | null;
    if (typeof content !== 'object' || content === null || content.type !== 'AdaptiveCard') return 'The attachment content must be an AdaptiveCard.';
  }
  return b as MessageBody;
}
