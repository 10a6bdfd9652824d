import { describe, expect, it } from 'vitest';
import { memoryTargets, type MemoryPoint } from '../../../bench/memory.js';
import { noopTargets, type NoopResyncPoint } from '../../../bench/noop-resync.js';

const point = (devices: number, wallMs: number, over: Partial<NoopResyncPoint> = {}): NoopResyncPoint & { msPerDevice: number } => ({
  devices, interfaces: devices * 48, convergeSec: 1, wallMs, editsSent: 0, commitsMade: 0, inSyncEvents: devices, notInSync: {},
  rpcsPerDevice: 1, getConfigsPerDevice: 1, kbPerInterface: 5, eventLoopP99Ms: 5, eventLoopOver10msShare: 0.5, msPerDevice: wallMs / devices, ...over,
});

describe('fleet targets of the benches', () => {
  it('meets the 1,000-device resync only within 10 s with exactly one get-config and nothing written', () => {
    expect(noopTargets([point(10, 80), point(1000, 9000)]).map((t) => t.met)).toEqual([true, true, true]);
    expect(noopTargets([point(10, 80), point(1000, 10_500)])[0]?.met).toBe(false);
    expect(noopTargets([point(10, 80), point(1000, 9000, { rpcsPerDevice: 2 })])[0]?.met).toBe(false);
    expect(noopTargets([point(10, 80), point(1000, 9000, { commitsMade: 1 })])[0]?.met).toBe(false);
  });

  it('calls the cost per device flat within 1.5× of the smallest pass, and checks the event-loop p99 of the largest', () => {
    const [, flat, loop] = noopTargets([point(10, 50), point(1000, 9000, { eventLoopP99Ms: 25, eventLoopOver10msShare: 1.5 })]);
    expect(flat).toMatchObject({ met: false, measured: '9.0 ms/dev = 1.80×' });
    expect(loop?.met).toBe(false);
  });

  it('holds each loaded daemon to its RSS bound', () => {
    const figures = (rssMB: number) => ({ rssMB, heapUsedMB: 1, rssBytes: rssMB * 1048576 });
    const p = (interfaces: number, rssMB: number, boundMB: number | null): MemoryPoint => ({
      devices: 1, interfaces, startupSec: 1, afterStartup: figures(rssMB), loaded: figures(rssMB), deltaMB: 0, bytesPerInterface: 0, loadedVsBaseline: 1, boundMB,
    });
    const targets = memoryTargets(figures(90), [p(10_036, 149, 150), p(50_000, 401, 400), p(500, 95, null)]);
    expect(targets.map((t) => [t.name, t.met])).toEqual([['daemon RSS at 10036 interfaces', true], ['daemon RSS at 50000 interfaces', false]]);
  });
});
