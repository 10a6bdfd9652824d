import { escapeText } from '../../adapters/xml/tree.js';

/** One `<rpc-error>` the simulator answers with (RFC 6241 §4.3). */
export interface SimRpcError {
  type: 'transport' | 'rpc' | 'protocol' | 'application';
  tag: string;
  path?: string;
  message: string;
  /** error-info children, e.g. { 'session-id': '21' } or { 'bad-element': 'foo' }. */
  info?: Record<string, string>;
}

export function rpcError(type: SimRpcError['type'], tag: string, message: string, extra: { path?: string; info?: Record<string, string> } = {}): SimRpcError {
  return { type, tag, message, ...extra };
}

export const unknownElement = (name: string, path: string): SimRpcError =>
  rpcError('application', 'unknown-element', `An unexpected element is present: ${name}`, { path, info: { 'bad-element': name } });

export const invalidValue = (message: string, path: string): SimRpcError => rpcError('application', 'invalid-value', message, { path });

export const dataMissing = (path: string): SimRpcError =>
  rpcError('application', 'data-missing', 'The requested data node does not exist; it cannot be deleted', { path });

export const dataExists = (path: string): SimRpcError =>
  rpcError('application', 'data-exists', 'The data node already exists; it cannot be created', { path });

/** IOS-XE's generic refusal text for a change its CLI backend rejects. */
export const deviceRefused = (path: string): SimRpcError =>
  invalidValue('inconsistent value: Device refused one or more commands', path);

export const operationNotSupported = (name: string): SimRpcError =>
  rpcError('protocol', 'operation-not-supported', `The requested operation is not supported: ${name}`, { info: { 'bad-element': name } });

export function renderRpcError(e: SimRpcError): string {
  const path = e.path === undefined ? '' : `<error-path>${escapeText(e.path)}</error-path>`;
  const info = e.info
    ? `<error-info>${Object.entries(e.info).map(([k, v]) => `<${k}>${escapeText(v)}</${k}>`).join('')}</error-info>`
    : '';
  return (
    `<rpc-error><error-type>${e.type}</error-type><error-tag>${e.tag}</error-tag><error-severity>error</error-severity>` +
    `${path}<error-message xml:lang="en">${escapeText(e.message)}</error-message>${info}</rpc-error>`
  );
}
