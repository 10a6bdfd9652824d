import { parseTrailers } from './commit-message.js';
import type { GitRunner } from './git-run.js';

/** One commit of the intent repo as the timeline shows it. */
export interface HistoryEntry {
  commit: string;
  subject: string;
  /** Committer date, ISO 8601. */
  date: string;
  trailers: Record<string, string>;
  /** The body's `- <interface> <leaf>: before → after` lines (audit commits carry them). */
  leaves: string[];
  kind: 'intent' | 'apply' | 'drift revert' | 'policy' | 'other';
}

export interface HistoryQuery {
  device?: string;
  ticket?: string;
  max: number;
  skip?: number;
}

const F = '\x1f';
const R = '\x1e';

/** What a commit is, from its subject and trailers (intentd's own subjects; anything else is `other`). */
export function kindOf(subject: string, trailers: Record<string, string>): HistoryEntry['kind'] {
  if (subject.startsWith('policy:') || trailers['Policy-Change']) return 'policy';
  if (subject.startsWith('apply(')) return trailers.Reason === 'drift revert' ? 'drift revert' : 'apply';
  if (subject.startsWith('intent(')) return 'intent';
  return 'other';
}

/**
 * The branch history newest first, read-only: `device` keeps commits whose `Device:` trailer names it
 * (and fleet-wide policy commits), `ticket` those with that `Change-Ticket:`. Paged by git itself
 * (`--skip`, `--max-count`), so the cost follows the page, not the history.
 */
export async function readHistory(git: GitRunner, rev: string, q: HistoryQuery): Promise<HistoryEntry[]> {
  const args = ['log', `--format=%H${F}%s${F}%cI${F}%b${F}%(trailers:only,unfold)${R}`, `--max-count=${q.max}`];
  if (q.skip) args.push(`--skip=${q.skip}`);
  if (q.device !== undefined) args.push('-E', `--grep=^(Device: ${escapeRe(q.device)}|Scope: fleet)$`);
  if (q.ticket !== undefined) args.push(...(q.device !== undefined ? ['--all-match'] : []), `--grep=^Change-Ticket: ${escapeRe(q.ticket)}$`);
  args.push(rev, '--');
  const r = await git.try(args);
  if (r.code !== 0) return [];
  return r.stdout
    .split(R)
    .map((x) => x.replace(/^\n/, ''))
    .filter((x) => x.trim() !== '')
    .map((x): HistoryEntry => {
      const [commit = '', subject = '', date = '', body = '', trailerText = ''] = x.split(F);
      const trailers = parseTrailers(trailerText);
      const leaves = body.split('\n').filter((l) => /^- \S+ \S+: /.test(l)).map((l) => l.slice(2));
      return { commit, subject, date, trailers, leaves, kind: kindOf(subject, trailers) };
    });
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Ticket(s) and committer date of each commit given (unknown ones are left out); one git call. */
export async function readCommitInfo(git: GitRunner, commits: string[]): Promise<Map<string, { tickets: string; date: string }>> {
  const out = new Map<string, { tickets: string; date: string }>();
  if (commits.length === 0) return out;
  const r = await git.try(['show', '-s', '--no-walk=unsorted', `--format=%H${F}%cI${F}%(trailers:key=Change-Ticket,valueonly,separator=%x2C )${R}`, ...commits, '--']);
  if (r.code !== 0) return out;
  for (const rec of r.stdout.split(R)) {
    const [commit = '', date = '', tickets = ''] = rec.replace(/^\n/, '').split(F);
    if (commit) out.set(commit, { tickets: tickets.trim() || 'none', date });
  }
  return out;
}
