import type { DevicePlan, InterfaceState } from '../../../core/plan-types.js';
import { silentLogger, type Logger } from '../../../log.js';
import type { Capabilities } from '../../netconf/capabilities.js';
import { saveConfigBody, syncFromBody, type Datastore } from '../../netconf/rpc.js';
import { sleep } from '../../../runtime/backoff.js';
import { DriverError, ReadFailedError } from '../errors.js';
import { safeApply, targetDatastore, type NetconfApplyResult, type SafeApplySession } from '../netconf-safe-apply.js';
import { SessionIdentityCheck, type ExpectedIdentity, type ObservedIdentity } from '../session-identity-check.js';
import { buildEdit, interfacesFilter, parseInterfaces } from './codec.js';
import {
  HW_OPER_MODULE, IDENTITY_FILTER, INVENTORY_FILTER, parseIdentity, parseInventorySerials,
} from './identity.js';
import {
  DeviceSyncingError, isDirtyCandidateLock, isSyncingBody, isSyncingOffered, parseSyncing, revertAcceptBody, revertArmBody, revertNowBody,
} from './cisco-ia.js';
import { allowedVlanShape } from './codec-vlans.js';
import { CISCO_IA_MODULE } from './namespaces.js';

/** The part of a NetconfSession the driver uses (NetconfSession satisfies it; tests pass fakes). */
export interface DriverSession extends SafeApplySession {
  readonly capabilities: Pick<Capabilities, 'candidate' | 'confirmedCommit' | 'rollbackOnError' | 'modules' | 'has'>;
  getConfig(o: { source: Datastore; filter?: string }): Promise<string>;
  /** Operational data; only used for the serial number when the config has none. */
  get?(o: { filter?: string }): Promise<string>;
  call(body: string): Promise<unknown>;
}

export interface ApplyOptions {
  /** Rollback timer of the confirmed commit, where the device offers one. */
  confirmTimeoutSec: number;
  /** cisco-ia save-config (running → startup) after a verified apply, where offered. */
  saveConfig: boolean;
  /** Checked once per session before its first write; absent: no identity check. */
  identity?: ExpectedIdentity;
  /**
   * Minutes of a cisco-ia timed rollback armed before the edit and ended after a good verify, where
   * the device has only the running datastore; null/absent: none.
   */
  revertTimerMin?: number | null;
  /** Awaited after the lock, before the first write (see DeviceApplyOptions.ready). */
  ready?: Promise<void>;
}

/** `sent` is the `<native>` edit; `confirmed` covers a cisco-ia timed rollback too. */
export type ApplyResult = NetconfApplyResult;

/**
 * Applies a DevicePlan to an IOS-XE device over one NETCONF session with the shared safe sequence
 * (netconf-safe-apply: lock → reset candidate → edit → commit, confirmed where offered → re-read and
 * verify → confirm → unlock; on failure cancel, discard, unlock, first error thrown) plus save-config.
 */
export class IosXeDriver {
  private readonly logger: Logger;
  private readonly now: () => number;
  private readonly identity: SessionIdentityCheck<DriverSession>;

  private readonly sleep: (ms: number) => Promise<void>;
  private readonly syncWait: { maxMs: number; pollMs: number };

  /** `sleep` and `syncWait` (is-syncing: wait up to maxMs, polling every pollMs; 30 s / 1 s) are for tests. */
  constructor(o: { logger?: Logger; now?: () => number; sleep?: (ms: number) => Promise<void>; syncWait?: { maxMs: number; pollMs: number } } = {}) {
    this.logger = o.logger ?? silentLogger();
    this.now = o.now ?? (() => performance.now());
    this.sleep = o.sleep ?? ((ms) => sleep(ms));
    this.syncWait = o.syncWait ?? { maxMs: 30_000, pollMs: 1_000 };
    this.identity = new SessionIdentityCheck(this.logger, (session, expected) => this.readIdentity(session, expected));
  }

  /**
   * One filtered get-config of running for `names`; throws ReadFailedError. Read-only. With `syncFrom`
   * (and the device offering cisco-ia) it first asks the device to sync its NETCONF datastore from the
   * CLI running-config, as the lab did before every change, so a CLI edit made seconds ago is seen.
   */
  async read(session: DriverSession, names: string[], o: { syncFrom?: boolean } = {}): Promise<Map<string, InterfaceState>> {
    if (names.length === 0) return new Map();
    try {
      if (o.syncFrom && session.capabilities.modules.has(CISCO_IA_MODULE)) await session.call(syncFromBody());
      const data = await session.getConfig({ source: 'running', filter: interfacesFilter(names) });
      return await parseInterfaces(data, names);
    } catch (err) {
      if (err instanceof DriverError) throw err;
      throw new ReadFailedError(`${names.length} interface(s)`, err);
    }
  }

  /**
   * Applies `plan.changes` (refusals are never sent) and verifies them by re-reading running, with the
   * shared safe sequence (netconf-safe-apply) plus IOS-XE's extras: is-syncing wait, dirty-candidate
   * lock retry, cisco-ia timed rollback on running-only devices, save-config after a verified apply.
   * An empty plan sends nothing. Throws ApplyFailedError, ReadFailedError or VerifyFailedError.
   */
  async apply(session: DriverSession, plan: DevicePlan, o: ApplyOptions): Promise<ApplyResult> {
    const started = this.now();
    const caps = session.capabilities;
    const datastore = targetDatastore(session);
    const result = (sent: string, confirmed: boolean, saved: boolean): ApplyResult => ({
      sent, plan, verified: true, datastore, confirmed, saved, durationMs: Math.round(this.now() - started),
    });
    if (plan.changes.length === 0) return result('', false, false);

    const sent = buildEdit(plan, { shape: allowedVlanShape(caps) });
    const log = this.logger.child({ device: plan.device, datastore });
    // Before anything is written (not even a lock): is this the device the plan is for?
    if (o.identity !== undefined) await this.checkIdentity(session, plan.device, o.identity);
    const ciscoIa = caps.modules.has(CISCO_IA_MODULE);
    const revertMin = !caps.candidate && ciscoIa ? o.revertTimerMin ?? null : null;
    const done = await safeApply(session, plan, {
      confirmTimeoutSec: o.confirmTimeoutSec,
      ...(o.ready ? { ready: o.ready } : {}),
      log,
      steps: {
        ...(isSyncingOffered(caps) ? { beforeLock: { step: 'is-syncing', run: () => this.waitWhileSyncing(session, log) } } : {}),
        lock: (ds) => this.lock(session, ds, log),
        edit: sent,
        ...(revertMin !== null ? {
          timedRollback: {
            arm: async () => void (await session.call(revertArmBody(revertMin))),
            accept: async () => void (await session.call(revertAcceptBody())),
            revertNow: async () => void (await session.call(revertNowBody())),
          },
        } : {}),
        read: (names) => this.read(session, names),
        afterConfirm: () => (o.saveConfig && ciscoIa ? this.save(session, log) : Promise.resolve(false)),
      },
    });
    return result(done.sent, done.confirmed, done.saved);
  }

  /**
   * Locks `datastore`. A candidate lock denied with session-id 0 means uncommitted candidate changes
   * and no lock holder: they are discarded and the lock tried once more.
   */
  private async lock(session: DriverSession, datastore: Datastore, log: Logger): Promise<void> {
    try {
      await session.lock(datastore);
    } catch (err) {
      if (datastore !== 'candidate' || !isDirtyCandidateLock(err)) throw err;
      log.warn('candidate lock denied with session-id 0 (uncommitted candidate changes): discarding them and retrying once');
      await session.discardChanges();
      await session.lock(datastore);
    }
  }

  /** Polls cisco-ia is-syncing every pollMs until the device is not syncing; DeviceSyncingError after maxMs of polls. */
  private async waitWhileSyncing(session: DriverSession, log: Logger): Promise<void> {
    const { maxMs, pollMs } = this.syncWait;
    for (let polls = 0; ; polls++) {
      const reply = (await session.call(isSyncingBody())) as { xml?: string } | undefined;
      if (!(await parseSyncing(reply?.xml ?? ''))) return;
      if (polls * pollMs >= maxMs) throw new DeviceSyncingError(polls * pollMs);
      if (polls === 0) log.info('device is syncing its datastores; waiting before the write');
      await this.sleep(this.syncWait.pollMs);
    }
  }

  /**
   * Reads the device's hostname and serial and compares them with `expected`, once per session (and
   * again when the expectation changes). Throws DeviceIdentityMismatchError (terminal) or ReadFailedError.
   */
  checkIdentity(session: DriverSession, device: string, expected: ExpectedIdentity): Promise<void> {
    return this.identity.check(session, device, expected);
  }

  private async readIdentity(session: DriverSession, expected: ExpectedIdentity): Promise<ObservedIdentity> {
    const observed = await parseIdentity(await session.getConfig({ source: 'running', filter: IDENTITY_FILTER }));
    const wantSerial = (expected.serial ?? '').trim() !== '';
    if (wantSerial && observed.serials.length === 0 && session.get && session.capabilities.modules.has(HW_OPER_MODULE)) {
      observed.serials = await parseInventorySerials(await session.get({ filter: INVENTORY_FILTER }));
    }
    return observed;
  }

  /** save-config failing does not undo a verified apply: it is logged and reported as saved=false. */
  private async save(session: DriverSession, log: Logger): Promise<boolean> {
    try {
      await session.call(saveConfigBody());
      return true;
    } catch (err) {
      log.warn({ err }, 'save-config failed; running config is applied but not saved to startup');
      return false;
    }
  }
}
