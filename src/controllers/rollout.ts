/** How a fleet change is rolled out: devices per batch, and whether the first failure stops the rest. */
export interface RolloutOptions {
  batchSize: number;
  stopOnFailure: boolean;
}

/** What a rollout did: devices applied (or already in sync), failed, and never attempted. */
export interface RolloutReport {
  applied: string[];
  failed: string[];
  notAttempted: string[];
}

/**
 * Runs `run` over `devices` in order, `batchSize` at a time (a batch runs concurrently and is always
 * finished); after a batch with a failed device and `stopOnFailure`, the devices after it are not
 * attempted. `run` resolves true for success, false for failure, and must not throw (a throw counts
 * as a failure). Idempotent only as far as `run` is.
 */
export async function rollout(devices: readonly string[], o: RolloutOptions, run: (device: string) => Promise<boolean>): Promise<RolloutReport> {
  const size = Math.max(1, Math.floor(o.batchSize));
  const report: RolloutReport = { applied: [], failed: [], notAttempted: [] };
  for (let i = 0; i < devices.length; i += size) {
    const batch = devices.slice(i, i + size);
    const ok = await Promise.all(batch.map((d) => run(d).catch(() => false)));
    batch.forEach((d, k) => (ok[k] ? report.applied : report.failed).push(d));
    if (o.stopOnFailure && ok.includes(false)) {
      report.notAttempted.push(...devices.slice(i + size));
      break;
    }
  }
  return report;
}

/** One line per group, for the CLI and logs: `applied: a, b` / `failed: c` / `not attempted: d`. */
export function formatRollout(r: RolloutReport): string {
  const list = (xs: string[]): string => (xs.length === 0 ? '(none)' : xs.join(', '));
  return [`rollout: applied: ${list(r.applied)}`, `rollout: failed: ${list(r.failed)}`, `rollout: not attempted: ${list(r.notAttempted)}`].join('\n');
}
