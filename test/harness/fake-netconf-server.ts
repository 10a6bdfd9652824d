// A scripted NETCONF-over-SSH server for session unit tests: a real ssh2 Server on 127.0.0.1:0 that
// exchanges hellos (base:1.0 or 1.1 framing), hands each RPC to a test script and answers
// close-session itself. Test-only; the real device harness is netconfd.ts.
import { generateSshKeyPair } from '../../src/lab/ssh-keys.js';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import ssh2, { type AuthContext, type Connection, type ServerChannel } from 'ssh2';
import { ChunkedDecoder, EomDecoder, encodeChunked, encodeEom, type Decoder } from '../../src/adapters/netconf/framing.js';

const { Server, utils } = ssh2;
const NS = 'urn:ietf:params:xml:ns:netconf:base:1.0';
export const BASE_10 = 'urn:ietf:params:netconf:base:1.0';
export const BASE_11 = 'urn:ietf:params:netconf:base:1.1';

export interface FakeRpc { messageId: string; operation: string; xml: string; sessionId: number }

export interface FakeChannel {
  /** Sends `<rpc-reply message-id=..>inner</rpc-reply>` in the negotiated framing. */
  reply(messageId: string, inner: string): void;
  /** Writes bytes as they are (already framed). */
  sendRaw(bytes: Buffer | string): void;
  /** Frames a whole message in the negotiated framing. */
  sendMessage(xml: string): void;
  /** Closes the channel and the SSH connection without a word. */
  drop(): void;
}

export interface FakeServerOptions {
  username?: string;
  password?: string;
  /** OpenSSH public key line authorized for `username`. */
  authorizedKey?: string;
  /** Capabilities the server offers; default base 1.0 + 1.1 + candidate. */
  capabilities?: string[];
  /** Replies with several chunks of at most this many bytes (base:1.1 only). */
  maxChunk?: number;
  /** Never answer close-session and keep the session open (a hung device). */
  ignoreCloseSession?: boolean;
  /** Never answer the client's ready probe (a server that swallowed the first RPC); a function picks by session id (1, 2, …). */
  ignoreReadyProbe?: boolean | ((connection: number) => boolean);
  /** Called for every RPC except close-session and the ready probe; default answers `<ok/>`. */
  onRpc?: (rpc: FakeRpc, channel: FakeChannel) => void;
}

export interface FakeNetconfServer {
  port: number;
  hostKeyFingerprint: string;
  /** The clients' ready probes (empty-filter <get>), answered by the server itself. */
  probes: FakeRpc[];
  /** Every RPC received, in order (close-session included, ready probes not). */
  received: FakeRpc[];
  /** The client hellos received. */
  clientHellos: string[];
  /** SSH connections accepted so far. */
  connections(): number;
  /** Drops every open channel and connection. */
  dropAll(): void;
  close(): Promise<void>;
}

export async function startFakeNetconfServer(o: FakeServerOptions = {}): Promise<FakeNetconfServer> {
  const hostKey = generateSshKeyPair();
  const username = o.username ?? 'admin';
  const password = o.password ?? 'secret';
  const authorized = o.authorizedKey === undefined ? undefined : utils.parseKey(o.authorizedKey);
  const caps = o.capabilities ?? [BASE_10, BASE_11, 'urn:ietf:params:netconf:capability:candidate:1.0'];
  const received: FakeRpc[] = [];
  const probes: FakeRpc[] = [];
  const clientHellos: string[] = [];
  const open = new Set<Connection>();
  let connections = 0;
  let nextSessionId = 1;

  const authenticate = (ctx: AuthContext): void => {
    if (ctx.username !== username) return ctx.reject();
    if (ctx.method === 'password' && ctx.password === password) return ctx.accept();
    if (ctx.method === 'publickey' && authorized !== undefined && !(authorized instanceof Error)) {
      const same = ctx.key.algo === authorized.type && safeEqual(ctx.key.data, authorized.getPublicSSH());
      if (same && (ctx.signature === undefined || authorized.verify(ctx.blob ?? Buffer.alloc(0), ctx.signature, ctx.hashAlgo) === true)) return ctx.accept();
    }
    ctx.reject(['password', 'publickey']);
  };

  const serve = (stream: ServerChannel, conn: Connection): void => {
    const sessionId = nextSessionId++;
    let decoder: Decoder = new EomDecoder();
    let chunked = false;
    let helloSeen = false;
    const frame = (xml: string): Buffer => (chunked ? encodeChunked(xml, o.maxChunk ?? 0) : encodeEom(xml));
    const channel: FakeChannel = {
      reply: (id, inner) => channel.sendMessage(`<rpc-reply message-id="${id}" xmlns="${NS}">${inner}</rpc-reply>`),
      sendRaw: (bytes) => void (stream.writable && stream.write(bytes)),
      sendMessage: (xml) => channel.sendRaw(frame(xml)),
      drop: () => {
        stream.destroy();
        conn.end();
      },
    };
    const onMessage = (xml: string): void => {
      if (!helloSeen) {
        helloSeen = true;
        clientHellos.push(xml);
        if (caps.includes(BASE_11) && xml.includes(BASE_11)) {
          chunked = true;
          const rest = (decoder as EomDecoder).drain();
          decoder = new ChunkedDecoder();
          if (rest.length > 0) for (const m of decoder.push(rest)) onMessage(m);
        }
        return;
      }
      const rpc: FakeRpc = {
        messageId: /message-id="([^"]*)"/.exec(xml)?.[1] ?? '',
        operation: /<rpc\b[^>]*>\s*<(?:[\w.-]+:)?([\w.-]+)/.exec(xml)?.[1] ?? '',
        xml,
        sessionId,
      };
      // The client's ready probe (an empty-filter <get>) is answered here and counted apart, so scripts and
      // `received` see only what the code under test asked for.
      if (rpc.operation === 'get' && xml.includes('<filter type="subtree"/>')) {
        probes.push(rpc);
        const ignore = typeof o.ignoreReadyProbe === 'function' ? o.ignoreReadyProbe(sessionId) : o.ignoreReadyProbe === true;
        if (!ignore) channel.reply(rpc.messageId, '<data/>');
        return;
      }
      received.push(rpc);
      if (rpc.operation === 'close-session') {
        if (o.ignoreCloseSession === true) return;
        channel.reply(rpc.messageId, '<ok/>');
        stream.end();
        conn.end();
        return;
      }
      (o.onRpc ?? ((r, c) => c.reply(r.messageId, '<ok/>')))(rpc, channel);
    };
    stream.on('data', (data: Buffer) => {
      for (const m of decoder.push(data)) onMessage(m);
    });
    const capXml = caps.map((c) => `<capability>${c}</capability>`).join('');
    stream.write(encodeEom(`<hello xmlns="${NS}"><capabilities>${capXml}</capabilities><session-id>${sessionId}</session-id></hello>`));
  };

  const server = new Server({ hostKeys: [hostKey.private] }, (conn) => {
    connections++;
    open.add(conn);
    conn.on('close', () => open.delete(conn));
    conn.on('error', () => undefined);
    conn.on('authentication', authenticate);
    conn.on('ready', () => {
      conn.on('session', (acceptSession) => {
        const session = acceptSession();
        session.on('subsystem', (accept, reject, info) => {
          if (info.name !== 'netconf') return reject();
          serve(accept(), conn);
        });
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const blob = Buffer.from(hostKey.public.split(' ')[1] ?? '', 'base64');
  return {
    port: (server.address() as AddressInfo).port,
    hostKeyFingerprint: `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`,
    received,
    probes,
    clientHellos,
    connections: () => connections,
    dropAll: () => {
      for (const conn of open) conn.end();
    },
    close: async () => {
      for (const conn of open) conn.end();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function safeEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
