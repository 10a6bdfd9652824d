import { join } from 'node:path';
import { asIntentdError, IntentStoreError } from '../core/errors.js';
import type { DevicePlan } from '../core/plan-types.js';
import type { DeviceApplyOutcome, IntentStorePort } from '../core/ports.js';
import type { Config } from '../config/types.js';
import { GitIntentStore } from '../adapters/git/intent-store.js';
import { NetboxClient } from '../adapters/netbox/client.js';
import { NetboxSourceOfTruth } from '../adapters/netbox/source-of-truth.js';
import { identityCheckEnabled } from '../adapters/netconf/connection.js';
import { NetconfPool } from '../adapters/netconf/pool.js';
import type { NetconfSession, SessionOptions } from '../adapters/netconf/session.js';
import { PlatformRegistry } from '../adapters/platforms/registry.js';
import { LogNotifier } from '../adapters/webex/notifier.js';
import { DeviceApplyReconciler, type DeviceApplyRequest } from '../controllers/device-apply.js';
import type { Logger } from '../log.js';
import { Metrics } from '../observability/metrics.js';
import { ApplyJournal } from '../runtime/apply-journal.js';
import { StatusBook } from '../runtime/status.js';
import { IntentAtHead } from './intent-head.js';
import { GitPolicyStore } from '../adapters/git/policy-store.js';
import { rolloutOf, suspensionOf, type Policy } from '../core/policy.js';
import { rollout, type RolloutReport } from '../controllers/rollout.js';
import { RevertWriteback } from '../controllers/revert-writeback.js';
import type { NetboxDivergence } from '../runtime/status.js';
import { ChangeGate } from '../controllers/change-gate.js';
import { ApprovalStore, approvalsDir } from '../runtime/approval-store.js';
import { systemClock } from '../runtime/clock.js';
import { policyAtHead } from './approve.js';
import { planPolicyView, type PlanPolicyView } from './plan-policy.js';

/** What the CLI reports per device; JSON-serializable. */
export interface DeviceOutcome {
  device: string;
  plan?: DevicePlan;
  result?: DeviceApplyOutcome;
  error?: { reason: string; message: string; retryable: boolean; problems?: string[] };
  /** NetBox still holds values a `git revert` at the device's revision took back. */
  divergence?: NetboxDivergence;
  /** A fleet rollout stopped before this device (it was not read or written). */
  notAttempted?: true;
  /** What policy.yaml says of the plan: its hash, and why it waits (window, approval). */
  policy?: PlanPolicyView;
}

/** `rollout` of runDevices: the flags (policy.yaml's `rollout` fills what they leave out). */
export interface RolloutFlags {
  batchSize?: number;
  stopOnFailure?: boolean;
}

export interface RunnerDeps {
  logger: Logger;
  /** Opens a NETCONF session (default NetconfSession.connect); tests may pass another. */
  connect?: (o: SessionOptions) => Promise<NetconfSession>;
}

/**
 * For each device (`--device`, else every intent file at HEAD, in order): one run of the daemon's
 * device-apply reconciler — the same read (sync-from included), plan, identity check, journal,
 * apply, verify, audit commit and adoption release. `mode: 'plan'` reads through a read-only view of
 * the repo and writes nothing. A failing device is recorded and the next one still runs; an
 * unreadable intent repo throws. Sessions are closed at the end.
 */
export async function runDevices(config: Config, only: string | string[] | undefined, deps: RunnerDeps, req: DeviceApplyRequest, fleet?: RolloutFlags): Promise<DeviceOutcome[] & { rollout?: RolloutReport }> {
  const { logger } = deps;
  const intents = new IntentAtHead(config);
  const devices = only === undefined ? await intents.devices() : typeof only === 'string' ? [only] : only;
  const planOnly = req.mode === 'plan';
  let store: IntentStorePort = intents.asStore();
  let journal: ApplyJournal | undefined;
  let policy: Policy = {};
  let approvals: ApprovalStore | null = null;
  // The plan shows what policy.yaml ignores and holds; an invalid policy.yaml stops here (ValidationError).
  if (planOnly) policy = await policyAtHead(config);
  else {
    const git = await GitIntentStore.open({ ...config.intent, logger });
    store = git;
    journal = new ApplyJournal(join(git.repo, '.git', 'intentd', 'pending-applies'));
    // A suspended device is never written, from the CLI either; an invalid policy.yaml stops here (ValidationError).
    policy = (await new GitPolicyStore(git, logger).read()).policy;
    approvals = new ApprovalStore(approvalsDir(git.repo));
  }
  const pool = new NetconfPool({ logger, ...(deps.connect ? { connect: deps.connect } : {}) });
  const netbox = config.netbox.url && config.netbox.token ? NetboxClient.fromConfig(config.netbox, logger) : null;
  const platforms = new PlatformRegistry({ config, logger, pool });
  const source = netbox ? new NetboxSourceOfTruth({ client: netbox, config, logger, platforms }) : null;
  const status = new StatusBook();
  const reconciler = new DeviceApplyReconciler({
    config,
    store,
    platforms,
    source,
    notifier: new LogNotifier(logger),
    status,
    metrics: new Metrics(),
    logger,
    // The CLI checks the hostname; the serial too when NetBox has one.
    expectedIdentity: (device, located) => (identityCheckEnabled(config, device) ? { name: device, serial: located.serial } : null),
    ...(journal ? { journal } : {}),
    suspension: (device) => suspensionOf(policy, device),
    // A plan shows diverged-from-netbox; an apply of a revert writes NetBox back, as the daemon does.
    reverts: source ? new RevertWriteback({ store, source, status, logger, writeBack: config.netbox.writeBackReverts }) : null,
    gate: new ChangeGate({ config, policy: () => policy, approvals, clock: systemClock, logger }),
  });
  const outcomes: DeviceOutcome[] & { rollout?: RolloutReport } = devices.map((device) => ({ device }));
  const runOne = async (outcome: DeviceOutcome): Promise<boolean> => {
    const { device } = outcome;
    try {
      const r = await reconciler.reconcile(device, req);
      if (r.intent === null) throw new IntentStoreError(`no intent for ${device} at HEAD (devices/${device}.yaml)`);
      outcome.plan = r.plan;
      if (r.apply) outcome.result = r.apply;
      const divergence = r.divergence ?? status.get(device).divergedFromNetbox;
      if (divergence) outcome.divergence = divergence;
      if (planOnly) outcome.policy = planPolicyView(policy, r, Date.now());
      if (r.held) {
        outcome.policy = { ...(r.held.hash ? { hash: r.held.hash } : {}), held: r.held };
        outcome.error = { reason: r.held.state === 'pending-window' ? 'PendingWindow' : 'PendingApproval', message: r.held.reason, retryable: false };
      }
      if (r.outcome === 'suspended') {
        const s = r.suspension;
        outcome.error = { reason: 'DeviceSuspended', message: `suspended by ${s?.by ?? '?'} (${s?.reason ?? ''}): nothing sent; resume it first (intentd resume --device ${device})`, retryable: false };
      }
    } catch (err) {
      outcome.error = errorOf(err);
    }
    return outcome.error === undefined;
  };
  try {
    if (fleet && !planOnly) {
      // A fleet apply: in batches, stopping after the batch with the first failed device (policy.yaml `rollout`).
      const byName = new Map(outcomes.map((o) => [o.device, o]));
      outcomes.rollout = await rollout(devices, rolloutOf(policy, fleet), (d) => runOne(byName.get(d) as DeviceOutcome));
      for (const d of outcomes.rollout.notAttempted) (byName.get(d) as DeviceOutcome).notAttempted = true;
    } else {
      for (const outcome of outcomes) await runOne(outcome);
    }
  } finally {
    await pool.closeAll().catch((err: unknown) => logger.warn({ err }, 'closing the sessions failed'));
  }
  return outcomes;
}

function errorOf(err: unknown): NonNullable<DeviceOutcome['error']> {
  const e = asIntentdError(err);
  const problems = (e as { problems?: unknown }).problems;
  const out: NonNullable<DeviceOutcome['error']> = { reason: e.reason, message: e.message, retryable: e.retryable };
  if (Array.isArray(problems) && problems.length > 0) out.problems = problems.map(String);
  return out;
}

/** The line a plan prints for a device whose NetBox still holds what a `git revert` took back. */
export function formatDivergence(d: NetboxDivergence): string {
  const where = d.interfaces.map((i) => `${i.interface} ${i.fields.join(', ')}`).join('; ');
  const how = d.writeBack ? 'intentd writes git back to NetBox after the device verifies it' : 'netbox.writeBackReverts is false: fix NetBox by hand';
  return `  diverged-from-netbox: ${where} (git revert ${d.revert.slice(0, 12)} by ${d.author} of NetBox change ${d.reverts.slice(0, 12)}; ${how})`;
}

/** Human lines for a failed device. */
export function formatError(o: DeviceOutcome): string {
  const e = o.error;
  if (!e) return '';
  return [`device ${o.device}: ${e.reason}: ${e.message}`, ...(e.problems ?? []).map((p) => `  ${p}`)].join('\n');
}
