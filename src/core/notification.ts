import type { LeafChange } from './plan-types.js';

/** Everything intentd tells people about. Pure data; rendering is below. */
export type Notification =
  | { kind: 'applied'; device: string; interfaces: string[]; changes: LeafChange[]; tickets: string[]; commit: string; verified: boolean }
  /** `deviceNow`, when set, replaces "Left unchanged": the device was written (e.g. an unverified edit). */
  | { kind: 'failed'; device: string; reason: string; message: string; leftUnchanged: string; deviceNow?: string; tickets: string[] }
  | { kind: 'drift'; device: string; changes: LeafChange[]; action: 'reverted' | 'reported'; commit?: string }
  | { kind: 'skipped-no-ticket'; device: string; interface: string; fields: string[] }
  | { kind: 'rejected-input'; source: string; reason: string }
  | { kind: 'pending-adoption'; device: string; changes: LeafChange[] }
  /** A plan held for approval: approving names `planHash`, so exactly these changes apply. */
  | { kind: 'pending-approval'; device: string; changes: LeafChange[]; planHash: string; reasons: string[] }
  /** The end of an incident (drift, failure) on a device: the device has matched its intent since. */
  | { kind: 'resolved'; device: string; incident: 'drift' | 'failure' };
