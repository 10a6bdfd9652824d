import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { simpleGit, GitError, GitPluginError, type SimpleGit } from 'simple-git';
import { GitCommandError, IntentStoreError } from '../../core/errors.js';
import type { GitIdentity } from './git-client.js';

export interface GitRunOptions {
  /** Extra environment, e.g. `GIT_INDEX_FILE` for a private index. */
  env?: Record<string, string>;
  /** Written to git's stdin. */
  input?: string;
}

export interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

const INHERITED = ['PATH', 'HOME', 'USER', 'LANG', 'LC_ALL', 'LC_CTYPE', 'TMPDIR', 'SSH_AUTH_SOCK'];
const CONFIG = ['commit.gpgsign=false', 'tag.gpgsign=false'];
/** A git command that neither finishes nor writes anything for this long is killed (e.g. a hung push). */
const DEFAULT_TIMEOUT_MS = 120_000;

/**
 * Plumbing on the hot path is spawned directly: simple-git waits an extra 50 ms after a command that
 * printed nothing (its completion plugin, not configurable), and read-tree, update-index, update-ref
 * and hook runs print nothing — that alone made an intent commit five times slower. Porcelain (push,
 * fetch, tag, log, init, remote, reset, …) goes through simple-git.
 */
const PLUMBING = new Set(['rev-parse', 'ls-tree', 'cat-file', 'hash-object', 'read-tree', 'update-index', 'write-tree', 'commit-tree', 'update-ref', 'symbolic-ref', 'hook', 'show', 'merge-base', 'mktree', 'for-each-ref', 'rev-list', 'diff']);

/** A non-zero exit seen by simple-git's `errors` plugin (a GitError, so simple-git keeps it); never leaves this module. */
class ExitSeen extends GitError {
  constructor(readonly result: GitResult) {
    super(undefined, `git exited ${result.code}`);
  }
}

/**
 * The one way intentd runs git, for one repo, with a fixed environment (allow-listed variables, the
 * configured identity as author and committer, no prompts, no inherited GIT_DIR/GIT_INDEX_FILE) and
 * a timeout. Commands run through simple-git, whose `errors` plugin is set so that EVERY non-zero
 * exit is seen (its default only fails when stderr is non-empty); plumbing (see PLUMBING) and a
 * command that needs stdin (hash-object, commit-tree, which simple-git cannot feed) are spawned here
 * directly, with the same environment, timeout and error translation. `try` returns a non-zero exit, `run` throws it as a
 * retryable GitCommandError. A git that cannot start or times out is a retryable IntentStoreError.
 */
export class GitRunner {
  private readonly env: Record<string, string>;
  private readonly git: SimpleGit;

  constructor(
    readonly cwd: string,
    readonly who: GitIdentity,
    private readonly timeoutMs = DEFAULT_TIMEOUT_MS,
  ) {
    const env: Record<string, string> = {};
    for (const k of INHERITED) {
      const v = process.env[k];
      if (v !== undefined) env[k] = v;
    }
    this.env = Object.assign(env, {
      GIT_AUTHOR_NAME: who.authorName,
      GIT_AUTHOR_EMAIL: who.authorEmail,
      GIT_COMMITTER_NAME: who.authorName,
      GIT_COMMITTER_EMAIL: who.authorEmail,
      GIT_TERMINAL_PROMPT: '0',
    });
    this.git = this.client(this.env);
  }

  /** Runs git; resolves with its exit code and output (a failure to start git is thrown). */
  async try(args: string[], o: GitRunOptions = {}): Promise<GitResult> {
    if (o.input !== undefined || PLUMBING.has(args[0] ?? '')) return this.spawn(args, o);
    const git = o.env ? this.client({ ...this.env, ...o.env }) : this.git;
    try {
      return { code: 0, stdout: await git.raw(args), stderr: '' };
    } catch (err) {
      if (err instanceof ExitSeen) return err.result;
      throw notRun(args, err);
    }
  }

  /** Runs git and returns stdout; any non-zero exit becomes a retryable GitCommandError naming the step. */
  async run(args: string[], o: GitRunOptions = {}): Promise<string> {
    const r = await this.try(args, o);
    if (r.code !== 0) throw gitFailure(args, r);
    return r.stdout;
  }

  /**
   * Starts a long-running git child (e.g. `cat-file --batch`) with the same environment, stdio
   * piped. The caller owns it: it must end it, and it is unref'd so it never holds the process open.
   */
  spawnLong(args: string[]): ChildProcessWithoutNullStreams {
    const child = spawn('git', [...CONFIG.flatMap((c) => ['-c', c]), ...args], { cwd: this.cwd, env: this.env, stdio: 'pipe' });
    child.unref();
    return child;
  }

  private client(env: Record<string, string>): SimpleGit {
    return simpleGit({
      baseDir: this.cwd,
      config: CONFIG,
      timeout: { block: this.timeoutMs },
      errors: (error, r) => {
        if (error instanceof GitPluginError || !(typeof r.exitCode === 'number' && r.exitCode > 0)) return error;
        const text = (b: Buffer[]): string => Buffer.concat(b).toString('utf8');
        return new ExitSeen({ code: r.exitCode, stdout: text(r.stdOut), stderr: text(r.stdErr) });
      },
    }).env(env);
  }

  /** A command fed on stdin (simple-git has none) or a plumbing command: spawned here, nowhere else. */
  private spawn(args: string[], o: GitRunOptions): Promise<GitResult> {
    const full = [...CONFIG.flatMap((c) => ['-c', c]), ...args];
    return new Promise((resolve, reject) => {
      const child = execFile(
        'git',
        full,
        { cwd: this.cwd, env: { ...this.env, ...o.env }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: this.timeoutMs },
        (err, stdout, stderr) => {
          const code = err === null ? 0 : typeof err.code === 'number' && err.killed !== true ? err.code : null;
          if (code === null) reject(notRun(args, err));
          else resolve({ code, stdout, stderr });
        },
      );
      // A git command that does not read stdin may exit before we write: ignore that EPIPE.
      child.stdin?.on('error', () => undefined);
      child.stdin?.end(o.input);
    });
  }
}

/** Credentials in a URL (`https://user:token@host`) never reach a message or a log. */
export function redactGit(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/@\s]+@/gi, '$1***@');
}

/** git did not start, was killed or timed out. The library error is not kept as `cause`: it carries the full command line. */
function notRun(args: string[], err: unknown): IntentStoreError {
  const why = err instanceof Error ? err.message : String(err);
  return new IntentStoreError(redactGit(`git ${args[0] ?? ''} could not run: ${why}`), { retryable: true });
}

/** The GitCommandError for a failed git step: its arguments' verb, exit code and last stderr lines. */
export function gitFailure(args: string[], r: GitResult): GitCommandError {
  const detail = redactGit((r.stderr.trim() || r.stdout.trim()).split('\n').slice(-3).join(' '));
  return new GitCommandError(`git ${args[0] ?? ''} failed (exit ${r.code}): ${detail}`, {
    command: args.map(redactGit),
    code: r.code,
    stderr: redactGit(r.stderr),
  });
}
