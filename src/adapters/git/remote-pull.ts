import type { Logger } from '../../log.js';
import type { GitRunner } from './git-run.js';

export type PullResult = 'up-to-date' | 'fast-forward' | 'ahead' | 'diverged';

/**
 * Fetches `origin`'s branch (and its tags) and fast-forwards the checked-out branch to it when the
 * local one has nothing of its own (git merge --ff-only: working tree and index follow, a dirty one
 * refuses). 'ahead' or 'diverged': local commits wait for the next push, which rebases onto the remote.
 */
export async function pullRemote(git: GitRunner, branch: string, logger: Logger): Promise<PullResult> {
  const refspec = `+refs/heads/${branch}:refs/remotes/origin/${branch}`;
  await git.run(['fetch', '-q', '--tags', 'origin', refspec]).catch(async (err: unknown) => {
    // A ticket tag made here and on another replica under the same name: the branch still comes along.
    logger.warn({ err }, 'intent fetch with tags failed; fetching the branch alone');
    await git.run(['fetch', '-q', '--no-tags', 'origin', refspec]);
  });
  const local = (await git.run(['rev-parse', 'HEAD'])).trim();
  const remote = (await git.try(['rev-parse', '-q', '--verify', `refs/remotes/origin/${branch}`])).stdout.trim();
  if (remote === '' || remote === local) return 'up-to-date';
  if ((await git.try(['merge-base', '--is-ancestor', local, remote])).code === 0) {
    await git.run(['merge', '-q', '--ff-only', `refs/remotes/origin/${branch}`]);
    return 'fast-forward';
  }
  return (await git.try(['merge-base', '--is-ancestor', remote, local])).code === 0 ? 'ahead' : 'diverged';
}
