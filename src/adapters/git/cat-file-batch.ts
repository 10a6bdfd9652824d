import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { IntentStoreError } from '../../core/errors.js';
import type { GitRunner } from './git-run.js';

export interface GitObject {
  oid: string;
  type: string;
  data: Buffer;
}

interface Pending {
  name: string;
  resolve: (o: GitObject | null) => void;
  reject: (e: Error) => void;
  /** Sent once to a child that died before answering: re-sent once to the next one. */
  retried: boolean;
}

/**
 * Object reads through ONE long-running `git cat-file --batch` child per repo, so a read costs a
 * pipe round trip instead of a process spawn. Requests are written in order and answered in order
 * (`<oid> <type> <size>\n<bytes>\n`, or `<name> missing\n` → null). git looks an object up afresh
 * on each request, so objects written after the child started (loose, or packs after a repack) are
 * seen. A child that exits is replaced on the next request; requests it left unanswered are sent
 * once more to the new one, then fail with a retryable IntentStoreError. The child never holds the
 * process open (unref'd) and `close()` ends it.
 */
export class CatFileBatch {
  private child: ChildProcessWithoutNullStreams | null = null;
  private queue: Pending[] = [];
  private buf: Buffer = Buffer.alloc(0);
  private closed = false;

  constructor(private readonly git: GitRunner) {}

  /** The object `name` names (an id, or `<rev>:<path>`), or null when git reports it missing. */
  read(name: string): Promise<GitObject | null> {
    if (this.closed) return Promise.reject(new IntentStoreError('object reader is closed', { retryable: true }));
    if (/[\n\r]/.test(name)) return Promise.reject(new IntentStoreError(`invalid object name '${name}'`, { retryable: false }));
    return new Promise((resolve, reject) => this.send({ name, resolve, reject, retried: false }));
  }

  /** Ends the child (idempotent); later reads fail. */
  close(): void {
    this.closed = true;
    this.child?.stdin.end();
    this.child?.kill();
    this.child = null;
  }

  /** The running child's pid (tests kill it to check the respawn). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  private send(p: Pending): void {
    const child = this.child ?? this.start();
    if (this.queue.length === 0) this.hold(child, true);
    this.queue.push(p);
    child.stdin.write(`${p.name}\n`);
  }

  /** Keeps the process alive only while a request waits for its answer (an idle child never holds it open). */
  private hold(child: ChildProcessWithoutNullStreams, on: boolean): void {
    for (const h of [child, child.stdout] as unknown as Array<{ ref?: () => void; unref?: () => void }>) (on ? h.ref : h.unref)?.call(h);
  }

  private start(): ChildProcessWithoutNullStreams {
    const child = this.git.spawnLong(['cat-file', '--batch']);
    this.child = child;
    this.buf = Buffer.alloc(0);
    for (const s of [child.stdin, child.stderr]) (s as unknown as { unref?: () => void }).unref?.();
    this.hold(child, false);
    child.stdin.on('error', () => undefined);
    child.stderr.resume();
    child.stdout.on('data', (chunk: Buffer) => {
      if (this.child !== child) return;
      this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
      this.drain();
    });
    const gone = (err?: Error): void => {
      if (this.child !== child) return;
      this.child = null;
      const left = this.queue;
      this.queue = [];
      for (const p of left) {
        if (!p.retried && !this.closed) this.send({ ...p, retried: true });
        else p.reject(new IntentStoreError(`git cat-file ended before answering: ${err?.message ?? 'exited'}`, { retryable: true }));
      }
    };
    child.on('error', gone);
    child.on('exit', () => gone());
    return child;
  }

  /** Answers as many queued requests as the buffered output completes. */
  private drain(): void {
    for (;;) {
      const p = this.queue[0];
      const nl = this.buf.indexOf(0x0a);
      if (p === undefined && this.child !== null) this.hold(this.child, false);
      if (p === undefined || nl < 0) return;
      const header = this.buf.toString('utf8', 0, nl);
      if (header.endsWith(' missing') || header.endsWith(' ambiguous')) {
        this.buf = this.buf.subarray(nl + 1);
        this.queue.shift();
        p.resolve(null);
        continue;
      }
      const [oid, type, size] = header.split(' ');
      const n = Number(size);
      if (oid === undefined || type === undefined || !Number.isInteger(n)) {
        this.queue.shift();
        p.reject(new IntentStoreError(`git cat-file: unexpected reply '${header}'`, { retryable: true }));
        this.child?.kill();
        return;
      }
      if (this.buf.length < nl + 1 + n + 1) return;
      const data = Buffer.from(this.buf.subarray(nl + 1, nl + 1 + n));
      this.buf = this.buf.subarray(nl + 1 + n + 1);
      this.queue.shift();
      p.resolve({ oid, type, data });
    }
  }
}
