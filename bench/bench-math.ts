// Pure helpers of the daemon benchmarks: ratios, growth with scale, webhook pacing, memory arithmetic.

/** `a / b` rounded to `digits` decimals; NaN when `b` is 0 or not finite. */
export function ratio(a: number, b: number, digits = 1): number {
  if (!Number.isFinite(b) || b === 0 || !Number.isFinite(a)) return Number.NaN;
  const f = 10 ** digits;
  return Math.round((a / b) * f) / f;
}

export interface ScalePoint { devices: number; wallMs: number }
export interface ScaleRow extends ScalePoint {
  /** Wall time divided by the device count. */
  msPerDevice: number;
  /** Wall time over the first (smallest) point's. */
  wallVsFirst: number;
  /** Time per device over the first point's: 1.0 means linear growth. */
  perDeviceVsFirst: number;
}

/** Per-device time and growth of each point relative to the first one. */
export function scaling(points: readonly ScalePoint[]): ScaleRow[] {
  const first = points[0];
  if (!first) return [];
  const firstPer = first.wallMs / first.devices;
  return points.map((p) => {
    const per = p.wallMs / p.devices;
    return {
      ...p,
      msPerDevice: Math.round(per * 100) / 100,
      wallVsFirst: ratio(p.wallMs, first.wallMs, 2),
      perDeviceVsFirst: ratio(per, firstPer, 2),
    };
  });
}

/** Send offsets (ms from start) spreading `n` sends evenly over `durationMs`: 0, d/n, 2d/n, … */
export function paceSchedule(n: number, durationMs: number): number[] {
  return Array.from({ length: Math.max(0, n) }, (_, i) => (i * durationMs) / n);
}

/** The `i`-th of `n` picks cycling through `items` (round robin). */
export function roundRobin<T>(items: readonly T[], n: number): T[] {
  if (items.length === 0) return [];
  return Array.from({ length: n }, (_, i) => items[i % items.length] as T);
}

/** Min, max and mean of a list of counts (zeros for an empty list). */
export function spread(values: readonly number[]): { min: number; max: number; mean: number } {
  if (values.length === 0) return { min: 0, max: 0, mean: 0 };
  const sum = values.reduce((a, b) => a + b, 0);
  return { min: Math.min(...values), max: Math.max(...values), mean: Math.round((sum / values.length) * 100) / 100 };
}

/** Resident set size in bytes from the text of /proc/<pid>/status (VmRSS, in kB); null when absent. */
export function vmRssBytes(procStatus: string): number | null {
  const m = /^VmRSS:\s+(\d+)\s+kB$/m.exec(procStatus);
  return m ? Number(m[1]) * 1024 : null;
}

export const MB = 1024 * 1024;

/** Bytes in MB with one decimal. */
export function mb(bytes: number): number {
  return Math.round((bytes / MB) * 10) / 10;
}

/** Extra bytes per item of `loaded` over `baseline`, rounded to whole bytes. */
export function bytesPerItem(loaded: number, baseline: number, items: number): number {
  return items > 0 ? Math.round((loaded - baseline) / items) : Number.NaN;
}
