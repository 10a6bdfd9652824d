import type { AllowedVlans, InterfaceMode } from './types.js';
import type { DriftOrigin } from './drift-origin.js';

/**
 * The leaves intentd manages on a device, named after the intent fields. `description` is the
 * device's description text *with* the `##ticket:N##` tag rendered; `enabled` is the inverse of the
 * IOS-XE `shutdown` leaf.
 */
export type Leaf =
  | 'description'
  | 'enabled'
  | 'mtu'
  | 'mode'
  | 'accessVlan'
  | 'nativeVlan'
  | 'allowedVlans'
  | 'ipv4';

export type LeafValue = string | number | boolean | AllowedVlans | InterfaceMode | null;

/** What one interface looks like on the device, for the managed leaves (null = absent/default). */
export interface InterfaceState {
  name: string;
  /** False when the interface has no entry at all in the running config. */
  exists: boolean;
  description: string | null;
  enabled: boolean;
  mtu: number | null;
  mode: InterfaceMode;
  accessVlan: number | null;
  nativeVlan: number | null;
  allowedVlans: AllowedVlans | null;
  ipv4: string | null;
}

/** One leaf to change: `set` writes `after`, `remove` deletes the leaf (after = null/default). */
export interface LeafChange {
  interface: string;
  leaf: Leaf;
  op: 'set' | 'remove';
  before: LeafValue;
  after: LeafValue;
  /** Set when the difference is drift: where it comes from (see DriftOrigin). */
  origin?: DriftOrigin;
}

/** Intent the planner will not apply, with the reason (protected interface, invalid combination). */
export interface RefusedChange {
  interface: string;
  reason: string;
  leaves: Leaf[];
}

/** The per-leaf difference between a device's intent and its running config. Empty = in sync. */
export interface DevicePlan {
  device: string;
  changes: LeafChange[];
  refused: RefusedChange[];
  /**
   * Changes held back, not sent: interfaces adopted at a first import without a ticket
   * (`source.adopted`, with `reconcile.adopt: report`). Absent when there are none.
   */
  pendingAdoption?: LeafChange[];
  /**
   * Leaves the device stores differently from what was sent, even after one retry (origin `noise`):
   * reported, not sent again. Absent when there are none.
   */
  noise?: LeafChange[];
  /** Differences on leaves policy.yaml ignores (`ignore`): shown, never sent nor reported as drift. */
  ignored?: LeafChange[];
}
