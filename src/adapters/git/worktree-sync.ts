import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Logger } from '../../log.js';
import type { GitPlumbing } from './plumbing.js';

/**
 * After the branch moved to a commit that changed `rel` from `before` to `after` (file contents,
 * null = no file), brings that one path of the shared working tree and index in line, so
 * `git status` stays clean: the file is replaced atomically (temp file + rename, never seen
 * half-written) and its index entry set to the new blob. Other paths are never touched. An
 * uncommitted edit of this same file is overwritten (logged); one of any other file is kept.
 */
export async function syncWorktreePath(
  plumbing: GitPlumbing,
  repo: string,
  rel: string,
  change: { before: string | null; after: string; blob: string },
  logger: Logger,
): Promise<void> {
  const path = join(repo, rel);
  const onDisk = await readFile(path, 'utf8').catch(() => null);
  if (onDisk !== null && onDisk !== change.before && onDisk !== change.after) {
    logger.warn({ path: rel }, 'uncommitted edit of the intent file overwritten by the intent commit');
  }
  if (onDisk !== change.after) {
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
  await plumbing.withIndexLock(['update-index', '--add', '--cacheinfo', `100644,${change.blob},${rel}`]);
  // --cacheinfo leaves no stat data: refresh it so plumbing (diff-files) sees the file as clean too.
  await plumbing.withIndexLock(['update-index', '-q', '--refresh']);
}
