import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Logger } from '../../log.js';
import { sleep } from '../../runtime/backoff.js';
import { INDEX_UNSUPPORTED, setIndexEntries } from './index-file.js';
import { objectId } from './loose-objects.js';
import type { GitPlumbing } from './plumbing.js';

/** One path changed by committed commits: the blob before (null = no file), the text after and its blob. */
export interface WorktreeChange {
  rel: string;
  beforeBlob: string | null;
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

/**
 * Sets the index entries of `changes` to their new blobs, with the files' stat data, so `git status`
 * is clean: in-process (setIndexEntries, under git's index.lock), or by `git update-index` when the
 * repo has a post-index-change hook (git runs it) or an index form that code does not write (v4,
 * split or sparse). Waits while another git process holds index.lock.
 */
export async function updateIndex(plumbing: GitPlumbing, workTree: string, changes: readonly WorktreeChange[]): Promise<void> {
  if (!(await plumbing.hasHook('post-index-change'))) {
    for (let attempt = 1; attempt <= 100; attempt++) {
      const r = setIndexEntries(plumbing.layout, workTree, changes.map((c) => ({ rel: c.rel, oid: c.blob })));
      if (r === 'ok') return;
      if (r === INDEX_UNSUPPORTED) break;
      await sleep(20);
    }
  }
  await plumbing.withIndexLock(['update-index', '--add', ...changes.flatMap((c) => ['--cacheinfo', `100644,${c.blob},${c.rel}`])]);
  // --cacheinfo leaves no stat data: refresh it so plumbing (diff-files) sees the file as clean too.
  await plumbing.withIndexLock(['update-index', '-q', '--refresh']);
}

/**
 * Replaces the file atomically (temp file + rename, never seen half-written) when it does not hold
 * `after` yet. Synchronous calls: an intent file is a few KB and this runs on the change path.
 */
export async function writeWorktreeFile(repo: string, change: WorktreeChange, format: 'sha1' | 'sha256', logger: Logger): Promise<void> {
  const path = join(repo, change.rel);
  let onDisk: string | null = null;
  try {
    onDisk = readFileSync(path, 'utf8');
  } catch {
    // no file yet
  }
  // Compared by blob id with the version the commit replaced: its text need not be read from git.
  if (onDisk !== null && onDisk !== change.after && objectId(format, 'blob', Buffer.from(onDisk, 'utf8')) !== change.beforeBlob) {
    logger.warn({ path: change.rel }, 'uncommitted edit of the intent file overwritten by the intent commit');
  }
  if (onDisk === change.after) return;
  mkdirSync(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${basename(path)}.intentd-${process.pid}.tmp`);
  try {
    writeFileSync(tmp, change.after);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}
