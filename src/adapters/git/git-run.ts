import { execFile } from 'node:child_process';
import { IntentStoreError } from '../../core/errors.js';
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

/**
 * Runs git in one repo with execFile and a fixed environment (allow-listed variables, the configured
 * identity as author and committer, no prompts, no inherited GIT_DIR/GIT_INDEX_FILE). Unlike
 * simple-git's raw(), every non-zero exit is seen: `try` returns it, `run` throws it.
 */
export class GitRunner {
  private readonly env: Record<string, string>;

  constructor(
    readonly cwd: string,
    who: GitIdentity,
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
  }

  /** Runs git; resolves with its exit code and output (a failure to start git is thrown). */
  try(args: string[], o: GitRunOptions = {}): Promise<GitResult> {
    const full = ['-c', 'commit.gpgsign=false', '-c', 'tag.gpgsign=false', ...args];
    return new Promise((resolve, reject) => {
      const child = execFile(
        'git',
        full,
        { cwd: this.cwd, env: { ...this.env, ...o.env }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
        (err, stdout, stderr) => {
          const code = err === null ? 0 : typeof err.code === 'number' ? err.code : null;
          if (code === null) {
            reject(new IntentStoreError(`git ${args[0] ?? ''} could not run: ${err?.message ?? ''}`, { retryable: true, cause: err }));
          } else resolve({ code, stdout, stderr });
        },
      );
      // A git command that does not read stdin may exit before we write: ignore that EPIPE.
      child.stdin?.on('error', () => undefined);
      child.stdin?.end(o.input ?? '');
    });
  }

  /** Runs git and returns stdout; any non-zero exit becomes a retryable IntentStoreError naming the step. */
  async run(args: string[], o: GitRunOptions = {}): Promise<string> {
    const r = await this.try(args, o);
    if (r.code !== 0) throw gitFailure(args, r);
    return r.stdout;
  }
}

/** The IntentStoreError for a failed git step: its arguments' verb, exit code and last stderr lines. */
export function gitFailure(args: string[], r: GitResult): IntentStoreError {
  const detail = (r.stderr.trim() || r.stdout.trim()).split('\n').slice(-3).join(' ');
  return new IntentStoreError(`git ${args[0] ?? ''} failed (exit ${r.code}): ${detail}`, { retryable: true });
}
