/** Reading one `<rpc-reply>` (RFC 6241 §4.2). Pure apart from xml2js' async API. */
import { rpcErrorsOf, type RpcErrorInfo } from './rpc-error.js';
import { attrAnyNs, children, parseRootNamed } from '../xml/tree.js';

export interface RpcReply {
  messageId: string;
  /** The whole reply document as received. */
  xml: string;
  /** `<ok/>` present. */
  ok: boolean;
  /** At least one rpc-error whose severity is not `warning`. */
  failed: boolean;
  errors: RpcErrorInfo[];
  /** inner XML of <data> when present, else null */
  data: string | null;
}

const MESSAGE_ID = /<(?:[\w.-]+:)?rpc-reply\b[^>]*?\smessage-id\s*=\s*(["'])(.*?)\1/s;

/** The message-id of a reply without a full parse (for routing), or undefined. */
export function replyMessageId(xml: string): string | undefined {
  return MESSAGE_ID.exec(xml)?.[2];
}

/** Parses a reply; throws when the XML is malformed or is not an rpc-reply. */
export async function parseReply(xml: string): Promise<RpcReply> {
  // The envelope is parsed without the contents of <data> (a get-config reply can be megabytes): the
  // platform codec parses those once, from the raw inner XML returned here.
  const span = dataSpan(xml);
  const reply = await parseRootNamed(span === null ? xml : xml.slice(0, span.start) + xml.slice(span.end), 'rpc-reply');
  if (reply === undefined) throw new Error('message is not an <rpc-reply>');
  const errors = rpcErrorsOf(reply);
  return {
    messageId: attrAnyNs(reply, 'message-id') ?? '',
    xml,
    ok: children(reply, 'ok').length > 0,
    failed: errors.some((e) => e.severity !== 'warning'),
    errors,
    data: children(reply, 'data').length > 0 && span !== null ? xml.slice(span.start, span.end) : null,
  };
}

const DATA_OPEN = /<(?:([\w.-]+):)?data(?:\s[^>]*?)?(\/?)>/s;

/**
 * Raw inner XML of the first `<data>` element: the text between its open tag and the last matching
 * close tag, so nested elements that happen to be called `data` stay inside. `<data/>` gives ''.
 */
export function dataInner(xml: string): string | null {
  const span = dataSpan(xml);
  return span === null ? null : xml.slice(span.start, span.end);
}

/**
 * Where the inner XML of the first `<data>` element starts and ends (see dataInner); an empty span for
 * `<data/>`; null when there is no `<data>` (or it is never closed).
 */
function dataSpan(xml: string): { start: number; end: number } | null {
  const open = DATA_OPEN.exec(xml);
  if (open === null) return null;
  const start = open.index + open[0].length;
  if (open[2] === '/') return { start, end: start };
  const close = new RegExp(`</${open[1] === undefined ? '' : `${open[1]}:`}data\\s*>`, 'g');
  let end = -1;
  for (const m of xml.slice(start).matchAll(close)) end = start + m.index;
  return end < 0 ? null : { start, end };
}
