import { asIntentdError, ValidationError } from '../core/errors.js';
import { suspensionOf, type Policy, type Suspension } from '../core/policy.js';
import type { Logger } from '../log.js';

/** Where the policy comes from (GitPolicyStore: policy.yaml at the branch tip). */
export interface PolicySource {
  read(): Promise<{ policy: Policy; commit: string | null }>;
}

/** Why the policy in force is not the file at HEAD: the file is invalid (or unreadable). */
export interface PolicyProblem {
  message: string;
  problems: string[];
  at: string;
}

/** A fleet suspension that holds while no valid policy was ever read (fail safe: nothing is written). */
const UNREAD: Suspension = { reason: 'policy.yaml is invalid and no valid policy was read yet: nothing is written until it is fixed', by: 'intentd', at: new Date(0).toISOString() };

/**
 * The policy in force. `refresh()` re-reads policy.yaml at HEAD; an invalid file keeps the last good
 * policy and records the problem (`problem`), so a typo never lifts a suspension. Before any valid
 * read (invalid file at start-up) the whole fleet counts as suspended.
 */
export class PolicyBook {
  private policy: Policy = {};
  private good = false;
  problem: PolicyProblem | null = null;

  constructor(
    private readonly source: PolicySource,
    private readonly logger: Logger,
  ) {}

  current(): Policy {
    return this.policy;
  }

  suspensionOf(device: string): Suspension | null {
    return this.good ? suspensionOf(this.policy, device) : UNREAD;
  }

  /** Re-reads; returns the policy before and after (the same object when nothing changed or the file is bad). */
  async refresh(): Promise<{ before: Policy; after: Policy; problem: PolicyProblem | null }> {
    const before = this.policy;
    try {
      const { policy } = await this.source.read();
      this.policy = policy;
      this.good = true;
      if (this.problem) this.logger.info('policy.yaml is valid again');
      this.problem = null;
    } catch (thrown) {
      const err = asIntentdError(thrown);
      const problems = err instanceof ValidationError ? err.problems : [];
      const fresh = this.problem?.message !== err.message || JSON.stringify(this.problem.problems) !== JSON.stringify(problems);
      if (fresh) this.logger.error({ problems, err: err.message }, 'policy.yaml rejected: the last good policy stays in force');
      this.problem = { message: err.message, problems, at: new Date().toISOString() };
    }
    return { before, after: this.policy, problem: this.problem };
  }
}
