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

/** A message grew past the decoder's `maxMessageBytes` before it ended. */
export class MessageTooLargeError extends FramingError {
  constructor(readonly limit: number) {
    super(`message larger than ${limit} bytes (maxReplyBytes)`);
    this.name = 'MessageTooLargeError';
  }
}

export interface DecoderOptions {
  /** Largest message accepted; a longer one throws MessageTooLargeError as soon as it is known. Default: no limit. */
  maxMessageBytes?: number;
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

/**
 * Decoder for base:1.0 end-of-message framing. Linear in the input: each read is scanned once (plus
 * the last few held bytes, for a marker split across reads) and the pieces of a message are joined
 * once, when it ends.
 */
export class EomDecoder implements Decoder {
  private parts: Buffer[] = [];
  private size = 0;
  private readonly max: number;

  constructor(o: DecoderOptions = {}) {
    this.max = o.maxMessageBytes ?? Infinity;
  }

  get pending(): number {
    return this.size;
  }

  push(data: Buffer): string[] {
    const out: string[] = [];
    let chunk = data;
    while (chunk.length > 0) {
      const tail = this.tail(EOM_BYTES.length - 1);
      const idx = (tail.length === 0 ? chunk : Buffer.concat([tail, chunk])).indexOf(EOM_BYTES);
      if (idx === -1) {
        this.parts.push(chunk);
        this.size += chunk.length;
        if (this.size > this.max) throw new MessageTooLargeError(this.max);
        break;
      }
      const end = this.size - tail.length + idx;
      if (end > this.max) throw new MessageTooLargeError(this.max);
      const all = this.parts.length === 0 ? chunk : Buffer.concat([...this.parts, chunk]);
      out.push(all.subarray(0, end).toString('utf8'));
      chunk = all.subarray(end + EOM_BYTES.length);
      this.parts = [];
      this.size = 0;
    }
    return out;
  }

  /** Hands over the bytes held after the last message (used when switching to chunked framing). */
  drain(): Buffer {
    const rest = Buffer.concat(this.parts);
    this.parts = [];
    this.size = 0;
    return rest;
  }

  /** The last `n` (or fewer) bytes held, across parts. */
  private tail(n: number): Buffer {
    const picked: Buffer[] = [];
    let want = n;
    for (let i = this.parts.length - 1; i >= 0 && want > 0; i--) {
      const p = this.parts[i] as Buffer;
      const piece = p.subarray(Math.max(0, p.length - want));
      picked.unshift(piece);
      want -= piece.length;
    }
    return picked.length === 1 ? (picked[0] as Buffer) : Buffer.concat(picked);
  }
}

const CHUNK_SIZE = /^[1-9][0-9]{0,9}$/;

/**
 * Decoder for base:1.1 chunked framing: a byte-level state machine, so every input byte is looked at
 * once; chunk bodies are kept as slices and joined once per message.
 */
export class ChunkedDecoder implements Decoder {
  /** Bytes of the header being read (`\n#123\n` or `\n##\n`), at most 13. */
  private header = '';
  /** Length of the current chunk's header while its body is read (counted in `pending`). */
  private headerLen = 0;
  /** Body bytes still to read of the current chunk; 0 while reading a header. */
  private need = 0;
  private chunks: Buffer[] = [];
  private size = 0;
  private readonly max: number;

  constructor(o: DecoderOptions = {}) {
    this.max = o.maxMessageBytes ?? Infinity;
  }

  get pending(): number {
    return this.header.length + this.headerLen + this.size;
  }

  push(data: Buffer): string[] {
    const out: string[] = [];
    let off = 0;
    while (off < data.length) {
      if (this.need > 0) {
        const take = Math.min(this.need, data.length - off);
        this.chunks.push(data.subarray(off, off + take));
        this.size += take;
        this.need -= take;
        off += take;
        if (this.need === 0) this.headerLen = 0;
        continue;
      }
      const message = this.headerByte(data[off] as number);
      off++;
      if (message !== null) out.push(message);
    }
    return out;
  }

  /** Consumes one header byte; returns a message when it completes an end-of-chunks marker. */
  private headerByte(byte: number): string | null {
    const h = (this.header += String.fromCharCode(byte));
    if (h.length === 1 && byte !== 0x0a) throw this.bad(h);
    if (h.length === 2 && byte !== 0x23) throw this.bad(h);
    if (h.length <= 2) return null;
    if (h[2] === '#') {
      if (h.length < 4) return null;
      if (byte !== 0x0a) throw new FramingError('chunked framing: bad end-of-chunks marker');
      // RFC 6242: chunked-message = 1*chunk end-of-chunks.
      if (this.chunks.length === 0) throw new FramingError('chunked framing: end-of-chunks without any chunk');
      const message = Buffer.concat(this.chunks).toString('utf8');
      this.chunks = [];
      this.size = 0;
      this.header = '';
      return message;
    }
    if (byte !== 0x0a) {
      // Reject a bad header as soon as its bytes arrive rather than waiting for a newline.
      const partial = h.slice(2);
      if (!CHUNK_SIZE.test(partial)) throw new FramingError(`chunked framing: bad chunk size ${JSON.stringify(partial)}`);
      return null;
    }
    const digits = h.slice(2, -1);
    if (!CHUNK_SIZE.test(digits)) throw new FramingError(`chunked framing: bad chunk size ${JSON.stringify(digits)}`);
    const size = Number(digits);
    if (size > MAX_CHUNK) throw new FramingError(`chunked framing: chunk size ${size} too large`);
    if (this.size + size > this.max) throw new MessageTooLargeError(this.max);
    this.need = size;
    this.headerLen = h.length;
    this.header = '';
    return null;
  }

  private bad(h: string): FramingError {
    return new FramingError(`chunked framing: expected "\\n#", got ${JSON.stringify(h)}`);
  }
}
