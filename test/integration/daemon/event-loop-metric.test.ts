import { describe, expect, it } from 'vitest';
import { loopDelayBetween, metricSum } from '../../../bench/daemon-process.js';
import { useLabDaemon } from './lab-daemon.js';

/** Holds the event loop for `ms` (what a long synchronous parse would do). */
function block(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // busy: nothing else runs
  }
}

describe('the event-loop delay in /metrics', () => {
  const t = useLabDaemon('intentd-eld-');
  const scrape = async (): Promise<string> => (await fetch(`${t.daemon.url}/metrics`)).text();

  it('is a cumulative histogram: a held loop shows as one late sample between two scrapes, and scraping resets nothing', async () => {
    await t.start();
    const before = await scrape();
    expect(before).toMatch(/^intentd_event_loop_delay_seconds_bucket\{le="0\.01"\} \d+/m);
    await new Promise((r) => setTimeout(r, 30));
    block(200);
    await new Promise((r) => setTimeout(r, 30));
    const after = await scrape();
    const between = loopDelayBetween(before, after);
    expect(between.samples).toBeGreaterThanOrEqual(2);
    expect(metricSum(after, 'intentd_event_loop_delay_seconds_sum') - metricSum(before, 'intentd_event_loop_delay_seconds_sum')).toBeGreaterThanOrEqual(0.15);
    expect(between.over10msShare).toBeGreaterThan(0);
    // A later scrape still counts the block (cumulative), and sampling goes on.
    await new Promise((r) => setTimeout(r, 100));
    const later = await scrape();
    expect(metricSum(later, 'intentd_event_loop_delay_seconds_bucket', { le: '0.1' })).toBeLessThan(metricSum(later, 'intentd_event_loop_delay_seconds_count'));
    expect(loopDelayBetween(after, later).samples).toBeGreaterThan(0);
  });
});
