import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/log.js';
import { Queues } from '../../../src/runtime/controller-queues.js';
import { WorkQueue } from '../../../src/runtime/work-queue.js';

function recorder() {
  const runs: string[] = [];
  const queue = new WorkQueue(async (key, reasons) => void runs.push(`${key}:${reasons.join('+')}`), { concurrency: 1, logger: silentLogger() });
  return { runs, queue };
}

describe('Queues (intent-sync and device-apply keys)', () => {
  it.each([
    ['webhook', ['c9300:webhook'], []],
    ['poll', ['c9300:poll'], []],
    ['startup', ['c9300:startup'], ['c9300:startup']],
    ['api', ['c9300:api'], ['c9300:api']],
    ['git', [], ['c9300:git']],
    ['resync', [], ['c9300:resync']],
  ])('sends a %s nudge to the controller its source feeds', async (reason, sync, apply) => {
    const s = recorder();
    const a = recorder();
    const queues = new Queues(s.queue, a.queue);
    expect(queues.add('c9300', reason)).toBe(true);
    await queues.drained();
    expect(s.runs).toEqual(sync);
    expect(a.runs).toEqual(apply);
  });

  it('sends every nudge to device-apply when there is no source of truth', async () => {
    const a = recorder();
    const queues = new Queues(null, a.queue);
    queues.add('c9300', 'webhook');
    await queues.drained();
    expect(a.runs).toEqual(['c9300:webhook']);
  });
});
