import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../log.js';
import { registerEmulator, type CheckedEmulator } from './emulator-registry.js';
import { NetboxApi, type ApiResponse } from './netbox-emulator-api.js';
import { EmuData, EmuValidationError, type AddDeviceOptions, type InterfacePatch } from './netbox-emulator-data.js';
import { NetboxSerializer } from './netbox-emulator-serialize.js';
import { WebhookDispatcher, type Delivery, type EmulatorWebhook } from './netbox-emulator-webhooks.js';

export type { InterfacePatch, AddDeviceOptions, EmulatorWebhook, Delivery };

export interface RecordedRequest {
  method: string;
  path: string;
  query: string;
  status: number | null;
  body: unknown;
}

export interface NetboxEmulatorOptions {
  /** Where unexpected requests are logged (the lab and demo); tests fail on them through the emulator registry. */
  logger?: Logger;
  /** v1 (40 hex chars) token accepted with `Token`. */
  tokenV1?: string;
  /** v2 token `nbt_<key>.<secret>` accepted with `Bearer`. */
  tokenV2?: string;
}

type Fault = { status: number | 'timeout'; retryAfter?: number };

/**
 * A NetBox 4.6 REST API emulator on 127.0.0.1 (port 0) for tests and the demo: token auth (v1 and
 * v2), paginated lists with NetBox's filters and 400s, PATCH with custom-field merge, journal
 * entries, and signed webhook delivery after each interface change. Test hooks: `requests`,
 * `failNext`. Always strict: a request it does not implement (endpoint, filter, field) is answered as
 * NetBox would (404/405/301, ignored filter) and recorded; so is a `failNext` fault no request used.
 * Tests fail on either after each test (see emulator-registry.ts); `takeProblems()` consumes them.
 */
export class NetboxEmulator implements CheckedEmulator {
  readonly data = new EmuData();
  readonly requests: RecordedRequest[] = [];
  readonly unexpected: string[] = [];
  readonly tokenV1: string;
  readonly tokenV2: string;
  /**
   * Test hook: rewrites the `next` link of list pages (e.g. to `//evil.example/…` or another port), as a
   * misconfigured proxy or a hostile NetBox might send it. null → NetBox's own absolute link.
   */
  rewriteNext: ((next: string) => string) | null = null;
  private readonly api: NetboxApi;
  private readonly hooks: WebhookDispatcher;
  private readonly faults: Fault[] = [];
  private readonly hung = new Set<ServerResponse>();
  private server: Server | null = null;
  private port = 0;
  private readonly logger: Logger | undefined;
  private stoppedFlag = false;

  constructor(opts: NetboxEmulatorOptions = {}) {
    this.logger = opts.logger;
    this.tokenV1 = opts.tokenV1 ?? '0123456789abcdef0123456789abcdef01234567';
    this.tokenV2 = opts.tokenV2 ?? 'nbt_intentdlab01.9f8e7d6c5b4a39281706f5e4d3c2b1a0';
    this.api = new NetboxApi(this.data, () => this.url);
    this.hooks = new WebhookDispatcher(new NetboxSerializer(this.data.db, () => ''));
    registerEmulator(this);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Listens on `port` (default: a free one; `up()` reuses the last port). */
  async start(port = 0): Promise<void> {
    const server = createServer((req, res) => void this.onRequest(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
  }

  get stopped(): boolean {
    return this.stoppedFlag;
  }

  async stop(): Promise<void> {
    this.stoppedFlag = true;
    await this.hooks.flush();
    for (const res of this.hung) res.destroy();
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** NetBox unreachable: the port stops accepting connections (data and port are kept for `up()`). */
  async down(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    for (const res of this.hung) res.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** NetBox back on the same URL after `down()`. */
  async up(): Promise<void> {
    if (!this.server) await this.start(this.port);
  }

  /** The LTRCRT-2005 pod (see EmuData.seedLab). */
  seedLab(opts: { primaryIp4?: string } = {}): void {
    this.data.seedLab(opts);
  }

  /** An EOS-style OpenConfig switch with Management1 + Ethernet1..N (see EmuData.seedOpenConfigSwitch). */
  seedOpenConfigSwitch(name: string, ports?: number): void {
    this.data.seedOpenConfigSwitch(name, ports);
  }

  addDevice(opts: AddDeviceOptions): void {
    this.data.addDevice(opts);
  }

  addIpAddress(device: string, iface: string, address: string): void {
    this.data.addIp(address, this.data.findInterface(device, iface).id);
  }

  /** The REST JSON of one interface, as GET would return it. */
  interfaceJson(device: string, name: string): Record<string, unknown> {
    return new NetboxSerializer(this.data.db, () => this.url).iface(this.data.findInterface(device, name));
  }

  /** A person editing the interface in the NetBox UI: validates, saves, fires webhooks. */
  updateInterface(device: string, name: string, patch: InterfacePatch, user = 'developer'): Record<string, unknown> {
    const row = this.data.findInterface(device, name);
    const ser = new NetboxSerializer(this.data.db, () => this.url);
    const before = ser.snapshot(row);
    try {
      this.data.applyRestPatch(row, this.data.toRestBody(patch));
    } catch (err) {
      if (err instanceof EmuValidationError) throw new Error(`invalid interface change: ${err.message}`);
      throw err;
    }
    this.hooks.emit({ row, before, user, method: 'POST', path: `/dcim/interfaces/${row.id}/edit/` });
    return ser.iface(row);
  }

  /** Journal entries of an interface, oldest first. */
  journal(device: string, name: string): { kind: string; comments: string }[] {
    const id = this.data.findInterface(device, name).id;
    return this.data.db.journal.filter((j) => j.interfaceId === id).map((j) => ({ kind: j.kind, comments: j.comments }));
  }

  addWebhook(hook: { url: string; secret?: string; shape?: '3.5' | '4.6' }): void {
    this.hooks.hooks.push({ url: hook.url, secret: hook.secret ?? '', shape: hook.shape ?? '4.6' });
  }

  get deliveries(): Delivery[] {
    return this.hooks.deliveries;
  }

  /** Waits until every queued webhook delivery was attempted. */
  flushWebhooks(): Promise<void> {
    return this.hooks.flush();
  }

  /** The next `n` requests answer `status` (with Retry-After when given) or never answer ('timeout'). */
  failNext(n: number, status: number | 'timeout', opts: { retryAfter?: number } = {}): void {
    for (let i = 0; i < n; i++) this.faults.push(opts.retryAfter === undefined ? { status } : { status, retryAfter: opts.retryAfter });
  }

  /** The unexpected requests and unused `failNext` faults since the last call; both are then forgotten. */
  takeProblems(): string[] {
    const out = this.unexpected.splice(0).map((u) => `NetBox emulator: unexpected request ${u}`);
    const unused = this.faults.splice(0);
    if (unused.length > 0) out.push(`NetBox emulator: ${unused.length} prepared response(s) never used: ${unused.map((f) => f.status).join(', ')}`);
    return out;
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const record: RecordedRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.search, status: null, body: undefined };
    this.requests.push(record);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const fault = this.faults.shift();
    if (fault?.status === 'timeout') {
      this.hung.add(res);
      return;
    }
    if (fault) {
      const headers: Record<string, string> = { 'Content-Type': 'text/html' };
      if (fault.retryAfter !== undefined) headers['Retry-After'] = String(fault.retryAfter);
      record.status = fault.status;
      res.writeHead(fault.status, headers).end(`<h1>Server Error (${fault.status})</h1>`);
      return;
    }
    const out = this.route(record, url, req, text);
    record.status = out.status;
    const page = out.body as { next?: unknown } | undefined;
    if (this.rewriteNext && page && typeof page.next === 'string') page.next = this.rewriteNext(page.next);
    if (out.unexpected) {
      const problem = `${record.method} ${url.pathname}${url.search}: ${out.unexpected}`;
      this.unexpected.push(problem);
      this.logger?.warn({ problem }, 'NetBox emulator: request NetBox would not answer as asked');
    }
    const headers: Record<string, string> = { 'Content-Type': 'application/json', 'API-Version': '4.6', 'X-Request-ID': randomUUID() };
    if (out.status === 301) headers.Location = `${url.pathname}/${url.search}`;
    if (out.etag) headers.ETag = out.etag;
    res.writeHead(out.status, headers).end(out.body === undefined ? '' : JSON.stringify(out.body));
  }

  private route(record: RecordedRequest, url: URL, req: IncomingMessage, text: string): ApiResponse {
    if (!url.pathname.startsWith('/api/')) return { status: 404, body: { detail: 'Not found.' }, unexpected: 'not an API path' };
    if (!url.pathname.endsWith('/')) return { status: 301, body: undefined, unexpected: 'missing trailing slash' };
    const denied = this.authenticate(req.headers.authorization);
    if (denied) return { status: 403, body: { detail: denied } };
    let body: unknown;
    if (text !== '') {
      try {
        body = JSON.parse(text);
      } catch (err) {
        return { status: 400, body: { detail: `JSON parse error - ${(err as Error).message}` } };
      }
    }
    record.body = body;
    const ifMatch = req.headers['if-match'];
    const out = this.api.handle(record.method, url, body, typeof ifMatch === 'string' ? ifMatch : undefined);
    for (const c of out.changed ?? []) {
      this.hooks.emit({ row: c.row, before: c.before, user: 'intentd', method: record.method, path: url.pathname });
    }
    return out;
  }

  /** NetBox's TokenAuthentication: null when accepted, else the 403 detail. */
  private authenticate(header: string | undefined): string | null {
    if (!header) return 'Authentication credentials were not provided.';
    const [scheme, token = ''] = header.split(/\s+/, 2);
    if (scheme === 'Token') return token === this.tokenV1 ? null : 'Invalid v1 token';
    if (scheme === 'Bearer') {
      if (!token.includes('.')) return "Could not parse key from v2 token. Did you mean to use 'Token' instead of 'Bearer'?";
      return token === this.tokenV2 ? null : 'Invalid v2 token';
    }
    return 'Authentication credentials were not provided.';
  }
}
