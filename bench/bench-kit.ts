// Shared helpers of the benchmarks in bench/: sample statistics, timing, and writing results.
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface Figures { samples: number; medianMs: number; p95Ms: number; meanMs: number; minMs: number; maxMs: number }

/** Nearest-rank quantile of an ascending array (NaN when empty). */
export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const pos = Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
  return sorted[Math.max(0, pos)] as number;
}

/** Median (mean of the middle two for an even count), p95, mean, min and max in ms, rounded to µs. */
export function summarize(samples: number[]): Figures {
  const sorted = [...samples].sort((a, b) => a - b);
  const round = (n: number): number => Math.round(n * 1000) / 1000;
  const mid = sorted.length / 2;
  const median = sorted.length === 0
    ? Number.NaN
    : sorted.length % 2 === 1
      ? (sorted[Math.floor(mid)] as number)
      : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return {
    samples: sorted.length,
    medianMs: round(median),
    p95Ms: round(quantile(sorted, 0.95)),
    meanMs: round(sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length)),
    minMs: round(sorted[0] ?? Number.NaN),
    maxMs: round(sorted[sorted.length - 1] ?? Number.NaN),
  };
}

/** Wall time of `fn` in ms. */
export async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/** The repository root (holds package.json), from bench/ or dist/bench/. */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/** Writes `result` as bench/results/<name>.json and returns the path. */
export async function writeResult(name: string, result: unknown): Promise<string> {
  const out = join(repoRoot(), 'bench', 'results', `${name}.json`);
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, `${JSON.stringify(result, null, 2)}\n`);
  return out;
}

/** A bench module: `main()` measures, prints its table and returns JSON-serializable figures. */
export interface BenchMain { main(): Promise<unknown> }

/** Runs one bench's main() and writes its result file; what both the runner and `node dist/bench/<name>.js` do. */
export async function runBench(name: string, bench: BenchMain): Promise<unknown> {
  const result = await bench.main();
  console.log(`wrote ${await writeResult(name, result)}`);
  return result;
}

/** True when the module at `url` is the script node was started with. */
export function isEntryPoint(url: string): boolean {
  return process.argv[1] !== undefined && url === pathToFileURL(process.argv[1]).href;
}

/** The entry-point tail of a bench module: run it, print a failure plainly, exit non-zero on failure. */
export function runAsScript(name: string, bench: BenchMain): void {
  runBench(name, bench).catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  });
}

/** One of the issue's targets as a bench measured it in this run, next to the baseline it is a ratio of. */
export interface Target {
  name: string;
  /** The bound, e.g. `p50 ≤ 1.5× floor`. */
  target: string;
  measured: string;
  /** What the figure is measured against in the same run (e.g. `floor p50 11.2 ms`), when it is a ratio. */
  baseline?: string;
  met: boolean;
}

/** The `targets` a bench result carries (none when it has no such list). */
export function targetsOf(result: unknown): Target[] {
  const list = (result as { targets?: unknown } | null)?.targets;
  return Array.isArray(list) ? (list as Target[]) : [];
}

/** A table of targets: met or not, the bound, what was measured and its baseline. */
export function formatTargets(targets: readonly Target[]): string {
  const rows = targets.map((t) => `${(t.met ? 'met' : 'NOT MET').padEnd(9)}${t.name.padEnd(42)}${t.target.padEnd(30)}${t.measured}${t.baseline ? `  (baseline: ${t.baseline})` : ''}`);
  return [`${'result'.padEnd(9)}${'target'.padEnd(42)}${'bound'.padEnd(30)}measured`, ...rows].join('\n');
}
