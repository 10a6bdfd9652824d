import { IntentdError } from '../../core/errors.js';
import { BUSY_TAGS, type RpcErrorInfo } from './rpc-error.js';

/** Base of every NETCONF adapter error. */
export class NetconfError extends IntentdError {}

/**
 * The device answered with `<rpc-error>`s. `DeviceBusy` (retryable) when every error is a busy tag
 * (in-use, lock-denied, resource-denied), otherwise `DeviceRejected` (terminal until intent changes).
 */
export class NetconfRpcError extends NetconfError {
  readonly errors: RpcErrorInfo[];
  readonly operation: string;

  constructor(operation: string, errors: RpcErrorInfo[]) {
    const failing = errors.filter((e) => e.severity !== 'warning');
    const busy = failing.length > 0 && failing.every((e) => BUSY_TAGS.has(e.tag));
    super(busy ? 'DeviceBusy' : 'DeviceRejected', `${operation} failed: ${describe(failing)}`, { retryable: busy });
    this.errors = errors;
    this.operation = operation;
  }
}

function describe(errors: RpcErrorInfo[]): string {
  if (errors.length === 0) return 'rpc-error';
  return errors
    .map((e) => `${e.type}/${e.tag}${e.message ? `: ${e.message}` : ''}${e.path ? ` (at ${e.path})` : ''}`)
    .join('; ');
}

export type TransportReason =
  | 'DeviceUnreachable'
  | 'DeviceAuthFailed'
  | 'HostKeyMismatch'
  | 'RpcTimeout'
  | 'SessionDropped'
  | 'ProtocolError';

const RETRYABLE: Record<TransportReason, boolean> = {
  DeviceUnreachable: true,
  DeviceAuthFailed: false,
  HostKeyMismatch: false,
  RpcTimeout: true,
  SessionDropped: true,
  ProtocolError: true,
};

/** SSH/session level failure; `retryable` follows from the reason. */
export class NetconfTransportError extends NetconfError {
  declare readonly reason: TransportReason;

  constructor(reason: TransportReason, message: string, opts: { cause?: unknown } = {}) {
    super(reason, message, { retryable: RETRYABLE[reason], ...opts });
  }
}
