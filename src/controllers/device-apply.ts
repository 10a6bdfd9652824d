import type { Config } from '../config/types.js';
import type { LoopBudget } from '../runtime/loop-budget.js';
import { asIntentdError, ValidationError } from '../core/errors.js';
import type { DevicePlan, InterfaceState, LeafChange } from '../core/plan-types.js';
import type { PlatformRules } from '../core/platform-rules.js';
import { isVerifyFailure, type DeviceApplyOutcome, type DeviceIdentity, type DeviceLocation, type IntentStorePort, type Notifier, type PlatformCatalog, type SourceOfTruth, type VerifyFailure } from '../core/ports.js';
import { intentProblems } from '../core/intent-checks.js';
import { planDevice, residualPlan } from '../core/planner.js';
import type { DeviceIntent } from '../core/types.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../observability/metrics.js';
import type { StatusBook } from '../runtime/status.js';
import type { DaemonEvents } from '../daemon-events.js';
import type { ApplyJournal } from '../runtime/apply-journal.js';
import { auditMeta, splitLanded, ticketsOf, type ApplyCause, type AuditOutcome } from './audit-meta.js';
import { AdoptionCommits } from './adoption-commits.js';
import { AuditFailedError, UnverifiedApplyError } from './device-written.js';
import { ApplyReport } from './device-apply-report.js';
import type { PendingTicket, TicketLedger } from './ticket-ledger.js';
import type { TicketWriteback } from './ticket-writeback.js';
import { KeyedLock } from '../runtime/keyed-lock.js';
import { VerifiedIntents } from './verified-intents.js';
import type { Suspension } from '../core/policy.js';
import type { RevertWriteback } from './revert-writeback.js';
import { DriftOrigins } from './drift-origins.js';
import type { NetboxDivergence } from '../runtime/status.js';
import { ChangeGate, type ApprovalStamp, type HeldInfo } from './change-gate.js';
import { systemClock } from '../runtime/clock.js';

export interface DeviceApplyResult {
  device: string;
  outcome: 'no-intent' | 'in-sync' | 'applied' | 'drift-reported' | 'planned' | 'suspended' | 'pending-window' | 'pending-approval';
  revision: string | null;
  /** The intent read (null: the device has no intent file). */
  intent: DeviceIntent | null;
  plan: DevicePlan;
  apply?: DeviceApplyOutcome;
  auditCommit?: string;
  cause?: ApplyCause;
  /** The device matched intent for the first time after drift, or the apply was a drift revert. */
  drift?: boolean;
  /** Set with outcome 'suspended': why nothing was sent (the plan is what would have been). */
  suspension?: Suspension;
  /** Plan mode: NetBox still holds values a `git revert` at this revision took back (diverged-from-netbox). */
  divergence?: NetboxDivergence | null;
  /** Set with outcome 'pending-window' / 'pending-approval': why the plan waits. */
  held?: HeldInfo;
  /** Drift left on the device because its interfaces are in `mode: report` (the rest was applied). */
  reported?: LeafChange[];
}

/** How one reconcile is asked for: the daemon's default, or the CLI's. */
export interface DeviceApplyRequest {
  /** 'plan': read and plan only (nothing written anywhere); 'apply' (default). */
  mode?: 'plan' | 'apply';
  /** A manual apply (`intentd apply`): applies drift even in report mode; audit `Reason: manual apply`. */
  manual?: boolean;
  /** Tickets for the audit commit instead of the interfaces' own (`--ticket`). */
  tickets?: string[];
  /** Apply changes held back for adoption too, then clear the adoption marks (a ticketed manual apply). */
  releaseAdopted?: boolean;
  /**
   * The run is caused only by new intent commits: on a device verified in full at the revision before,
   * read and plan just the interfaces whose intent changed since (VerifiedIntents); else a full read.
   */
  focusIntentChanges?: boolean;
  /** `--outside-window`: apply now though a policy window is closed (audit `Outside-Window: yes`). */
  outsideWindow?: boolean;
  /** Set by the change gate: the approval of the plan being applied (audit trailers). */
  approval?: ApprovalStamp;
}

export interface DeviceApplyDeps {
  /** Spreads the CPU-bound steps of concurrent runs over loop turns (the daemon's; none: run straight on). */
  loopBudget?: LoopBudget;
  config: Config;
  store: IntentStorePort;
  /** Each device's platform: its rules (checked before the device is read) and its driver. */
  platforms: PlatformCatalog;
  /** Host lookup (management address, serial) when the config names no host; null: config only. */
  source?: SourceOfTruth | null;
  notifier: Notifier;
  status: StatusBook;
  metrics: Metrics;
  logger: Logger;
  /** Who the device must be before the first write of a session; absent or null: no check. */
  expectedIdentity?(device: string, located: DeviceLocation): DeviceIdentity | null;
  events?: DaemonEvents;
  /** Write-ahead record of device edits (recovers the audit commit after a crash). */
  journal?: ApplyJournal;
  /** Tickets taken by intent-sync, closed with this controller's outcome. */
  tickets?: TicketLedger;
  writeback?: TicketWriteback | null;
  /** Shared with intent-sync: held around intent commits, so one never overwrites the other's. */
  intentLock?: KeyedLock;
  /** The suspension in force for the device (policy.yaml), or null: a suspended device is planned, never written. */
  suspension?(device: string): Suspension | null;
  /** Writes the values of a verified `git revert` of a NetBox change back to NetBox (absent: never). */
  reverts?: RevertWriteback | null;
  /** The change policy (policy.yaml); absent: config `reconcile.mode` only. */
  gate?: ChangeGate;
  /** Cluster fencing: settles when this replica still holds the device's etcd lock; awaited before the first write. */
  fence?(device: string): Promise<void>;
}

const NO_LOCATION: DeviceLocation = { mgmtAddress: null, serial: null };

/** What a run got to: the intent revision it read (undefined: none yet) and the one it ended at. */
interface Attempt {
  read: string | null | undefined;
  revision: string | null;
  /** The device's platform rules once known (short names in subjects and messages). */
  rules: PlatformRules | null;
}

/**
 * intent → device. Reads the device's intent at HEAD and the managed part of its running config, plans
 * per leaf, applies only the drift (or only reports it in `report` mode), verifies, and records an audit
 * commit for every device write. Records its status condition once, on every path; notifies on a
 * change of state (one failure across its retries); closes the tickets intent-sync took once the
 * outcome is final. Throws IntentdError (retryable or not) for the work queue to decide. The CLI runs
 * the same reconcile (`mode: 'plan'`, or `manual`).
 */
export class DeviceApplyReconciler {
  /** `Source:` trailer of intent revisions already looked up (commits never change). */
  private readonly sourceOf = new Map<string, string | null>();
  private readonly report: ApplyReport;
  private readonly adoption: AdoptionCommits;
  private readonly verified = new VerifiedIntents();
  private readonly origins = new DriftOrigins();
  private readonly gate: ChangeGate;

  constructor(private readonly deps: DeviceApplyDeps) {
    this.report = new ApplyReport(deps);
    this.gate = deps.gate ?? new ChangeGate({ config: deps.config, policy: () => ({}), approvals: null, clock: systemClock, logger: deps.logger });
    this.adoption = new AdoptionCommits({ store: deps.store, logger: deps.logger, intentLock: deps.intentLock ?? new KeyedLock() });
  }

  async reconcile(device: string, req: DeviceApplyRequest = {}): Promise<DeviceApplyResult> {
    const started = performance.now();
    const attempt: Attempt = { read: undefined, revision: null, rules: null };
    // The tickets closed are those held by the intent revision this run read (see TicketLedger).
    const held = (): PendingTicket[] => (attempt.read === undefined ? [] : (this.deps.tickets?.heldBy(device, attempt.read) ?? []));
    try {
      const result = await this.run(device, req, attempt);
      if (req.mode !== 'plan') {
        // Not with adoption marks: a run that cleared them ends at a revision whose intent is not the one it read.
        const whole = result.intent !== null && !result.intent.interfaces.some((i) => i.source?.adopted === true);
        if (whole && (result.outcome === 'in-sync' || result.outcome === 'applied')) this.verified.record(device, result.revision, result.intent as DeviceIntent);
        else this.verified.forget(device);
        this.report.succeeded(result, attempt.rules);
        // A suspended device, or a plan held by policy.yaml, keeps its tickets open: the apply that follows closes them.
        if (result.outcome !== 'suspended' && result.outcome !== 'pending-window' && result.outcome !== 'pending-approval') await this.report.closeTickets(device, held(), result, null, attempt.rules);
        if (result.outcome === 'in-sync' || result.outcome === 'applied') await this.deps.reverts?.afterVerified(device, result.revision);
      } else if (this.deps.reverts) result.divergence = await this.deps.reverts.divergence(device, result.revision);
      return result;
    } catch (thrown) {
      const err = asIntentdError(thrown);
      if (req.mode !== 'plan') {
        this.verified.forget(device);
        this.report.failed(device, attempt.revision, err);
        // After a retryable failure the tickets stay open: the retry closes them.
        if (!err.retryable) await this.report.closeTickets(device, held(), null, err, attempt.rules);
      }
      throw err;
    } finally {
      this.deps.metrics.duration.observe({ controller: 'device' }, (performance.now() - started) / 1000);
    }
  }

  private async run(device: string, req: DeviceApplyRequest, attempt: Attempt): Promise<DeviceApplyResult> {
    const { store, config } = this.deps;
    // The intent and its own revision: the commit that last changed its file (audit commits and other
    // devices' commits do not move it), as of the commit the content was read at, so both describe the
    // same state even when a commit lands in between. A git failure here (corrupt repo, missing
    // objects) is a failed reconcile like any other, never taken for "no intent".
    await this.deps.loopBudget?.turn();
    const stored = await store.read(device);
    let revision = await store.revisionOf(device, stored?.base.commit);
    attempt.read = revision;
    attempt.revision = revision;
    const intent = stored?.intent ?? null;
    const empty: DevicePlan = { device, changes: [], refused: [] };
    if (!intent || intent.interfaces.length === 0) return { device, outcome: 'no-intent', revision, intent, plan: empty };
    const history = req.mode === 'plan' ? { lastApplied: null, source: null } : await this.history(device, revision);
    const located = await this.locate(device);
    // The platform decides what the intent may say: anything it cannot take is refused here, before the device.
    const platform = this.deps.platforms.platformOf(device, located.platform ?? null);
    const rules = this.deps.platforms.rules(platform);
    attempt.rules = rules;
    const problems = intentProblems(intent, `devices/${device}.yaml`, rules);
    if (problems.length > 0) throw new ValidationError(`devices/${device}.yaml: invalid intent for platform ${platform}`, problems);
    const driver = this.deps.platforms.driver(platform);
    const handle = await driver.connect(device, located.mgmtAddress);
    const holdAdopted = config.reconcile.adopt === 'report' && req.releaseAdopted !== true;
    const protectedInterfaces = [...config.devices.protectedInterfaces, ...(rules.defaultProtected ?? [])];
    const focus = await this.focus(device, intent, history.lastApplied, req);
    const planned = focus === null ? intent : { ...intent, interfaces: intent.interfaces.filter((i) => focus.has(i.name)) };
    const names = planned.interfaces.map((i) => i.name);
    let observed = await driver.read(handle, names, { syncFrom: false });
    await this.deps.loopBudget?.turn();
    const ignore = this.gate.ignoreOf(device);
    let plan = planDevice(planned, observed, { protectedInterfaces, holdAdopted, rules, ignore });
    // reconcile.syncFrom: a read that matches intent stands (a no-op pass costs one get-config); a difference
    // that may be drift is read again from a datastore just synced from the device's CLI, and only that
    // read is planned on. A difference after the intent moved past the revision last verified on the
    // device is the change itself: it is sent without the extra sync (the verify re-reads what was written).
    const intentMoved = history.lastApplied !== null && history.lastApplied !== revision && !req.manual;
    if (config.reconcile.syncFrom && plan.changes.length > 0 && !intentMoved) {
      observed = await driver.read(handle, names, { syncFrom: true });
      plan = planDevice(planned, observed, { protectedInterfaces, holdAdopted, rules, ignore });
    }
    if (req.mode === 'plan') return { device, outcome: 'planned', revision, intent, plan: this.origins.annotate(device, plan, await this.driftFacts(device, revision, undefined)) };
    const suspension = this.deps.suspension?.(device) ?? null;
    if (suspension) return { device, outcome: 'suspended', revision, intent, plan, suspension };
    const recovered = await this.recoverPending(device, intent, observed, rules);
    // Adoption: changes on interfaces adopted without a ticket are held back (not sent) and told
    // once; adopted interfaces the device already matches lose their mark (an intent commit).
    const settled = await this.adoption.settle(device, intent, plan, revision, stored?.base ?? null, rules);
    if (settled !== null) {
      if (history.lastApplied === revision) history.lastApplied = settled;
      revision = settled;
      attempt.revision = revision;
    }
    plan = this.origins.annotate(device, plan, await this.driftFacts(device, revision, history.lastApplied));
    if (plan.refused.length > 0) this.deps.logger.warn({ device, refused: plan.refused }, 'intent refused by policy');
    // The device was verified at this very intent revision before → the device moved, not the intent.
    const isDrift = !req.manual && plan.changes.length > 0 && history.lastApplied === revision;
    this.deps.events?.emitEvent({ type: 'plan', device, plan, drift: isDrift });
    if (plan.changes.length === 0) {
      await this.adoption.release(device, req, rules);
      if (recovered) return { device, outcome: 'applied', revision, intent, plan: recovered.plan, auditCommit: recovered.commit, cause: recovered.cause };
      return { device, outcome: 'in-sync', revision, intent, plan };
    }
    const cause: ApplyCause = req.manual ? 'manual apply' : isDrift ? 'drift revert' : history.source === 'netbox' ? 'NetBox change' : 'git edit';
    if (isDrift) this.deps.metrics.driftFound.inc();
    // policy.yaml: report-mode drift, approval, windows (the config's reconcile.mode is the default mode).
    const gated = await this.gate.check({ device, intent, plan, revision, drift: isDrift, ...(req.outsideWindow ? { outsideWindow: true } : {}) });
    if (gated.hold === 'drift-reported') return { device, outcome: 'drift-reported', revision, intent, plan, cause, drift: true };
    if (gated.hold !== null) return { device, outcome: gated.hold, revision, intent, plan: gated.plan, cause, drift: isDrift, held: gated.held };
    const reported = gated.reported;
    plan = gated.plan;
    if (gated.stamp) req = { ...req, approval: gated.stamp };
    // The write-ahead record is made durable while the driver checks identity and takes the lock; the
    // driver sends nothing before it is (`ready`).
    const journaled = this.deps.journal?.write({ device, revision, plan, cause, startedAt: new Date().toISOString() });
    journaled?.catch(() => undefined);
    const fenced = this.deps.fence?.(device);
    fenced?.catch(() => undefined);
    const ready = fenced && journaled ? Promise.all([journaled, fenced]).then(() => undefined) : (fenced ?? journaled);
    const identity = this.deps.expectedIdentity?.(device, located) ?? null;
    const apply = await driver
      .apply(handle, plan, { confirmTimeoutSec: config.reconcile.confirmTimeoutSec, saveConfig: config.reconcile.saveConfig, identity, ...(ready ? { ready } : {}) })
      .catch(async (err: unknown) => {
        if (isVerifyFailure(err)) throw await this.auditUnverified(device, intent, plan, err, revision, cause, handle.datastore, req, rules);
        throw err;
      });
    await journaled;
    // The change counts as landed here (apply resolves only verified): the journal record makes the audit
    // commit below crash-safe.
    this.deps.events?.emitEvent({ type: 'device-verified', device, datastore: apply.datastore });
    this.deps.metrics.editsSent.inc();
    this.deps.metrics.leavesChanged.inc(plan.changes.length);
    const auditCommit = await this.audit(device, intent, plan, { ...apply, note: null }, revision, cause, req, rules).catch((err: unknown) => {
      throw new AuditFailedError(device, asIntentdError(err));
    });
    await this.deps.journal?.clear(device);
    this.origins.verified(device, plan.changes);
    if (req.manual) this.deps.logger.info({ device, leaves: plan.changes.length, commit: auditCommit }, 'applied from the CLI');
    await this.adoption.release(device, req, rules);
    return { device, outcome: 'applied', revision, intent, plan, apply, auditCommit, cause, drift: isDrift, ...(reported.length > 0 ? { reported } : {}) };
  }

  /**
   * The interfaces to read when the run may be focused (see DeviceApplyRequest.focusIntentChanges):
   * those whose intent changed since the revision verified in full, unless interfaces are held for
   * adoption or an interrupted edit waits in the journal (both need the whole device). null: read all.
   */
  private async focus(device: string, intent: DeviceIntent, lastApplied: string | null, req: DeviceApplyRequest): Promise<Set<string> | null> {
    if (req.focusIntentChanges !== true || req.mode === 'plan' || req.manual === true) return null;
    if (intent.interfaces.some((i) => i.source?.adopted === true)) return null;
    if (this.deps.journal && (await this.deps.journal.read(device)) !== null) return null;
    const changed = this.verified.changedSince(device, lastApplied, intent);
    return changed === null ? null : new Set(changed);
  }

  /**
   * What tells drift origins apart: whether this revision was verified on the device (`lastApplied`;
   * undefined in plan mode: read from the audit trail) and whether its last apply failed (StatusBook).
   */
  private async driftFacts(device: string, revision: string | null, lastApplied: string | null | undefined): Promise<{ verifiedAtRevision: boolean; failedAtRevision: boolean }> {
    const st = this.deps.status.get(device);
    const verifiedAt = lastApplied !== undefined ? lastApplied : (await this.history(device, revision)).lastApplied;
    return {
      verifiedAtRevision: revision !== null && verifiedAt === revision,
      failedAtRevision: revision !== null && st.conditions.apply?.status === 'False' && st.lastAttemptedRevision === revision,
    };
  }

  /**
   * Where the device is: the configured host, else the source's management address (a retryable
   * DeviceAddressUnknown while the source cannot be asked). The serial comes from the source's last
   * read when the host is configured (no source I/O on the device path then), unless the device's
   * platform is still unknown: no `devices.overrides.<d>.platform` and the source not read yet.
   */
  private async locate(device: string): Promise<DeviceLocation> {
    const { config, source } = this.deps;
    if (!source) return NO_LOCATION;
    const configured = config.devices.overrides[device]?.host ?? config.devices.defaults.host;
    if (configured) {
      const cached = await source.locate(device, { cached: true });
      if (cached.platform !== undefined || config.devices.overrides[device]?.platform !== undefined) return cached;
    }
    return source.locate(device);
  }

  /**
   * The revision last applied and verified on the device (from memory, else from the audit trail in
   * git, so a restart keeps telling drift from change) and the source of the intent revision.
   */
  private async history(device: string, revision: string | null): Promise<{ lastApplied: string | null; source: string | null }> {
    const known = this.deps.status.get(device).lastAppliedRevision;
    const cached = revision === null ? null : this.sourceOf.get(revision);
    if (known !== null && cached !== undefined) return { lastApplied: known, source: cached };
    // A new revision: its Source trailer, from that one commit (no history scan).
    if (known !== null) {
      const source = revision === null ? null : ((await this.deps.store.trailersOf(revision)).Source ?? null);
      if (revision !== null) this.sourceOf.set(revision, source);
      return { lastApplied: known, source };
    }
    // Once after a restart: read the device's commits from git for the last verified revision.
    const log = await this.deps.store.log({ device, max: 200 });
    const source = log.find((e) => e.commit === revision)?.trailers.Source ?? null;
    if (revision !== null) this.sourceOf.set(revision, source);
    const audit = log.find((e) => e.trailers['Intent-Revision'] && e.trailers.Result === 'verified');
    return { lastApplied: audit?.trailers['Intent-Revision'] ?? null, source };
  }

  /**
   * A device edit recorded in the journal but not in git means intentd stopped between the edit and
   * its audit commit. When the device shows the recorded change, the audit commit is written now;
   * otherwise the edit did not land and the record is dropped (the plan redoes it).
   */
  private async recoverPending(device: string, intent: DeviceIntent, observed: Map<string, InterfaceState>, rules: PlatformRules): Promise<{ commit: string; plan: DevicePlan; cause: ApplyCause } | null> {
    const pending = await this.deps.journal?.read(device);
    if (!pending) return null;
    const residual = residualPlan(pending.plan, observed);
    if (residual.changes.length > 0) {
      await this.deps.journal?.clear(device);
      this.deps.logger.warn({ device }, 'a device edit interrupted before its audit did not land; re-planning');
      return null;
    }
    const cause = pending.cause as ApplyCause;
    const commit = await this.audit(device, intent, pending.plan, { datastore: 'unknown', confirmed: false, saved: false, verified: true, note: `Recorded at ${new Date().toISOString()} after a restart: intentd stopped between the device edit (started ${pending.startedAt}) and this audit commit; the device was re-read and shows the change.` }, pending.revision, cause, {}, rules);
    await this.deps.journal?.clear(device);
    this.deps.logger.warn({ device, commit }, 'recovered the audit commit of a device edit interrupted by a restart');
    return { commit, plan: pending.plan, cause };
  }

  /**
   * The re-read after an edit did not match: the edit is audited all the same (`Result: unverified`,
   * or `rolled-back` when a cancelled confirmed commit took it back), with the leaves that landed and
   * those that did not, and the journal record is cleared. Returns the error to throw.
   */
  private async auditUnverified(device: string, intent: DeviceIntent, plan: DevicePlan, err: VerifyFailure, revision: string | null, cause: ApplyCause, datastore: string, req: DeviceApplyRequest, rules: PlatformRules): Promise<UnverifiedApplyError> {
    const { landed, notLanded } = splitLanded(plan.changes, err.remaining.changes);
    this.origins.unverified(device, err.remaining.changes);
    this.deps.metrics.editsSent.inc();
    let commit: string | null = null;
    try {
      commit = await this.audit(device, intent, plan, { datastore, confirmed: false, saved: false, verified: false, note: null, unverified: { landed, notLanded, rolledBack: err.rolledBack } }, revision, cause, req, rules);
      await this.deps.journal?.clear(device);
    } catch (gitErr) {
      // The journal record stays: the next reconcile re-reads the device and records what it shows.
      this.deps.logger.error({ device, err: asIntentdError(gitErr).message }, 'the audit commit of an unverified edit could not be written');
    }
    this.deps.logger.error({ device, commit, landed: landed.length, notLanded: notLanded.length, rolledBack: err.rolledBack }, 'device edit not verified; audited');
    return new UnverifiedApplyError(device, landed, notLanded, err.rolledBack, commit, err);
  }

  private async audit(device: string, intent: DeviceIntent, plan: DevicePlan, apply: AuditOutcome, revision: string | null, cause: ApplyCause, req: DeviceApplyRequest, rules: PlatformRules): Promise<string> {
    const tickets = req.tickets ?? ticketsOf(intent, plan.changes);
    const commit = await this.deps.store.audit(auditMeta({ device, plan, outcome: apply, revision, cause, tickets, rules, approval: req.approval ?? null, outsideWindow: req.outsideWindow === true }));
    this.deps.metrics.commits.inc({ kind: 'audit' });
    return commit;
  }
}
