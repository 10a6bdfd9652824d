// The webhook storm's sender, run in a worker thread: the lab (NetBox emulator, simulated switches) keeps
// the bench's main thread busy answering the daemon, and an ack timed there would include that lag. Here
// the POSTs are paced and timed on an event loop that does nothing else.
import { setPriority } from 'node:os';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { parentPort, Worker } from 'node:worker_threads';

export interface SendPlan {
  url: string;
  /** Bodies with their signature header value, sent in order. */
  sends: Array<{ body: string; signature: string }>;
  /** Send offsets in ms from the start (same length as `sends`); empty: one at a time, each after the last ack. */
  offsets: number[];
}

export interface SendReport {
  acks: Array<{ status: number; ms: number }>;
  /** The sender thread's nice value raised (-10, needs root): it stands for NetBox on its own machine, not for a thread sharing two cores with the lab. */
  prioritized: boolean;
  /** p99 event-loop delay of the sender thread during the sends, ms. */
  loopDelayP99Ms: number;
  /** When the first POST went out, as epoch ms with fractions (`performance.timeOrigin + now()`, comparable across threads). */
  startedAt: number;
}

const SAMPLE_MS = 5;

async function post(url: string, s: { body: string; signature: string }): Promise<{ status: number; ms: number }> {
  const t0 = performance.now();
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Hook-Signature': s.signature },
    body: s.body,
    signal: AbortSignal.timeout(30_000),
  });
  await res.arrayBuffer();
  return { status: res.status, ms: performance.now() - t0 };
}

/**
 * Loads this thread's fetch (undici is compiled on first use) and opens its keep-alive connections with
 * GETs of /healthz, so the first timed POSTs measure the daemon, not the sender's cold start.
 */
async function warmUp(url: string): Promise<void> {
  const health = new URL('/healthz', url).toString();
  for (let round = 0; round < 3; round++) {
    await Promise.all(Array.from({ length: 8 }, async () => (await fetch(health)).arrayBuffer()));
  }
}

/** Raises this thread's priority (on Linux the nice value is per thread); false when not allowed. */
function prioritize(): boolean {
  try {
    setPriority(0, -10);
    return true;
  } catch {
    return false;
  }
}

async function send(plan: SendPlan): Promise<SendReport> {
  const prioritized = prioritize();
  await warmUp(plan.url);
  const loop = monitorEventLoopDelay({ resolution: SAMPLE_MS });
  loop.enable();
  const acks: SendReport['acks'] = [];
  const startedAt = performance.timeOrigin + performance.now();
  try {
    if (plan.offsets.length === 0) {
      for (const s of plan.sends) acks.push(await post(plan.url, s));
    } else {
      const start = performance.now();
      const pending: Array<Promise<void>> = [];
      for (const [i, s] of plan.sends.entries()) {
        const wait = start + (plan.offsets[i] ?? 0) - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        pending.push(post(plan.url, s).then((a) => void acks.push(a)));
      }
      await Promise.all(pending);
    }
    // monitorEventLoopDelay's samples include its own 5 ms period: only the lag beyond it is reported.
    return { acks, prioritized, loopDelayP99Ms: Math.max(0, loop.percentile(99) / 1e6 - SAMPLE_MS), startedAt };
  } finally {
    loop.disable();
  }
}

/** Runs `plan` in a fresh worker thread and resolves with its acks. */
export function sendInWorker(plan: SendPlan): Promise<SendReport> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: null });
    worker.once('message', (m: { report?: SendReport; error?: string }) => {
      void worker.terminate();
      if (m.report) resolve(m.report);
      else reject(new Error(`webhook sender: ${m.error ?? 'no report'}`));
    });
    worker.once('error', reject);
    worker.postMessage(plan);
  });
}

if (parentPort) {
  const port = parentPort;
  port.once('message', (plan: SendPlan) => {
    send(plan).then(
      (report) => port.postMessage({ report }),
      (err: unknown) => port.postMessage({ error: err instanceof Error ? err.message : String(err) }),
    );
  });
}
