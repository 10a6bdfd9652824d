import { IntentdError } from '../../core/errors.js';
import type { DevicePlan } from '../../core/plan-types.js';

/**
 * Errors of a platform driver, one per lifecycle step (read, apply, verify). `retryable` follows the
 * underlying NETCONF error (busy / transport → retry; rejected → wait for the next change); the
 * NETCONF error stays the `cause`, and its reason is kept as `deviceReason`.
 */
export class DriverError extends IntentdError {
  readonly deviceReason: string | null;

  constructor(reason: string, message: string, opts: { retryable?: boolean; cause?: unknown } = {}) {
    super(reason, message, opts);
    this.deviceReason = opts.cause instanceof IntentdError ? opts.cause.reason : null;
  }
}

function retryableOf(cause: unknown): boolean {
  return cause instanceof IntentdError ? cause.retryable : false;
}

function messageOf(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}

/**
 * The device reported a value outside what its model allows (a VLAN id of 0 or 5000, a VLAN range
 * `1-10000000`, an MTU of 99999): intentd refuses to use it rather than loop over it or plan against
 * it. Retryable: the device may be corrected, and a later read will tell.
 */
export class DeviceDataError extends DriverError {
  constructor(message: string) {
    super('ProtocolError', message, { retryable: true });
  }
}

/** The device's current config could not be read (or its reply not parsed). */
export class ReadFailedError extends DriverError {
  constructor(what: string, cause: unknown) {
    super('ReadFailed', `reading ${what} failed: ${messageOf(cause)}`, { retryable: retryableOf(cause), cause });
  }
}

/** A step of the apply (lock, edit-config, commit, confirm) failed; the device was left as it was. */
export class ApplyFailedError extends DriverError {
  constructor(device: string, step: string, cause: unknown) {
    super('ApplyFailed', `apply to ${device} failed at ${step}: ${messageOf(cause)}`, { retryable: retryableOf(cause), cause });
  }
}

/**
 * After the apply the device does not read back as planned; `remaining` is what is still off.
 * `rolledBack`: the edit went through a confirmed commit that was cancelled (or is left to roll back at
 * its timeout), so none of it stays on the device; otherwise (running datastore, plain commit) the
 * leaves not in `remaining` did land and stay.
 */
export class VerifyFailedError extends DriverError {
  constructor(
    readonly remaining: DevicePlan,
    detail: string,
    readonly rolledBack = false,
  ) {
    const leaves = remaining.changes.map((c) => `${c.interface} ${c.leaf}`).join(', ');
    super('VerifyFailed', `verify on ${remaining.device} failed (${detail}): still different: ${leaves}`);
  }
}

/**
 * The device at the configured address is not the device intended (hostname or serial differ):
 * nothing is written, not even a lock. Terminal: an address or inventory problem for a person to fix.
 */
export class DeviceIdentityMismatchError extends DriverError {
  constructor(readonly device: string, readonly problems: string[]) {
    super('DeviceIdentityMismatch', `device at the address of ${device} is not ${device}: ${problems.join('; ')}; nothing was written`, { retryable: false });
  }
}
