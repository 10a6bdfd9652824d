import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { EventLoopDelay } from './event-loop-delay.js';

/**
 * The daemon's Prometheus metrics, on a registry of its own (so tests can run several daemons in one
 * process). Labels are low-cardinality: no device names.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly reconciles = new Counter({
    name: 'intentd_reconciles_total',
    help: 'Reconciles by controller and result (success, in-sync, applied, retry, terminal)',
    labelNames: ['controller', 'result'] as const,
    registers: [this.registry],
  });
  readonly driftFound = new Counter({
    name: 'intentd_drift_found_total',
    help: 'Device reconciles that found the running config different from intent',
    registers: [this.registry],
  });
  readonly editsSent = new Counter({
    name: 'intentd_edits_sent_total',
    help: 'edit-config RPCs sent to devices',
    registers: [this.registry],
  });
  readonly leavesChanged = new Counter({
    name: 'intentd_leaves_changed_total',
    help: 'Interface leaves changed on devices',
    registers: [this.registry],
  });
  readonly webhooks = new Counter({
    name: 'intentd_webhooks_total',
    help: 'NetBox webhooks by outcome (accepted, ignored, out_of_scope, signature_missing, signature_invalid, malformed, invalid, too_large, rate_limited)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  readonly missedWebhooks = new Counter({
    name: 'intentd_missed_webhooks_total',
    help: 'Intent changes found by the NetBox poll that no webhook announced',
    registers: [this.registry],
  });
  readonly commits = new Counter({
    name: 'intentd_commits_total',
    help: 'Commits made in the intent repo by kind (intent, audit)',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });
  readonly ticketTagFailures = new Counter({
    name: 'intentd_ticket_tag_failures_total',
    help: 'Ticket tags (ticket/<id>) that could not be created; the commit they belong to was made',
    registers: [this.registry],
  });
  readonly notifications = new Counter({
    name: 'intentd_notifications_total',
    help: 'Notifications by kind',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });
  readonly notificationsDropped = new Counter({
    name: 'intentd_notifications_dropped_total',
    help: 'Notifications not sent, by kind and reason (duplicate, overflow, rejected, exhausted)',
    labelNames: ['kind', 'reason'] as const,
    registers: [this.registry],
  });
  readonly queueDepth = new Gauge({
    name: 'intentd_queue_depth',
    help: 'Devices in the work queue by state (queued, running, retrying)',
    labelNames: ['state'] as const,
    registers: [this.registry],
  });
  readonly duration = new Histogram({
    name: 'intentd_reconcile_duration_seconds',
    help: 'Reconcile duration by controller',
    labelNames: ['controller'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [this.registry],
  });

  /** Set with `eventLoopDelay: true` (the daemon); stopped by close(). */
  readonly eventLoopDelay: EventLoopDelay | null;

  constructor(o: { processMetrics?: boolean; eventLoopDelay?: boolean } = {}) {
    if (o.processMetrics) collectDefaultMetrics({ register: this.registry, prefix: 'intentd_' });
    this.eventLoopDelay = o.eventLoopDelay ? new EventLoopDelay(this.registry) : null;
  }

  /** Stops the event-loop monitor. Idempotent. */
  close(): void {
    this.eventLoopDelay?.close();
  }
}
