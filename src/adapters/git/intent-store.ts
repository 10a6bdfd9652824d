import { existsSync, statSync, readdirSync, realpathSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import PQueue from 'p-queue';
import type { SimpleGit } from 'simple-git';
import { IntentStoreError, ValidationError } from '../../core/errors.js';
import { sameManagedContent } from '../../core/intent-compare.js';
import { parseIntentYaml, serializeIntent } from '../../core/intent-yaml.js';
import type { CommitMeta, IntentStorePort, WriteResult } from '../../core/ports.js';
import { DEVICE_NAME_PATTERN, type DeviceIntent } from '../../core/types.js';
import type { Logger } from '../../log.js';
import { commitTicket, nextTicketTag, parseTrailers, renderCommitMessage } from './commit-message.js';
import { assertGitTop, gitClient, gitStep } from './git-client.js';
import { GitPusher } from './git-push.js';

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
}

export interface LogEntry {
  commit: string;
  subject: string;
  trailers: Record<string, string>;
  /** Committer date, ISO 8601. */
  date: string;
}

const DEVICE_RE = new RegExp(DEVICE_NAME_PATTERN);
const FIELD = '\x1f';
const RECORD = '\x1e';

/** Throws ValidationError unless `device` is a safe file name (no `/`, no `..`). */
export function assertDeviceName(device: string): void {
  if (!DEVICE_RE.test(device)) {
    throw new ValidationError(`invalid device name '${device}'`, [`device: '${device}' must match ${DEVICE_NAME_PATTERN}`]);
  }
}

/**
 * The intent repository on disk: `devices/<device>.yaml` per device, read at HEAD, written through
 * one serialized queue (concurrency 1), committed only when managed content changed, each ticketed
 * commit tagged `ticket/<id>`, pushed to `origin` when a remote is configured.
 */
export class GitIntentStore implements IntentStorePort {
  private readonly queue = new PQueue({ concurrency: 1 });
  private readonly pusher: GitPusher | null;

  private constructor(
    readonly repo: string,
    private readonly git: SimpleGit,
    private readonly o: GitIntentStoreOptions,
  ) {
    this.pusher = o.remote ? new GitPusher(git, o.branch, o.logger, o.pushAttempts) : null;
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
    const store = new GitIntentStore(realpathSync(repo), gitClient(repo, o), o);
    await (fresh ? store.init() : store.checkExisting());
    await mkdir(join(repo, 'devices'), { recursive: true });
    return store;
  }

  private async init(): Promise<void> {
    const { git, o } = this;
    await gitStep('init', () => git.raw(['init', '-q', '-b', o.branch]));
    if (o.remote) {
      await gitStep('remote add', () => git.raw(['remote', 'add', 'origin', o.remote as string]));
      await gitStep('fetch', () => git.raw(['fetch', '-q', 'origin']));
      const remoteHead = await git.raw(['rev-parse', '-q', '--verify', `refs/remotes/origin/${o.branch}`]).catch(() => '');
      if (remoteHead.trim()) {
        await gitStep('reset', () => git.raw(['reset', '-q', '--hard', `refs/remotes/origin/${o.branch}`]));
        return;
      }
    }
    await this.initialCommit();
  }

  private async initialCommit(): Promise<void> {
    await gitStep('commit', () => this.git.raw(['commit', '-q', '--no-verify', '--allow-empty', '-m', 'intentd: initialize intent repository']));
    this.pusher?.note(null);
    await this.tryPush();
  }

  private async checkExisting(): Promise<void> {
    const { git, o } = this;
    const branch = (await git.raw(['symbolic-ref', '--short', '-q', 'HEAD']).catch(() => '')).trim();
    if (branch !== o.branch) {
      throw new IntentStoreError(`${this.repo}: intent repo is on branch '${branch || '(detached)'}', config says '${o.branch}'`);
    }
    if (o.remote) {
      const url = (await git.raw(['remote', 'get-url', 'origin']).catch(() => '')).trim();
      if (url === '') await gitStep('remote add', () => git.raw(['remote', 'add', 'origin', o.remote as string]));
      else if (url !== o.remote) await gitStep('remote set-url', () => git.raw(['remote', 'set-url', 'origin', o.remote as string]));
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
    const out = await this.git.raw(['rev-parse', '-q', '--verify', 'HEAD^{commit}']).catch(() => '');
    return out.trim() || null;
  }

  async listDevices(): Promise<string[]> {
    return this.devicesAt('HEAD');
  }

  /** Device names with an intent file at `rev`, sorted. */
  async devicesAt(rev: string): Promise<string[]> {
    if ((await this.head()) === null) return [];
    const out = await gitStep('ls-tree', () => this.git.raw(['ls-tree', '--name-only', rev, 'devices/']));
    return devicesIn(out.split('\n')).sort();
  }

  /** Devices whose intent file differs between two commits (`from` null: every device at `to`). */
  async changedDevices(from: string | null, to: string): Promise<string[]> {
    if (from === null) return this.devicesAt(to);
    const out = await gitStep('diff', () => this.git.raw(['diff', '--name-only', '--no-renames', from, to, '--', 'devices/']));
    return [...new Set(devicesIn(out.split('\n')))].sort();
  }

  async read(device: string): Promise<DeviceIntent | null> {
    this.pathFor(device);
    const rel = `devices/${device}.yaml`;
    // The blob id pins one version: a commit landing between the two calls cannot mix versions.
    const blob = (await this.git.raw(['rev-parse', '-q', '--verify', `HEAD:${rel}`]).catch(() => '')).trim();
    if (blob === '') return null;
    const text = await gitStep('cat-file', () => this.git.raw(['cat-file', 'blob', blob]));
    return parseIntentYaml(text, rel, { expectDevice: device });
  }

  /** The device's intent at HEAD, or null when it has none or it is invalid. */
  private async readOrNull(device: string): Promise<DeviceIntent | null> {
    try {
      return await this.read(device);
    } catch (err) {
      if (err instanceof ValidationError) return null; // an invalid file at HEAD is replaced by the write
      throw err;
    }
  }

  /**
   * Validates the intent (ValidationError, nothing written), then in the queue: compares with HEAD,
   * and only when managed content differs writes the canonical file, commits it alone, tags a
   * ticketed commit and pushes. Idempotent: a repeat returns `{ committed: false }`.
   */
  async write(intent: DeviceIntent, meta: CommitMeta): Promise<WriteResult> {
    const path = this.pathFor(intent.device);
    if (meta.device !== intent.device) {
      throw new ValidationError(`commit meta is for '${meta.device}', intent is for '${intent.device}'`);
    }
    const rel = `devices/${intent.device}.yaml`;
    const text = serializeIntent(intent);
    const canonical = parseIntentYaml(text, rel, { expectDevice: intent.device });
    const message = renderCommitMessage(meta);
    return this.queue.add(async () => {
      await this.tryPush();
      const current = await this.readOrNull(intent.device);
      if (current !== null && sameManagedContent(current, canonical)) return { committed: false, commit: null };
      await writeFile(path, text);
      try {
        await gitStep('add', () => this.git.raw(['add', '--', rel]));
        await gitStep('commit', () => this.git.raw(['commit', '-q', '--no-verify', '-m', message, '--', rel]));
      } catch (err) {
        await this.restore(rel, path);
        throw err;
      }
      const commit = await this.tagAndPush(meta);
      this.o.logger.info({ device: intent.device, commit, ticket: meta.ticket ?? null }, 'intent committed');
      return { committed: true, commit };
    });
  }

  /** An empty commit recording `meta` (e.g. a device apply), tagged like a write; returns its id. */
  async audit(meta: CommitMeta): Promise<string> {
    assertDeviceName(meta.device);
    const message = renderCommitMessage(meta);
    return this.queue.add(async () => {
      await this.tryPush();
      await gitStep('commit', () => this.git.raw(['commit', '-q', '--no-verify', '--allow-empty', '--only', '-m', message]));
      return this.tagAndPush(meta);
    });
  }

  /** Newest first; `device` keeps commits whose `Device:` trailer names it (file changes and audits). */
  async log(o: { device?: string; max?: number } = {}): Promise<LogEntry[]> {
    if ((await this.head()) === null) return [];
    const args = ['log', `--format=%H${FIELD}%s${FIELD}%cI${FIELD}%(trailers:only,unfold)${RECORD}`];
    if (o.device !== undefined) args.push(`--grep=^Device: ${o.device}$`);
    const out = await gitStep('log', () => this.git.raw(args));
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
  async revisionOf(device: string): Promise<string | null> {
    this.pathFor(device);
    if ((await this.head()) === null) return null;
    const out = await gitStep('log', () => this.git.raw(['log', '-1', '--format=%H', 'HEAD', '--', `devices/${device}.yaml`]));
    return out.trim() || null;
  }

  /** Resolves when every queued write has finished. */
  async idle(): Promise<void> {
    await this.queue.onIdle();
  }

  private async tagAndPush(meta: CommitMeta): Promise<string> {
    const commit = (await this.head()) as string;
    const ticket = commitTicket(meta);
    let tag: string | null = null;
    if (ticket !== null) {
      const existing = await gitStep('tag -l', () => this.git.raw(['tag', '-l', `ticket/${ticket}`, `ticket/${ticket}-*`]));
      tag = nextTicketTag(ticket, new Set(existing.split('\n').filter(Boolean)));
      await gitStep('tag', () => this.git.raw(['tag', tag as string, commit]));
    }
    if (!this.pusher) return commit;
    this.pusher.note(tag);
    await this.tryPush();
    return (await this.head()) as string; // a rebase during the push may have rewritten it
  }

  /** Pushes pending commits; a failure is logged and retried on the next write (the commit is safe locally). */
  private async tryPush(): Promise<void> {
    if (!this.pusher?.needed) return;
    try {
      await this.pusher.push();
    } catch (err) {
      this.o.logger.error({ err }, 'intent push failed; will retry on the next write');
    }
  }

  private async restore(rel: string, path: string): Promise<void> {
    await this.git.raw(['reset', '-q', '--', rel]).catch(() => undefined);
    const head = await this.head();
    const atHead = head ? await this.git.raw(['show', `${head}:${rel}`]).catch(() => null) : null;
    if (atHead === null) await rm(path, { force: true });
    else await writeFile(path, atHead);
  }
}

/** `devices/<d>.yaml` paths → device names (others ignored). */
export function devicesIn(paths: string[]): string[] {
  return paths
    .map((p) => /^devices\/([^/]+)\.yaml$/.exec(p.trim())?.[1])
    .filter((d): d is string => d !== undefined && DEVICE_RE.test(d));
}
