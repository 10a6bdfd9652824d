import { describe, expect, it } from 'vitest';
import { IntentdError } from '../../../src/core/errors.js';
import { silentLogger } from '../../../src/log.js';
import { backoffDelay } from '../../../src/runtime/backoff.js';
import { WorkQueue } from '../../../src/runtime/work-queue.js';

const logger = silentLogger();
const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));

describe('WorkQueue', () => {
  it('processes a key added many times before it runs once', async () => {
    const runs: Array<[string, string[]]> = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const q = new WorkQueue(
      async (key, reasons) => {
        if (key === 'blocker') await gate;
        runs.push([key, reasons]);
      },
      { concurrency: 1, logger },
    );
    q.add('blocker', 'x');
    for (let i = 0; i < 100; i++) q.add('c9300', `webhook ${i % 3}`);
    release();
    await q.drained();
    const c = runs.filter(([k]) => k === 'c9300');
    expect(c).toHaveLength(1);
    expect(c[0]?.[1].sort()).toEqual(['webhook 0', 'webhook 1', 'webhook 2']);
  });

  it('never runs one key twice at the same time, and runs once more after a nudge during a run', async () => {
    let active = 0;
    let maxActive = 0;
    let runs = 0;
    const q = new WorkQueue(
      async () => {
        active++;
        maxActive = Math.max(maxActive, active);
        runs++;
        await tick(20);
        active--;
      },
      { concurrency: 4, logger },
    );
    q.add('d1', 'a');
    await tick(5);
    for (let i = 0; i < 10; i++) q.add('d1', 'b');
    await q.drained();
    expect(maxActive).toBe(1);
    expect(runs).toBe(2);
  });

  it('with rerunGapMs, runs the first nudge at once and a burst during and after the run once more, a gap after the run began', async () => {
    const starts: Array<{ at: number; reasons: string[] }> = [];
    const t0 = performance.now();
    const q = new WorkQueue(
      async (_key, reasons) => {
        starts.push({ at: performance.now() - t0, reasons: [...reasons].sort() });
        await tick(10);
      },
      { concurrency: 2, logger, rerunGapMs: 120 },
    );
    q.add('d1', 'w0');
    await tick(2);
    q.add('d1', 'w1'); // during the run
    await tick(30);
    for (let i = 2; i < 6; i++) q.add('d1', `w${i}`); // while the rerun is held back
    expect(q.isPending('d1')).toBe(true);
    await q.drained();
    expect(starts).toHaveLength(2);
    expect(starts[0]?.at).toBeLessThan(60);
    expect(starts[0]?.reasons).toEqual(['w0']);
    expect((starts[1]?.at ?? 0) - (starts[0]?.at ?? 0)).toBeGreaterThanOrEqual(115);
    expect(starts[1]?.reasons).toEqual(['w1', 'w2', 'w3', 'w4', 'w5']);
    // A quiet key runs at once again: the gap only spaces reruns of a burst.
    const before = starts.length;
    q.add('d1', 'later');
    await q.drained();
    expect(starts.length).toBe(before + 1);
  });

  it('caps global concurrency', async () => {
    let active = 0;
    let maxActive = 0;
    const q = new WorkQueue(
      async () => {
        active++;
        maxActive = Math.max(maxActive, active);
        await tick(10);
        active--;
      },
      { concurrency: 3, logger },
    );
    for (let i = 0; i < 12; i++) q.add(`d${i}`, 'poll');
    await q.drained();
    expect(maxActive).toBe(3);
  });

  it('retries retryable errors with backoff and forgets the backoff on success', async () => {
    const results: string[] = [];
    let calls = 0;
    const q = new WorkQueue(
      async () => {
        calls++;
        if (calls < 3) throw new IntentdError('DeviceUnreachable', 'down', { retryable: true });
      },
      { concurrency: 1, logger, baseBackoffMs: 10, maxBackoffMs: 40, events: { onResult: (_k, r) => results.push(r) } },
    );
    q.add('d1', 'x');
    await q.drained();
    expect(results).toEqual(['retry', 'retry', 'success']);
  });

  it('does not retry terminal errors', async () => {
    const results: string[] = [];
    const q = new WorkQueue(
      async () => {
        throw new IntentdError('DeviceRejected', 'invalid-value');
      },
      { concurrency: 1, logger, baseBackoffMs: 5, events: { onResult: (_k, r) => results.push(r) } },
    );
    q.add('d1', 'x');
    await q.drained();
    await tick(30);
    expect(results).toEqual(['terminal']);
  });

  it('stops taking work on shutdown and waits for the run in flight', async () => {
    let finished = false;
    const q = new WorkQueue(
      async () => {
        await tick(30);
        finished = true;
      },
      { concurrency: 1, logger },
    );
    q.add('d1', 'x');
    await tick(5);
    expect(await q.shutdown(1000)).toBe(true);
    expect(finished).toBe(true);
    expect(q.add('d2', 'y')).toBe(false);
  });

  it('spreads backoff with jitter and caps it', () => {
    expect(backoffDelay(1, { baseMs: 1000, maxMs: 60_000, random: () => 0 })).toBe(500);
    expect(backoffDelay(3, { baseMs: 1000, maxMs: 60_000, random: () => 1 })).toBe(4000);
    expect(backoffDelay(30, { baseMs: 1000, maxMs: 60_000, random: () => 1 })).toBe(60_000);
  });
});
