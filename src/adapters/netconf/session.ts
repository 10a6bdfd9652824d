/**
 * One NETCONF session over SSH (RFC 6241 + RFC 6242): hello exchange, framing switch, message-id
 * correlation with many RPCs in flight, per-RPC timeouts, and a clean or abrupt end that fails every
 * pending RPC at once. Replies carrying rpc-errors resolve; only transport problems reject.
 */
import { EventEmitter } from 'node:events';
import type { ClientChannel } from 'ssh2';
import { silentLogger, type Logger } from '../../log.js';
import { parseCapabilities, type Capabilities } from './capabilities.js';
import { NetconfRpcError, NetconfTransportError } from './errors.js';
import { ChunkedDecoder, EomDecoder, encodeChunked, encodeEom, type Decoder } from './framing.js';
import { exchangeHello } from './hello-exchange.js';
import { needsReadyProbe, type ReadyProbeMode } from './ready-probe.js';
import { parseReply, replyMessageId, type RpcReply } from './reply.js';
import {
  cancelCommitBody, closeSessionBody, commitBody, discardChangesBody, editConfigBody, getBody, getConfigBody,
  lockBody, READY_PROBE_BODY, unlockBody, validateBody, wrapRpc, type Datastore,
} from './rpc.js';
import { mapSshError, openNetconfChannel, type NetconfChannel, type SshOptions } from './ssh-transport.js';

export type { RpcReply } from './reply.js';

export interface SessionOptions extends SshOptions {
  /** Default 15000; covers SSH setup and, separately, the hello exchange. */
  connectTimeoutMs?: number;
  /** Default 60000. */
  rpcTimeoutMs?: number;
  /** SSH keepalive interval, default 30000; three missed answers drop the session. */
  keepaliveMs?: number;
  /** Largest reply accepted (default 64 MiB); a longer one tears the session down with ProtocolError. */
  maxReplyBytes?: number;
  /**
   * Before the session is handed out, one `<get>` with an empty filter (it selects nothing) must be answered
   * within `readyProbeTimeoutMs` (default 5000). Some servers — yuma123's netconfd, seen here — silently
   * drop a chunked RPC that reaches them in the same read as the client hello, and the session then never
   * answers anything. A probe that goes unanswered costs a fresh session instead of a stuck write. Default
   * 'auto': only servers whose hello shows they need it (ready-probe.ts); true/'always', false/'never'.
   */
  readyProbe?: ReadyProbeMode | boolean;
  readyProbeTimeoutMs?: number;
  logger?: Logger;
}

/** Sessions opened per connect() when the ready probe goes unanswered. */
const READY_PROBE_ATTEMPTS = 2;

export const DEFAULT_MAX_REPLY_BYTES = 64 * 1024 * 1024;

interface Pending {
  resolve: (reply: RpcReply) => void;
  reject: (err: NetconfTransportError) => void;
  timer: NodeJS.Timeout;
}

/** Bounded wait for the close-session reply, then for the SSH connection to finish closing. */
const CLOSE_SESSION_WAIT_MS = 2_000;
const SSH_END_WAIT_MS = 1_000;

/** Emits 'close' once, with a NetconfTransportError when the session was lost rather than closed. */
export class NetconfSession extends EventEmitter {
  readonly sessionId: number;
  readonly capabilities: Capabilities;
  readonly serverHostKey: string;
  private readonly pending = new Map<string, Pending>();
  private readonly decoder: Decoder;
  private readonly chunked: boolean;
  private readonly channel: ClientChannel;
  private readonly log: Logger;
  private lastId = 0;
  private ended = false;
  private sshClosed = false;
  private closing: Promise<void> | null = null;

  private constructor(
    private readonly conn: NetconfChannel,
    hello: { sessionId: number; uris: string[]; rest: Buffer },
    private readonly opts: SessionOptions,
    logger: Logger,
  ) {
    super();
    this.channel = conn.channel;
    this.sessionId = hello.sessionId;
    this.capabilities = parseCapabilities(hello.uris);
    this.serverHostKey = conn.serverHostKey;
    this.chunked = this.capabilities.base11;
    const limit = { maxMessageBytes: opts.maxReplyBytes ?? DEFAULT_MAX_REPLY_BYTES };
    this.decoder = this.chunked ? new ChunkedDecoder(limit) : new EomDecoder(limit);
    this.log = logger.child({ device: `${opts.host}:${opts.port}`, sessionId: hello.sessionId });
    this.attach(hello.rest);
  }

  /**
   * Opens SSH, the netconf subsystem and exchanges hellos, then (where `readyProbe` asks for it) checks that
   * the server answers; a session whose probe is not answered is closed and one more is opened. Rejects with
   * NetconfTransportError.
   */
  static async connect(opts: SessionOptions): Promise<NetconfSession> {
    for (let attempt = 1; ; attempt++) {
      const session = await NetconfSession.open(opts);
      if (!needsReadyProbe(opts.readyProbe, session.capabilities)) return session;
      try {
        await session.rpc(READY_PROBE_BODY, { timeoutMs: opts.readyProbeTimeoutMs ?? 5_000 });
        return session;
      } catch (err) {
        await session.close().catch(() => undefined);
        const retry = err instanceof NetconfTransportError && err.reason === 'RpcTimeout' && attempt < READY_PROBE_ATTEMPTS;
        session.log.warn({ attempt, retry, err: (err as Error).message }, 'the new session did not answer its ready probe');
        if (!retry) throw err;
      }
    }
  }

  private static async open(opts: SessionOptions): Promise<NetconfSession> {
    const logger = opts.logger ?? silentLogger();
    const conn = await openNetconfChannel(opts);
    try {
      const hello = await exchangeHello(conn.channel, `${opts.host}:${opts.port}`, opts.connectTimeoutMs ?? 15_000, opts.maxReplyBytes ?? DEFAULT_MAX_REPLY_BYTES);
      const session = new NetconfSession(conn, hello, opts, logger);
      session.log.debug({ base11: session.chunked, hostKey: session.serverHostKey }, 'netconf session open');
      return session;
    } catch (err) {
      conn.client.destroy();
      throw err;
    }
  }

  get closed(): boolean {
    return this.ended || this.closing !== null;
  }

  /** Sends one RPC body; resolves with the reply (even with rpc-errors), rejects with NetconfTransportError. */
  rpc(body: string, opts: { timeoutMs?: number } = {}): Promise<RpcReply> {
    if (this.closed) return Promise.reject(new NetconfTransportError('SessionDropped', `${this.target()}: session is closed`));
    return this.send(body, opts.timeoutMs ?? this.opts.rpcTimeoutMs ?? 60_000);
  }

  async getConfig(o: { source: Datastore; filter?: string }): Promise<string> {
    return (await this.call(getConfigBody(o), 'get-config')).data ?? '';
  }

  async get(o: { filter?: string } = {}): Promise<string> {
    return (await this.call(getBody(o), 'get')).data ?? '';
  }

  async editConfig(o: Parameters<typeof editConfigBody>[0]): Promise<void> {
    await this.call(editConfigBody(o), 'edit-config');
  }

  async lock(t: Datastore): Promise<void> {
    await this.call(lockBody(t), 'lock');
  }

  async unlock(t: Datastore): Promise<void> {
    await this.call(unlockBody(t), 'unlock');
  }

  async commit(o?: Parameters<typeof commitBody>[0]): Promise<void> {
    await this.call(commitBody(o), 'commit');
  }

  async cancelCommit(o: { persistId?: string } = {}): Promise<void> {
    await this.call(cancelCommitBody(o), 'cancel-commit');
  }

  async discardChanges(): Promise<void> {
    await this.call(discardChangesBody(), 'discard-changes');
  }

  async validate(source: Datastore): Promise<void> {
    await this.call(validateBody(source), 'validate');
  }

  /** Custom RPC (e.g. saveConfigBody()); throws NetconfRpcError when the reply failed. */
  async call(body: string, operation = operationName(body)): Promise<RpcReply> {
    const reply = await this.rpc(body);
    if (reply.failed && this.deniedBySelf(reply)) {
      // Our own session holds the lock (e.g. a lock granted after its RPC timed out): it can never be
      // taken again through this session, so drop the session, which releases the lock on the device.
      const err = new NetconfTransportError('ProtocolError', `${this.target()}: ${operation} denied: the lock is held by this very session ${this.sessionId}; discarding the session`, { cause: new NetconfRpcError(operation, reply.errors) });
      this.teardown(err);
      throw err;
    }
    if (reply.failed) throw new NetconfRpcError(operation, reply.errors);
    return reply;
  }

  private deniedBySelf(reply: RpcReply): boolean {
    return reply.errors.some((e) => e.tag === 'lock-denied' && e.info['session-id']?.trim() === String(this.sessionId));
  }

  /** close-session (bounded wait), then ends the SSH connection. Idempotent; never rejects. */
  close(): Promise<void> {
    if (this.closing === null) this.closing = this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    if (this.ended) return;
    try {
      await this.send(closeSessionBody(), Math.min(CLOSE_SESSION_WAIT_MS, this.opts.rpcTimeoutMs ?? CLOSE_SESSION_WAIT_MS));
    } catch (err) {
      this.log.debug({ err }, 'close-session got no reply; ending the connection anyway');
    }
    const { client } = this.conn;
    const gone = new Promise<void>((resolve) => {
      if (this.sshClosed) return resolve();
      const timer = setTimeout(() => {
        client.destroy();
        resolve();
      }, SSH_END_WAIT_MS);
      client.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    this.teardown(undefined);
    await gone;
  }

  private send(body: string, timeoutMs: number): Promise<RpcReply> {
    if (this.ended) return Promise.reject(new NetconfTransportError('SessionDropped', `${this.target()}: session is closed`));
    const id = String(++this.lastId);
    return new Promise<RpcReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        if (!this.pending.delete(id)) return;
        this.log.warn({ messageId: id, timeoutMs }, 'rpc timed out; discarding the session');
        const err = new NetconfTransportError('RpcTimeout', `${this.target()}: no reply to message-id ${id} within ${timeoutMs} ms`);
        reject(err);
        // The device may still act on the RPC (e.g. grant a lock) after we gave up: never reuse this
        // session. Ending the connection makes the device end the session and release its locks.
        if (this.closing === null) this.teardown(err);
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      const xml = wrapRpc(id, body);
      this.channel.write(this.chunked ? encodeChunked(xml) : encodeEom(xml));
    });
  }

  private attach(rest: Buffer): void {
    const { client } = this.conn;
    this.channel.on('data', (data: Buffer) => this.onData(data));
    this.channel.stderr.on('data', (data: Buffer) => this.log.debug({ stderr: data.toString('utf8') }, 'netconf stderr'));
    // Once close() has begun, the server ending the channel is the expected answer, not a drop.
    const lost = (why: string): NetconfTransportError | undefined => (this.closing === null ? this.dropped(why) : undefined);
    this.channel.on('close', () => this.teardown(lost('channel closed by server')));
    this.channel.on('error', (err: Error) => this.teardown(this.closing === null ? this.dropped(`channel error: ${err.message}`) : undefined));
    client.on('error', (err: Error & { level?: string; code?: string }) => {
      if (this.closing !== null) return;
      const mapped = mapSshError(err, this.target());
      this.teardown(new NetconfTransportError('SessionDropped', `${this.target()}: connection lost: ${err.message}`, { cause: mapped }));
    });
    client.on('close', () => {
      this.sshClosed = true;
      this.teardown(lost('connection closed'));
    });
    if (rest.length > 0) this.onData(rest);
    this.channel.resume();
  }

  private onData(data: Buffer): void {
    let messages: string[];
    try {
      messages = this.decoder.push(data);
    } catch (err) {
      this.teardown(new NetconfTransportError('ProtocolError', `${this.target()}: ${(err as Error).message}`, { cause: err }));
      return;
    }
    for (const xml of messages) this.onMessage(xml);
  }

  private onMessage(xml: string): void {
    const id = replyMessageId(xml);
    const waiter = id === undefined ? undefined : this.pending.get(id);
    if (id === undefined || waiter === undefined) {
      this.log.warn({ messageId: id, bytes: xml.length }, 'dropping a message that answers no pending rpc');
      return;
    }
    this.pending.delete(id);
    clearTimeout(waiter.timer);
    parseReply(xml).then(waiter.resolve, (err: unknown) => {
      const failure = new NetconfTransportError('ProtocolError', `${this.target()}: unreadable reply to message-id ${id}`, { cause: err });
      waiter.reject(failure);
      // A device that sent garbage may be out of step with us: discard the session.
      if (this.closing === null) this.teardown(failure);
    });
  }

  private dropped(why: string): NetconfTransportError {
    return new NetconfTransportError('SessionDropped', `${this.target()}: ${why}`);
  }

  /** Fails every pending RPC with `err` (or SessionDropped on a clean close) and ends the connection. */
  private teardown(err: NetconfTransportError | undefined): void {
    if (this.ended) return;
    this.ended = true;
    const failure = err ?? this.dropped('session closed');
    for (const waiter of this.pending.values()) {
      clearTimeout(waiter.timer);
      waiter.reject(failure);
    }
    this.pending.clear();
    if (err !== undefined) this.log.warn({ err }, 'netconf session lost');
    this.conn.client.end();
    this.emit('close', err);
  }

  private target(): string {
    return `${this.opts.host}:${this.opts.port}`;
  }
}

/** Local name of the first element of an RPC body, for error messages. */
function operationName(body: string): string {
  return /<(?:[\w.-]+:)?([\w.-]+)/.exec(body)?.[1] ?? 'rpc';
}
