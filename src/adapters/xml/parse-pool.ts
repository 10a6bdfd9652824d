import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { XNode } from './tree.js';

/**
 * Documents at least this long are parsed off the event loop: any whole-device read (a 48-port switch's
 * compact reply is about 7 KB, a real one tens of KB). A one-interface read stays here, where the worker
 * round trip would cost more than the parse. At 8 KB a fleet resync parsed every compact reply on the
 * loop, and 40-60 % of its event-loop samples were over 10 ms; at 4 KB, 9-17 %.
 */
export const OFF_LOOP_MIN_CHARS = 4096;
/** An idle worker is ended after this long (its own heap is ~10 MB); the next big document starts one again. */
const IDLE_END_MS = 5000;

interface Waiter { resolve: (n: XNode | undefined) => void; reject: (e: Error) => void }

/**
 * One worker thread that parses big XML documents with the same code as the main thread (tree.ts),
 * so a large get-config reply costs the event loop a structured clone of the tree instead of the
 * parse (about a sixth). The worker is started on first use, never holds the process open, and when
 * it cannot run (from TypeScript sources, or after it died) `parse` returns null: parse here instead.
 */
class XmlParsePool {
  private worker: Worker | null = null;
  private broken = false;
  private next = 0;
  private idleTimer: NodeJS.Timeout | null = null;
  private readonly waiting = new Map<number, Waiter>();
  /** Documents parsed by the worker (tests check the path is taken). */
  parsed = 0;

  parse(xml: string): Promise<XNode | undefined> | null {
    const worker = this.start();
    if (worker === null) return null;
    const id = this.next++;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    if (this.waiting.size === 0) worker.ref();
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ id, xml });
    });
  }

  private start(): Worker | null {
    if (this.worker !== null || this.broken) return this.worker;
    const file = fileURLToPath(new URL('./parse-worker.js', import.meta.url));
    if (!existsSync(file)) {
      this.broken = true;
      return null;
    }
    const worker = new Worker(file);
    worker.unref();
    worker.on('message', (m: { id: number; root?: XNode; error?: string }) => {
      const w = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      if (this.waiting.size === 0) {
        worker.unref();
        this.idleTimer = setTimeout(() => this.end(worker), IDLE_END_MS).unref();
      }
      if (!w) return;
      this.parsed++;
      if (m.error !== undefined) w.reject(new Error(m.error));
      else w.resolve(m.root);
    });
    const fail = (err: Error): void => {
      if (this.worker !== worker) return;
      this.broken = true;
      this.worker = null;
      for (const w of this.waiting.values()) w.reject(new Error(`XML parse worker stopped: ${err.message}`));
      this.waiting.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`exit ${code}`)));
    this.worker = worker;
    return worker;
  }

  /** Ends an idle worker on purpose (not a failure: the next parse starts a new one). */
  private end(worker: Worker): void {
    if (this.worker !== worker || this.waiting.size > 0) return;
    this.worker = null;
    this.idleTimer = null;
    void worker.terminate();
  }
}

export const xmlParsePool = new XmlParsePool();
