import { isAbsolute, resolve } from 'node:path';
import { IntentStoreError } from '../../core/errors.js';
import type { GitRunner } from './git-run.js';

/**
 * What the in-process git code needs to know about a repo, asked of git once when it opens: where
 * the per-worktree (HEAD) and common (objects, refs) git dirs are, the object format, where hooks
 * live and whether ref updates are logged. A repo whose refs are not in the files backend
 * (`extensions.refstorage`, e.g. reftable) is refused with a terminal IntentStoreError.
 */
export interface RepoLayout {
  /** The worktree's own git dir (HEAD, logs/HEAD). */
  gitDir: string;
  /** The common dir (objects, refs, packed-refs): the same as gitDir outside linked worktrees. */
  commonDir: string;
  format: 'sha1' | 'sha256';
  /** Hex digits of an object id. */
  hexLength: number;
  hooksDir: string;
  /** core.logAllRefUpdates: true (default in a non-bare repo), 'always', or false. */
  logAllRefUpdates: boolean | 'always';
}

export async function readRepoLayout(git: GitRunner): Promise<RepoLayout> {
  const out = await git.run(['rev-parse', '--show-object-format', '--git-dir', '--git-common-dir', '--git-path', 'hooks', '--is-bare-repository']);
  const [format, gitDir, commonDir, hooks, bare] = out.split('\n');
  if (format !== 'sha1' && format !== 'sha256') throw new IntentStoreError(`${git.cwd}: unsupported git object format '${format ?? ''}'`);
  const cfg = await git.try(['config', '-z', '--get-regexp', '^(extensions\\.refstorage|core\\.logallrefupdates)$']);
  const values = new Map<string, string>();
  for (const rec of cfg.stdout.split('\0')) {
    const nl = rec.indexOf('\n');
    if (rec !== '') values.set((nl < 0 ? rec : rec.slice(0, nl)).toLowerCase(), nl < 0 ? 'true' : rec.slice(nl + 1));
  }
  const storage = values.get('extensions.refstorage');
  if (storage !== undefined && storage.toLowerCase() !== 'files') {
    throw new IntentStoreError(`${git.cwd}: refs are stored in '${storage}' (extensions.refstorage); intentd needs the files ref backend`);
  }
  const abs = (p: string | undefined): string => resolve(git.cwd, p ?? '.git');
  const logAll = values.get('core.logallrefupdates')?.toLowerCase();
  return {
    gitDir: abs(gitDir),
    commonDir: abs(commonDir),
    format,
    hexLength: format === 'sha1' ? 40 : 64,
    hooksDir: isAbsolute(hooks ?? '') ? (hooks as string) : abs(hooks),
    logAllRefUpdates:
      logAll === undefined ? bare !== 'true' : logAll === 'always' ? 'always' : ['true', 'yes', 'on', '1'].includes(logAll),
  };
}
