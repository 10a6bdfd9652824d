import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sleep } from '../../runtime/backoff.js';
import { gitFailure, type GitRunner } from './git-run.js';


/** Outcome of a compare-and-swap on a ref. */
export type CasResult = { ok: true } | { ok: false; now: string | null; error: string };

/**
 * Git object and ref plumbing for one repo. Never touches the shared index or the working tree:
 * trees are built in a private index (GIT_INDEX_FILE in a temp folder), refs are moved with
 * `update-ref <ref> <new> <old>` so a concurrent update is detected, never overwritten.
 * Every failing step throws a retryable IntentStoreError.
 */
export class GitPlumbing {
  constructor(private readonly git: GitRunner) {}

  /**
   * The commit a ref points at, or null when the ref does not exist (an unborn branch). A ref that
   * exists but names a missing or non-commit object is a corrupt repository: IntentStoreError.
   */
  async resolve(ref: string): Promise<string | null> {
    const r = await this.git.try(['rev-parse', '-q', '--verify', `${ref}^{commit}`]);
    if (r.code === 0) return r.stdout.trim();
    if (r.code !== 1) throw gitFailure(['rev-parse', ref], r);
    const raw = await this.git.try(['rev-parse', '-q', '--verify', ref]);
    if (raw.code === 0) throw gitFailure(['rev-parse', ref], { code: 1, stdout: '', stderr: `${ref} points to ${raw.stdout.trim()}, which is not a commit in this repository` });
    return null;
  }

  /** Blob id of `path` in `commit`, or null when the commit has no such file. */
  async blobAt(commit: string, path: string): Promise<string | null> {
    const out = await this.git.run(['ls-tree', '-z', commit, '--', path]);
    const m = /^\d+ blob ([0-9a-f]+)\t/.exec(out);
    return m?.[1] ?? null;
  }

  catBlob(blob: string): Promise<string> {
    return this.git.run(['cat-file', 'blob', blob]);
  }

  async writeBlob(text: string): Promise<string> {
    return (await this.git.run(['hash-object', '-w', '--stdin'], { input: text })).trim();
  }

  async treeOf(commit: string): Promise<string> {
    return (await this.git.run(['rev-parse', '--verify', `${commit}^{tree}`])).trim();
  }

  async emptyTree(): Promise<string> {
    return (await this.git.run(['hash-object', '-t', 'tree', '-w', '--stdin'], { input: '' })).trim();
  }

  /** `base`'s tree with `path` set to `blob` (mode 100644), built in a private index. */
  async treeWith(base: string, path: string, blob: string): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'intentd-index-'));
    const env = { GIT_INDEX_FILE: join(dir, 'index') };
    try {
      await this.git.run(['read-tree', base], { env });
      await this.git.run(['update-index', '--add', '--cacheinfo', `100644,${blob},${path}`], { env });
      return (await this.git.run(['write-tree'], { env })).trim();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /** A commit object (author and committer from the runner's identity); not on any branch yet. */
  async commitTree(tree: string, parent: string | null, message: string): Promise<string> {
    const args = ['commit-tree', tree, ...(parent ? ['-p', parent] : [])];
    return (await this.git.run(args, { input: message })).trim();
  }

  /**
   * Moves `ref` from `old` (null: the ref must not exist) to `next`. Returns `{ ok: false }` with
   * the ref's current value when it is not at `old` or is locked by another git process.
   */
  async cas(ref: string, next: string, old: string | null, reflog: string): Promise<CasResult> {
    const r = await this.git.try(['update-ref', '-m', reflog, ref, next, old ?? '']);
    if (r.code === 0) return { ok: true };
    return { ok: false, now: await this.resolve(ref), error: r.stderr.trim() };
  }

  /** Runs a mutation of the shared index, retrying while another git process holds index.lock. */
  async withIndexLock(args: string[], attempts = 100): Promise<void> {
    for (let i = 1; ; i++) {
      const r = await this.git.try(args);
      if (r.code === 0) return;
      if (i >= attempts || !/index\.lock/.test(r.stderr)) throw gitFailure(args, r);
      await sleep(20);
    }
  }
}
