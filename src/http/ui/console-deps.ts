import type { HistoryEntry, HistoryQuery } from '../../adapters/git/history.js';
import type { PolicyActor } from '../../adapters/git/policy-store.js';
import type { DevicePlan } from '../../core/plan-types.js';
import type { Policy, Suspension } from '../../core/policy.js';
import type { DeviceIntent } from '../../core/types.js';
import type { DaemonEvents } from '../../daemon-events.js';
import type { Logger } from '../../log.js';
import type { PolicyProblem } from '../../runtime/policy-book.js';
import type { DeviceStatus, StatusBook } from '../../runtime/status.js';

/** Acting on the daemon; the same calls serve the API, the console and (through the API) scripts. */
export interface ConsoleActions {
  /** Manual nudge: 'accepted', 'unknown' (device not managed) or 'stopping'. */
  nudge(device: string, reason: string): 'accepted' | 'unknown' | 'stopping';
  /**
   * Suspends (`reason` set) or resumes (null) a device or the fleet (`device` null) with a policy
   * commit; 'unknown' when the device is not managed. Throws IntentdError when git refuses.
   */
  setSuspension(device: string | null, reason: string | null, actor: PolicyActor): Promise<{ outcome: 'done' | 'unknown'; commit: string | null }>;
}

/** What the console pages read. */
export interface ConsoleDeps {
  uiAuth: 'token' | 'none';
  apiToken: string | null;
  logger: Logger;
  status: StatusBook;
  /** Cluster mode: every device's status as the replicas publish it, with its owner (absent: this process's own). */
  fleet?: () => Promise<Array<DeviceStatus & { owner: string | null }>>;
  events: DaemonEvents;
  actions: ConsoleActions;
  /** Managed devices, sorted. */
  known(): string[];
  platformOf(device: string): string;
  suspensionOf(device: string): Suspension | null;
  policy(): { policy: Policy; problem: PolicyProblem | null };
  /** device-apply in `mode: 'plan'` (as `intentd plan`): nothing is written. */
  plan(device: string): Promise<{ intent: DeviceIntent | null; plan: DevicePlan }>;
  history(q: HistoryQuery): Promise<HistoryEntry[]>;
  commitInfo(commits: string[]): Promise<Map<string, { tickets: string; date: string }>>;
}
