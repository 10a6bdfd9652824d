import { Client, type ClientChannel } from 'ssh2';
import { ChunkedDecoder, EomDecoder, encodeChunked, encodeEom, type Decoder } from '../../../src/adapters/netconf/framing.js';

const NC = 'urn:ietf:params:xml:ns:netconf:base:1.0';

/**
 * A deliberately plain NETCONF client for testing the simulator: ssh2 Client + the framing module,
 * one RPC at a time. Independent of src/adapters/netconf/session.ts.
 */
export class RawNetconfClient {
  serverHello = '';
  hostKeyFingerprint = '';
  private decoder: Decoder = new EomDecoder();
  private chunked = false;
  private waiters: Array<(m: string) => void> = [];
  private inbox: string[] = [];
  private nextId = 1;
  closed = false;

  private constructor(private readonly conn: Client, private readonly channel: ClientChannel) {}

  static async connect(o: { port: number; username: string; password: string; base11?: boolean }): Promise<RawNetconfClient> {
    const conn = new Client();
    let fp = '';
    await new Promise<void>((resolve, reject) => {
      conn.once('ready', () => resolve());
      conn.once('error', reject);
      conn.connect({
        host: '127.0.0.1',
        port: o.port,
        username: o.username,
        password: o.password,
        hostHash: 'sha256',
        hostVerifier: (hash: string) => {
          fp = `SHA256:${Buffer.from(hash, 'hex').toString('base64').replace(/=+$/, '')}`;
          return true;
        },
      });
    });
    const channel = await new Promise<ClientChannel>((resolve, reject) =>
      conn.subsys('netconf', (err, ch) => (err ? reject(err) : resolve(ch))),
    );
    const client = new RawNetconfClient(conn, channel);
    client.hostKeyFingerprint = fp;
    channel.on('data', (d: Buffer) => client.onData(d));
    channel.on('close', () => (client.closed = true));
    client.serverHello = await client.next();
    const caps = ['urn:ietf:params:netconf:base:1.0'];
    if (o.base11 !== false) caps.push('urn:ietf:params:netconf:base:1.1');
    channel.write(encodeEom(`<hello xmlns="${NC}"><capabilities>${caps.map((c) => `<capability>${c}</capability>`).join('')}</capabilities></hello>`));
    if (o.base11 !== false && client.serverHello.includes('urn:ietf:params:netconf:base:1.1')) {
      client.chunked = true;
      client.decoder = new ChunkedDecoder();
    }
    return client;
  }

  get sessionId(): number {
    return Number(/<session-id>(\d+)<\/session-id>/.exec(this.serverHello)?.[1] ?? NaN);
  }

  /** Sends `<rpc>` around `body` and returns the raw `<rpc-reply>`. */
  async rpc(body: string): Promise<string> {
    return this.send(`<rpc message-id="${this.nextId++}" xmlns="${NC}">${body}</rpc>`);
  }

  async send(message: string): Promise<string> {
    this.channel.write(this.chunked ? encodeChunked(message) : encodeEom(message));
    return this.next();
  }

  /** Waits for the channel to close (after close-session or kill-session). */
  async waitClosed(): Promise<void> {
    if (this.closed) return;
    await new Promise<void>((resolve) => this.channel.once('close', () => resolve()));
  }

  end(): void {
    this.conn.end();
  }

  private onData(d: Buffer): void {
    for (const m of this.decoder.push(d)) {
      const w = this.waiters.shift();
      if (w) w(m);
      else this.inbox.push(m);
    }
  }

  private next(): Promise<string> {
    const m = this.inbox.shift();
    if (m !== undefined) return Promise.resolve(m);
    return new Promise((resolve) => this.waiters.push(resolve));
  }
}
