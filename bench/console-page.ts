// Benchmark: the console's fleet page (GET /ui/) served for N synthetic devices, through the real Fastify
// routes (app.inject, no socket), page 1, a later page, and a text filter. Build with `npm run build`, run
// `node dist/bench/console-page.js`. Prints a table and writes bench/results/console-page.json.
import Fastify, { type FastifyInstance } from 'fastify';
import { DaemonEvents } from '../src/daemon-events.js';
import type { ConsoleDeps } from '../src/http/ui/console-deps.js';
import { registerConsole } from '../src/http/ui/console-routes.js';
import { silentLogger } from '../src/log.js';
import { StatusBook } from '../src/runtime/status.js';
import { isEntryPoint, runAsScript, summarize, timed, type Figures } from './bench-kit.js';

const SIZES = [100, 1000] as const;
const SAMPLES = 40;
const WARMUP = 10;
const TARGET_MS = 200;

export interface ConsolePageResult {
  when: string;
  samples: number;
  pages: Record<string, Figures & { devices: number; bytes: number }>;
  targets: Array<{ name: string; target: string; measured: string; met: boolean }>;
}

/** A console (uiAuth none) over `n` synthetic devices in mixed states; nothing else runs. */
export async function consoleFor(n: number): Promise<FastifyInstance> {
  const status = new StatusBook();
  const names = Array.from({ length: n }, (_, i) => `sw-${String(i).padStart(5, '0')}`);
  const rev = (i: number): string => (i % 97).toString(16).padStart(40, 'a');
  names.forEach((d, i) => {
    const state = i % 10 === 0 ? 'drift' : i % 17 === 0 ? 'failed' : 'in-sync';
    if (state === 'failed') status.recordApply(d, { state, reason: 'DeviceUnreachable', message: `connect ${d}: timed out <after 10 s>`, lastAttemptedRevision: rev(i), retryable: true });
    else status.recordApply(d, { state, reason: 'InSync', message: 'ok', lastAttemptedRevision: rev(i), lastAppliedRevision: rev(i) });
  });
  const deps: ConsoleDeps = {
    uiAuth: 'none',
    apiToken: null,
    logger: silentLogger(),
    status,
    events: new DaemonEvents(),
    actions: { nudge: () => 'accepted', setSuspension: () => Promise.resolve({ outcome: 'done', commit: null }) },
    known: () => names,
    platformOf: () => 'iosxe',
    suspensionOf: () => null,
    policy: () => ({ policy: {}, problem: null }),
    plan: () => Promise.reject(new Error('not in this bench')),
    history: () => Promise.resolve([]),
    commitInfo: (commits) => Promise.resolve(new Map(commits.map((c) => [c, { tickets: 'CHG-1', date: '2026-01-01T00:00:00Z' }]))),
  };
  const app = Fastify({ logger: false });
  registerConsole(app, deps);
  await app.ready();
  return app;
}

/** The fleet page's HTML for `n` synthetic devices (the bench hook: time this). */
export async function renderFleetPage(n: number, url = '/ui/'): Promise<string> {
  const app = await consoleFor(n);
  try {
    return (await app.inject({ url })).body;
  } finally {
    await app.close();
  }
}

async function measure(app: FastifyInstance, url: string): Promise<{ figures: Figures; bytes: number }> {
  let bytes = 0;
  for (let i = 0; i < WARMUP; i++) await app.inject({ url });
  const samples: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    samples.push(await timed(async () => {
      const res = await app.inject({ url });
      if (res.statusCode !== 200) throw new Error(`${url}: HTTP ${res.statusCode}`);
      bytes = res.body.length;
    }));
  }
  return { figures: summarize(samples), bytes };
}

export async function main(): Promise<ConsolePageResult> {
  const pages: ConsolePageResult['pages'] = {};
  for (const n of SIZES) {
    const app = await consoleFor(n);
    try {
      for (const [label, url] of [['page 1', '/ui/'], ['page 10', '/ui/?page=10'], ['filter', '/ui/?state=drift&q=sw-0009']] as const) {
        if (label === 'page 10' && n < 500) continue;
        const m = await measure(app, url);
        pages[`${n} devices, ${label}`] = { ...m.figures, devices: n, bytes: m.bytes };
      }
    } finally {
      await app.close();
    }
  }
  const at1000 = pages['1000 devices, page 1'] as Figures;
  const result: ConsolePageResult = {
    when: new Date().toISOString(),
    samples: SAMPLES,
    pages,
    targets: [{ name: 'fleet page at 1,000 devices (p95)', target: `< ${TARGET_MS} ms`, measured: `${at1000.p95Ms.toFixed(1)} ms`, met: at1000.p95Ms < TARGET_MS }],
  };
  console.log('Console fleet page (GET /ui/ through Fastify inject), ms');
  console.log('case                          median     p95   bytes');
  for (const [k, v] of Object.entries(pages)) console.log(`${k.padEnd(28)} ${v.medianMs.toFixed(2).padStart(7)} ${v.p95Ms.toFixed(2).padStart(7)} ${String(v.bytes).padStart(7)}`);
  for (const t of result.targets) console.log(`${t.name}: ${t.measured} (target ${t.target}) ${t.met ? 'met' : 'NOT met'}`);
  return result;
}

if (isEntryPoint(import.meta.url)) runAsScript('console-page', { main });
