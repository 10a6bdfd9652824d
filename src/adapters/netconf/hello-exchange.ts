/**
 * The hello phase on a fresh netconf channel: both sides use end-of-message framing (RFC 6242 §4.1).
 * Leaves the channel paused with the bytes that followed the server hello handed back, so the session
 * can switch framing without losing data.
 */
import type { ClientChannel } from 'ssh2';
import { NetconfTransportError } from './errors.js';
import { EomDecoder, FramingError, encodeEom } from './framing.js';
import { clientHello, parseServerHello, type ServerHello } from './hello.js';

export function exchangeHello(channel: ClientChannel, target: string, timeoutMs: number, maxBytes?: number): Promise<ServerHello & { rest: Buffer }> {
  const decoder = new EomDecoder(maxBytes === undefined ? {} : { maxMessageBytes: maxBytes });
  return new Promise((resolve, reject) => {
    let done = false;
    const finish = (err: NetconfTransportError | null, hello?: ServerHello): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      channel.pause();
      channel.removeListener('data', onData);
      channel.removeListener('close', onClose);
      // onError stays attached (a no-op once done) so a late channel error is never unhandled.
      if (err !== null || hello === undefined) reject(err);
      else resolve({ ...hello, rest: decoder.drain() });
    };
    const protocolError = (message: string, cause?: unknown): NetconfTransportError =>
      new NetconfTransportError('ProtocolError', `${target}: ${message}`, cause === undefined ? {} : { cause });
    const onData = (data: Buffer): void => {
      let first: string | undefined;
      try {
        first = decoder.push(data)[0];
      } catch (err) {
        finish(protocolError(err instanceof FramingError ? err.message : 'bad hello framing', err));
        return;
      }
      if (first === undefined) return;
      channel.pause();
      parseServerHello(first).then(
        (hello) => finish(null, hello),
        (err: unknown) => finish(protocolError(`bad server hello: ${(err as Error).message}`, err)),
      );
    };
    const onClose = (): void => finish(protocolError('channel closed during hello'));
    const onError = (err: Error): void => finish(protocolError(`channel error during hello: ${err.message}`, err));
    const timer = setTimeout(() => finish(protocolError(`no server hello within ${timeoutMs} ms`)), timeoutMs);
    channel.on('data', onData);
    channel.on('close', onClose);
    channel.on('error', onError);
    channel.write(encodeEom(clientHello()));
  });
}
