import { IntentStoreError } from '../../core/errors.js';
import type { Logger } from '../../log.js';
import { sleep } from '../../runtime/backoff.js';
import { nextTicketTag } from './commit-message.js';
import type { GitRunner } from './git-run.js';
import type { GitPlumbing } from './plumbing.js';


/** What to commit on top of `head`: a file's new content, nothing (done), or no file change (audit). */
export type CommitPlan = { kind: 'file'; rel: string; text: string } | { kind: 'none' } | { kind: 'empty' };

export interface Committed {
  commit: string;
  /** The branch commit it was built on. */
  parent: string;
  /** For a file commit: the new blob id. */
  blob: string | null;
}

/**
 * Makes commits on one branch without the shared index: each attempt reads the branch tip, asks
 * `plan(tip)` what to commit (so a concurrent commit is re-read and re-compared), builds the commit
 * with plumbing and moves the branch with a compare-and-swap. A lost race starts over, up to
 * `attempts` times. Throws a retryable IntentStoreError when git fails or the branch keeps moving.
 */
export class IntentCommitter {
  readonly ref: string;

  constructor(
    private readonly git: GitRunner,
    private readonly plumbing: GitPlumbing,
    branch: string,
    private readonly logger: Logger,
    private readonly attempts = 10,
    private readonly beforeRefUpdate?: () => Promise<void> | void,
  ) {
    this.ref = `refs/heads/${branch}`;
  }

  /** The branch tip, or null before the first commit. */
  tip(): Promise<string | null> {
    return this.plumbing.resolve(this.ref);
  }

  /** Commits per `plan`; resolves with the commit made, or null when the plan says nothing is left to do. */
  async commit(message: string, plan: (tip: string) => Promise<CommitPlan>): Promise<Committed | null> {
    const p = this.plumbing;
    const subject = message.split('\n', 1)[0] ?? '';
    for (let attempt = 1; attempt <= this.attempts; attempt++) {
      const tip = await this.tip();
      if (tip === null) throw new IntentStoreError(`${this.ref} does not exist`, { retryable: true });
      const what = await plan(tip);
      if (what.kind === 'none') return null;
      let blob: string | null = null;
      let tree: string;
      if (what.kind === 'file') {
        blob = await p.writeBlob(what.text);
        tree = await p.treeWith(tip, what.rel, blob);
      } else tree = await p.treeOf(tip);
      const commit = await p.commitTree(tree, tip, message);
      await this.beforeRefUpdate?.();
      const cas = await p.cas(this.ref, commit, tip, `commit: ${subject}`);
      if (cas.ok) return { commit, parent: tip, blob };
      this.logger.info({ attempt, expected: tip, now: cas.now }, 'intent branch moved during a commit; starting over');
      if (cas.now === tip) await sleep(20 * attempt); // locked by another git process, not moved
    }
    throw new IntentStoreError(`${this.ref} kept moving: gave up after ${this.attempts} commit attempts`, { retryable: true });
  }

  /** The repo's first commit (empty tree); does nothing when the branch appeared meanwhile. */
  async initial(message: string): Promise<void> {
    const commit = await this.plumbing.commitTree(await this.plumbing.emptyTree(), null, message);
    const cas = await this.plumbing.cas(this.ref, commit, null, 'commit (initial): intentd');
    if (!cas.ok && cas.now === null) throw new IntentStoreError(`could not create ${this.ref}: ${cas.error}`, { retryable: true });
  }

  /** Tags exactly `commit` with the first free `ticket/<t>[-n]` (created, never moved); returns the tag. */
  async tag(ticket: string, commit: string): Promise<string> {
    for (let attempt = 1; attempt <= this.attempts; attempt++) {
      const tag = nextTicketTag(ticket, await this.plumbing.refs.ticketTags(ticket));
      if ((await this.plumbing.cas(`refs/tags/${tag}`, commit, null, 'intentd: ticket tag')).ok) return tag;
    }
    throw new IntentStoreError(`could not create a ticket/${ticket} tag`, { retryable: true });
  }

  /**
   * Runs the repo's post-commit hook as `git commit` would (its exit status is ignored, as git does);
   * git is only spawned when the hook file exists and is executable (git skips it otherwise too).
   */
  async postCommitHook(): Promise<void> {
    if (!(await this.plumbing.hasHook('post-commit'))) return;
    const r = await this.git.try(['hook', 'run', '--ignore-missing', 'post-commit']);
    if (r.code !== 0) this.logger.warn({ code: r.code, stderr: r.stderr.trim() }, 'post-commit hook failed');
  }
}
