import type { FastifyInstance } from 'fastify';
import { NetboxClient } from './adapters/netbox/client.js';
import { GitIntentStore } from './adapters/git/intent-store.js';
import { identityCheckEnabled } from './adapters/netconf/connection.js';
import { NetboxSourceOfTruth } from './adapters/netbox/source-of-truth.js';
import { knownRules, PlatformRegistry } from './adapters/platforms/registry.js';
import type { PlatformRules } from './core/platform-rules.js';
import { NetconfPool } from './adapters/netconf/pool.js';
import { DedupNotifier } from './adapters/webex/dedup-notifier.js';
import { IncidentNotifier } from './adapters/webex/incident-notifier.js';
import { WebexApi } from './adapters/webex/webex-api.js';
import { registerWebexWebhook, type ApprovalActions } from './http/webex-webhook.js';
import { LogNotifier, WebexNotifier, type Notifier } from './adapters/webex/notifier.js';
import { checkServeConfig } from './config/serve-checks.js';
import type { Config } from './config/types.js';
import { DeviceApplyReconciler } from './controllers/device-apply.js';
import { IntentSyncController } from './controllers/intent-sync-controller.js';
import { IntentSyncReconciler } from './controllers/intent-sync.js';
import { TicketLedger } from './controllers/ticket-ledger.js';
import { TicketWriteback } from './controllers/ticket-writeback.js';
import { RevertWriteback } from './controllers/revert-writeback.js';
import { RolloutGate } from './controllers/rollout-gate.js';
import { rolloutOf } from './core/policy.js';
import { isDeviceName } from './core/device-name.js';
import { DaemonEvents } from './daemon-events.js';
import { createHttpServer, parseListen } from './http/server.js';
import { createLogger, type Logger } from './log.js';
import { Metrics } from './observability/metrics.js';
import { StatusBook } from './runtime/status.js';
import { LoopBudget } from './runtime/loop-budget.js';
import { WorkQueue } from './runtime/work-queue.js';
import { Queues } from './runtime/controller-queues.js';
import { KeyedLock } from './runtime/keyed-lock.js';
import { DeviceScope } from './runtime/device-scope.js';
import { ApplyJournal } from './runtime/apply-journal.js';
import { join } from 'node:path';
import { CronSource } from './sources/cron-source.js';
import { IntentWatchSource } from './sources/intent-watch.js';
import { registerNetboxWebhook } from './sources/netbox-webhook.js';
import { GitPolicyStore, type PolicyActor } from './adapters/git/policy-store.js';
import { PolicyBook } from './runtime/policy-book.js';
import { ApprovalStore, approvalsDir } from './runtime/approval-store.js';
import { systemClock, type Clock } from './runtime/clock.js';
import { ChangeGate } from './controllers/change-gate.js';
import { ApprovalService } from './controllers/approval-service.js';
import { suspensionOf, type Policy } from './core/policy.js';
import type { ConsoleDeps } from './http/ui/console-deps.js';
import type { StartedCluster } from './runtime/cluster-start.js';
import type { ClusterShard } from './runtime/cluster-shard.js';

export interface DaemonOptions {
  config: Config;
  logger?: Logger;
  events?: DaemonEvents;
  /** Collect Node process metrics too (the CLI daemon does; tests running many daemons do not). */
  processMetrics?: boolean;
  /**
   * Aborted when a stop was asked for, possibly while start() is still running (a SIGTERM during the
   * start-up NetBox listing): NetBox requests and retry waits in flight are abandoned at once.
   */
  stopSignal?: AbortSignal;
  /** What a Webex card click approves or rejects through (default: the daemon's ApprovalService; tests pass a fake). */
  approvals?: ApprovalActions;
  /** The clock of change windows (default the system clock); tests move it. */
  clock?: Clock;
}

/** What the Webex queue may take of a shutdown: messages not sent by then are logged as abandoned. */
const SHUTDOWN_FLUSH_MS = 2000;
/** CPU-bound device-apply steps run per loop turn until this much of it is spent (see LoopBudget). */
const LOOP_BUDGET_MS = 2;


/**
 * `intentd run`: composes config → adapters → controllers → sources, and owns their lifecycle.
 * Every source only nudges a device key; two controllers on their own queues do the work: intent-sync
 * (NetBox → git: webhooks, the poll) and device-apply (git → device: the intent watch, resync, and
 * every intent commit intent-sync makes). Start-up and API nudges ask both. `stop()` stops the sources, lets in-flight device applies finish
 * (bounded), flushes notifications and closes NETCONF sessions.
 */
export class Daemon {
  private readonly sources: Array<{ stop(): Promise<void> }> = [];
  private stopping = false;
  private depthTimer: NodeJS.Timeout | null = null;
  /** Run at stop (listeners on the caller's DaemonEvents). */
  private readonly cleanups: Array<() => void> = [];
  /** Approve / reject held plans (CLI, API, Webex card). */
  approvals!: ApprovalService;

  private constructor(
    readonly config: Config,
    readonly url: string,
    readonly events: DaemonEvents,
    readonly metrics: Metrics,
    readonly status: StatusBook,
    private readonly logger: Logger,
    private readonly queues: Queues,
    private readonly http: FastifyInstance,
    private readonly pool: NetconfPool,
    private readonly notifier: Notifier,
    private readonly store: GitIntentStore,
    private readonly scope: DeviceScope,
    /** Aborted by stop(): NetBox calls and their retry waits end at once. */
    private readonly halt: AbortController,
    /** The device's platform rules when known (the intent watch checks files with them). */
    private readonly rulesFor: (device: string) => Promise<PlatformRules | null>,
    /** policy.yaml in force (suspensions) and where it is read and committed. */
    readonly policy: PolicyBook,
    private readonly policyStore: GitPolicyStore,
    /** Cluster mode: this replica's membership and share of the fleet (null: one process owns every device). */
    private readonly cluster: StartedCluster | null = null,
  ) {}

  private get shard(): ClusterShard | null {
    return this.cluster?.shard ?? null;
  }

  static async start(o: DaemonOptions): Promise<Daemon> {
    const { config } = o;
    const warnings = checkServeConfig(config);
    const logger = o.logger ?? createLogger();
    logger.info({ protectedInterfaces: config.devices.protectedInterfaces }, 'protected interfaces: these, plus every NetBox mgmt_only interface');
    for (const w of warnings) logger.warn(w);
    if (!config.http.apiToken) logger.info('http.apiToken is not set: POST /api/reconcile is refused (403)');
    const events = o.events ?? new DaemonEvents();
    const metrics = new Metrics({ processMetrics: o.processMetrics ?? false, eventLoopDelay: true });
    const status = new StatusBook();
    // Replicas push to one remote at once: more rounds of fetch + rebase before a push gives up (the next write retries).
    const store = await GitIntentStore.open({ ...config.intent, logger, onTagFailed: () => metrics.ticketTagFailures.inc(), ...(config.cluster ? { pushAttempts: 20 } : {}) });
    const halt = new AbortController();
    if (o.stopSignal?.aborted) halt.abort();
    o.stopSignal?.addEventListener('abort', () => halt.abort(), { once: true });
    const netbox = config.netbox.url && config.netbox.token ? NetboxClient.fromConfig(config.netbox, logger, halt.signal) : null;
    const onDrop = (kind: string, reason: string): void => metrics.notificationsDropped.inc({ kind, reason });
    // Drift and failures on a device are incidents: one Webex thread each, closed by a "resolved".
    const incidents = config.webex ? new IncidentNotifier(new WebexNotifier({ config: config.webex, logger, onDrop }), { quietMs: config.webex.incidentQuietMs }) : null;
    const notifier: Notifier = new DedupNotifier(
      incidents ?? new LogNotifier(logger),
      { windowMs: config.webex?.rejectedInputWindowMs ?? 600_000, onDuplicate: (n) => onDrop(n.kind, 'duplicate') },
    );
    const offIncidents = incidents
      ? events.onEvent((e) => {
          if (e.type === 'in-sync' || (e.type === 'applied' && e.verified)) incidents.healthy(e.device);
          if (e.type === 'drift-reported' || e.type === 'failed') incidents.unhealthy(e.device);
        })
      : () => {};
    const stopIncidents = (): void => {
      offIncidents();
      incidents?.close();
    };
    const pool = new NetconfPool({ logger, backoff: { initialMs: 500, maxMs: Math.min(30_000, config.reconcile.maxBackoffMs) } });
    const platforms = new PlatformRegistry({ config, logger, pool });
    const source = netbox ? new NetboxSourceOfTruth({ client: netbox, config, logger, platforms }) : null;
    const scope = new DeviceScope(store, source);
    const policyStore = new GitPolicyStore(store, logger);
    const policy = new PolicyBook(policyStore, logger);
    await policy.refresh();
    const tickets = new TicketLedger();
    const intentLock = new KeyedLock();
    const reverts = source ? new RevertWriteback({ store, source, status, logger, events, writeBack: config.netbox.writeBackReverts }) : null;
    const clock = o.clock ?? systemClock;
    const approvalStore = new ApprovalStore(approvalsDir(store.repo));
    const gate = new ChangeGate({ config, policy: () => policy.current(), approvals: approvalStore, clock, wake: (d) => void daemon?.nudge(d, 'window'), logger });
    const approvals = new ApprovalService({ store: approvalStore, policy: () => policy.current(), now: () => clock.now(), decided: (d) => void daemon?.nudge(d, 'approval'), logger });
    // Cluster mode: work runs only on the device's owner, under its etcd lock, on a freshly pulled clone.
    const shardRef: { current: ClusterShard | null } = { current: null };
    const owned = (device: string, work: () => Promise<unknown>): Promise<unknown> =>
      shardRef.current ? shardRef.current.run(device, () => store.pull().then(work)) : work();
    const apply = new DeviceApplyReconciler({
      loopBudget: new LoopBudget(LOOP_BUDGET_MS),
      config,
      store,
      platforms,
      source,
      notifier,
      status,
      metrics,
      logger,
      events,
      journal: new ApplyJournal(join(store.repo, '.git', 'intentd', 'pending-applies')),
      expectedIdentity: (device, located) => (identityCheckEnabled(config, device) ? { name: device, serial: located.serial } : null),
      tickets,
      writeback: source ? new TicketWriteback({ source, logger }) : null,
      intentLock,
      suspension: (device) => policy.suspensionOf(device),
      reverts,
      gate,
      ...(config.cluster ? { fence: (device: string) => shardRef.current?.fence(device) ?? Promise.resolve() } : {}),
    });
    const queueOptions = {
      concurrency: config.reconcile.concurrency,
      maxBackoffMs: config.reconcile.maxBackoffMs,
      baseBackoffMs: Math.min(1000, config.reconcile.maxBackoffMs),
      logger,
    };
    let syncDrained = (): Promise<void> => Promise.resolve();
    const rollout = new RolloutGate({
      options: () => (policy.current().rollout === undefined ? null : rolloutOf(policy.current())),
      release: (d, reason) => void applyQueue.add(d, reason),
      syncDrained: () => syncDrained(),
      status,
      logger,
      events,
    });
    const applyQueue = new WorkQueue(async (device, reasons) => {
      // A device a rollout holds (or runs later) waits: the wave runs it (see RolloutGate).
      if (!rollout.admits(device, reasons)) return;
      // Nudged only by intent-sync's commits: the changed interfaces are read (the watch's pass reads all).
      const focus = reasons.length > 0 && reasons.every((r) => r === 'intent-commit' || r === 'rollout');
      await owned(device, () => apply.reconcile(device, { focusIntentChanges: focus })).then(
        () => rollout.finished(device, true),
        (err: unknown) => {
          rollout.finished(device, false);
          throw err;
        },
      );
    }, queueOptions);
    const sync = source
      ? new IntentSyncController({
          sync: new IntentSyncReconciler({ source, store, config, logger, platforms }),
          store,
          status,
          metrics,
          events,
          notifier,
          logger,
          tickets,
          intentLock,
          // An intent commit nudges device-apply at once, as the git watch would.
          // One NetBox change over many devices rolls out in batches when policy.yaml has `rollout`.
          nudgeApply: (d, reason) => rollout.changed(d, reason),
        })
      : null;
    // NetBox is re-read for a device at most once per netbox.rereadGapMs while its webhooks keep coming.
    const syncQueue = sync ? new WorkQueue(async (device, reasons) => void (await owned(device, () => sync.reconcile(device, reasons))), { ...queueOptions, rerunGapMs: config.netbox.rereadGapMs }) : null;
    if (syncQueue) syncDrained = () => syncQueue.drained();
    const queues = new Queues(syncQueue, applyQueue);

    let daemon: Daemon | null = null;
    const nudge = (device: string, reason: string) => daemon?.nudge(device, reason) ?? 'stopping';
    // The etcd client (and its gRPC stack) is loaded only in cluster mode: a single process never pays for it.
    const cluster = config.cluster
      ? await (await import('./runtime/cluster-start.js')).startCluster({ config: config.cluster, logger, status, known: () => scope.known(), nudge: (d, r) => void nudge(d, r), recheck: (d) => scope.recheck(d) })
      : null;
    shardRef.current = cluster?.shard ?? null;
    const consoleDeps: ConsoleDeps = {
      uiAuth: config.http.uiAuth,
      apiToken: config.http.apiToken,
      logger,
      status,
      events,
      actions: {
        nudge,
        setSuspension: (device, reason, actor) => (daemon ? daemon.setSuspension(device, reason, actor) : Promise.resolve({ outcome: 'unknown', commit: null })),
      },
      known: () => scope.known(),
      platformOf: (d) => platforms.platformOf(d, null),
      suspensionOf: (d) => policy.suspensionOf(d),
      policy: () => ({ policy: policy.current(), problem: policy.problem }),
      plan: async (d) => {
        const r = await apply.reconcile(d, { mode: 'plan' });
        return { intent: r.intent, plan: r.plan };
      },
      history: (q) => policyStore.history(q),
      commitInfo: (commits) => policyStore.commitInfo(commits),
      ...(cluster ? { fleet: () => cluster.shard.fleet() } : {}),
    };
    const http = createHttpServer({
      logger,
      metrics,
      status,
      ...(cluster ? { fleet: () => cluster.shard.fleet() } : {}),
      maxBodyBytes: config.http.maxBodyBytes,
      apiToken: config.http.apiToken,
      rateLimit: config.http.rateLimit,
      nudge,
      console: consoleDeps,
      approvals,
      readiness: async () => ({
        // Not just HEAD: the intent files must be listable at HEAD (a corrupt repo is not ready).
        intentRepo: await store.listDevices().then(
          () => ({ ok: true }),
          (err: Error) => ({ ok: false, detail: err.message }),
        ),
        ...(netbox
          ? {
              // Bounded: a probe must answer even while the client is retrying a slow NetBox.
              netbox: await Promise.race([
                netbox.status().then(
                  () => ({ ok: true }),
                  (err: Error) => ({ ok: false, detail: err.message }),
                ),
                new Promise<{ ok: boolean; detail: string }>((r) => setTimeout(() => r({ ok: false, detail: 'NetBox did not answer within 3 s' }), 3000).unref()),
              ]),
            }
          : {}),
      }),
    });
    // Without NetBox there is nothing to send webhooks: no route (see checkServeConfig).
    if (config.netbox.url !== null) {
      registerNetboxWebhook(http, {
        secret: config.netbox.webhookSecret || null,
        maxBodyBytes: config.http.maxBodyBytes,
        rateLimit: config.http.rateLimit,
        logger,
        metrics: { webhook: (outcome) => metrics.webhooks.inc({ outcome }) },
        inScope: (device) => {
          if (scope.has(device)) return true;
          // Maybe just added in NetBox: re-list once (rate-limited) and nudge it if it is in scope now.
          void scope.recheck(device).then((found) => found && nudge(device, 'webhook'));
          return false;
        },
        onDevice: (device, { event }) => {
          // The device record (scope, address, serial, platform) is reused between reads: not after it changed.
          if (event.objectType === 'dcim.device') source?.forget(device);
          nudge(device, 'webhook');
        },
      });
    }
    if (config.webex?.webhookSecret) {
      const webex = config.webex;
      registerWebexWebhook(http, {
        secret: webex.webhookSecret as string,
        approvers: () => webex.approvers,
        actions: o.approvals ?? approvals,
        api: new WebexApi({ baseUrl: webex.baseUrl, token: webex.token }),
        maxBodyBytes: config.http.maxBodyBytes,
        rateLimit: config.http.rateLimit,
        logger,
      });
    }
    const { host, port } = parseListen(config.http.listen);
    const address = await http.listen({ host, port });
    daemon = new Daemon(config, address, events, metrics, status, logger, queues, http, pool, notifier, store, scope, halt, (d) => knownRules(platforms, config, source, d), policy, policyStore, cluster);
    if (reverts) halt.signal.addEventListener('abort', () => reverts.stop(), { once: true });
    daemon.cleanups.push(stopIncidents);
    daemon.approvals = approvals;
    daemon.sources.push({ stop: () => Promise.resolve(gate.stop()) });
    await daemon.startSources(netbox !== null);
    logger.info({ url: address, repo: store.repo, netbox: config.netbox.url, mode: config.reconcile.mode }, 'intentd running');
    return daemon;
  }

  /** Nudges a device: only a key goes in; the reconcile re-reads everything. */
  nudge(device: string, reason: string): 'accepted' | 'unknown' | 'stopping' {
    if (this.stopping) return 'stopping';
    if (!isDeviceName(device)) {
      this.events.emitEvent({ type: 'nudge-refused', device, reason, why: 'invalid device name' });
      return 'unknown';
    }
    if (!this.scope.has(device)) {
      this.logger.warn({ device, reason }, 'nudge for a device intentd does not manage; ignored');
      this.events.emitEvent({ type: 'nudge-refused', device, reason, why: 'not managed' });
      return 'unknown';
    }
    if (this.shard?.forwards(device, reason)) {
      // Another replica owns it: handed over through etcd (the owner re-reads everything).
      this.shard.forward(device, reason);
      this.events.emitEvent({ type: 'nudge', device, reason });
      return 'accepted';
    }
    if (!this.queues.add(device, reason)) return 'stopping';
    this.events.emitEvent({ type: 'nudge', device, reason });
    return 'accepted';
  }

  /**
   * Suspends (`reason` set) or resumes (null) a device or the fleet (`device` null): a policy.yaml
   * commit through the compare-and-swap path, then the policy is re-read and every device whose
   * suspension changed is nudged (a resumed one reconciles at once). 'unknown' for an unmanaged device.
   */
  async setSuspension(device: string | null, reason: string | null, actor: PolicyActor): Promise<{ outcome: 'done' | 'unknown'; commit: string | null }> {
    if (device !== null && !this.scope.has(device)) return { outcome: 'unknown', commit: null };
    const s = reason === null ? null : { reason, by: actor.by, at: new Date().toISOString() };
    const commit = await this.policyStore.change(device, s, actor);
    this.logger.info({ device: device ?? '*', action: s ? 'suspend' : 'resume', reason, by: actor.by, via: actor.via, commit }, s ? 'suspended' : 'resumed');
    this.events.emitEvent({ type: 'policy', device: device ?? '*', commit, action: s ? 'suspend' : 'resume' });
    await this.reloadPolicy();
    return { outcome: 'done', commit };
  }

  /** Re-reads policy.yaml at HEAD and nudges every device whose suspension changed. */
  async reloadPolicy(): Promise<void> {
    const had = this.policy.problem?.message;
    const { before, after, problem } = await this.policy.refresh();
    if (problem) {
      if (problem.message !== had) this.notifier.notify({ kind: 'rejected-input', source: 'intent repo: policy.yaml', reason: [`${problem.message} (the last good policy stays in force)`, ...problem.problems].join('\n') });
      this.events.emitEvent({ type: 'policy', device: '*', commit: null, action: 'rejected' });
      return;
    }
    if (before === after) return;
    // A change of the change policy (modes, windows, ignore, approval) may concern any device.
    const key = (p: Policy, d: string): string => JSON.stringify([suspensionOf(p, d), p.defaults, p.rules, p.ignore, p.approval]);
    for (const d of this.scope.known()) if (key(before, d) !== key(after, d)) this.nudge(d, 'policy');
  }

  /** Resolves when nothing is queued, running or waiting for a retry. */
  idle(): Promise<void> {
    return this.queues.drained();
  }

  async stop(o: { timeoutMs?: number } = {}): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    const timeoutMs = o.timeoutMs ?? 30_000;
    this.logger.info('stopping: no new work; finishing device applies in flight');
    // NetBox calls (and their retries) in flight are abandoned: a reconcile waiting on a NetBox that
    // is down must not hold the shutdown; device writes in flight are still waited for below.
    this.halt.abort();
    if (this.depthTimer) clearInterval(this.depthTimer);
    await Promise.all(this.sources.map((s) => s.stop()));
    await this.http.close();
    const finished = await this.queues.shutdown(timeoutMs);
    if (!finished) this.logger.warn({ timeoutMs }, 'in-flight reconciles did not finish in time');
    for (const off of this.cleanups) off();
    // Leaving the cluster revokes the lease: locks and devices go to the others at once.
    await this.cluster?.stop();
    await this.notifier.flush(Math.min(SHUTDOWN_FLUSH_MS, timeoutMs));
    const unsent = this.notifier.stats().queued;
    if (unsent > 0) this.logger.warn({ unsent }, 'notifications not sent before shutdown (Webex unreachable?): abandoned');
    await this.pool.closeAll();
    await this.store.idle();
    this.store.close();
    this.metrics.close();
    this.logger.info('stopped');
  }

  /** Whether this process runs the NetBox poll and the resync schedule: always alone, only the leader in a cluster. */
  private polls(): boolean {
    return this.cluster?.isLeader() ?? true;
  }

  private async startSources(withNetbox: boolean): Promise<void> {
    const { config, logger } = this;
    const nudge = (d: string, r: string): void => {
      this.nudge(d, r);
    };
    await this.scope.refresh().catch((err: Error) => logger.warn({ err: err.message }, 'device listing failed at start (NetBox or the intent repo); the poll retries'));
    const watch = new IntentWatchSource({
      repo: this.store.repo,
      store: this.store,
      debounceMs: config.intent.watchDebounceMs,
      logger,
      rulesFor: this.rulesFor,
      // A commit may have changed policy.yaml (a hand edit, a pull): re-read it.
      onHeadMoved: () => void this.reloadPolicy().catch((err: Error) => logger.warn({ err: err.message }, 'policy re-read failed')),
      onDevice: (d) => {
        // A file that appeared in git makes its device managed, NetBox or not.
        this.scope.noteIntentDevice(d);
        nudge(d, 'git');
      },
      onInvalid: (device, err) => {
        logger.error({ device, problems: err.problems }, 'invalid intent file ignored');
        this.notifier.notify({ kind: 'rejected-input', source: `intent repo: devices/${device}.yaml`, reason: [err.message, ...err.problems].join('\n') });
      },
    });
    await watch.start();
    this.sources.push(watch);
    if (withNetbox && config.netbox.poll) {
      const poll = new CronSource({ name: 'netbox-poll', schedule: config.netbox.poll, reason: 'poll', logger, nudge, list: () => (this.polls() ? this.scope.refresh() : Promise.resolve([])) });
      poll.start();
      this.sources.push(poll);
    }
    if (config.reconcile.resync) {
      const resync = new CronSource({ name: 'resync', schedule: config.reconcile.resync, reason: 'resync', logger, nudge, list: () => (!this.cluster ? this.store.listDevices() : this.polls() ? this.store.pull().then(() => this.store.listDevices()) : Promise.resolve([])) });
      resync.start();
      this.sources.push(resync);
    }
    this.depthTimer = setInterval(() => {
      const d = this.queues.depth();
      for (const [state, n] of Object.entries(d)) this.metrics.queueDepth.set({ state }, n);
    }, 1000);
    this.depthTimer.unref();
    // Start-up: converge every known device from git + NetBox + device (nothing depends on past events).
    for (const d of this.scope.known()) nudge(d, 'startup');
  }
}
