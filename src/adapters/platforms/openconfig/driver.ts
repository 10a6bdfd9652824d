import type { DevicePlan, InterfaceState } from '../../../core/plan-types.js';
import { residualPlan } from '../../../core/planner.js';
import { silentLogger, type Logger } from '../../../log.js';
import type { Capabilities } from '../../netconf/capabilities.js';
import type { CommitOptions, Datastore, EditConfigOptions } from '../../netconf/rpc.js';
import { ApplyFailedError, DeviceIdentityMismatchError, DriverError, ReadFailedError, VerifyFailedError } from '../errors.js';
import { buildEdit, interfacesFilter, parseInterfaces, parseTrunkEntries } from './codec.js';
import { identityProblems, OC_COMPONENTS_FILTER, OC_IDENTITY_FILTER, parseOcHostname, parseOcSerials, type ExpectedIdentity } from './identity.js';

/** The part of a NetconfSession the OpenConfig driver uses (NetconfSession satisfies it; tests pass fakes). */
export interface OpenConfigSession {
  readonly capabilities: Pick<Capabilities, 'candidate' | 'confirmedCommit' | 'rollbackOnError' | 'has'>;
  getConfig(o: { source: Datastore; filter?: string }): Promise<string>;
  /** Operational data; only used for component serial numbers when a serial is expected. */
  get?(o: { filter?: string }): Promise<string>;
  editConfig(o: EditConfigOptions): Promise<void>;
  lock(t: Datastore): Promise<void>;
  unlock(t: Datastore): Promise<void>;
  commit(o?: CommitOptions): Promise<void>;
  cancelCommit(o?: { persistId?: string }): Promise<void>;
  discardChanges(): Promise<void>;
}

export interface OpenConfigApplyResult {
  /** The `<interfaces>` edit sent inside `<config>` ('' when the plan was empty). */
  sent: string;
  plan: DevicePlan;
  verified: true;
  datastore: Datastore;
  confirmed: boolean;
  /** OpenConfig has no save RPC: a device persists running itself (EOS) or not at all. */
  saved: false;
  durationMs: number;
}

const CANCEL_COMMIT = 'urn:ietf:params:netconf:capability:confirmed-commit:1.1';

/**
 * Applies a DevicePlan to an OpenConfig device over one NETCONF session, with the same safe sequence as
 * IOS-XE: lock → (reset candidate) → edit (candidate where offered, else running; rollback-on-error
 * where offered) → commit (confirmed where offered) → re-read and verify → confirm → unlock. On any
 * failure a pending confirmed commit is cancelled, the candidate discarded and the datastore unlocked;
 * the first error is thrown.
 */
export class OpenConfigDriver {
  private readonly logger: Logger;
  private readonly now: () => number;
  /** Sessions whose identity was checked, with the expectation they passed (checked once per session). */
  private readonly verified = new WeakMap<OpenConfigSession, string>();

  constructor(o: { logger?: Logger; now?: () => number } = {}) {
    this.logger = o.logger ?? silentLogger();
    this.now = o.now ?? (() => performance.now());
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
  async apply(session: OpenConfigSession, plan: DevicePlan, o: { confirmTimeoutSec: number; identity?: ExpectedIdentity }): Promise<OpenConfigApplyResult> {
    const started = this.now();
    const caps = session.capabilities;
    const datastore: Datastore = caps.candidate ? 'candidate' : 'running';
    const result = (sent: string, confirmed: boolean): OpenConfigApplyResult => ({
      sent, plan, verified: true, datastore, confirmed, saved: false, durationMs: Math.round(this.now() - started),
    });
    if (plan.changes.length === 0) return result('', false);
    buildEdit(plan); // refuses what the model cannot express before the device sees anything
    const names = [...new Set(plan.changes.map((c) => c.interface))];
    const log = this.logger.child({ device: plan.device, datastore });
    // Before anything is written (not even a lock): is this the device the plan is for?
    if (o.identity !== undefined) await this.checkIdentity(session, plan.device, o.identity);
    let step = 'lock';
    let locked = false;
    let pendingConfirm = false;
    try {
      await session.lock(datastore);
      locked = true;
      if (caps.candidate) {
        step = 'discard-changes';
        await session.discardChanges();
      }
      step = 'read trunk-vlans';
      const trunked = [...new Set(plan.changes.filter((c) => c.leaf === 'allowedVlans').map((c) => c.interface))];
      const entries = trunked.length === 0 ? new Map<string, string[]>()
        : await parseTrunkEntries(await session.getConfig({ source: 'running', filter: interfacesFilter(trunked) }), trunked);
      const sent = buildEdit(plan, entries);
      step = 'edit-config';
      await session.editConfig({ target: datastore, config: sent, ...(caps.rollbackOnError ? { errorOption: 'rollback-on-error' as const } : {}) });
      if (caps.candidate) {
        step = 'commit';
        if (caps.confirmedCommit) {
          await session.commit({ confirmed: true, confirmTimeoutSec: o.confirmTimeoutSec });
          pendingConfirm = true;
        } else await session.commit();
      }
      step = 'verify';
      const remaining = residualPlan(plan, await this.read(session, names));
      if (remaining.changes.length > 0) {
        throw new VerifyFailedError(remaining, pendingConfirm ? 'confirmed commit cancelled' : `written to ${datastore}`, pendingConfirm);
      }
      let confirmed = false;
      if (pendingConfirm) {
        step = 'confirm';
        await session.commit();
        pendingConfirm = false;
        confirmed = true;
      }
      log.info({ leaves: plan.changes.length, confirmed }, 'applied and verified');
      return result(sent, confirmed);
    } catch (err) {
      if (locked) await this.abandon(session, pendingConfirm, log);
      if (err instanceof DriverError) throw err;
      throw new ApplyFailedError(plan.device, step, err);
    } finally {
      if (locked) await session.unlock(datastore).catch((e: unknown) => log.warn({ err: e }, 'unlock failed'));
    }
  }

  /**
   * Compares the device's hostname (and, when a serial is expected, its component serials) with
   * `expected`, once per session and expectation. Throws DeviceIdentityMismatchError (terminal) or
   * ReadFailedError.
   */
  async checkIdentity(session: OpenConfigSession, device: string, expected: ExpectedIdentity): Promise<void> {
    const key = JSON.stringify([expected.name, expected.serial ?? null]);
    if (this.verified.get(session) === key) return;
    const observed = await (async () => {
      const seen = await parseOcHostname(await session.getConfig({ source: 'running', filter: OC_IDENTITY_FILTER }));
      if ((expected.serial ?? '').trim() !== '' && session.get) seen.serials = await parseOcSerials(await session.get({ filter: OC_COMPONENTS_FILTER }));
      return seen;
    })().catch((err: unknown) => {
      throw err instanceof DriverError ? err : new ReadFailedError('device identity', err);
    });
    const problems = identityProblems(expected, observed);
    if (problems.length > 0) {
      this.logger.error({ device, expected, observed }, 'device identity mismatch; nothing written');
      throw new DeviceIdentityMismatchError(device, problems);
    }
    this.verified.set(session, key);
  }

  private async abandon(session: OpenConfigSession, pendingConfirm: boolean, log: Logger): Promise<void> {
    const caps = session.capabilities;
    if (pendingConfirm) {
      if (caps.has(CANCEL_COMMIT)) await session.cancelCommit().catch((e: unknown) => log.warn({ err: e }, 'cancel-commit failed'));
      else log.warn('confirmed commit left to roll back at its timeout (no cancel-commit)');
    }
    if (caps.candidate) await session.discardChanges().catch((e: unknown) => log.warn({ err: e }, 'discard-changes failed'));
  }
}
