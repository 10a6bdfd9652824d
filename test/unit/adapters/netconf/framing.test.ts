import { describe, expect, it } from 'vitest';
import { ChunkedDecoder, EomDecoder, FramingError, MessageTooLargeError, encodeChunked, encodeEom } from '../../../../src/adapters/netconf/framing.js';

const MSG = '<rpc-reply message-id="1" xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><ok/></rpc-reply>';
const UNICODE = '<data><description>Büro – 会议室</description></data>';

function feedSplitAt(decoder: { push(b: Buffer): string[] }, bytes: Buffer, at: number): string[] {
  return [...decoder.push(bytes.subarray(0, at)), ...decoder.push(bytes.subarray(at))];
}

describe('base:1.0 end-of-message framing', () => {
  it('appends ]]>]]> to the message bytes', () => {
    expect(encodeEom('<hello/>').toString('utf8')).toBe('<hello/>]]>]]>');
  });

  it('decodes a message split at every byte boundary, including inside the marker', () => {
    const bytes = encodeEom(MSG);
    for (let at = 1; at < bytes.length; at++) {
      const decoder = new EomDecoder();
      expect(feedSplitAt(decoder, bytes, at)).toEqual([MSG]);
      expect(decoder.pending).toBe(0);
    }
  });

  it('decodes several messages merged in one read and keeps the unfinished tail', () => {
    const decoder = new EomDecoder();
    const bytes = Buffer.concat([encodeEom('<a/>'), encodeEom(UNICODE), Buffer.from('<partial')]);
    expect(decoder.push(bytes)).toEqual(['<a/>', UNICODE]);
    expect(decoder.pending).toBe(8);
    expect(decoder.drain().toString()).toBe('<partial');
    expect(decoder.pending).toBe(0);
  });

  it('decodes one byte at a time, a multi-byte character split across reads', () => {
    const decoder = new EomDecoder();
    const out: string[] = [];
    for (const byte of encodeEom(UNICODE)) out.push(...decoder.push(Buffer.from([byte])));
    expect(out).toEqual([UNICODE]);
  });
});

describe('base:1.1 chunked framing', () => {
  it('encodes one chunk with its byte length, then the end-of-chunks marker', () => {
    expect(encodeChunked('<rpc/>').toString('latin1')).toBe('\n#6\n<rpc/>\n##\n');
  });

  it('counts bytes, not characters, in the chunk size', () => {
    expect(encodeChunked('ü').toString('latin1')).toBe('\n#2\n\xc3\xbc\n##\n');
  });

  it('encodes several chunks when a maximum chunk size is given', () => {
    expect(encodeChunked('abcdefg', 3).toString('latin1')).toBe('\n#3\nabc\n#3\ndef\n#1\ng\n##\n');
  });

  it('decodes a message and its chunk headers split at every byte boundary', () => {
    const bytes = encodeChunked(MSG, 10);
    for (let at = 1; at < bytes.length; at++) {
      const decoder = new ChunkedDecoder();
      expect(feedSplitAt(decoder, bytes, at)).toEqual([MSG]);
      expect(decoder.pending).toBe(0);
    }
  });

  it('decodes a multi-chunk message fed one byte at a time', () => {
    const decoder = new ChunkedDecoder();
    const out: string[] = [];
    for (const byte of encodeChunked(UNICODE, 4)) out.push(...decoder.push(Buffer.from([byte])));
    expect(out).toEqual([UNICODE]);
  });

  it('decodes several messages merged in one read, with a chunk size of many digits', () => {
    const big = 'x'.repeat(12345);
    const bytes = Buffer.concat([encodeChunked('<a/>'), encodeChunked(big), encodeChunked(MSG, 7), Buffer.from('\n#5\nab')]);
    const decoder = new ChunkedDecoder();
    expect(decoder.push(bytes)).toEqual(['<a/>', big, MSG]);
    expect(decoder.pending).toBe(6);
    expect(decoder.push(Buffer.from('c<>\n##\n'))).toEqual(['abc<>']);
  });

  it('decodes exact RFC 6242 example bytes', () => {
    const wire = '\n#4\n<rpc\n#18\n message-id="102"\n\n#79\n     xmlns="urn:ietf:params:xml:ns:netconf:base:1.0">\n  <close-session/>\n</rpc>\n##\n';
    expect(new ChunkedDecoder().push(Buffer.from(wire))).toEqual([
      '<rpc message-id="102"\n     xmlns="urn:ietf:params:xml:ns:netconf:base:1.0">\n  <close-session/>\n</rpc>',
    ]);
  });

  it.each([
    ['a zero chunk size', '\n#0\n'],
    ['a leading zero', '\n#01\nx\n##\n'],
    ['a non-digit size', '\n#1a\nx'],
    ['an empty size', '\n#\nabc'],
    ['a size over 4294967295', '\n#4294967296\n'],
    ['a size of more than ten digits', '\n#12345678901'],
    ['a missing newline before #', 'x#1\nx\n##\n'],
    ['a bad end-of-chunks marker', '\n#1\nx\n##x'],
    ['end-of-chunks without any chunk', '\n##\n'],
    ['EOM-framed bytes', '<hello/>]]>]]>'],
  ])('rejects %s', (_name, wire) => {
    expect(() => new ChunkedDecoder().push(Buffer.from(wire))).toThrow(FramingError);
  });

  it('rejects a chunk that does not end where its size says', () => {
    const decoder = new ChunkedDecoder();
    expect(() => decoder.push(Buffer.from('\n#2\nabc\n##\n'))).toThrow(FramingError);
  });
});

describe('decoders stay linear in their input and bounded by maxMessageBytes', () => {
  const MiB = 1024 * 1024;
  const piece = Buffer.alloc(64 * 1024, 0x61);

  /** Feeds `total` bytes in 64 KiB reads and counts the bytes Buffer.concat copies meanwhile. */
  function feed(decoder: { push(b: Buffer): string[] }, total: number, read: (i: number) => Buffer = () => piece): number {
    let copied = 0;
    const concat = Buffer.concat;
    Buffer.concat = ((list: readonly Uint8Array[], length?: number) => {
      const out = concat(list, length);
      copied += out.length;
      return out;
    }) as typeof Buffer.concat;
    try {
      for (let i = 0, fed = 0; fed < total; i++) {
        const bytes = read(i);
        expect(decoder.push(bytes)).toEqual([]);
        fed += bytes.length;
      }
    } finally {
      Buffer.concat = concat;
    }
    return copied;
  }

  it('copies each byte of a 32 MiB message without an end marker about once, not once per read (end-of-message)', () => {
    const decoder = new EomDecoder({ maxMessageBytes: 64 * MiB });
    const copied = feed(decoder, 32 * MiB);
    expect(decoder.pending).toBe(32 * MiB);
    // Quadratic re-concatenation would copy ~8 GiB here; linear copies each read (+5 bytes) once.
    expect(copied).toBeLessThan(2 * 32 * MiB);
  });

  it('copies nothing while 32 MiB of chunks arrive without end-of-chunks (chunked)', () => {
    const header = Buffer.from(`\n#${piece.length}\n`);
    const decoder = new ChunkedDecoder({ maxMessageBytes: 64 * MiB });
    const copied = feed(decoder, 32 * MiB, (i) => (i % 2 === 0 ? header : piece));
    expect(copied).toBe(0);
    expect(decoder.pending).toBeGreaterThanOrEqual(16 * MiB);
  });

  it('throws MessageTooLargeError once a message passes maxMessageBytes (end-of-message)', () => {
    const decoder = new EomDecoder({ maxMessageBytes: MiB });
    expect(() => feed(decoder, 2 * MiB)).toThrow(MessageTooLargeError);
  });

  it('throws MessageTooLargeError on the chunk header that would pass maxMessageBytes, before its body arrives (chunked)', () => {
    const decoder = new ChunkedDecoder({ maxMessageBytes: MiB });
    expect(decoder.push(Buffer.from(`\n#${MiB - 10}\n`))).toEqual([]);
    expect(() => decoder.push(Buffer.alloc(MiB - 10, 0x61))).not.toThrow();
    expect(() => decoder.push(Buffer.from('\n#11\n'))).toThrow(MessageTooLargeError);
  });

  it('still decodes a message of exactly maxMessageBytes, and the limit is per message', () => {
    const eom = new EomDecoder({ maxMessageBytes: 8 });
    expect(eom.push(Buffer.concat([encodeEom('12345678'), encodeEom('abcdefgh')]))).toEqual(['12345678', 'abcdefgh']);
    const chunked = new ChunkedDecoder({ maxMessageBytes: 8 });
    expect(chunked.push(Buffer.concat([encodeChunked('12345678', 3), encodeChunked('abcdefgh')]))).toEqual(['12345678', 'abcdefgh']);
  });
});
