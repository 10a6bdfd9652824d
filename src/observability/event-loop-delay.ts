import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { Gauge, type Registry } from 'prom-client';

/** Sampling period of the monitor; each sample is the time its timer fired late. */
export const EVENT_LOOP_RESOLUTION_MS = 10;

/** The delays one scrape reports, in seconds, over the window since the previous scrape. */
export interface EventLoopDelayWindow { p50: number; p99: number; max: number; samples: number; windowSec: number }

/**
 * Event-loop delay of this process (perf_hooks.monitorEventLoopDelay), exported as
 * `intentd_event_loop_delay_seconds{quantile="0.5"|"0.99"|"1"}` (1 = the maximum) and
 * `intentd_event_loop_delay_window_seconds`. Each scrape reports the window since the previous scrape
 * and starts a new one: a Prometheus scraping at a steady interval gets the delay of each interval
 * (one scraper per daemon; two would split the windows). Unlike prom-client's
 * `nodejs_eventloop_lag_*`, the sampling period is subtracted, so an idle loop reads ~0, not 10 ms.
 */
export class EventLoopDelay {
  private readonly histogram: IntervalHistogram;
  private since: number;

  constructor(registry: Registry, private readonly now: () => number = () => performance.now()) {
    this.histogram = monitorEventLoopDelay({ resolution: EVENT_LOOP_RESOLUTION_MS });
    this.histogram.enable();
    this.since = now();
    const delay = new Gauge({
      name: 'intentd_event_loop_delay_seconds',
      help: 'Event-loop delay since the previous scrape (quantile 1 = max), from monitorEventLoopDelay',
      labelNames: ['quantile'] as const,
      registers: [registry],
      collect: () => {
        const w = this.take();
        delay.set({ quantile: '0.5' }, w.p50);
        delay.set({ quantile: '0.99' }, w.p99);
        delay.set({ quantile: '1' }, w.max);
        window.set(w.windowSec);
      },
    });
    const window = new Gauge({
      name: 'intentd_event_loop_delay_window_seconds',
      help: 'Length of the window intentd_event_loop_delay_seconds covers (time since the previous scrape)',
      registers: [registry],
    });
  }

  /** The window so far, and a new one begun. */
  take(): EventLoopDelayWindow {
    const h = this.histogram;
    const late = (ns: number): number => (h.count === 0 ? 0 : Math.max(0, ns / 1e6 - EVENT_LOOP_RESOLUTION_MS) / 1000);
    const t = this.now();
    const w = { p50: late(h.percentile(50)), p99: late(h.percentile(99)), max: late(h.max), samples: h.count, windowSec: (t - this.since) / 1000 };
    h.reset();
    this.since = t;
    return w;
  }

  /** Stops sampling. Idempotent. */
  close(): void {
    this.histogram.disable();
  }
}
