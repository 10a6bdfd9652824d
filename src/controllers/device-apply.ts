import type { Config } from '../config/types.js';
import { asIntentdError, type IntentdError } from '../core/errors.js';
import type { DevicePlan, InterfaceState, LeafChange } from '../core/plan-types.js';
import type { IntentBase, IntentStorePort } from '../core/ports.js';
import { planDevice, residualPlan } from '../core/planner.js';
import type { DeviceIntent } from '../core/types.js';
import type { NetconfPool } from '../adapters/netconf/pool.js';
import type { SessionOptions } from '../adapters/netconf/session.js';
import { IosXeDriver, type ApplyResult } from '../adapters/platforms/iosxe/driver.js';
import type { ExpectedIdentity } from '../adapters/platforms/iosxe/identity.js';
import type { Notifier } from '../adapters/webex/notifier.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../observability/metrics.js';
import type { StatusBook } from '../runtime/status.js';
import type { DaemonEvents } from '../daemon-events.js';
import type { ApplyJournal } from '../runtime/apply-journal.js';
import { VerifyFailedError } from '../adapters/platforms/errors.js';
import { auditMeta, splitLanded, ticketsOf, type ApplyCause, type AuditOutcome } from './audit-meta.js';
import { adoptedInSync, adoptSubject, clearAdopted } from './adoption.js';
import { AuditFailedError, deviceNowOf, UnverifiedApplyError } from './device-written.js';

export interface DeviceApplyResult {
  device: string;
  outcome: 'no-intent' | 'in-sync' | 'applied' | 'drift-reported';
  revision: string | null;
  plan: DevicePlan;
  apply?: ApplyResult;
  auditCommit?: string;
  cause?: ApplyCause;
}

export interface DeviceApplyDeps {
  config: Config;
  store: IntentStorePort;
  pool: NetconfPool;
  notifier: Notifier;
  status: StatusBook;
  metrics: Metrics;
  logger: Logger;
  /** Resolves the NETCONF connection settings of a device (overrides, NetBox primary IP). */
  connection(device: string): Promise<SessionOptions>;
  /** Who the device must be (name, NetBox serial), checked before the first write of a session; null: no check. */
  expectedIdentity?(device: string): ExpectedIdentity | null;
  driver?: IosXeDriver;
  events?: DaemonEvents;
  /** Write-ahead record of device edits (recovers the audit commit after a crash). */
  journal?: ApplyJournal;
}

/**
 * intent → device. Reads the device's intent at HEAD and the managed part of its running config, plans
 * per leaf, applies only the drift (or only reports it in `report` mode), verifies, and records an audit
 * commit for every device write. Records status on every path. Throws IntentdError (retryable or not)
 * for the work queue to decide.
 */
export class DeviceApplyReconciler {
  private readonly driver: IosXeDriver;
  /** Drift last notified per device, so a resync does not repeat the same alert. */
  private readonly lastDriftKey = new Map<string, string>();
  /** `Source:` trailer of intent revisions already looked up (commits never change). */
  private readonly sourceOf = new Map<string, string | null>();
  /** Pending adoption last notified per device, so it is told once. */
  private readonly lastAdoptionKey = new Map<string, string>();

  constructor(private readonly deps: DeviceApplyDeps) {
    this.driver = deps.driver ?? new IosXeDriver({ logger: deps.logger });
  }

  async reconcile(device: string): Promise<DeviceApplyResult> {
    const { store, status, metrics } = this.deps;
    const started = performance.now();
    // The device's own intent revision: the commit that last changed its file (audit commits and
    // other devices' commits do not move it). A git failure here (corrupt repo, missing objects) is a
    // failed reconcile like any other: recorded in status and alerted, never taken for "no intent".
    let revision: string | null = null;
    let intent: DeviceIntent | null;
    let base: IntentBase | null = null;
    let history: { lastApplied: string | null; source: string | null } | null = null;
    try {
      revision = await store.revisionOf(device);
      const stored = await store.read(device);
      intent = stored?.intent ?? null;
      base = stored?.base ?? null;
      if (intent && intent.interfaces.length > 0) history = await this.history(device, revision);
    } catch (err) {
      const e = asIntentdError(err);
      this.fail(device, revision, e);
      throw e;
    }
    if (!intent || intent.interfaces.length === 0 || !history) {
      status.update(device, { state: 'in-sync', lastAttemptedRevision: revision, lastError: null, drift: [] });
      return { device, outcome: 'no-intent', revision, plan: { device, changes: [], refused: [] } };
    }
    try {
      const session = await this.deps.pool.acquire(device, await this.deps.connection(device));
      const observed = await this.driver.read(session, intent.interfaces.map((i) => i.name), { syncFrom: this.deps.config.reconcile.syncFrom });
      const recovered = await this.recoverPending(device, intent, observed);
      const plan = planDevice(intent, observed, { protectedInterfaces: [...this.deps.config.devices.protectedInterfaces], holdAdopted: this.deps.config.reconcile.adopt === 'report' });
      // Adoption: changes on interfaces adopted without a ticket are held back (not sent) and told
      // once; adopted interfaces the device already matches lose their mark (an intent commit).
      const held = plan.pendingAdoption ?? [];
      this.reportAdoption(device, held);
      const settled = await this.settleAdoption(device, intent, base, plan);
      if (settled !== null) {
        if (history.lastApplied === revision) history.lastApplied = settled;
        revision = settled;
      }
      const syncedState = held.length > 0 ? 'pending-adoption' : 'in-sync';
      if (plan.refused.length > 0) this.deps.logger.warn({ device, refused: plan.refused }, 'intent refused by policy');
      // The device was verified at this very intent revision before → the device moved, not the intent.
      const isDrift = plan.changes.length > 0 && history.lastApplied === revision;
      this.deps.events?.emitEvent({ type: 'plan', device, plan, drift: isDrift });
      if (plan.changes.length === 0) {
        this.deps.events?.emitEvent({ type: 'in-sync', device });
        status.update(device, { state: syncedState, lastAppliedRevision: revision, lastAttemptedRevision: revision, lastError: null, drift: [], refused: plan.refused });
        metrics.reconciles.inc({ controller: 'device', result: 'in-sync' });
        this.lastDriftKey.delete(device);
        if (recovered) return { device, outcome: 'applied', revision, plan: recovered.plan, auditCommit: recovered.commit, cause: recovered.cause };
        return { device, outcome: 'in-sync', revision, plan };
      }
      const cause: ApplyCause = isDrift ? 'drift revert' : history.source === 'netbox' ? 'NetBox change' : 'git edit';
      if (isDrift) metrics.driftFound.inc();
      if (isDrift && this.deps.config.reconcile.mode === 'report') {
        status.update(device, { state: 'drift', lastAttemptedRevision: revision, drift: plan.changes, refused: plan.refused });
        this.notifyDriftOnce(device, plan.changes, 'reported');
        this.deps.events?.emitEvent({ type: 'drift-reported', device, plan });
        return { device, outcome: 'drift-reported', revision, plan, cause };
      }
      await this.deps.journal?.write({ device, revision, plan, cause, startedAt: new Date().toISOString() });
      const identity = this.deps.expectedIdentity?.(device) ?? null;
      const apply = await this.driver
        .apply(session, plan, {
          confirmTimeoutSec: this.deps.config.reconcile.confirmTimeoutSec,
          saveConfig: this.deps.config.reconcile.saveConfig,
          ...(identity ? { identity } : {}),
        })
        .catch(async (err: unknown) => {
          if (err instanceof VerifyFailedError) throw await this.auditUnverified(device, intent, plan, err, revision, cause, session.capabilities.candidate ? 'candidate' : 'running');
          throw err;
        });
      metrics.editsSent.inc();
      metrics.leavesChanged.inc(plan.changes.length);
      const auditCommit = await this.audit(device, intent, plan, { ...apply, note: null }, revision, cause).catch((err: unknown) => {
        throw new AuditFailedError(device, asIntentdError(err));
      });
      await this.deps.journal?.clear(device);
      this.deps.events?.emitEvent({ type: 'applied', device, sent: apply.sent, auditCommit, datastore: apply.datastore, verified: apply.verified, drift: isDrift });
      status.update(device, { state: syncedState, lastAppliedRevision: revision, lastAttemptedRevision: revision, lastError: null, drift: isDrift ? plan.changes : [], refused: plan.refused });
      metrics.reconciles.inc({ controller: 'device', result: 'applied' });
      const tickets = ticketsOf(intent, plan.changes);
      if (isDrift) this.notifyDriftOnce(device, plan.changes, 'reverted', auditCommit);
      else
        this.deps.notifier.notify({
          kind: 'applied',
          device,
          interfaces: [...new Set(plan.changes.map((c) => c.interface))],
          changes: plan.changes,
          tickets,
          commit: auditCommit,
          verified: true,
        });
      return { device, outcome: 'applied', revision, plan, apply, auditCommit, cause };
    } catch (thrown) {
      const err = asIntentdError(thrown);
      // A failed apply discarded/rolled back its edit; a record left behind is checked against the
      // device on the next reconcile, so keeping it is safe either way.
      this.fail(device, revision, err);
      throw err;
    } finally {
      metrics.duration.observe({ controller: 'device' }, (performance.now() - started) / 1000);
    }
  }

  /**
   * The revision last applied and verified on the device (from memory, else from the audit trail in
   * git, so a restart keeps telling drift from change) and the source of the intent revision.
   */
  private async history(device: string, revision: string | null): Promise<{ lastApplied: string | null; source: string | null }> {
    const known = this.deps.status.get(device).lastAppliedRevision;
    const cached = revision === null ? null : this.sourceOf.get(revision);
    if (known !== null && cached !== undefined) return { lastApplied: known, source: cached };
    // Once per revision (and once after a restart): read the device's commits from git.
    const log = await this.deps.store.log({ device, max: 200 });
    const source = log.find((e) => e.commit === revision)?.trailers.Source ?? null;
    if (revision !== null) this.sourceOf.set(revision, source);
    if (known !== null) return { lastApplied: known, source };
    const audit = log.find((e) => e.trailers['Intent-Revision'] && e.trailers.Result === 'verified');
    return { lastApplied: audit?.trailers['Intent-Revision'] ?? null, source };
  }

  /**
   * A device edit recorded in the journal but not in git means intentd stopped between the edit and
   * its audit commit. When the device shows the recorded change, the audit commit is written now;
   * otherwise the edit did not land and the record is dropped (the plan below redoes it).
   */
  private async recoverPending(device: string, intent: DeviceIntent, observed: Map<string, InterfaceState>): Promise<{ commit: string; plan: DevicePlan; cause: ApplyCause } | null> {
    const pending = await this.deps.journal?.read(device);
    if (!pending) return null;
    const residual = residualPlan(pending.plan, observed);
    if (residual.changes.length > 0) {
      await this.deps.journal?.clear(device);
      this.deps.logger.warn({ device }, 'a device edit interrupted before its audit did not land; re-planning');
      return null;
    }
    const cause = pending.cause as ApplyCause;
    const commit = await this.audit(device, intent, pending.plan, { datastore: 'unknown', confirmed: false, saved: false, verified: true, note: `Recorded at ${new Date().toISOString()} after a restart: intentd stopped between the device edit (started ${pending.startedAt}) and this audit commit; the device was re-read and shows the change.` }, pending.revision, cause);
    await this.deps.journal?.clear(device);
    this.deps.logger.warn({ device, commit }, 'recovered the audit commit of a device edit interrupted by a restart');
    return { commit, plan: pending.plan, cause };
  }

  private reportAdoption(device: string, held: LeafChange[]): void {
    this.deps.status.update(device, { pendingAdoption: held });
    if (held.length === 0) {
      this.lastAdoptionKey.delete(device);
      return;
    }
    const key = JSON.stringify(held);
    if (this.lastAdoptionKey.get(device) === key) return;
    this.lastAdoptionKey.set(device, key);
    this.deps.logger.warn({ device, pendingAdoption: held }, 'first import differs from the device: held back until a ticket');
    this.deps.notifier.notify({ kind: 'pending-adoption', device, changes: held });
  }

  /** Commits intent without the adoption mark of interfaces the device already matches; returns the new revision or null. */
  private async settleAdoption(device: string, intent: DeviceIntent, base: IntentBase | null, plan: DevicePlan): Promise<string | null> {
    const names = adoptedInSync(intent, plan);
    if (names.length === 0) return null;
    const { intent: next, cleared } = clearAdopted(intent, names);
    const write = await this.deps.store.write(next, {
      subject: adoptSubject(device, cleared, cleared.length === 1 ? 'matches the device' : 'match the device'),
      device,
      source: 'netbox',
      body: `Imported from NetBox without a ticket; the device already matches: ${cleared.join(', ')}`,
    }, base);
    return write.committed ? write.commit : null;
  }

  private fail(device: string, revision: string | null, err: IntentdError): void {
    const now = deviceNowOf(err);
    this.deps.status.update(device, {
      state: 'failed',
      lastAttemptedRevision: revision,
      lastError: { reason: err.reason, message: err.message, at: new Date().toISOString() },
    });
    this.deps.metrics.reconciles.inc({ controller: 'device', result: err.retryable ? 'retry' : 'terminal' });
    this.deps.notifier.notify({
      kind: 'failed',
      device,
      reason: err.reason,
      message: err.message,
      leftUnchanged: err.retryable ? 'device left as it was; will retry' : 'device left as it was; waiting for the next change',
      ...(now === null ? {} : { deviceNow: `${now}; ${err.retryable ? 'will retry' : 'waiting for the next change'}` }),
      tickets: [],
    });
  }

  /**
   * The re-read after an edit did not match: the edit is audited all the same (`Result: unverified`,
   * or `rolled-back` when a cancelled confirmed commit took it back), with the leaves that landed and
   * those that did not, and the journal record is cleared. Returns the error to throw.
   */
  private async auditUnverified(device: string, intent: DeviceIntent, plan: DevicePlan, err: VerifyFailedError, revision: string | null, cause: ApplyCause, datastore: string): Promise<UnverifiedApplyError> {
    const { landed, notLanded } = splitLanded(plan.changes, err.remaining.changes);
    this.deps.metrics.editsSent.inc();
    let commit: string | null = null;
    try {
      commit = await this.audit(device, intent, plan, { datastore, confirmed: false, saved: false, verified: false, note: null, unverified: { landed, notLanded, rolledBack: err.rolledBack } }, revision, cause);
      await this.deps.journal?.clear(device);
    } catch (gitErr) {
      // The journal record stays: the next reconcile re-reads the device and records what it shows.
      this.deps.logger.error({ device, err: asIntentdError(gitErr).message }, 'the audit commit of an unverified edit could not be written');
    }
    this.deps.logger.error({ device, commit, landed: landed.length, notLanded: notLanded.length, rolledBack: err.rolledBack }, 'device edit not verified; audited');
    return new UnverifiedApplyError(device, landed, notLanded, err.rolledBack, commit, err);
  }

  private notifyDriftOnce(device: string, changes: LeafChange[], action: 'reverted' | 'reported', commit?: string): void {
    const key = `${action}:${JSON.stringify(changes)}`;
    if (action === 'reported' && this.lastDriftKey.get(device) === key) return;
    this.lastDriftKey.set(device, key);
    this.deps.notifier.notify(commit ? { kind: 'drift', device, changes, action, commit } : { kind: 'drift', device, changes, action });
  }

  private async audit(device: string, intent: DeviceIntent, plan: DevicePlan, apply: AuditOutcome, revision: string | null, cause: ApplyCause): Promise<string> {
    const commit = await this.deps.store.audit(auditMeta({ device, plan, outcome: apply, revision, cause, tickets: ticketsOf(intent, plan.changes) }));
    this.deps.metrics.commits.inc({ kind: 'audit' });
    return commit;
  }
}
