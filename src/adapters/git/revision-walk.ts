import type { GitPlumbing } from './plumbing.js';

/** Commits walked in-process before asking `git log` (a long quiet stretch is cheaper there). */
const WALK_LIMIT = 50;
/** Remembered answers per path (the newest few commits are what the hot path asks about). */
const MEMO = 32;

/**
 * "The commit that last changed `path`, as of `at`" — what `git log -1 <at> -- <path>` prints —
 * answered in-process: walk first parents from `at` while the path's entry (mode and id) equals
 * the parent's; the first commit where it differs (or a root commit that has the path) is the
 * answer. Answers are remembered per path and commit, so a new commit on top costs one or two
 * object reads. A merge commit on the way, or a walk past WALK_LIMIT commits, is left to
 * `fallback` (git log), whose history simplification for merges is not repeated here.
 */
export class RevisionWalk {
  private readonly memo = new Map<string, Map<string, string | null>>();

  constructor(
    private readonly plumbing: GitPlumbing,
    private readonly fallback: (path: string, at: string) => Promise<string | null>,
  ) {}

  async revisionOf(path: string, at: string): Promise<string | null> {
    let memo = this.memo.get(path);
    if (memo === undefined) this.memo.set(path, (memo = new Map()));
    const hit = memo.get(at);
    if (hit !== undefined) return hit;
    const visited: string[] = [];
    let result: string | null | undefined;
    let c = at;
    let entry = await this.plumbing.pathEntry(c, path);
    for (let i = 0; i < WALK_LIMIT && result === undefined; i++) {
      const known = memo.get(c);
      if (known !== undefined) {
        result = known;
        break;
      }
      visited.push(c);
      const { parents } = await this.plumbing.commit(c);
      const [parent] = parents;
      if (parents.length > 1) break;
      if (parent === undefined) {
        result = entry === null ? null : c;
        break;
      }
      const before = await this.plumbing.pathEntry(parent, path);
      if (before !== entry) result = c;
      else c = parent;
      entry = before;
    }
    result ??= await this.fallback(path, at);
    for (const v of visited) {
      memo.set(v, result);
      if (memo.size > MEMO) memo.delete(memo.keys().next().value as string);
    }
    return result;
  }
}
