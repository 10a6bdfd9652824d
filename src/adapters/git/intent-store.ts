import { existsSync, statSync, readdirSync, realpathSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import PQueue from 'p-queue';
import { IntentStoreError, ValidationError } from '../../core/errors.js';
import { canonicalIntent, parseIntentYaml, serializeIntent } from '../../core/intent-yaml.js';
import type { CommitMeta, IntentBase, IntentStorePort, StoredIntent, WriteResult } from '../../core/ports.js';
import { assertDeviceName, isDeviceName } from '../../core/device-name.js';
import type { DeviceIntent } from '../../core/types.js';
import type { Logger } from '../../log.js';
import { assertTickets, commitTickets, parseTrailers, renderCommitMessage, taggableTickets } from './commit-message.js';
import { assertGitTop } from './git-client.js';
import { GitPusher } from './git-push.js';
import { pullRemote } from './remote-pull.js';
import { GitRunner } from './git-run.js';
import { IntentCommitter } from './intent-committer.js';
import { GitPlumbing } from './plumbing.js';
import { objectId } from './loose-objects.js';
import { isTreeMode } from './git-objects.js';
import { RevisionWalk } from './revision-walk.js';
import { readCommitInfo, readHistory, type HistoryEntry, type HistoryQuery } from './history.js';
import { updateIndex, writeWorktreeFile, type WorktreeChange } from './worktree-sync.js';
import { WritePlan } from './write-plan.js';

export interface GitIntentStoreOptions {
  repo: string;
  /** Remote URL pushed to (as `origin`) after each commit; null = local only. */
  remote: string | null;
  branch: string;
  authorName: string;
  authorEmail: string;
  logger: Logger;
  /** Push attempts on non-fast-forward before giving up (default 5). */
  pushAttempts?: number;
  /** Called once per ticket tag that could not be made (the commit stands); e.g. a metric. */
  onTagFailed?: (ticket: string) => void;
  /**
   * true: write()/audit() resolve once the branch moved, is tagged and the file is written; the index
   * update and post-commit hook follow in the write queue (idle() waits for them). false (default): they are
   * done before write()/audit() resolve.
   */
  deferWorktreeSync?: boolean;
  /** Called after each commit object is built, just before the branch compare-and-swap (a test seam for a concurrent commit). */
  beforeRefUpdate?: () => Promise<void> | void;
}

export interface LogEntry {
  commit: string;
  subject: string;
  trailers: Record<string, string>;
  /** Committer date, ISO 8601. */
  date: string;
}

/** Parsed intent files kept per process (device:blob → intent). */
const PARSED_BLOB_CACHE = 512;
const FIELD = '\x1f';
const RECORD = '\x1e';

export { assertDeviceName };

/**
 * The intent repository on disk: `devices/<device>.yaml` per device, read at HEAD, written through
 * one serialized queue (concurrency 1), committed only when managed content changed, each ticketed
 * commit tagged `ticket/<id>` once per ticket, pushed to `origin` when a remote is configured.
 *
 * Operators share the repo (hand edits, `git commit`, `git pull`): commits are built with plumbing
 * in a private index and the branch is moved with a compare-and-swap, so a concurrent commit is
 * never overwritten, never tagged and never reported as ours; a lost race re-reads and re-compares.
 * Only the written device file is then updated in the shared working tree and index: an
 * uncommitted hand edit of that same file is overwritten, one of any other file is kept.
 */
export class GitIntentStore implements IntentStorePort {
  private readonly queue = new PQueue({ concurrency: 1 });
  private readonly pusher: GitPusher | null;
  private readonly committer: IntentCommitter;
  private readonly parsedBlobs = new Map<string, DeviceIntent>();
  /** Each device's newest parsed blob, kept whatever the fleet's size (a resync reads every device in turn). */
  private readonly latestParsed = new Map<string, { blob: string; intent: DeviceIntent }>();
  private readonly revisions: RevisionWalk;
  /** Working-tree paths (and post-commit hook runs) owed by commits made, done after write() resolves. */
  private pulling: Promise<void> | null = null;
  private readonly afterCommit = { paths: new Map<string, WorktreeChange>(), hooks: 0, scheduled: false };

  private constructor(
    readonly repo: string,
    private readonly o: GitIntentStoreOptions,
    private readonly run: GitRunner,
    private readonly plumbing: GitPlumbing,
  ) {
    this.pusher = o.remote ? new GitPusher(this.run, o.branch, o.logger, o.pushAttempts) : null;
    this.committer = new IntentCommitter(this.run, this.plumbing, o.branch, o.logger, 10, o.beforeRefUpdate);
    this.revisions = new RevisionWalk(plumbing, async (path, at) => (await run.run(['log', '-1', '--format=%H', at, '--', path])).trim() || null);
  }

  /**
   * Opens the repo at `o.repo`, creating it (git init -b branch + initial commit, or the remote's
   * branch when a remote has one) when the path is missing or an empty folder. Throws
   * IntentStoreError for a path that exists but is not the top of a git repository, or that is on
   * another branch.
   */
  static async open(o: GitIntentStoreOptions): Promise<GitIntentStore> {
    const repo = resolve(o.repo);
    const fresh = !existsSync(repo) || (statSync(repo).isDirectory() && readdirSync(repo).length === 0);
    if (!fresh) assertGitTop(repo);
    await mkdir(repo, { recursive: true });
    const top = realpathSync(repo);
    const run = new GitRunner(top, o);
    if (fresh) await run.run(['init', '-q', '-b', o.branch]);
    const store = new GitIntentStore(top, o, run, await GitPlumbing.open(run));
    await (fresh ? store.init() : store.checkExisting()).catch((err: unknown) => {
      store.close();
      throw err;
    });
    await mkdir(join(repo, 'devices'), { recursive: true });
    return store;
  }

  private async init(): Promise<void> {
    const { run: git, o } = this;
    if (o.remote) {
      await git.run(['remote', 'add', 'origin', o.remote]);
      await git.run(['fetch', '-q', 'origin']);
      const remoteHead = (await git.try(['rev-parse', '-q', '--verify', `refs/remotes/origin/${o.branch}`])).stdout;
      if (remoteHead.trim()) {
        await git.run(['reset', '-q', '--hard', `refs/remotes/origin/${o.branch}`]);
        return;
      }
    }
    await this.initialCommit();
  }

  private async initialCommit(): Promise<void> {
    await this.committer.initial('intentd: initialize intent repository\n');
    this.pusher?.note([]);
    await this.tryPush();
  }

  private async checkExisting(): Promise<void> {
    const { run: git, o } = this;
    const branch = (await git.try(['symbolic-ref', '--short', '-q', 'HEAD'])).stdout.trim();
    if (branch !== o.branch) {
      throw new IntentStoreError(`${this.repo}: intent repo is on branch '${branch || '(detached)'}', config says '${o.branch}'`);
    }
    if (o.remote) {
      const url = (await git.try(['remote', 'get-url', 'origin'])).stdout.trim();
      if (url === '') await git.run(['remote', 'add', 'origin', o.remote]);
      else if (url !== o.remote) await git.run(['remote', 'set-url', 'origin', o.remote]);
    }
    if ((await this.head()) === null) await this.initialCommit();
  }

  /** Absolute path of the device's intent file; throws ValidationError for an unsafe device name. */
  pathFor(device: string): string {
    assertDeviceName(device);
    const path = resolve(this.repo, 'devices', `${device}.yaml`);
    if (dirname(path) !== join(this.repo, 'devices')) throw new ValidationError(`invalid device name '${device}'`);
    return path;
  }

  async head(): Promise<string | null> {
    return this.plumbing.resolve('HEAD');
  }

  async listDevices(): Promise<string[]> {
    return this.devicesAt('HEAD');
  }

  /** Device names with an intent file at `rev`, sorted. */
  async devicesAt(rev: string): Promise<string[]> {
    if ((await this.head()) === null) return [];
    const entries = (await this.plumbing.entriesAt(await this.commitAt(rev), 'devices')) ?? [];
    return devicesIn(entries.map((e) => `devices/${e.name}`)).sort();
  }

  /** Devices whose intent file differs between two commits (`from` null: every device at `to`); compared in-process. */
  async changedDevices(from: string | null, to: string): Promise<string[]> {
    if (from === null) return this.devicesAt(to);
    const [a, b] = [await this.commitAt(from), await this.commitAt(to)];
    if ((await this.plumbing.treeIdAt(a, 'devices')) === (await this.plumbing.treeIdAt(b, 'devices'))) return [];
    const files = async (c: string): Promise<Map<string, string>> =>
      new Map(((await this.plumbing.entriesAt(c, 'devices')) ?? []).filter((e) => !isTreeMode(e.mode)).map((e) => [e.name, `${e.mode} ${e.oid}`]));
    const [before, after] = [await files(a), await files(b)];
    const changed = [...new Set([...before.keys(), ...after.keys()])].filter((n) => before.get(n) !== after.get(n));
    return devicesIn(changed.map((n) => `devices/${n}`)).sort();
  }

  /** The commit `rev` names; IntentStoreError when it names none. */
  private async commitAt(rev: string): Promise<string> {
    const c = await this.plumbing.resolve(rev);
    if (c === null) throw new IntentStoreError(`${rev} does not name a commit`, { retryable: true });
    return c;
  }

  async read(device: string): Promise<StoredIntent | null> {
    this.pathFor(device);
    const rel = `devices/${device}.yaml`;
    const head = await this.head();
    // The blob id pins one version: a commit landing between the two calls cannot mix versions.
    const blob = head === null ? null : await this.plumbing.blobAt(head, rel);
    if (blob === null) {
      this.latestParsed.delete(device);
      return null;
    }
    return { intent: structuredClone(await this.parsedAt(device, blob)), base: { commit: head as string, blob } };
  }

  /**
   * Whether `text` is byte for byte the device file at HEAD (compared by git blob id, hashed here): a
   * working-tree file intentd itself just committed needs no second parse.
   */
  async isCommittedText(device: string, text: string): Promise<boolean> {
    this.pathFor(device);
    const head = await this.head();
    const blob = head === null ? null : await this.plumbing.blobAt(head, `devices/${device}.yaml`);
    return blob !== null && objectId(this.plumbing.layout.format, 'blob', Buffer.from(text, 'utf8')) === blob;
  }

  /**
   * The intent in a device file's blob, parsed and validated once: blobs never change, so it is kept (by
   * device and blob id) until it leaves a small cache. Throws ValidationError for an invalid file.
   */
  private async parsedAt(device: string, blob: string): Promise<DeviceIntent> {
    return this.knownParsed(device, blob) ?? this.rememberParsed(device, blob, parseIntentYaml(await this.plumbing.catBlob(blob), `devices/${device}.yaml`, { expectDevice: device }));
  }

  private knownParsed(device: string, blob: string): DeviceIntent | undefined {
    const latest = this.latestParsed.get(device);
    return latest?.blob === blob ? latest.intent : this.parsedBlobs.get(`${device}:${blob}`);
  }

  private rememberParsed(device: string, blob: string, intent: DeviceIntent): DeviceIntent {
    const key = `${device}:${blob}`;
    this.latestParsed.set(device, { blob, intent });
    this.parsedBlobs.set(key, intent);
    if (this.parsedBlobs.size > PARSED_BLOB_CACHE) this.parsedBlobs.delete(this.parsedBlobs.keys().next().value as string);
    return intent;
  }

  /**
   * Validates the intent (ValidationError, nothing written), then in the queue: compares with the
   * branch tip, and only when managed content differs commits the canonical file alone (plumbing +
   * compare-and-swap, see the class), tags exactly that commit when ticketed, updates that one
   * path in the working tree and index, and pushes. When the file moved on since `base` (the
   * version the caller computed the intent from; null: the file at the tip when the write starts,
   * so only a commit landing during the write counts), interfaces the caller left as they were at
   * the base take the file's newer version (mergeIntent), so a concurrent hand edit of another
   * interface is kept. Idempotent: a repeat returns
   * `{ committed: false }`. Returns the id of the commit made (after a push rebase, its new id).
   */
  async write(intent: DeviceIntent, meta: CommitMeta, base: IntentBase | null): Promise<WriteResult> {
    this.pathFor(intent.device);
    if (meta.device !== intent.device) {
      throw new ValidationError(`commit meta is for '${meta.device}', intent is for '${intent.device}'`);
    }
    const device = intent.device;
    const rel = `devices/${device}.yaml`;
    // Validated and in canonical form as its file would parse back, without a YAML round trip.
    const canonical = canonicalIntent(intent, rel, { expectDevice: device });
    const text = serializeIntent(canonical);
    assertTickets(meta);
    const message = renderCommitMessage(meta);
    return this.queue.add(async () => {
      await this.tryPush();
      const w = new WritePlan(this.plumbing, canonical, text, base?.blob, (blob) => this.parsedAt(device, blob));
      const made = await this.committer.commit(message, (tip) => w.plan(tip));
      if (made === null) return { committed: false, commit: null };
      // The next read of this file (device-apply, right after) needs no parse.
      this.rememberParsed(device, made.blob as string, w.writtenIntent);
      const commit = await this.finish(made.commit, meta, { rel, ...w.written, blob: made.blob as string });
      this.o.logger.info({ device, commit, tickets: commitTickets(meta) }, 'intent committed');
      return { committed: true, commit };
    });
  }

  /**
   * An empty commit recording `meta` (e.g. a device apply), tagged like a write; returns its id. It
   * follows a device write, so tickets are not validated here: one outside the ticket grammar gets
   * its trailer but no tag (logged, counted), and a tag that git refuses never undoes the commit.
   */
  async audit(meta: CommitMeta): Promise<string> {
    assertDeviceName(meta.device);
    const message = renderCommitMessage(meta);
    return this.queue.add(async () => {
      await this.tryPush();
      const made = await this.committer.commit(message, () => Promise.resolve({ kind: 'empty' }));
      if (made === null) throw new IntentStoreError('audit commit was not made');
      return this.finish(made.commit, meta, null);
    });
  }

  /** A repo file other than a device's (e.g. `policy.yaml`) at the branch tip, with that commit; text null when absent. */
  async fileAtTip(rel: string): Promise<{ commit: string | null; text: string | null }> {
    const commit = await this.committer.tip();
    const blob = commit === null ? null : await this.plumbing.blobAt(commit, rel);
    return { commit, text: blob === null ? null : await this.plumbing.catBlob(blob) };
  }

  /**
   * Commits a repo file other than a device's through the write queue, like write(): `next(text at
   * the tip)` gives the new text (null or the same text: nothing to commit; it is asked again after a
   * lost race, so it must be pure), then the branch compare-and-swap, the working tree and index, the
   * push. No ticket tags. Returns the commit made, or null.
   */
  async commitFile(rel: string, message: string, next: (current: string | null) => string | null): Promise<string | null> {
    return this.queue.add(async () => {
      await this.tryPush();
      let written: { beforeBlob: string | null; after: string } = { beforeBlob: null, after: '' };
      const made = await this.committer.commit(message, async (tip) => {
        const blob = await this.plumbing.blobAt(tip, rel);
        const before = blob === null ? null : await this.plumbing.catBlob(blob);
        const after = next(before);
        if (after === null || after === before) return { kind: 'none' };
        written = { beforeBlob: blob, after };
        return { kind: 'file', rel, text: after };
      });
      if (made === null) return null;
      return this.finish(made.commit, null, { rel, ...written, blob: made.blob as string });
    });
  }

  /** The branch history for the timeline, newest first, paged (see readHistory). */
  history(q: HistoryQuery): Promise<HistoryEntry[]> {
    return readHistory(this.run, this.committer.ref, q);
  }

  /** Ticket(s) and committer date of each commit given (see readCommitInfo). */
  commitInfo(commits: string[]): Promise<Map<string, { tickets: string; date: string }>> {
    return readCommitInfo(this.run, commits);
  }

  /** Newest first; `device` keeps commits whose `Device:` trailer names it (file changes and audits). */
  async log(o: { device?: string; max?: number } = {}): Promise<LogEntry[]> {
    if ((await this.head()) === null) return [];
    const args = ['log', `--format=%H${FIELD}%s${FIELD}%cI${FIELD}%(trailers:only,unfold)${RECORD}`];
    if (o.device !== undefined) args.push(`--grep=^Device: ${o.device}$`);
    // git stops after `max` matching commits, so the cost does not grow with the whole history.
    if (o.max !== undefined) args.push(`--max-count=${o.max}`);
    const out = await this.run.run(args);
    const entries = out
      .split(RECORD)
      .map((r) => r.replace(/^\n/, ''))
      .filter((r) => r.trim() !== '')
      .map((r): LogEntry => {
        const [commit = '', subject = '', date = '', trailers = ''] = r.split(FIELD);
        return { commit, subject, date, trailers: parseTrailers(trailers) };
      })
      .filter((e) => o.device === undefined || e.trailers.Device === o.device);
    return o.max === undefined ? entries : entries.slice(0, o.max);
  }

  /**
   * The commit that last changed the device's intent file (its intent revision), or null when it
   * has none. Stable across audit commits and other devices' commits.
   */
  async revisionOf(device: string, at?: string): Promise<string | null> {
    this.pathFor(device);
    const from = await this.plumbing.resolve(at ?? 'HEAD');
    if (from === null) {
      if (at === undefined) return null;
      throw new IntentStoreError(`${at} does not name a commit`, { retryable: true });
    }
    return this.revisions.revisionOf(`devices/${device}.yaml`, from);
  }

  /** One commit's message, author (`Name <email>`) and parents, through the in-process object reader. */
  async commitOf(commit: string): Promise<{ message: string; author: string; parents: string[] }> {
    const c = await this.plumbing.commit(commit);
    return { message: c.message, author: c.author, parents: c.parents };
  }

  /** The device's intent as of `commit` (null: no file there). Throws ValidationError for an invalid file. */
  async readAt(device: string, commit: string): Promise<DeviceIntent | null> {
    this.pathFor(device);
    const blob = await this.plumbing.blobAt(commit, `devices/${device}.yaml`);
    if (blob === null) return null;
    return structuredClone(await this.parsedAt(device, blob));
  }

  /** The trailers of one commit (its last paragraph), read from that commit object alone. */
  async trailersOf(commit: string): Promise<Record<string, string>> {
    const paragraphs = (await this.plumbing.commit(commit)).message.trimEnd().split(/\n\s*\n/);
    return parseTrailers(paragraphs.length > 1 ? (paragraphs.at(-1) ?? '') : '');
  }

  /**
   * Brings the branch up to `origin`'s (fetch with tags, fast-forward) before a reconcile reads it, in
   * the write queue; local commits not yet on the remote are pushed (a rebase when both moved).
   * Callers waiting for a pull that has not started yet share it. No-op without a remote.
   */
  pull(): Promise<void> {
    if (!this.pusher) return Promise.resolve();
    if (this.pulling) return this.pulling;
    let started = false;
    const p = this.queue.add(async () => {
      // From here on a new caller needs a new fetch (the remote may move after this one).
      // (Only a pull not started yet is ever shared, so the one shared now is this one.)
      started = true;
      this.pulling = null;
      const r = await pullRemote(this.run, this.o.branch, this.o.logger);
      if (r === 'ahead' || r === 'diverged') {
        this.pusher?.note([]);
        await this.tryPush();
      }
    });
    // An idle queue starts the task at once: only a pull still waiting is shared.
    if (!started) this.pulling = p;
    return p;
  }

  /** Ends the store's git object reader; call after idle() when shutting down. */
  close(): void {
    this.plumbing.close();
  }

  /** Resolves when every queued write has finished, with the working tree and index in line. */
  async idle(): Promise<void> {
    await this.queue.onIdle();
  }

  /**
   * After the branch moved to `commit`: tags exactly it once per ticket, brings the working tree in
   * line with `change` and runs the post-commit hook (see settleWorktree; queued when
   * deferWorktreeSync), pushes. Returns the
   * commit's id, rewritten when a push had to rebase it.
   */
  private async finish(commit: string, meta: CommitMeta | null, change: WorktreeChange | null): Promise<string> {
    const tags = meta === null ? [] : await this.tagTickets(commit, meta);
    if (await this.onBranch()) {
      const due = this.afterCommit;
      // The file itself right away (no git involved), so an editor or `git show` beside it sees the new
      // version as soon as write() resolves; its index entry follows in settleWorktree.
      const written = change === null || (await writeWorktreeFile(this.repo, change, this.plumbing.layout.format, this.o.logger).then(() => true, (err: unknown) => {
        this.o.logger.error({ err, commit }, 'intent committed, but the working tree could not be updated');
        return false;
      }));
      if (change !== null && written) due.paths.set(change.rel, change);
      due.hooks++;
      if (this.o.deferWorktreeSync !== true) await this.settleWorktree();
      else if (!due.scheduled) {
        due.scheduled = true;
        void this.queue.add(() => this.settleWorktree());
      }
    }
    if (!this.pusher) return commit;
    this.pusher.note(tags);
    return (await this.tryPush()).get(commit) ?? commit;
  }

  /**
   * The index brought in line with the files the commits made wrote (a failure is logged: the
   * commits stand), then the post-commit hook once per commit. With deferWorktreeSync it runs in the
   * write queue after the writes that owe it, so write() resolves without waiting for git's index
   * update, and writes that pile up meanwhile share one update-index call; idle() waits for it.
   */
  private async settleWorktree(): Promise<void> {
    const due = this.afterCommit;
    const changes = [...due.paths.values()];
    const hooks = due.hooks;
    due.paths.clear();
    due.hooks = 0;
    due.scheduled = false;
    try {
      if (changes.length > 0) await updateIndex(this.plumbing, this.repo, changes);
    } catch (err) {
      this.o.logger.error({ err, paths: changes.map((c) => c.rel) }, 'intent committed, but the index could not be updated');
      // Tried again after the next commit (a newer change of the same path supersedes it).
      for (const c of changes) if (!due.paths.has(c.rel)) due.paths.set(c.rel, c);
    }
    for (let i = 0; i < hooks; i++) {
      await this.committer.postCommitHook().catch((err: unknown) => this.o.logger.warn({ err }, 'post-commit hook could not run'));
    }
  }

  /** Tags `commit` `ticket/<t>[-n]` per ticket; a tag that cannot be made is logged and counted, never thrown. */
  private async tagTickets(commit: string, meta: CommitMeta): Promise<string[]> {
    const tags: string[] = [];
    const taggable = new Set(taggableTickets(meta));
    for (const ticket of commitTickets(meta)) {
      try {
        if (!taggable.has(ticket)) throw new ValidationError(`ticket '${ticket}' is not a valid tag name`);
        tags.push(await this.committer.tag(ticket, commit));
      } catch (err) {
        this.o.logger.warn({ err, commit, ticket }, 'commit made, but its ticket tag could not be created');
        this.o.onTagFailed?.(ticket);
      }
    }
    return tags;
  }

  /** True while the working tree has the configured branch checked out. */
  private async onBranch(): Promise<boolean> {
    return (await this.plumbing.refs.headTarget()) === this.committer.ref;
  }

  /** Pushes pending commits; a failure is logged and retried on the next write (the commit is safe locally). */
  private async tryPush(): Promise<Map<string, string>> {
    if (!this.pusher?.needed) return new Map();
    try {
      return await this.pusher.push();
    } catch (err) {
      this.o.logger.error({ err }, 'intent push failed; will retry on the next write');
      return new Map();
    }
  }
}

/** `devices/<d>.yaml` paths → device names (others ignored). */
export function devicesIn(paths: string[]): string[] {
  return paths
    .map((p) => /^devices\/([^/]+)\.yaml$/.exec(p.trim())?.[1])
    .filter((d): d is string => d !== undefined && isDeviceName(d));
}
