import { IntentdError } from '../core/errors.js';
import type { LeafChange } from '../core/plan-types.js';
import type { VerifyFailure } from '../core/ports.js';

/**
 * A device edit whose re-read did not match the plan, after its audit commit was written: what landed
 * (and stays, unless `rolledBack`), what did not, and the audit commit. Terminal like the
 * driver's VerifyFailed error it wraps (`cause`): the next change or resync re-plans from the device.
 */
export class UnverifiedApplyError extends IntentdError {
  constructor(
    readonly device: string,
    readonly landed: LeafChange[],
    readonly notLanded: LeafChange[],
    readonly rolledBack: boolean,
    /** null when git refused the audit commit too (the apply journal keeps the record). */
    readonly auditCommit: string | null,
    cause: VerifyFailure,
  ) {
    super('VerifyFailed', cause.message, { cause });
  }

  /** What the device holds now, in one sentence for Webex, NetBox journals and logs. */
  deviceNow(): string {
    const short = this.auditCommit === null ? 'could not be written (the journal keeps the record)' : this.auditCommit.slice(0, 12);
    if (this.rolledBack) {
      return `nothing of this change stays on ${this.device}: the confirmed commit was cancelled (rolled back); audit commit ${short}`;
    }
    const off = leaves(this.notLanded);
    if (this.landed.length === 0) return `the edit was sent to ${this.device} but none of it reads back as planned (${off}); audit commit ${short}`;
    return `only partly verified: ${leaves(this.landed)} landed and stay on ${this.device}; ${off} did not; audit commit ${short}`;
  }
}

/**
 * A device edit applied and verified whose audit commit could not be written (git failed). The apply
 * journal keeps the record, so a retry re-reads the device and writes the audit commit: retryable.
 */
export class AuditFailedError extends IntentdError {
  constructor(
    readonly device: string,
    cause: IntentdError,
  ) {
    super('AuditCommitFailed', `the audit commit could not be written: ${cause.message}`, { retryable: true, cause });
  }

  deviceNow(): string {
    return `the change was applied to ${this.device} and verified, but its audit commit is missing; the journal keeps it and a retry writes it`;
  }
}

/** What the device holds after a failure that happened once it was written, or null (left as it was). */
export function deviceNowOf(err: IntentdError): string | null {
  return err instanceof UnverifiedApplyError || err instanceof AuditFailedError ? err.deviceNow() : null;
}

const leaves = (changes: LeafChange[]): string => changes.map((c) => `${c.interface} ${c.leaf}`).join(', ');
