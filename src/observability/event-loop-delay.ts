import { Histogram, type Registry } from 'prom-client';

/** How often the loop is sampled: each sample is how late a timer due after this period fired. */
export const EVENT_LOOP_RESOLUTION_MS = 10;

/** Bucket bounds in seconds: fine around the 10 ms mark a healthy daemon stays under. */
export const EVENT_LOOP_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/**
 * Event-loop delay of this process as a cumulative Prometheus histogram,
 * `intentd_event_loop_delay_seconds` (`_bucket`, `_sum`, `_count`): every 10 ms an unref'd timer
 * records how late it fired (the sampling period itself is not counted, so an idle loop reads ~0).
 * A loop held for 200 ms shows as one sample of ~200 ms, as perf_hooks.monitorEventLoopDelay counts
 * it. Cumulative, so any number of scrapers (and a bench comparing two scrapes) read consistent
 * figures: the share of samples over 10 ms between two scrapes is `1 - bucket{le="0.01"}/count`.
 */
export class EventLoopDelay {
  private readonly timer: NodeJS.Timeout;
  private expected: number;

  constructor(registry: Registry, private readonly now: () => number = () => performance.now()) {
    const histogram = new Histogram({
      name: 'intentd_event_loop_delay_seconds',
      help: 'How late a 10 ms timer fired: event-loop delay samples',
      buckets: EVENT_LOOP_BUCKETS,
      registers: [registry],
    });
    this.expected = now() + EVENT_LOOP_RESOLUTION_MS;
    this.timer = setInterval(() => {
      const t = this.now();
      histogram.observe(Math.max(0, t - this.expected) / 1000);
      this.expected = t + EVENT_LOOP_RESOLUTION_MS;
    }, EVENT_LOOP_RESOLUTION_MS);
    this.timer.unref();
  }

  /** Stops sampling. Idempotent. */
  close(): void {
    clearInterval(this.timer);
  }
}
