/** The `<hello>` exchange (RFC 6241 §8.1). Pure. */
import { BASE_10, BASE_11 } from './capabilities.js';
import { NETCONF_NS } from './rpc.js';
import { child, children, childText, parseRootNamed } from '../xml/tree.js';

/** Our hello: we offer both base versions, so the server picks chunked framing when it can. */
export function clientHello(): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?><hello xmlns="${NETCONF_NS}"><capabilities>` +
    `<capability>${BASE_10}</capability><capability>${BASE_11}</capability>` +
    `</capabilities></hello>`
  );
}

export interface ServerHello {
  sessionId: number;
  uris: string[];
}

/** Parses the server hello; throws Error with a reason when it is not a usable hello. */
export async function parseServerHello(xml: string): Promise<ServerHello> {
  const hello = await parseRootNamed(xml, 'hello');
  if (hello === undefined) throw new Error('first message is not a <hello>');
  const uris = children(child(hello, 'capabilities'), 'capability').map((c) => c.text.trim());
  const sid = childText(hello, 'session-id');
  if (sid === undefined || !/^[1-9][0-9]*$/.test(sid)) throw new Error(`server hello has no valid <session-id> (${String(sid)})`);
  if (!uris.includes(BASE_10) && !uris.includes(BASE_11)) throw new Error('server hello offers no NETCONF base capability');
  return { sessionId: Number(sid), uris };
}
