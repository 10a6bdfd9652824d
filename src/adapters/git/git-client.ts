import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { simpleGit, type SimpleGit } from 'simple-git';
import { IntentStoreError, IntentdError } from '../../core/errors.js';

/** Who commits: taken from config, never from the user's global git config. */
export interface GitIdentity {
  authorName: string;
  authorEmail: string;
}

/**
 * A simple-git client for one repo with a fixed environment: the configured identity as author and
 * committer, no terminal prompts, no inherited GIT_* variables (e.g. GIT_DIR when run from a hook).
 */
export function gitClient(baseDir: string, who: GitIdentity): SimpleGit {
  // An allow-list: simple-git refuses editor/pager/ssh variables, and GIT_DIR & co. must not leak in.
  const env: Record<string, string> = {};
  for (const k of ['PATH', 'HOME', 'USER', 'LANG', 'LC_ALL', 'LC_CTYPE', 'TMPDIR', 'SSH_AUTH_SOCK']) {
    const v = process.env[k];
    if (v !== undefined) env[k] = v;
  }
  Object.assign(env, {
    GIT_AUTHOR_NAME: who.authorName,
    GIT_AUTHOR_EMAIL: who.authorEmail,
    GIT_COMMITTER_NAME: who.authorName,
    GIT_COMMITTER_EMAIL: who.authorEmail,
    GIT_TERMINAL_PROMPT: '0',
  });
  return simpleGit({ baseDir, config: ['commit.gpgsign=false', 'tag.gpgsign=false'] }).env(env);
}

/** Runs one git step; a library error becomes a retryable IntentStoreError naming the step. */
export async function gitStep<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof IntentdError) throw err;
    const msg = err instanceof Error ? err.message.trim().split('\n').slice(-3).join(' ') : String(err);
    throw new IntentStoreError(`git ${what} failed: ${msg}`, { retryable: true, cause: err });
  }
}

/** Throws IntentStoreError unless `repo` is a folder at the top of its own git work tree. */
export function assertGitTop(repo: string): void {
  const ok = existsSync(repo) && statSync(repo).isDirectory() && existsSync(join(repo, '.git'));
  if (!ok) {
    throw new IntentStoreError(`${repo} exists and is not a git repository (refusing to use it as the intent repo)`);
  }
}
