import { describe, expect, it } from 'vitest';
import { LoopBudget } from '../../../src/runtime/loop-budget.js';

/** After the check phase's callbacks queued so far: one loop iteration per call (immediates run in order). */
const nextIteration = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('LoopBudget', () => {
  it('lets steps go at once while the turn has budget left', () => {
    let now = 0;
    const b = new LoopBudget(2, () => now);
    expect(b.turn()).toBeUndefined();
    now = 1.5;
    expect(b.turn()).toBeUndefined();
  });

  it('holds steps past the budget and lets one go per loop iteration, in order', async () => {
    let now = 0;
    const b = new LoopBudget(2, () => now);
    expect(b.turn()).toBeUndefined();
    now = 3; // this turn spent its budget
    const order: number[] = [];
    const held = [1, 2, 3].map((n) => (b.turn() as Promise<void>).then(() => order.push(n)));
    expect(b.queued).toBe(3);
    // A step arriving later in the same turn waits behind them, even with budget: first come, first served.
    expect(b.turn()).toBeInstanceOf(Promise);
    await nextIteration();
    expect(order).toEqual([1]);
    await nextIteration();
    expect(order).toEqual([1, 2]);
    await Promise.all(held);
    expect(order).toEqual([1, 2, 3]);
  });

  it('starts a fresh budget in the next iteration once nobody waits', async () => {
    let now = 0;
    const b = new LoopBudget(2, () => now);
    b.turn();
    now = 5;
    await (b.turn() as Promise<void>);
    await nextIteration();
    now = 5.5;
    expect(b.queued).toBe(0);
    expect(b.turn()).toBeUndefined();
  });
});
