import type { DevicePlan, LeafChange } from '../core/plan-types.js';

export type DeviceState = 'pending' | 'in-sync' | 'drift' | 'failed' | 'pending-no-ticket' | 'pending-adoption';

export interface DeviceStatus {
  device: string;
  state: DeviceState;
  /** Intent revision (git commit) last applied and verified on the device. */
  lastAppliedRevision: string | null;
  /** Intent revision of the last attempt, successful or not. */
  lastAttemptedRevision: string | null;
  lastReconcileAt: string | null;
  lastError: { reason: string; message: string; at: string } | null;
  /** Drift found at the last check (state drift, or reverted in enforce mode). */
  drift: LeafChange[];
  /** NetBox changes not taken for lack of a ticket. */
  pendingNoTicket: Array<{ interface: string; fields: string[] }>;
  /** Differences from the device held back since the first import (no ticket yet), not sent. */
  pendingAdoption: LeafChange[];
  /** NetBox interface objects that name the same interface: none of them is taken. */
  ambiguous: Array<{ interface: string; names: string[]; netboxIds: number[] }>;
  refused: DevicePlan['refused'];
}

/**
 * Per-device status, recorded at the end of every reconcile on every path (Flux-style). In memory:
 * after a restart the first reconcile rebuilds it from git + NetBox + device.
 */
export class StatusBook {
  private readonly byDevice = new Map<string, DeviceStatus>();

  get(device: string): DeviceStatus {
    let st = this.byDevice.get(device);
    if (!st) {
      st = {
        device,
        state: 'pending',
        lastAppliedRevision: null,
        lastAttemptedRevision: null,
        lastReconcileAt: null,
        lastError: null,
        drift: [],
        pendingNoTicket: [],
        pendingAdoption: [],
        ambiguous: [],
        refused: [],
      };
      this.byDevice.set(device, st);
    }
    return st;
  }

  update(device: string, patch: Partial<Omit<DeviceStatus, 'device'>>): DeviceStatus {
    const st = Object.assign(this.get(device), patch, { lastReconcileAt: new Date().toISOString() });
    return st;
  }

  all(): DeviceStatus[] {
    return [...this.byDevice.values()].sort((a, b) => a.device.localeCompare(b.device));
  }
}
