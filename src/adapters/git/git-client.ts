import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { IntentStoreError } from '../../core/errors.js';

/** Who commits: taken from config, never from the user's global git config. */
export interface GitIdentity {
  authorName: string;
  authorEmail: string;
}

/** Throws IntentStoreError unless `repo` is a folder at the top of its own git work tree. */
export function assertGitTop(repo: string): void {
  const ok = existsSync(repo) && statSync(repo).isDirectory() && existsSync(join(repo, '.git'));
  if (!ok) {
    throw new IntentStoreError(`${repo} exists and is not a git repository (refusing to use it as the intent repo)`);
  }
}
