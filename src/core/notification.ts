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
  /** A plan held by policy.yaml: waiting for its change window, or for approval of its hash (a Webex card with buttons). */
  | { kind: 'held'; device: string; state: 'pending-window' | 'pending-approval'; reason: string; changes: LeafChange[]; hash?: string }
  /** The end of an incident (drift, failure) on a device: the device has matched its intent since. */
  | { kind: 'resolved'; device: string; incident: 'drift' | 'failure' };
