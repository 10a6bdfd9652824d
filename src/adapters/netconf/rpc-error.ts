/**
 * Reads `<rpc-error>` elements out of an `<rpc-reply>` (RFC 6241 §4.3), tolerant of prefixes,
 * extra namespaces and vendor content in `<error-info>` (yuma error-number/bad-value, cisco-ia detail).
 */
import { children, childNames, childText, parseRootNamed, type XNode } from '../xml/tree.js';

export interface RpcErrorInfo {
  type: string;
  tag: string;
  severity: string;
  appTag?: string;
  path?: string;
  message?: string;
  /** Leaves of `<error-info>` by local name, e.g. `{ 'session-id': '5' }`; repeated non-empty leaves joined by '; '. */
  info: Record<string, string>;
}

/** Tags that mean "try again later" rather than "this change is wrong". */
export const BUSY_TAGS: ReadonlySet<string> = new Set(['in-use', 'lock-denied', 'resource-denied']);

export async function parseRpcErrors(replyXml: string): Promise<RpcErrorInfo[]> {
  return rpcErrorsOf(await parseRootNamed(replyXml, 'rpc-reply'));
}

/** The rpc-errors of an already parsed `<rpc-reply>` element. */
export function rpcErrorsOf(reply: XNode | undefined): RpcErrorInfo[] {
  return children(reply, 'rpc-error').map(toInfo);
}

function toInfo(node: XNode): RpcErrorInfo {
  const out: RpcErrorInfo = {
    type: childText(node, 'error-type') ?? '',
    tag: childText(node, 'error-tag') ?? '',
    severity: childText(node, 'error-severity') ?? 'error',
    info: {},
  };
  const appTag = childText(node, 'error-app-tag');
  const path = childText(node, 'error-path');
  const message = childText(node, 'error-message');
  if (appTag !== undefined) out.appTag = appTag;
  if (path !== undefined) out.path = path;
  if (message !== undefined) out.message = message;
  for (const info of children(node, 'error-info')) collectLeaves(info, out.info);
  return out;
}

function collectLeaves(node: XNode, into: Record<string, string>): void {
  for (const name of childNames(node)) {
    for (const child of children(node, name)) {
      if (childNames(child).length > 0) {
        collectLeaves(child, into);
        continue;
      }
      const text = child.text.trim();
      const prev = into[name];
      into[name] = prev === undefined || prev === '' ? text : text === '' ? prev : `${prev}; ${text}`;
    }
  }
}
