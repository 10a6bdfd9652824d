/**
 * Where a difference between the device and intent comes from:
 * - `out-of-band`: the device changed after intent was verified on it;
 * - `failed-apply`: an earlier apply of this intent failed or was not verified;
 * - `waiting`: a change held back until a ticket, window or approval lets it through;
 * - `device-normalization`: a leaf just sent reads back differently (the device stores it its own way); one retry;
 * - `noise`: the same normalization after that retry: reported, no longer sent.
 */
export type DriftOrigin = 'out-of-band' | 'failed-apply' | 'waiting' | 'device-normalization' | 'noise';

/** What is known about a leaf's difference when it is planned. */
export interface DriftFacts {
  /** The intent revision was verified on the device before. */
  verifiedAtRevision: boolean;
  /** The last apply of this revision failed (or was unverified). */
  failedAtRevision: boolean;
  /** Sent before and read back as the device shows it now: how many times (0: never). */
  normalizedTries: number;
}

/** The leaf's origin, or null for a plain intent change (not drift). Pure. */
export function driftOrigin(f: DriftFacts): DriftOrigin | null {
  if (f.normalizedTries >= 2) return 'noise';
  if (f.normalizedTries === 1) return 'device-normalization';
  if (f.verifiedAtRevision) return 'out-of-band';
  if (f.failedAtRevision) return 'failed-apply';
  return null;
}
