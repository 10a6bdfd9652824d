import { describe, expect, it } from 'vitest';
import { RETRY_AFTER_CAP_MS, retryAfterMs } from '../../../src/runtime/retry-after.js';

describe('retryAfterMs', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it.each<[string | null, number | null]>([
    ['1', 1000],
    [' 30 ', 30_000],
    ['0', 0],
    ['Thu, 01 Jan 2026 00:00:05 GMT', 5000],
    ['Wed, 31 Dec 2025 23:59:00 GMT', 0],
    ['soon', null],
    ['-3', null],
    ['1.5', null],
    ['', null],
    [null, null],
  ])('reads %j as %j ms', (value, expected) => {
    expect(retryAfterMs(value, { now })).toBe(expected);
  });

  it('caps a huge delta-seconds value at 5 minutes', () => {
    expect(retryAfterMs('99999999999', { now })).toBe(RETRY_AFTER_CAP_MS);
    expect(RETRY_AFTER_CAP_MS).toBe(300_000);
  });

  it('caps an HTTP date far in the future at 5 minutes', () => {
    expect(retryAfterMs('Fri, 01 Jan 2100 00:00:00 GMT', { now })).toBe(RETRY_AFTER_CAP_MS);
  });

  it('takes a smaller cap when given', () => {
    expect(retryAfterMs('600', { now, capMs: 10_000 })).toBe(10_000);
  });
});
