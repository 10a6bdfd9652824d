import { EventEmitter } from 'node:events';
import type { DevicePlan } from './core/plan-types.js';

/**
 * What the daemon tells observers (the demo narrator, tests) as it works. Informational only: nothing
 * in the reconcile path depends on anyone listening.
 */
export type DaemonEvent =
  | { type: 'nudge'; device: string; reason: string }
  | { type: 'nudge-refused'; device: string; reason: string; why: string }
  | { type: 'intent-committed'; device: string; commit: string; tickets: string[]; interfaces: string[]; missedWebhook: boolean }
  | { type: 'intent-unchanged'; device: string; reasons: string[] }
  | { type: 'skipped-no-ticket'; device: string; interface: string; fields: string[] }
  | { type: 'plan'; device: string; plan: DevicePlan; drift: boolean }
  /** The device re-read an edit and shows it (saved, when save-config is on); its audit commit follows ('applied'). */
  | { type: 'device-verified'; device: string; datastore: string }
  | { type: 'applied'; device: string; sent: string; auditCommit: string; datastore: string; verified: boolean; drift: boolean }
  | { type: 'in-sync'; device: string }
  | { type: 'drift-reported'; device: string; plan: DevicePlan }
  /** A suspended device was read and planned; `plan` is what would have been sent. */
  | { type: 'suspended'; device: string; plan: DevicePlan }
  /** A plan held by policy.yaml (change window closed, or approval needed: `hash`). */
  | { type: 'held'; device: string; state: 'pending-window' | 'pending-approval'; reason: string; hash?: string }
  /** policy.yaml changed (suspend, resume) or was rejected; `device` is `*` for the whole fleet. */
  | { type: 'policy'; device: string; commit: string | null; action: 'suspend' | 'resume' | 'reload' | 'rejected' }
  | { type: 'tickets-cleared'; device: string; interfaces: string[]; tickets: string[] }
  /** A rollout of one NetBox change over many devices ended (policy.yaml `rollout`). */
  | { type: 'rollout'; device: '*'; applied: string[]; failed: string[]; notAttempted: string[] }
  /** The values of a verified `git revert` of a NetBox change were written back to NetBox. */
  | { type: 'revert-written-back'; device: string; revert: string; interfaces: string[] }
  | { type: 'failed'; device: string; reason: string; message: string; retryable: boolean }
  /** The NetBox → git side failed (the device side runs on its own). */
  | { type: 'sync-failed'; device: string; reason: string; message: string; retryable: boolean };

export class DaemonEvents extends EventEmitter {
  emitEvent(e: DaemonEvent): void {
    this.emit('event', e);
  }

  onEvent(fn: (e: DaemonEvent) => void): () => void {
    this.on('event', fn);
    return () => this.off('event', fn);
  }
}
