import { access, constants } from 'node:fs/promises';
import { join } from 'node:path';
import { IntentStoreError } from '../../core/errors.js';
import { sleep } from '../../runtime/backoff.js';
import { CatFileBatch } from './cat-file-batch.js';
import { FilesRefs, type CasResult } from './files-refs.js';
import { encodeCommit, encodeTree, gitDate, identLine, isTreeMode, parseCommit, parseTree, tagTarget, type CommitInfo, type TreeEntry } from './git-objects.js';
import { gitFailure, type GitRunner } from './git-run.js';
import { LooseObjectWriter } from './loose-objects.js';
import { readRepoLayout, type RepoLayout } from './repo-layout.js';

export type { CasResult };

/** Parsed commits and trees kept per store (objects never change; a few hundred cover the hot path). */
const CACHE = 512;

/**
 * Git object and ref plumbing for one repo, without a process spawn per step: objects are read
 * through one `git cat-file --batch` child, written as loose objects in-process (same ids as git),
 * trees are rewritten in-process (never the shared index or working tree), and refs are moved with
 * a compare-and-swap in git's files-backend protocol (FilesRefs), so a concurrent update is
 * detected, never overwritten. Every failing step throws an IntentStoreError (retryable for I/O).
 */
export class GitPlumbing {
  private readonly reader: CatFileBatch;
  private readonly writer: LooseObjectWriter;
  readonly refs: FilesRefs;
  private readonly commits = new Map<string, CommitInfo>();
  private readonly trees = new Map<string, TreeEntry[]>();

  private constructor(
    private readonly git: GitRunner,
    readonly layout: RepoLayout,
  ) {
    this.reader = new CatFileBatch(git);
    this.writer = new LooseObjectWriter(join(layout.commonDir, 'objects'), layout.format);
    this.refs = new FilesRefs(layout);
  }

  /** Reads the repo's layout once (IntentStoreError for a ref backend other than files). */
  static async open(git: GitRunner): Promise<GitPlumbing> {
    return new GitPlumbing(git, await readRepoLayout(git));
  }

  /** Ends the object reader's child process. */
  close(): void {
    this.reader.close();
  }

  /** The object reader (tests kill its child to check the respawn). */
  get objectReader(): CatFileBatch {
    return this.reader;
  }

  /**
   * The commit a ref (`HEAD`, `refs/…`) or a full object id points at, or null when the ref does not
   * exist (an unborn branch). A name that exists but names a missing or non-commit object is a corrupt
   * repository: IntentStoreError. Other revision syntax is left to `git rev-parse`.
   */
  async resolve(ref: string): Promise<string | null> {
    const isId = new RegExp(`^[0-9a-f]{${this.layout.hexLength}}$`).test(ref);
    if (!isId && ref !== 'HEAD' && !ref.startsWith('refs/')) return this.revParse(ref);
    if (isId && this.commits.has(ref)) return ref;
    const oid = isId ? ref : await this.refs.read(ref);
    if (oid === null) return null;
    if (this.commits.has(oid)) return oid;
    let o = await this.reader.read(oid);
    for (let i = 0; o?.type === 'tag' && i < 10; i++) o = await this.reader.read(tagTarget(o.data));
    if (o?.type !== 'commit') {
      throw gitFailure(['rev-parse', ref], { code: 1, stdout: '', stderr: `${ref} points to ${oid}, which is not a commit in this repository` });
    }
    return o.oid;
  }

  /** Blob id of `path` in `commit`, or null when the commit has no such file. */
  async blobAt(commit: string, path: string): Promise<string | null> {
    const e = await this.entryAt((await this.commit(commit)).tree, path.split('/'));
    return e === null || isTreeMode(e.mode) ? null : e.oid;
  }

  /** `<mode> <id>` of `path` in `commit`, or null when it has none (to compare a path between commits). */
  async pathEntry(commit: string, path: string): Promise<string | null> {
    const e = await this.entryAt((await this.commit(commit)).tree, path.split('/'));
    return e === null ? null : `${e.mode} ${e.oid}`;
  }

  /** Entries of the folder `path` in `commit`, or null when it has none. */
  async entriesAt(commit: string, path: string): Promise<TreeEntry[] | null> {
    const e = await this.entryAt((await this.commit(commit)).tree, path.split('/'));
    return e === null || !isTreeMode(e.mode) ? null : this.tree(e.oid);
  }

  /** The id of the folder `path` in `commit` (null: none), for a cheap "did it change" check. */
  async treeIdAt(commit: string, path: string): Promise<string | null> {
    const e = await this.entryAt((await this.commit(commit)).tree, path.split('/'));
    return e === null || !isTreeMode(e.mode) ? null : e.oid;
  }

  async catBlob(blob: string): Promise<string> {
    return (await this.object(blob, 'blob')).toString('utf8');
  }

  writeBlob(text: string): Promise<string> {
    return this.writer.write('blob', Buffer.from(text, 'utf8'));
  }

  async treeOf(commit: string): Promise<string> {
    return (await this.commit(commit)).tree;
  }

  emptyTree(): Promise<string> {
    return this.writer.write('tree', Buffer.alloc(0));
  }

  /** `base`'s tree (base: a commit) with `path` set to `blob` (mode 100644), built in-process. */
  async treeWith(base: string, path: string, blob: string): Promise<string> {
    return this.rewrite((await this.commit(base)).tree, path.split('/'), blob);
  }

  /** A commit object (author and committer: the runner's identity, now); not on any branch yet. */
  async commitTree(tree: string, parent: string | null, message: string): Promise<string> {
    const data = encodeCommit(tree, parent ? [parent] : [], this.ident(), message);
    const id = await this.writer.write('commit', data);
    // The next write plans on this commit: known here, it is not read back through cat-file.
    remember(this.commits, id, parseCommit(data));
    return id;
  }

  /** A commit's tree, parents and message (parsed once, then cached). */
  async commit(oid: string): Promise<CommitInfo> {
    let c = this.commits.get(oid);
    if (c === undefined) {
      c = parseCommit(await this.object(oid, 'commit'));
      remember(this.commits, oid, c);
    }
    return c;
  }

  /**
   * Moves `ref` from `old` (null: the ref must not exist) to `next`. Returns `{ ok: false }` with
   * the ref's current value when it is not at `old` or is locked by another git process.
   */
  async cas(ref: string, next: string, old: string | null, reflog: string): Promise<CasResult> {
    if (!(await this.hasHook('reference-transaction'))) return this.refs.cas(ref, next, old, reflog, this.ident());
    // The repo watches ref updates: git itself moves the ref, so its hook sees (and may refuse) the
    // update exactly as for any git command, holding the lock only as long as git lives.
    const r = await this.git.try(['update-ref', '-m', reflog, ref, next, old ?? '']);
    if (r.code === 0) return { ok: true };
    return { ok: false, now: await this.refs.read(ref), error: r.stderr.trim() };
  }

  /** True when the repo has an executable hook `name` (git runs only those). */
  hasHook(name: string): Promise<boolean> {
    return access(join(this.layout.hooksDir, name), constants.X_OK).then(() => true, () => false);
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

  private ident(): string {
    return identLine(this.git.who.authorName, this.git.who.authorEmail, gitDate(new Date()));
  }

  private async revParse(rev: string): Promise<string | null> {
    const r = await this.git.try(['rev-parse', '-q', '--verify', `${rev}^{commit}`]);
    if (r.code === 0) return r.stdout.trim();
    if (r.code !== 1) throw gitFailure(['rev-parse', rev], r);
    return null;
  }

  private async object(oid: string, type: string): Promise<Buffer> {
    const o = await this.reader.read(oid);
    if (o?.type !== type) throw new IntentStoreError(`git object ${oid} is ${o ? `a ${o.type}` : 'missing'}, expected a ${type}`, { retryable: true });
    return o.data;
  }

  private async tree(oid: string): Promise<TreeEntry[]> {
    let t = this.trees.get(oid);
    if (t === undefined) {
      t = parseTree(await this.object(oid, 'tree'), this.layout.hexLength / 2);
      remember(this.trees, oid, t);
    }
    return t;
  }

  private async entryAt(tree: string, parts: string[]): Promise<TreeEntry | null> {
    const [name, ...rest] = parts;
    const e = (await this.tree(tree)).find((x) => x.name === name) ?? null;
    if (e === null || rest.length === 0) return e;
    return isTreeMode(e.mode) ? this.entryAt(e.oid, rest) : null;
  }

  /** Writes `tree` (null: a new folder) with `parts` set to `blob`; returns the new tree's id. */
  private async rewrite(tree: string | null, parts: string[], blob: string): Promise<string> {
    const [name, ...rest] = parts;
    if (name === undefined || name === '') throw new IntentStoreError(`invalid path '${parts.join('/')}'`, { retryable: false });
    const entries = tree === null ? [] : (await this.tree(tree)).filter((e) => e.name !== name);
    const old = tree === null ? undefined : (await this.tree(tree)).find((e) => e.name === name);
    const oid = rest.length === 0 ? blob : await this.rewrite(old && isTreeMode(old.mode) ? old.oid : null, rest, blob);
    entries.push({ mode: rest.length === 0 ? '100644' : '40000', name, oid });
    const data = encodeTree(entries);
    const id = await this.writer.write('tree', data);
    remember(this.trees, id, parseTree(data, this.layout.hexLength / 2));
    return id;
  }
}

function remember<V>(m: Map<string, V>, k: string, v: V): void {
  m.set(k, v);
  if (m.size > CACHE) m.delete(m.keys().next().value as string);
}
