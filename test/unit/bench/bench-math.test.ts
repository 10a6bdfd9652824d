import { describe, expect, it } from 'vitest';
import { bytesPerItem, mb, paceSchedule, ratio, roundRobin, scaling, spread, vmRssBytes } from '../../../bench/bench-math.js';
import { metricSum, metricTotals } from '../../../bench/daemon-process.js';
import { splitFigures } from '../../../bench/change-latency.js';
import { devicesFor } from '../../../bench/memory.js';

describe('bench ratios and scaling', () => {
  it('rounds ratios and gives NaN instead of dividing by zero', () => {
    expect(ratio(3, 2)).toBe(1.5);
    expect(ratio(1, 3, 2)).toBe(0.33);
    expect(ratio(1, 0)).toBeNaN();
    expect(ratio(Number.NaN, 1)).toBeNaN();
  });

  it('states each size per device and relative to the smallest one', () => {
    const rows = scaling([{ devices: 10, wallMs: 1000 }, { devices: 50, wallMs: 5000 }, { devices: 200, wallMs: 40_000 }]);
    expect(rows.map((r) => r.msPerDevice)).toEqual([100, 100, 200]);
    expect(rows.map((r) => r.wallVsFirst)).toEqual([1, 5, 40]);
    expect(rows.map((r) => r.perDeviceVsFirst)).toEqual([1, 1, 2]);
    expect(scaling([])).toEqual([]);
  });
});

describe('webhook pacing', () => {
  it('spreads sends evenly over the window, the first at once', () => {
    expect(paceSchedule(4, 1000)).toEqual([0, 250, 500, 750]);
    expect(paceSchedule(0, 1000)).toEqual([]);
  });

  it('cycles through the targets so each gets an equal share', () => {
    expect(roundRobin(['a', 'b', 'c'], 7)).toEqual(['a', 'b', 'c', 'a', 'b', 'c', 'a']);
    expect(roundRobin([], 3)).toEqual([]);
  });

  it('summarizes per-device counts as min, max and mean', () => {
    expect(spread([1, 2, 2, 3])).toEqual({ min: 1, max: 3, mean: 2 });
    expect(spread([])).toEqual({ min: 0, max: 0, mean: 0 });
  });
});

describe('memory arithmetic', () => {
  it('reads VmRSS from /proc status text', () => {
    const status = 'Name:\tnode\nVmPeak:\t  999 kB\nVmRSS:\t  102400 kB\nThreads:\t11\n';
    expect(vmRssBytes(status)).toBe(102400 * 1024);
    expect(vmRssBytes('Name:\tnode\n')).toBeNull();
  });

  it('charges the growth over the baseline to each item', () => {
    expect(bytesPerItem(150 * 1024 * 1024, 100 * 1024 * 1024, 10_000)).toBe(5243);
    expect(bytesPerItem(1, 0, 0)).toBeNaN();
    expect(mb(1.25 * 1024 * 1024)).toBe(1.3);
  });

  it('picks enough lab devices (52 interfaces on c9300, 48 on the others) for the interface target', () => {
    expect(devicesFor(52)).toBe(1);
    expect(devicesFor(100)).toBe(2);
    expect(devicesFor(10_000)).toBe(209);
    expect(52 + 48 * (devicesFor(10_000) - 1)).toBeGreaterThanOrEqual(10_000);
  });
});

describe('daemon observations', () => {
  it('adds up Prometheus samples across label sets and skips comments', () => {
    const text = [
      '# HELP intentd_edits_sent_total edit-config RPCs sent to devices',
      '# TYPE intentd_edits_sent_total counter',
      'intentd_edits_sent_total 3',
      'intentd_commits_total{kind="intent"} 2',
      'intentd_commits_total{kind="audit"} 5',
      'intentd_queue_depth{state="queued"} 0',
    ].join('\n');
    expect(metricTotals(text)).toEqual({ intentd_edits_sent_total: 3, intentd_commits_total: 7, intentd_queue_depth: 0 });
  });

  it('sums only the samples whose labels match', () => {
    const text = [
      'intentd_reconcile_duration_seconds_count{controller="device"} 12',
      'intentd_reconcile_duration_seconds_count{controller="intent"} 5',
      'intentd_reconcile_duration_seconds_count{controller="device",extra="x"} 3',
      'intentd_reconcile_duration_seconds_sum{controller="device"} 1.5',
    ].join('\n');
    expect(metricSum(text, 'intentd_reconcile_duration_seconds_count', { controller: 'device' })).toBe(15);
    expect(metricSum(text, 'intentd_reconcile_duration_seconds_count')).toBe(20);
    expect(metricSum(text, 'intentd_missing_total')).toBe(0);
  });

  it('summarizes each stage of the intentd path on its own, ignoring stages an event did not mark', () => {
    const st = splitFigures([
      { webhook: 2, netboxToGit: 100, readAndPlan: 50, applyAndVerify: 80, audit: 3 },
      { webhook: 4, netboxToGit: 300, readAndPlan: Number.NaN, applyAndVerify: 120, audit: 5 },
    ]);
    expect(st.webhook.medianMs).toBe(3);
    expect(st.netboxToGit.maxMs).toBe(300);
    expect(st.readAndPlan.samples).toBe(1);
    expect(st.applyAndVerify.meanMs).toBe(100);
  });
});
