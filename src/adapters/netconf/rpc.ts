/**
 * NETCONF RPC builders (RFC 6241). Pure: each returns the XML of one operation, to be wrapped by
 * wrapRpc() with a message-id. Text values always pass through escapeXml(); `filter` and `config`
 * are XML fragments built by the caller and are inserted as they are.
 */
import { escapeXml } from '../xml/tree.js';

/** Re-exported: RPC builders' callers escape their text values with the same function. */
export { escapeXml };

export const NETCONF_NS = 'urn:ietf:params:xml:ns:netconf:base:1.0';
export const CISCO_IA_NS = 'http://cisco.com/yang/cisco-ia';

export type Datastore = 'running' | 'candidate' | 'startup';

/** `<rpc message-id=".." xmlns=NETCONF_NS>body</rpc>` */
export function wrapRpc(messageId: string, body: string): string {
  return `<rpc message-id="${escapeXml(messageId)}" xmlns="${NETCONF_NS}">${body}</rpc>`;
}

function datastore(name: Datastore): string {
  return `<${name}/>`;
}

function subtreeFilter(filter: string | undefined): string {
  return filter === undefined ? '' : `<filter type="subtree">${filter}</filter>`;
}

export function getConfigBody(o: { source: Datastore; filter?: string }): string {
  return `<get-config><source>${datastore(o.source)}</source>${subtreeFilter(o.filter)}</get-config>`;
}

/** `<get>` with an empty subtree filter: selects nothing, answered with empty data (RFC 6241 §6.4.2). */
export const READY_PROBE_BODY = '<get><filter type="subtree"/></get>';

export function getBody(o: { filter?: string } = {}): string {
  return `<get>${subtreeFilter(o.filter)}</get>`;
}

export interface EditConfigOptions {
  target: Datastore;
  /** Inner XML of `<config>`. */
  config: string;
  defaultOperation?: 'merge' | 'replace' | 'none';
  errorOption?: 'stop-on-error' | 'continue-on-error' | 'rollback-on-error';
  testOption?: 'test-then-set' | 'set' | 'test-only';
}

/** RFC 6241 §7.2 element order: target, default-operation, test-option, error-option, config. */
export function editConfigBody(o: EditConfigOptions): string {
  const parts = [`<target>${datastore(o.target)}</target>`];
  if (o.defaultOperation !== undefined) parts.push(`<default-operation>${escapeXml(o.defaultOperation)}</default-operation>`);
  if (o.testOption !== undefined) parts.push(`<test-option>${escapeXml(o.testOption)}</test-option>`);
  if (o.errorOption !== undefined) parts.push(`<error-option>${escapeXml(o.errorOption)}</error-option>`);
  parts.push(`<config xmlns="${NETCONF_NS}">${o.config}</config>`);
  return `<edit-config>${parts.join('')}</edit-config>`;
}

export function lockBody(target: Datastore): string {
  return `<lock><target>${datastore(target)}</target></lock>`;
}

export function unlockBody(target: Datastore): string {
  return `<unlock><target>${datastore(target)}</target></unlock>`;
}

export interface CommitOptions {
  confirmed?: boolean;
  confirmTimeoutSec?: number;
  persist?: string;
  persistId?: string;
}

export function commitBody(o: CommitOptions = {}): string {
  const parts: string[] = [];
  if (o.confirmed === true) parts.push('<confirmed/>');
  if (o.confirmTimeoutSec !== undefined) parts.push(`<confirm-timeout>${Math.trunc(o.confirmTimeoutSec)}</confirm-timeout>`);
  if (o.persist !== undefined) parts.push(`<persist>${escapeXml(o.persist)}</persist>`);
  if (o.persistId !== undefined) parts.push(`<persist-id>${escapeXml(o.persistId)}</persist-id>`);
  return parts.length === 0 ? '<commit/>' : `<commit>${parts.join('')}</commit>`;
}

export function cancelCommitBody(o: { persistId?: string } = {}): string {
  return o.persistId === undefined
    ? '<cancel-commit/>'
    : `<cancel-commit><persist-id>${escapeXml(o.persistId)}</persist-id></cancel-commit>`;
}

export function discardChangesBody(): string {
  return '<discard-changes/>';
}

export function validateBody(source: Datastore): string {
  return `<validate><source>${datastore(source)}</source></validate>`;
}

export function closeSessionBody(): string {
  return '<close-session/>';
}

/** cisco-ia `save-config`: copy running to startup (`write memory`). */
export function saveConfigBody(): string {
  return `<save-config xmlns="${CISCO_IA_NS}"/>`;
}

/** cisco-ia `sync-from`: resynchronise the NETCONF datastore with the device's running config. */
export function syncFromBody(): string {
  return `<sync-from xmlns="${CISCO_IA_NS}"/>`;
}
