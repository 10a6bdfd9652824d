import { parsePolicyYaml, POLICY_PATH, serializePolicy, withSuspension, type Policy, type PolicyTarget, type Suspension } from '../../core/policy.js';
import type { Logger } from '../../log.js';
import { GitRunner } from './git-run.js';
import { readCommitInfo, readHistory, type HistoryEntry, type HistoryQuery } from './history.js';
import { IntentCommitter } from './intent-committer.js';
import { GitPlumbing } from './plumbing.js';
import { syncWorktreePath } from './worktree-sync.js';

export interface PolicyStoreOptions {
  repo: string;
  branch: string;
  authorName: string;
  authorEmail: string;
  logger: Logger;
  /** When set (intent.remote), a policy commit is pushed to `origin` at once; a failed push is logged (the next intent commit's push carries it). */
  remote?: string | null;
}

/** policy.yaml as read at the branch tip: the policy (empty when there is no file) and that commit. */
export interface PolicyAtHead {
  policy: Policy;
  commit: string | null;
}

/** Who asked for a suspend or resume, and through what (api, ui, cli). */
export interface PolicyActor {
  by: string;
  via: 'api' | 'ui' | 'cli';
}

const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim();

/**
 * The intent repository's policy.yaml: read at the branch tip, and changed (suspend, resume) by an
 * intent commit built like every other — plumbing in a private index, then a compare-and-swap of the
 * branch (IntentCommitter), so a concurrent commit is never overwritten. The shared working tree and
 * index get the new file (syncWorktreePath). An invalid policy.yaml at the tip is never replaced:
 * the change throws ValidationError until a person fixes the file.
 */
export class GitPolicyStore {
  private readonly git: GitRunner;
  private readonly plumbing: GitPlumbing;
  private readonly committer: IntentCommitter;

  constructor(private readonly o: PolicyStoreOptions) {
    this.git = new GitRunner(o.repo, o);
    this.plumbing = new GitPlumbing(this.git);
    this.committer = new IntentCommitter(this.git, this.plumbing, o.branch, o.logger);
  }

  /** The policy at the branch tip; throws ValidationError when the file is invalid. */
  async read(): Promise<PolicyAtHead> {
    const commit = await this.committer.tip();
    if (commit === null) return { policy: {}, commit };
    return { policy: await this.policyAt(commit), commit };
  }

  /**
   * Suspends (`s`) or resumes (null) the device or the fleet (`target` null) in one commit
   * `policy: suspend <target> (<reason>)` / `policy: resume <target>`, trailers `Device:` (a device
   * target), `Actor:`, `Source:`. Idempotent: already so → no commit, null. Returns the commit made.
   */
  async change(target: PolicyTarget, s: Suspension | null, actor: PolicyActor): Promise<string | null> {
    const name = target ?? 'fleet';
    const subject = s ? `policy: suspend ${name} (${oneLine(s.reason)})` : `policy: resume ${name}`;
    const body = s ? `Suspended by ${oneLine(s.by)} at ${s.at}: ${oneLine(s.reason)}` : `Resumed by ${oneLine(actor.by)}`;
    const trailers = [...(target === null ? ['Scope: fleet'] : [`Device: ${target}`]), `Actor: ${oneLine(actor.by)}`, `Source: ${actor.via}`, `Policy-Change: ${s ? 'suspend' : 'resume'}`];
    const message = `${oneLine(subject)}\n\n${body}\n\n${trailers.join('\n')}\n`;
    let written = { before: null as string | null, after: '' };
    const made = await this.committer.commit(message, async (tip) => {
      const blob = await this.plumbing.blobAt(tip, POLICY_PATH);
      const before = blob === null ? null : await this.plumbing.catBlob(blob);
      const now = before === null ? {} : parsePolicyYaml(before);
      const next = withSuspension(now, target, s);
      const after = serializePolicy(next);
      if (JSON.stringify(next) === JSON.stringify(now)) return { kind: 'none' };
      written = { before, after };
      return { kind: 'file', rel: POLICY_PATH, text: after };
    });
    if (made === null) return null;
    if (await this.onBranch()) {
      await syncWorktreePath(this.plumbing, this.o.repo, POLICY_PATH, { ...written, blob: made.blob as string }, this.o.logger).catch((err: unknown) =>
        this.o.logger.error({ err, commit: made.commit }, 'policy committed, but the working tree could not be updated'),
      );
      await this.committer.postCommitHook();
    }
    if (this.o.remote) await this.push();
    this.o.logger.info({ target: name, action: s ? 'suspend' : 'resume', by: actor.by, via: actor.via, commit: made.commit }, 'policy committed');
    return made.commit;
  }

  /** The branch history for the timeline (see readHistory). */
  history(q: HistoryQuery): Promise<HistoryEntry[]> {
    return readHistory(this.git, this.committer.ref, q);
  }

  commitInfo(commits: string[]): Promise<Map<string, { tickets: string; date: string }>> {
    return readCommitInfo(this.git, commits);
  }

  private async policyAt(commit: string): Promise<Policy> {
    const blob = await this.plumbing.blobAt(commit, POLICY_PATH);
    if (blob === null) return {};
    return parsePolicyYaml(await this.plumbing.catBlob(blob));
  }

  /** One plain push of the branch (no rebase here: the store's pusher owns that, serialized with its writes). */
  private async push(): Promise<void> {
    const r = await this.git.try(['push', '-q', 'origin', `${this.committer.ref}:${this.committer.ref}`]);
    if (r.code !== 0) this.o.logger.warn({ stderr: r.stderr.trim() }, 'policy commit not pushed yet: the next intent commit pushes it');
  }

  private async onBranch(): Promise<boolean> {
    const r = await this.git.try(['symbolic-ref', '-q', 'HEAD']);
    return r.code === 0 && r.stdout.trim() === this.committer.ref;
  }
}


/**
 * policy.yaml's text at HEAD of an existing repo, read-only (nothing is created); null when there is
 * no such file or no commit yet. For `intentd validate`.
 */
export async function readPolicyTextAtHead(repo: string): Promise<string | null> {
  const git = new GitRunner(repo, { authorName: 'intentd', authorEmail: 'intentd@localhost' });
  const r = await git.try(['cat-file', 'blob', `HEAD:${POLICY_PATH}`]);
  return r.code === 0 ? r.stdout : null;
}
