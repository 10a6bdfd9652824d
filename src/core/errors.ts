/**
 * The one error tree of intentd. Every error that crosses a module boundary is an IntentdError:
 * `reason` is a stable PascalCase word that becomes a status reason and a metric label, `retryable`
 * tells the work queue whether to back off and retry or wait for the next change. Adapters translate
 * library errors (ssh2, simple-git, fetch) into these, keeping the original as `cause`.
 */
export class IntentdError extends Error {
  readonly reason: string;
  readonly retryable: boolean;

  constructor(reason: string, message: string, opts: { retryable?: boolean; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = new.target.name;
    this.reason = reason;
    this.retryable = opts.retryable ?? false;
  }
}

/** Bad configuration file or value: terminal, the operator must fix it. */
export class ConfigError extends IntentdError {
  constructor(message: string, readonly problems: string[] = [], opts: { cause?: unknown } = {}) {
    super('ConfigInvalid', message, opts);
  }
}

/** Input that failed validation (intent file, webhook body, CLI argument): terminal. */
export class ValidationError extends IntentdError {
  constructor(message: string, readonly problems: string[] = [], opts: { cause?: unknown } = {}) {
    super('ValidationFailed', message, opts);
  }
}

/** The intent repository could not be read or written. */
export class IntentStoreError extends IntentdError {
  constructor(message: string, opts: { retryable?: boolean; cause?: unknown } = {}) {
    super('IntentStoreFailed', message, opts);
  }
}

/**
 * A git command exited non-zero (whatever it wrote, stderr may be empty). Retryable: the repository
 * is shared and git may be busy (index.lock) or the remote unreachable. Carries the command's
 * arguments, exit code and stderr, with URL credentials already redacted.
 */
export class GitCommandError extends IntentStoreError {
  readonly command: string[];
  readonly code: number;
  readonly stderr: string;

  constructor(message: string, o: { command: string[]; code: number; stderr: string; cause?: unknown }) {
    super(message, { retryable: true, cause: o.cause });
    this.command = o.command;
    this.code = o.code;
    this.stderr = o.stderr;
  }
}

/** A change that policy refuses (protected interface, missing ticket): terminal, reported. */
export class PolicyError extends IntentdError {
  constructor(reason: string, message: string) {
    super(reason, message);
  }
}

/** The device is not in the source of truth, or not selected by its filter: terminal, not retried. */
export class DeviceNotInScopeError extends IntentdError {
  constructor(readonly device: string) {
    super('DeviceNotInScope', `device ${device} is not in NetBox or not selected by netbox.deviceFilter`);
  }
}

/** This replica may not write the device (it lost ownership or the device's etcd lock): retried, by the owner. */
export class ClusterError extends IntentdError {
  constructor(reason: 'NotDeviceOwner' | 'DeviceLockLost' | 'DeviceLockBusy', message: string) {
    super(reason, message, { retryable: true });
  }
}

/** Turns anything thrown into an IntentdError, keeping it as the cause. */
export function asIntentdError(err: unknown, reason = 'Unexpected'): IntentdError {
  if (err instanceof IntentdError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new IntentdError(reason, message, { cause: err });
}
