import type { DevicePlan, LeafChange } from '../core/plan-types.js';
import type { ChangeSource, CommitMeta } from '../core/ports.js';
import type { DeviceIntent } from '../core/types.js';
import { changeLines, summarizeChanges } from './summary.js';

/** Why a device write happened; becomes the audit commit's `Reason:` trailer. */
export type ApplyCause = 'NetBox change' | 'git edit' | 'drift revert' | 'manual apply';

/** What an audit commit says of the NETCONF outcome. */
export interface AuditOutcome {
  datastore: string;
  confirmed: boolean;
  saved: boolean;
  verified: boolean;
  note: string | null;
}

const SOURCE: Record<ApplyCause, ChangeSource> = {
  'NetBox change': 'netbox',
  'git edit': 'git',
  'drift revert': 'drift',
  'manual apply': 'cli',
};

/**
 * The audit commit of one device write (daemon or CLI): subject `apply(<device>): <what>`, a body with
 * the NETCONF outcome and each leaf before → after, and trailers for each ticket, the reason, the result,
 * the datastore, the time and the intent revision. Pure apart from the timestamp.
 */
export function auditMeta(o: { device: string; plan: DevicePlan; outcome: AuditOutcome; revision: string | null; cause: ApplyCause; tickets: string[] }): CommitMeta {
  const { device, plan, outcome, tickets } = o;
  const body = [
    `Applied to ${device} (${outcome.datastore} datastore${outcome.confirmed ? ', confirmed commit' : ''}${outcome.saved ? ', saved to startup' : ''}), verified by re-reading the running config.`,
    ...(outcome.note ? ['', outcome.note] : []),
    '',
    ...changeLines(plan.changes),
  ]
    .join('\n')
    .trim();
  const trailers: Record<string, string> = {
    Reason: o.cause,
    Result: outcome.verified ? 'verified' : 'unverified',
    'NETCONF-Datastore': outcome.datastore,
    'Applied-At': new Date().toISOString(),
  };
  if (o.revision) trailers['Intent-Revision'] = o.revision;
  return {
    subject: `apply(${device}): ${summarizeChanges(plan.changes)}${o.cause === 'drift revert' ? ' (drift revert)' : ''}`,
    device,
    source: SOURCE[o.cause],
    tickets,
    body,
    trailers,
  };
}

/** Tickets of the interfaces a plan touches, in order, de-duplicated. */
export function ticketsOf(intent: DeviceIntent, changes: LeafChange[]): string[] {
  const names = new Set(changes.map((c) => c.interface));
  const out: string[] = [];
  for (const itf of intent.interfaces) {
    if (names.has(itf.name) && itf.ticket && !out.includes(itf.ticket)) out.push(itf.ticket);
  }
  return out;
}
