// Runs every benchmark in turn (or those named on the command line): each prints its table and its figures
// go to bench/results/<name>.json. A total time bound (BENCH_BUDGET_SEC, default 600 s) stops the run:
// benches not started in time are skipped, one still running past it fails the run. Exit 1 if any failed.
import { performance } from 'node:perf_hooks';
import { formatTargets, isEntryPoint, runBench, targetsOf, writeResult, type BenchMain, type Target } from './bench-kit.js';

interface BenchEntry { name: string; load(): Promise<BenchMain> }

export const BENCHES: readonly BenchEntry[] = [
  { name: 'netconf-rtt', load: () => import('./netconf-rtt.js') },
  { name: 'change-latency', load: () => import('./change-latency.js') },
  { name: 'noop-resync', load: () => import('./noop-resync.js') },
  { name: 'webhook-storm', load: () => import('./webhook-storm.js') },
  { name: 'memory', load: () => import('./memory.js') },
  { name: 'console-page', load: () => import('./console-page.js') },
];

export interface BenchOutcome { name: string; status: 'ok' | 'failed' | 'timed-out' | 'skipped'; seconds: number; error?: string; targets?: Target[] }

class BudgetExceeded extends Error {}

function within<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new BudgetExceeded(`still running after the total budget`)), Math.max(0, ms));
  });
  return Promise.race([p, limit]).finally(() => clearTimeout(timer));
}

/** Runs `benches` in order within `budgetMs` of wall time; never throws. */
export async function runAll(benches: readonly BenchEntry[], budgetMs: number): Promise<BenchOutcome[]> {
  const start = performance.now();
  const outcomes: BenchOutcome[] = [];
  let outOfTime = false;
  for (const b of benches) {
    const left = budgetMs - (performance.now() - start);
    if (outOfTime || left <= 0) {
      outcomes.push({ name: b.name, status: 'skipped', seconds: 0, error: 'no time left in the budget' });
      continue;
    }
    console.log(`\n== ${b.name} ==`);
    const t0 = performance.now();
    try {
      const result = await within(b.load().then((m) => runBench(b.name, m)), left);
      outcomes.push({ name: b.name, status: 'ok', seconds: (performance.now() - t0) / 1000, targets: targetsOf(result) });
    } catch (err) {
      const status = err instanceof BudgetExceeded ? 'timed-out' : 'failed';
      outcomes.push({ name: b.name, status, seconds: (performance.now() - t0) / 1000, error: err instanceof Error ? err.message : String(err) });
      outOfTime ||= status === 'timed-out';
    }
  }
  return outcomes;
}

async function cli(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((w) => !BENCHES.some((b) => b.name === w));
  if (unknown.length > 0) {
    console.error(`unknown bench: ${unknown.join(', ')} (have: ${BENCHES.map((b) => b.name).join(', ')})`);
    process.exit(2);
  }
  const budgetSec = Number(process.env.BENCH_BUDGET_SEC ?? 600);
  const outcomes = await runAll(BENCHES.filter((b) => wanted.length === 0 || wanted.includes(b.name)), budgetSec * 1000);
  console.log('\n== summary ==');
  for (const o of outcomes) console.log(`${o.name.padEnd(16)}${o.status.padEnd(11)}${o.seconds.toFixed(1).padStart(7)} s${o.error ? `  ${o.error}` : ''}`);
  console.log(`${'total'.padEnd(27)}${outcomes.reduce((s, o) => s + o.seconds, 0).toFixed(1).padStart(7)} s (budget ${budgetSec} s)`);
  const targets = outcomes.flatMap((o) => o.targets ?? []);
  if (targets.length > 0) {
    console.log('\n== targets (issue 13), each against its baseline from this run ==');
    console.log(formatTargets(targets));
    console.log(`${targets.filter((t) => t.met).length} of ${targets.length} met; written to ${await writeResult('targets', { when: new Date().toISOString(), targets })}`);
  }
  const failed = outcomes.some((o) => o.status === 'failed' || o.status === 'timed-out');
  // A timed-out bench may still hold devices and timers; exiting runs the harness's cleanup hook.
  process.exit(failed ? 1 : 0);
}

if (isEntryPoint(import.meta.url)) await cli();
