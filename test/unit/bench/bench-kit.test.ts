import { describe, expect, it } from 'vitest';
import { quantile, summarize } from '../../../bench/bench-kit.js';
import { changeLatencyTargets, SEED_NCCLIENT, withRatios } from '../../../bench/change-latency.js';
import { formatTargets } from '../../../bench/bench-kit.js';
import { stormTargets, type PhaseFigures } from '../../../bench/webhook-storm.js';
import { runAll } from '../../../bench/run.js';

describe('bench statistics', () => {
  it('takes the nearest-rank p95 and the middle median', () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(quantile([...samples].sort((a, b) => a - b), 0.95)).toBe(95);
    expect(summarize(samples)).toEqual({ samples: 100, medianMs: 50.5, p95Ms: 95, meanMs: 50.5, minMs: 1, maxMs: 100 });
    expect(summarize([3, 1, 2]).medianMs).toBe(2);
  });

  it('states every path relative to the floor', () => {
    const paths = withRatios({
      floor: { description: 'f', samples: [10, 10, 10, 20] },
      'seed-style': { description: 's', samples: [50, 50, 50, 100] },
    });
    expect(paths.floor).toMatchObject({ medianMs: 10, p95Ms: 20, p50VsFloor: 1, p95VsFloor: 1 });
    expect(paths['seed-style']).toMatchObject({ medianMs: 50, p95Ms: 100, p50VsFloor: 5, p95VsFloor: 5 });
  });
});

describe('bench targets', () => {
  it('judges change latency against the floor and the lab flow measured in the same run', () => {
    const paths = withRatios({
      floor: { description: 'f', samples: [10, 10, 10, 10] },
      [SEED_NCCLIENT]: { description: 'lab', samples: [400, 400, 400, 400] },
      intentd: { description: 'i', samples: [15, 15, 15, 25] },
    });
    const targets = changeLatencyTargets(paths);
    expect(targets.map((t) => [t.target, t.met])).toEqual([
      ['≤ 1.5× floor p50', true],
      ['≤ 2× floor p95', false],
      ['≥ 20× (lab on real ncclient)', true],
    ]);
    expect(formatTargets(targets)).toMatch(/NOT MET\s+change latency p95/);
  });

  it('does not judge the lab-flow target when that baseline was not measured', () => {
    const paths = withRatios({ floor: { description: 'f', samples: [10] }, intentd: { description: 'i', samples: [12] } });
    expect(changeLatencyTargets(paths).map((t) => t.target)).toEqual(['≤ 1.5× floor p50', '≤ 2× floor p95']);
  });
});

describe('webhook storm targets', () => {
  const phase = (o: Partial<PhaseFigures>): PhaseFigures => ({
    webhooks: 50, changes: 50, allAccepted: true, ackP50Ms: 2, ackP99Ms: 5, ackMaxMs: 6, convergeMs: 5000, webhooksPerDevice: 5,
    editsPerDevice: { min: 1, max: 1, mean: 1 }, editsTotal: 10, reconcilesPerDevice: 1, senderLoopDelayP99Ms: 1, senderPrioritized: true, daemonLoop: { p99UpToMs: 5, over10msPercent: 0.5 }, ...o,
  });
  it('needs ack p99 ≤ 10 ms, exactly one edit-config on every device and a converge within 2× the calm phase', () => {
    const r = { when: '', devices: 10, interfaces: 50, importConvergeSec: 1, idle: phase({}), calm: phase({}), stormVsCalm: { ackP50: 1, ackP99: 1, converge: 2.1, editsPerDevice: 1 } };
    const met = (storm: PhaseFigures) => stormTargets({ ...r, storm }).map((t) => t.met);
    expect(met(phase({ ackP99Ms: 9.9, convergeMs: 10_500 }))).toEqual([true, true, false, true]);
    expect(met(phase({ ackP99Ms: 10.1, editsPerDevice: { min: 1, max: 2, mean: 1.1 }, daemonLoop: { p99UpToMs: 25, over10msPercent: 3 } }))).toEqual([false, false, false, false]);
  });
});

describe('bench runner', () => {
  const bench = (name: string, main: () => Promise<unknown>) => ({ name, load: async () => ({ main }) });

  it('runs benches in turn and keeps going after one fails', async () => {
    const order: string[] = [];
    const outcomes = await runAll([
      bench('bad', async () => { order.push('bad'); throw new Error('no device'); }),
      bench('unit-test-bench', async () => { order.push('good'); return { ok: 1 }; }),
    ], 10_000);
    expect(order).toEqual(['bad', 'good']);
    expect(outcomes.map((o) => [o.name, o.status, o.error])).toEqual([['bad', 'failed', 'no device'], ['unit-test-bench', 'ok', undefined]]);
  });

  it('collects the targets each bench reports', async () => {
    const target = { name: 't', target: '≤ 1', measured: '0.5', met: true };
    const outcomes = await runAll([bench('unit-test-bench', async () => ({ targets: [target] }))], 10_000);
    expect(outcomes[0]?.targets).toEqual([target]);
  });

  it('fails a bench still running at the end of the budget and skips the rest', async () => {
    const outcomes = await runAll([
      bench('slow', () => new Promise(() => undefined)),
      bench('never', async () => ({})),
    ], 50);
    expect(outcomes.map((o) => [o.name, o.status])).toEqual([['slow', 'timed-out'], ['never', 'skipped']]);
  });
});
