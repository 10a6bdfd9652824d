import { describe, expect, it } from 'vitest';
import { metricSum } from '../../../bench/daemon-process.js';
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
  const delay = (text: string, quantile: string): number => metricSum(text, 'intentd_event_loop_delay_seconds', { quantile });

  it('reports the p50, p99 and max delay of the window since the previous scrape, then starts a new window', async () => {
    await t.start();
    await scrape();
    // Let the monitor's timer be armed, then hold the loop: that one sample is ~200 ms late.
    await new Promise((r) => setTimeout(r, 30));
    block(200);
    // The monitor records a late sample when its timer next fires: a timer due after it has run by then.
    await new Promise((r) => setTimeout(r, 20));
    const first = await scrape();
    expect(first).toMatch(/^intentd_event_loop_delay_seconds\{quantile="0\.99"\} /m);
    expect(delay(first, '1')).toBeGreaterThanOrEqual(0.15);
    expect(delay(first, '0.99')).toBeGreaterThanOrEqual(delay(first, '0.5'));
    expect(metricSum(first, 'intentd_event_loop_delay_window_seconds')).toBeGreaterThanOrEqual(0.2);
    // The block belongs to the first window only.
    const second = await scrape();
    expect(delay(second, '1')).toBeLessThan(0.15);
  });
});
