import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { BASE_11 } from '../../adapters/netconf/capabilities.js';
import { ChunkedDecoder, EOM, EomDecoder, encodeChunked, encodeEom, type Decoder } from '../../adapters/netconf/framing.js';
import { NETCONF_NS } from '../../adapters/netconf/rpc.js';
import { escapeText } from '../../adapters/xml/tree.js';
import { handleRpc, type DeviceCore } from './rpc-handler.js';

const EOM_BYTES = Buffer.from(EOM, 'utf8');
/** Real servers split long replies into many chunks; clients must reassemble them. */
const MAX_CHUNK = 4096;

/**
 * One NETCONF session on one SSH `netconf` subsystem channel: sends the server hello (EOM framed),
 * reads the client hello, switches to chunked framing when both offer base:1.1, then answers RPCs
 * strictly in order. Releases the device lock when the channel goes away.
 */
export class ServerSession {
  private pre = Buffer.alloc(0);
  private decoder: Decoder | null = null;
  private helloDone = false;
  private chunked = false;
  private queue: Promise<void> = Promise.resolve();
  private ended = false;

  constructor(
    private readonly channel: Duplex & { close?: () => void },
    readonly id: number,
    private readonly core: DeviceCore,
    private readonly capabilities: readonly string[],
    private readonly logger: Logger,
    /** The SSH login the session came in with (recorded on every request). */
    private readonly user?: string,
  ) {}

  start(): void {
    this.core.sessions.set(this.id, { kill: () => this.end() });
    this.channel.on('data', (data: Buffer) => this.onData(data));
    this.channel.on('close', () => this.cleanup());
    this.channel.on('error', () => this.cleanup());
    const caps = this.capabilities.map((c) => `<capability>${escapeText(c)}</capability>`).join('');
    this.channel.write(encodeEom(`<?xml version="1.0" encoding="UTF-8"?><hello xmlns="${NETCONF_NS}"><capabilities>${caps}</capabilities><session-id>${this.id}</session-id></hello>`));
  }

  /** Ends the session from the server side (kill-session, device stop). */
  end(): void {
    if (this.ended) return;
    this.cleanup();
    this.channel.end();
    this.channel.close?.();
  }

  private cleanup(): void {
    if (this.ended) return;
    this.ended = true;
    this.core.sessions.delete(this.id);
    if (this.core.lockHolder === this.id) this.core.lockHolder = null;
  }

  private onData(data: Buffer): void {
    if (this.ended) return;
    try {
      if (!this.helloDone) {
        this.pre = Buffer.concat([this.pre, data]);
        const idx = this.pre.indexOf(EOM_BYTES);
        if (idx === -1) return;
        const hello = this.pre.subarray(0, idx).toString('utf8');
        const rest = this.pre.subarray(idx + EOM_BYTES.length);
        this.pre = Buffer.alloc(0);
        this.onHello(hello);
        if (rest.length > 0) this.onData(rest);
        return;
      }
      for (const m of this.decoder?.push(data) ?? []) this.enqueue(m);
    } catch (err) {
      this.logger.warn({ err, session: this.id }, 'sim-device: framing error, closing session');
      this.end();
    }
  }

  private onHello(xml: string): void {
    this.helloDone = true;
    if (!/<(\w+:)?hello[\s>]/.test(xml) || /<(\w+:)?session-id[\s>]/.test(xml)) {
      this.logger.warn({ session: this.id }, 'sim-device: bad client hello, closing session');
      this.end();
      return;
    }
    this.chunked = xml.includes(BASE_11) && this.capabilities.includes(BASE_11);
    this.decoder = this.chunked ? new ChunkedDecoder() : new EomDecoder();
  }

  private enqueue(message: string): void {
    this.queue = this.queue.then(async () => {
      if (this.ended) return;
      const outcome = await handleRpc(this.core, this.id, message, this.user);
      if (this.ended) return;
      this.channel.write(this.chunked ? encodeChunked(outcome.reply, MAX_CHUNK) : encodeEom(outcome.reply));
      if (outcome.close) this.end();
    });
  }
}
