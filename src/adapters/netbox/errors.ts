import { IntentdError } from '../../core/errors.js';

export type NetboxReason =
  | 'NetboxUnavailable'
  | 'NetboxAuthFailed'
  | 'NetboxNotFound'
  | 'NetboxBadRequest'
  /** 412: the object changed since it was read (If-Match, NetBox 4.6+). */
  | 'NetboxConflict'
  /** A pagination `next` link pointing away from the configured NetBox origin (never followed). */
  | 'NetboxForeignLink';

/**
 * A NetBox REST call that failed. Only `NetboxUnavailable` (5xx, 429, network error, timeout) is
 * retryable; the others mean the request itself is wrong. `fieldErrors` carries the DRF error body
 * of a 400 (e.g. `{ device_id: ['Select a valid choice. …'] }`).
 */
export class NetboxError extends IntentdError {
  readonly status: number | null;
  readonly fieldErrors: unknown;

  constructor(
    reason: NetboxReason,
    message: string,
    opts: { status?: number | null; fieldErrors?: unknown; cause?: unknown } = {},
  ) {
    super(reason, message, { retryable: reason === 'NetboxUnavailable', cause: opts.cause });
    this.status = opts.status ?? null;
    this.fieldErrors = opts.fieldErrors ?? null;
  }
}

/** Maps a non-2xx HTTP status to the error reason. */
export function reasonForStatus(status: number): NetboxReason {
  if (status === 429 || status >= 500) return 'NetboxUnavailable';
  if (status === 401 || status === 403) return 'NetboxAuthFailed';
  if (status === 404) return 'NetboxNotFound';
  if (status === 412) return 'NetboxConflict';
  return 'NetboxBadRequest';
}
