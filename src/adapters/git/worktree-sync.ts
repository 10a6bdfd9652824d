import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Logger } from '../../log.js';
import type { GitPlumbing } from './plumbing.js';

/** One path changed by committed commits: file contents before/after (null = no file) and the new blob. */
export interface WorktreeChange {
  rel: string;
  before: string | null;
  after: string;
  blob: string;
}

/**
 * After the branch moved to commits that changed each `rel` from `before` to `after`, the two steps
 * that bring those paths of the shared working tree and index in line, so `git status` stays clean:
 * writeWorktreeFile (in-process, right after the commit) then updateIndex (git, may come later and
 * take several paths at once). Other paths are never touched. An uncommitted edit of such a file is
 * overwritten (logged); one of any other file is kept.
 */

/** Sets the index entries of `changes` to their new blobs in one `update-index` (the index format stays git's business). */
export async function updateIndex(plumbing: GitPlumbing, changes: readonly WorktreeChange[]): Promise<void> {
  await plumbing.withIndexLock(['update-index', '--add', ...changes.flatMap((c) => ['--cacheinfo', `100644,${c.blob},${c.rel}`])]);
  // --cacheinfo leaves no stat data: refresh it so plumbing (diff-files) sees the file as clean too.
  await plumbing.withIndexLock(['update-index', '-q', '--refresh']);
}

/** Replaces the file atomically (temp file + rename, never seen half-written) when it does not hold `after` yet. */
export async function writeWorktreeFile(repo: string, change: WorktreeChange, logger: Logger): Promise<void> {
  const path = join(repo, change.rel);
  const onDisk = await readFile(path, 'utf8').catch(() => null);
  if (onDisk !== null && onDisk !== change.before && onDisk !== change.after) {
    logger.warn({ path: change.rel }, 'uncommitted edit of the intent file overwritten by the intent commit');
  }
  if (onDisk === change.after) return;
  await mkdir(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${basename(path)}.intentd-${process.pid}.tmp`);
  try {
    await writeFile(tmp, change.after);
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}
