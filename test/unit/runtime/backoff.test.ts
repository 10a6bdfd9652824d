import { describe, expect, it } from 'vitest';
import { NetboxHttp } from '../../../src/adapters/netbox/http.js';
import { silentLogger } from '../../../src/log.js';
import { backoffDelay, sleep } from '../../../src/runtime/backoff.js';

describe('the one backoff rule', () => {
  it('waits between half and all of a doubling ceiling, capped', () => {
    const o = { baseMs: 100, maxMs: 1000 };
    expect([1, 2, 3, 4, 5].map((a) => backoffDelay(a, { ...o, random: () => 0 }))).toEqual([50, 100, 200, 400, 500]);
    expect([1, 2, 3, 4, 5].map((a) => backoffDelay(a, { ...o, random: () => 1 }))).toEqual([100, 200, 400, 800, 1000]);
  });

  it('is the rule NetBox retries follow: never a zero wait, even at the low end of the jitter', async () => {
    const waits: number[] = [];
    const http = new NetboxHttp({
      url: 'http://127.0.0.1:9',
      token: 't',
      timeoutMs: 2000,
      retries: 3,
      backoffBaseMs: 100,
      random: () => 0,
      sleep: async (ms) => void waits.push(ms),
      logger: silentLogger(),
    });
    await expect(http.request('GET', '/api/status/')).rejects.toMatchObject({ reason: 'NetboxUnavailable' });
    expect(waits).toEqual([50, 100, 200]);
  });
});

describe('the one sleep', () => {
  it('resolves at once when its signal aborts', async () => {
    const stop = new AbortController();
    const t0 = Date.now();
    const done = sleep(60_000, stop.signal);
    stop.abort();
    await done;
    expect(Date.now() - t0).toBeLessThan(1000);
  });
});
