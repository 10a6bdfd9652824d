import type { DevicePlan, InterfaceState } from '../../../core/plan-types.js';
import { silentLogger, type Logger } from '../../../log.js';
import type { Datastore } from '../../netconf/rpc.js';
import { DriverError, ReadFailedError } from '../errors.js';
import { safeApply, targetDatastore, type NetconfApplyResult, type SafeApplySession } from '../netconf-safe-apply.js';
import { SessionIdentityCheck, type ExpectedIdentity, type ObservedIdentity } from '../session-identity-check.js';
import { buildEdit, interfacesFilter, parseInterfaces, parseTrunkEntries } from './codec.js';
import { OC_COMPONENTS_FILTER, OC_IDENTITY_FILTER, parseOcHostname, parseOcSerials } from './identity.js';

/** The part of a NetconfSession the OpenConfig driver uses (NetconfSession satisfies it; tests pass fakes). */
export interface OpenConfigSession extends SafeApplySession {
  getConfig(o: { source: Datastore; filter?: string }): Promise<string>;
  /** Operational data; only used for component serial numbers when a serial is expected. */
  get?(o: { filter?: string }): Promise<string>;
}

/** `sent` is the `<interfaces>` edit. OpenConfig has no save RPC: a device persists running itself (EOS) or not at all. */
export type OpenConfigApplyResult = NetconfApplyResult & { saved: false };

/**
 * Applies a DevicePlan to an OpenConfig device over one NETCONF session, with the safe sequence IOS-XE
 * uses too (netconf-safe-apply): lock → (reset candidate) → read trunk-vlans and build the edit → edit →
 * commit (confirmed where offered) → re-read and verify → confirm → unlock; on failure cancel, discard,
 * unlock and throw the first error.
 */
export class OpenConfigDriver {
  private readonly logger: Logger;
  private readonly now: () => number;
  private readonly identity: SessionIdentityCheck<OpenConfigSession>;

  constructor(o: { logger?: Logger; now?: () => number } = {}) {
    this.logger = o.logger ?? silentLogger();
    this.now = o.now ?? (() => performance.now());
    this.identity = new SessionIdentityCheck(this.logger, readIdentity);
  }

  /** One filtered get-config of running for `names` (canonical EOS names). Read-only; throws ReadFailedError. */
  async read(session: OpenConfigSession, names: string[]): Promise<Map<string, InterfaceState>> {
    if (names.length === 0) return new Map();
    try {
      return await parseInterfaces(await session.getConfig({ source: 'running', filter: interfacesFilter(names) }), names);
    } catch (err) {
      if (err instanceof DriverError) throw err;
      throw new ReadFailedError(`${names.length} interface(s)`, err);
    }
  }

  /**
   * Applies `plan.changes` (refusals are never sent) and verifies them by re-reading running. An empty
   * plan sends nothing. A value OpenConfig cannot express is a ValidationError before any lock.
   * Throws ApplyFailedError, ReadFailedError or VerifyFailedError otherwise.
   */
  async apply(session: OpenConfigSession, plan: DevicePlan, o: { confirmTimeoutSec: number; identity?: ExpectedIdentity; ready?: Promise<void> }): Promise<OpenConfigApplyResult> {
    const started = this.now();
    const datastore = targetDatastore(session);
    const result = (sent: string, confirmed: boolean): OpenConfigApplyResult => ({
      sent, plan, verified: true, datastore, confirmed, saved: false, durationMs: Math.round(this.now() - started),
    });
    if (plan.changes.length === 0) return result('', false);
    buildEdit(plan); // refuses what the model cannot express before the device sees anything
    const log = this.logger.child({ device: plan.device, datastore });
    // Before anything is written (not even a lock): is this the device the plan is for?
    if (o.identity !== undefined) await this.checkIdentity(session, plan.device, o.identity);
    const done = await safeApply(session, plan, {
      confirmTimeoutSec: o.confirmTimeoutSec,
      ...(o.ready ? { ready: o.ready } : {}),
      log,
      steps: {
        edit: {
          step: 'read trunk-vlans',
          build: async () => {
            const trunked = [...new Set(plan.changes.filter((c) => c.leaf === 'allowedVlans').map((c) => c.interface))];
            const entries = trunked.length === 0 ? new Map<string, string[]>()
              : await parseTrunkEntries(await session.getConfig({ source: 'running', filter: interfacesFilter(trunked) }), trunked);
            return buildEdit(plan, entries);
          },
        },
        read: (names) => this.read(session, names),
      },
    });
    return result(done.sent, done.confirmed);
  }

  /**
   * Compares the device's hostname (and, when a serial is expected, its component serials) with
   * `expected`, once per session and expectation. Throws DeviceIdentityMismatchError (terminal) or
   * ReadFailedError.
   */
  checkIdentity(session: OpenConfigSession, device: string, expected: ExpectedIdentity): Promise<void> {
    return this.identity.check(session, device, expected);
  }
}

async function readIdentity(session: OpenConfigSession, expected: ExpectedIdentity): Promise<ObservedIdentity> {
  const seen = await parseOcHostname(await session.getConfig({ source: 'running', filter: OC_IDENTITY_FILTER }));
  if ((expected.serial ?? '').trim() !== '' && session.get) seen.serials = await parseOcSerials(await session.get({ filter: OC_COMPONENTS_FILTER }));
  return seen;
}
