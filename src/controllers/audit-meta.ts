import type { DevicePlan, LeafChange } from '../core/plan-types.js';
import type { ChangeSource, CommitMeta } from '../core/ports.js';
import type { DeviceIntent } from '../core/types.js';
import { changeLines, summarizeChanges, type ShortNames } from './summary.js';

/** Why a device write happened; becomes the audit commit's `Reason:` trailer. */
export type ApplyCause = 'NetBox change' | 'git edit' | 'drift revert' | 'manual apply';

/** What an audit commit says of the NETCONF outcome. */
export interface AuditOutcome {
  datastore: string;
  confirmed: boolean;
  saved: boolean;
  verified: boolean;
  note: string | null;
  /**
   * Set when the re-read after the edit did not match: which planned leaves read back as planned
   * (`landed`) and which did not, and whether a cancelled confirmed commit took the whole edit back.
   */
  unverified?: { landed: LeafChange[]; notLanded: LeafChange[]; rolledBack: boolean };
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
 * the datastore, the time and the intent revision; interfaces in the subject in the short form of the
 * device's platform (`rules`; null: as is). Pure apart from the timestamp.
 */
export function auditMeta(o: { device: string; plan: DevicePlan; outcome: AuditOutcome; revision: string | null; cause: ApplyCause; tickets: string[]; rules: ShortNames; approval?: { by: string; at: string; hash: string } | null; outsideWindow?: boolean }): CommitMeta {
  const { device, plan, outcome, tickets } = o;
  const body = [
    ...(outcome.unverified
      ? unverifiedBody(device, outcome.datastore, outcome.unverified)
      : [`Applied to ${device} (${outcome.datastore} datastore${outcome.confirmed ? ', confirmed commit' : ''}${outcome.saved ? ', saved to startup' : ''}), verified by re-reading the running config.`, ...(outcome.note ? ['', outcome.note] : []), '', ...changeLines(plan.changes)]),
  ]
    .join('\n')
    .trim();
  const policyLines = [
    ...(o.approval ? [`Plan ${o.approval.hash} approved by ${o.approval.by} at ${o.approval.at}.`] : []),
    ...(o.outsideWindow === true ? ['Applied outside the change window by an explicit override (--outside-window).'] : []),
  ];
  const fullBody = policyLines.length > 0 ? `${body}\n\n${policyLines.join('\n')}` : body;
  const result = outcome.unverified?.rolledBack ? 'rolled-back' : outcome.verified ? 'verified' : 'unverified';
  const trailers: Record<string, string> = {
    Reason: o.cause,
    Result: result,
    'NETCONF-Datastore': outcome.datastore,
    'Applied-At': new Date().toISOString(),
  };
  if (o.revision) trailers['Intent-Revision'] = o.revision;
  if (o.approval) Object.assign(trailers, { 'Approved-By': o.approval.by, 'Approved-At': o.approval.at, 'Plan-Hash': o.approval.hash });
  if (o.outsideWindow === true) trailers['Outside-Window'] = 'yes';
  return {
    subject: `apply(${device}): ${summarizeChanges(plan.changes, o.rules)}${o.cause === 'drift revert' ? ' (drift revert)' : ''}${result === 'verified' ? '' : ` (${result})`}`,
    device,
    source: SOURCE[o.cause],
    tickets,
    body: fullBody,
    trailers,
  };
}

/** The body of an edit whose re-read did not match: what landed, what did not, and whether it was rolled back. */
function unverifiedBody(device: string, datastore: string, u: NonNullable<AuditOutcome['unverified']>): string[] {
  if (u.rolledBack) {
    return [
      `Sent to ${device} (${datastore} datastore, confirmed commit), but the re-read of the running config did not match the plan, so the confirmed commit was cancelled: none of these leaves stays on the device.`,
      '',
      `Read back as planned before the rollback: ${u.landed.length === 0 ? 'none' : ''}`.trim(),
      ...changeLines(u.landed),
      '',
      'Different at the re-read:',
      ...changeLines(u.notLanded),
    ];
  }
  return [
    `Sent to ${device} (${datastore} datastore), but the re-read of the running config did not match the plan: NOT verified. The leaves that landed stay on the device.`,
    '',
    `Landed (read back as planned): ${u.landed.length === 0 ? 'none' : ''}`.trim(),
    ...changeLines(u.landed),
    '',
    'Did not land (still different on the device):',
    ...changeLines(u.notLanded),
  ];
}

/**
 * Planned changes split by the residual plan of the re-read: those that read back as planned, and the
 * rest (as the residual has them: `before` is the value the device showed at the re-read).
 */
export function splitLanded(planned: LeafChange[], remaining: LeafChange[]): { landed: LeafChange[]; notLanded: LeafChange[] } {
  const off = new Set(remaining.map((c) => `${c.interface}|${c.leaf}`));
  return { landed: planned.filter((c) => !off.has(`${c.interface}|${c.leaf}`)), notLanded: remaining };
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
