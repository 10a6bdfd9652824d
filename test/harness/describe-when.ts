import { describe } from 'vitest';

/**
 * `describe` for a suite that needs something from the machine (netconfd, Chromium): it skips, printing
 * why, only when that is missing AND CI is not 'true'; in CI the suite runs and fails loudly instead.
 */
export function describeWhen(availability: { ok: true } | { ok: false; why: string }, name: string, fn: () => void): void {
  if (availability.ok || process.env.CI === 'true') {
    describe(name, fn);
    return;
  }
  console.warn(`skipping "${name}": ${availability.why}`);
  describe.skip(name, fn);
}
