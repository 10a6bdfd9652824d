import type { Logger } from '../../log.js';
import { DeviceIdentityMismatchError, DriverError, ReadFailedError } from './errors.js';
import { identityProblems, type ExpectedIdentity, type ObservedIdentity } from './iosxe/identity.js';

/**
 * The identity check every NETCONF platform runs before its first write on a session: reads the
 * device's hostname and serials (platform-specific `readIdentity`) and compares them with the NetBox
 * expectation, once per session (and again when the expectation changes).
 */
export class SessionIdentityCheck<S extends object> {
  /** Sessions whose identity was checked, with the expectation they passed. */
  private readonly verified = new WeakMap<S, string>();

  constructor(
    private readonly logger: Logger,
    private readonly readIdentity: (session: S, expected: ExpectedIdentity) => Promise<ObservedIdentity>,
  ) {}

  /** Throws DeviceIdentityMismatchError (terminal) or ReadFailedError; nothing is written either way. */
  async check(session: S, device: string, expected: ExpectedIdentity): Promise<void> {
    const key = JSON.stringify([expected.name, expected.serial ?? null]);
    if (this.verified.get(session) === key) return;
    const observed = await this.readIdentity(session, expected).catch((err: unknown) => {
      throw err instanceof DriverError ? err : new ReadFailedError('device identity', err);
    });
    const problems = identityProblems(expected, observed);
    if (problems.length > 0) {
      this.logger.error({ device, expected, observed }, 'device identity mismatch; nothing written');
      throw new DeviceIdentityMismatchError(device, problems);
    }
    this.verified.set(session, key);
    this.logger.debug({ device, observed }, 'device identity checked');
  }
}
