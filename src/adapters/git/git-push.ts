import { GitCommandError, IntentStoreError } from '../../core/errors.js';
import type { Logger } from '../../log.js';
import { nextTicketTag } from './commit-message.js';
import type { GitRunner } from './git-run.js';

// `cannot lock ref`: another clone's push to the same remote was updating the branch at that moment.
const REJECTED = /non-fast-forward|fetch first|\[rejected\]|updates were rejected|cannot lock ref/i;
/** Where the remote's ticket tags are fetched to, apart from our own (a name clash must be seen, not overwritten). */
const REMOTE_TAGS = 'refs/intentd/remote-tags';

/**
 * Pushes the branch and the ticket tags made since the last successful push. On a non-fast-forward
 * rejection it fetches, rebases the local commits onto the remote branch (our side wins a conflict:
 * the newest intent is what NetBox says now), moves the pending tags onto the rebased commits, renames
 * a pending tag another clone already pushed for its own commit (one ticket on two replicas' commits) to
 * the next free `ticket/<t>-n`, and tries again, up to `attempts` times. Throws a retryable IntentStoreError when it gives up.
 */
export class GitPusher {
  private pendingTags: string[] = [];
  private dirty = false;

  constructor(
    private readonly git: GitRunner,
    private readonly branch: string,
    private readonly logger: Logger,
    private readonly attempts = 5,
  ) {}

  /** Records a commit (and its tags, if any) that the next push must publish. */
  note(tags: readonly string[]): void {
    this.dirty = true;
    this.pendingTags.push(...tags);
  }

  get needed(): boolean {
    return this.dirty;
  }

  /**
   * Pushes; resolves with the commits a rebase rewrote (old id → new id), empty when none was
   * needed or the mapping is unknown (the rebase dropped or split commits).
   */
  async push(): Promise<Map<string, string>> {
    let rewritten = new Map<string, string>();
    for (let attempt = 1; ; attempt++) {
      try {
        const refs = [`HEAD:refs/heads/${this.branch}`, ...this.pendingTags.map((t) => `refs/tags/${t}`)];
        // --atomic: a rejected branch must not leave a tag behind on the remote pointing at a pre-rebase commit.
        await this.git.run(['push', '-q', '--atomic', 'origin', ...refs]);
        this.pendingTags = [];
        this.dirty = false;
        return rewritten;
      } catch (err) {
        const msg = err instanceof GitCommandError ? err.stderr : err instanceof Error ? err.message : String(err);
        if (!REJECTED.test(msg) || attempt >= this.attempts) {
          throw new IntentStoreError(`git push to origin failed after ${attempt} attempt(s): ${msg.trim()}`, {
            retryable: true,
            cause: err,
          });
        }
        this.logger.info({ attempt }, 'intent push rejected (remote moved): fetching and rebasing');
        const step = await this.rebaseOntoRemote();
        rewritten = new Map([...[...rewritten].map(([a, b]): [string, string] => [a, step.get(b) ?? b]), ...step]);
      }
    }
  }

  private async unpushed(): Promise<string[]> {
    const out = await this.git.run(['rev-list', '--reverse', 'HEAD', `^refs/remotes/origin/${this.branch}`]);
    return out.split('\n').filter(Boolean);
  }

  private async rebaseOntoRemote(): Promise<Map<string, string>> {
    await this.git.run(['fetch', '-q', 'origin', `+refs/heads/${this.branch}:refs/remotes/origin/${this.branch}`]);
    const before = await this.unpushed();
    const tagAt = new Map<string, number>();
    for (const tag of this.pendingTags) {
      const c = (await this.git.run(['rev-parse', `refs/tags/${tag}^{commit}`])).trim();
      tagAt.set(tag, before.indexOf(c));
    }
    try {
      await this.git.run(['rebase', '-q', '--autostash', '--empty=keep', '-X', 'theirs', `refs/remotes/origin/${this.branch}`]);
    } catch (err) {
      await this.git.run(['rebase', '--abort']).catch(() => undefined);
      throw new IntentStoreError(`git rebase onto origin/${this.branch} failed`, { retryable: true, cause: err });
    }
    const after = await this.unpushed();
    const moved = new Map<string, string>();
    if (after.length === before.length) before.forEach((c, i) => moved.set(c, after[i] as string));
    for (const [tag, idx] of tagAt) {
      const target = after.length === before.length ? after[idx] : undefined;
      if (target) await this.git.run(['tag', '-f', tag, target]);
      else this.logger.warn({ tag }, 'intent tag could not be moved onto the rebased commit');
    }
    await this.renameTakenTags();
    return moved;
  }

  /** Pending tags the remote already has for another commit take the next name free on both sides. */
  private async renameTakenTags(): Promise<void> {
    if (this.pendingTags.length === 0) return;
    await this.git.run(['fetch', '-q', 'origin', `+refs/tags/ticket/*:${REMOTE_TAGS}/ticket/*`]);
    const names = async (prefix: string): Promise<Map<string, string>> => {
      const out = await this.git.run(['for-each-ref', `--format=%(refname:strip=${prefix.split('/').length}) %(objectname)`, `${prefix}/ticket/`]);
      return new Map(out.split('\n').filter(Boolean).map((l) => l.split(' ') as [string, string]));
    };
    const remote = await names(REMOTE_TAGS);
    const local = await names('refs/tags');
    const taken = new Set([...remote.keys(), ...local.keys()]);
    this.pendingTags = await Promise.all(this.pendingTags.map(async (tag) => {
      const theirs = remote.get(tag);
      if (theirs === undefined || theirs === local.get(tag)) return tag;
      const renamed = nextTicketTag(tag.replace(/^ticket\//, '').replace(/-\d+$/, ''), taken);
      taken.add(renamed);
      await this.git.run(['tag', renamed, `refs/tags/${tag}`]);
      await this.git.run(['tag', '-d', tag]);
      this.logger.info({ tag, renamed }, 'ticket tag taken on the remote by another clone\'s commit: renamed');
      return renamed;
    }));
  }
}
