import type { Logger } from '../../log.js';
import { DeviceIdentityMismatchError, DriverError, ReadFailedError } from './errors.js';

/** What intentd expects the device to be: its NetBox (or intent) name and, where NetBox has one, its serial. */
export interface ExpectedIdentity {
  name: string;
  serial?: string | null;
}

export interface ObservedIdentity {
  hostname: string | null;
  serials: string[];
}

/**
 * Whether the device's hostname names `expected`: equal ignoring case, or equal to the first label
 * of an FQDN name (NetBox `sw1.example.net` ↔ hostname `sw1`).
 */
export function hostnameMatches(expected: string, hostname: string | null): boolean {
  if (hostname === null) return false;
  const want = expected.trim().toLowerCase();
  const got = hostname.trim().toLowerCase();
  return got === want || (want.includes('.') && got === want.split('.')[0]);
}

/** Why the observed device is not the expected one; empty when it is. */
export function identityProblems(expected: ExpectedIdentity, observed: ObservedIdentity): string[] {
  const problems: string[] = [];
  if (!hostnameMatches(expected.name, observed.hostname)) {
    problems.push(`hostname is ${observed.hostname === null ? 'not configured' : JSON.stringify(observed.hostname)}, expected ${JSON.stringify(expected.name)}`);
  }
  const serial = expected.serial?.trim() ?? '';
  if (serial !== '') {
    const found = observed.serials.some((s) => s.trim().toLowerCase() === serial.toLowerCase());
    if (!found) {
      problems.push(observed.serials.length === 0
        ? `device reports no serial number, NetBox expects ${JSON.stringify(serial)}`
        : `serial is ${observed.serials.map((s) => JSON.stringify(s)).join(', ')}, NetBox expects ${JSON.stringify(serial)}`);
    }
  }
  return problems;
}

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
