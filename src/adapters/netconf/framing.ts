/**
 * NETCONF message framing over SSH (RFC 6242).
 *
 * - base:1.0 end-of-message framing: each message is followed by `]]>]]>`.
 * - base:1.1 chunked framing: `\n#<len>\n<len bytes>` chunks, ended by `\n##\n`.
 *
 * Decoders are fed raw bytes as they arrive; a message or a chunk header may be split across any
 * number of reads, or several messages may arrive in one read. They never hold more than one
 * message plus the unread tail. Pure: no I/O.
 */
export const EOM = ']]>]]>';
const EOM_BYTES = Buffer.from(EOM, 'utf8');

/** Largest single chunk RFC 6242 allows (4294967295); a bigger header is a protocol error. */
const MAX_CHUNK = 4294967295;

export class FramingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FramingError';
  }
}

/** Frames one message for base:1.0. */
export function encodeEom(message: string): Buffer {
  return Buffer.concat([Buffer.from(message, 'utf8'), EOM_BYTES]);
}

/** Frames one message for base:1.1 as a single chunk (or several when `maxChunk` is given). */
export function encodeChunked(message: string, maxChunk = 0): Buffer {
  const body = Buffer.from(message, 'utf8');
  const parts: Buffer[] = [];
  const size = maxChunk > 0 ? maxChunk : Math.max(body.length, 1);
  for (let off = 0; off < body.length; off += size) {
    const piece = body.subarray(off, off + size);
    parts.push(Buffer.from(`\n#${piece.length}\n`, 'ascii'), piece);
  }
  parts.push(Buffer.from('\n##\n', 'ascii'));
  return Buffer.concat(parts);
}

export interface Decoder {
  /** Feeds bytes; returns every message completed by them, in order. Throws FramingError. */
  push(data: Buffer): string[];
  /** Bytes held that do not yet form a message. */
  readonly pending: number;
}

/** Decoder for base:1.0 end-of-message framing. */
export class EomDecoder implements Decoder {
  private buf: Buffer = Buffer.alloc(0);

  get pending(): number {
    return this.buf.length;
  }

  push(data: Buffer): string[] {
    this.buf = this.buf.length === 0 ? data : Buffer.concat([this.buf, data]);
    const out: string[] = [];
    let idx: number;
    while ((idx = this.buf.indexOf(EOM_BYTES)) !== -1) {
      out.push(this.buf.subarray(0, idx).toString('utf8'));
      this.buf = this.buf.subarray(idx + EOM_BYTES.length);
    }
    return out;
  }

  /** Hands over the bytes held after the last message (used when switching to chunked framing). */
  drain(): Buffer {
    const rest = this.buf;
    this.buf = Buffer.alloc(0);
    return rest;
  }
}

/** Decoder for base:1.1 chunked framing. */
export class ChunkedDecoder implements Decoder {
  private buf: Buffer = Buffer.alloc(0);
  private chunks: Buffer[] = [];

  get pending(): number {
    return this.buf.length + this.chunks.reduce((n, c) => n + c.length, 0);
  }

  push(data: Buffer): string[] {
    this.buf = this.buf.length === 0 ? data : Buffer.concat([this.buf, data]);
    const out: string[] = [];
    for (;;) {
      // A header is `\n#<digits>\n` or the end marker `\n##\n`; need at least 4 bytes to decide.
      if (this.buf.length < 4) break;
      if (this.buf[0] !== 0x0a || this.buf[1] !== 0x23) {
        throw new FramingError(`chunked framing: expected "\\n#", got ${JSON.stringify(this.buf.subarray(0, 8).toString('latin1'))}`);
      }
      if (this.buf[2] === 0x23) {
        if (this.buf[3] !== 0x0a) throw new FramingError('chunked framing: bad end-of-chunks marker');
        // RFC 6242: chunked-message = 1*chunk end-of-chunks.
        if (this.chunks.length === 0) throw new FramingError('chunked framing: end-of-chunks without any chunk');
        out.push(Buffer.concat(this.chunks).toString('utf8'));
        this.chunks = [];
        this.buf = this.buf.subarray(4);
        continue;
      }
      const nl = this.buf.indexOf(0x0a, 2);
      if (nl === -1) {
        // Reject a bad header as soon as its bytes arrive rather than waiting for a newline.
        const partial = this.buf.subarray(2).toString('latin1');
        if (!/^[1-9][0-9]{0,9}$/.test(partial)) throw new FramingError(`chunked framing: bad chunk size ${JSON.stringify(partial)}`);
        break;
      }
      const digits = this.buf.subarray(2, nl).toString('ascii');
      if (!/^[1-9][0-9]{0,9}$/.test(digits)) throw new FramingError(`chunked framing: bad chunk size ${JSON.stringify(digits)}`);
      const size = Number(digits);
      if (size > MAX_CHUNK) throw new FramingError(`chunked framing: chunk size ${size} too large`);
      if (this.buf.length < nl + 1 + size) break;
      this.chunks.push(this.buf.subarray(nl + 1, nl + 1 + size));
      this.buf = this.buf.subarray(nl + 1 + size);
    }
    return out;
  }
}
