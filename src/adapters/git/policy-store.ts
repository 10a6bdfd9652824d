import { parsePolicyYaml, POLICY_PATH, serializePolicy, withSuspension, type Policy, type PolicyTarget, type Suspension } from '../../core/policy.js';
import type { Logger } from '../../log.js';
import { GitRunner } from './git-run.js';
import type { HistoryEntry, HistoryQuery } from './history.js';
import type { GitIntentStore } from './intent-store.js';

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

/** The part of the intent store the policy uses: files at the tip, commits through its one write queue, history. */
export type PolicyRepo = Pick<GitIntentStore, 'fileAtTip' | 'commitFile' | 'history' | 'commitInfo'>;

const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim();

/**
 * The intent repository's policy.yaml: read at the branch tip, and changed (suspend, resume) by an
 * intent commit made through the intent store's one write queue (compare-and-swap of the branch, so a
 * concurrent commit is never overwritten; working tree, index and push as for every commit). An
 * invalid policy.yaml at the tip is never replaced: the change throws ValidationError until a person
 * fixes the file.
 */
export class GitPolicyStore {
  constructor(private readonly repo: PolicyRepo, private readonly logger: Logger) {}

  /** The policy at the branch tip; throws ValidationError when the file is invalid. */
  async read(): Promise<PolicyAtHead> {
    const { commit, text } = await this.repo.fileAtTip(POLICY_PATH);
    return { policy: text === null ? {} : parsePolicyYaml(text), commit };
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
    const commit = await this.repo.commitFile(POLICY_PATH, message, (before) => {
      const now = before === null ? {} : parsePolicyYaml(before);
      const next = withSuspension(now, target, s);
      return JSON.stringify(next) === JSON.stringify(now) ? null : serializePolicy(next);
    });
    if (commit !== null) this.logger.info({ target: name, action: s ? 'suspend' : 'resume', by: actor.by, via: actor.via, commit }, 'policy committed');
    return commit;
  }

  /** The branch history for the timeline (see readHistory). */
  history(q: HistoryQuery): Promise<HistoryEntry[]> {
    return this.repo.history(q);
  }

  commitInfo(commits: string[]): Promise<Map<string, { tickets: string; date: string }>> {
    return this.repo.commitInfo(commits);
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
