import type { DevicePlan, LeafChange } from '../core/plan-types.js';


/**
 * The device runs a `git revert` of a NetBox change whose values NetBox still holds: git and NetBox
 * disagree until the write-back succeeds (or, with `netbox.writeBackReverts: false`, until someone fixes NetBox).
 */
export interface NetboxDivergence {
  /** The revert commit verified on the device, its author, and the NetBox-originated commit it reverts. */
  revert: string;
  author: string;
  reverts: string;
  interfaces: Array<{ interface: string; fields: string[] }>;
  /** Whether intentd writes the values back (retrying with backoff), or only reports. */
  writeBack: boolean;
  lastError: string | null;
}
export type DeviceState = 'pending' | 'in-sync' | 'drift' | 'failed' | 'pending-no-ticket' | 'pending-adoption' | 'suspended' | 'diverged-from-netbox' | 'pending-window' | 'pending-approval';

/** One controller's last word on a device, Kubernetes-condition style. */
export interface Condition {
  /** 'True': the last reconcile of this controller succeeded; 'False': it failed. */
  status: 'True' | 'False';
  /** PascalCase: `Synced`, `Applied`, `InSync`, `DriftReported`, … or the error's reason. */
  reason: string;
  message: string;
  /** When the condition last changed status or reason. */
  since: string;
  /** When this controller last recorded it. */
  at: string;
  /** Only on failure: whether the controller retries by itself. */
  retryable?: boolean;
}

export interface DeviceStatus {
  device: string;
  /** Summary of both controllers (see StatusBook). */
  state: DeviceState;
  /** Intent revision (git commit) last applied and verified on the device. */
  lastAppliedRevision: string | null;
  /** Intent revision of the last attempt, successful or not. */
  lastAttemptedRevision: string | null;
  lastReconcileAt: string | null;
  lastError: { reason: string; message: string; at: string } | null;
  /** Drift found at the last check (state drift, or reverted in enforce mode; while suspended: what would be sent). */
  drift: LeafChange[];
  /** NetBox changes not taken for lack of a ticket. */
  pendingNoTicket: Array<{ interface: string; fields: string[] }>;
  /** Differences from the device held back since the first import (no ticket yet), not sent. */
  pendingAdoption: LeafChange[];
  /** NetBox interface objects that name the same interface: none of them is taken. */
  ambiguous: Array<{ interface: string; names: string[]; netboxIds: number[] }>;
  refused: DevicePlan['refused'];
  /** Why a rollout holds the device (it stopped at another device's failure), or null. */
  rolloutHeld: string | null;
  /** Set while NetBox still holds values a verified `git revert` took back (see NetboxDivergence). */
  divergedFromNetbox: NetboxDivergence | null;
  /** Differences on leaves policy.yaml ignores: shown, never sent nor alerted. */
  ignored: LeafChange[];
  /** While pending-window / pending-approval: why the plan waits, its hash to approve, when the window opens. */
  held: { reason: string; hash?: string; opensAt?: string } | null;
  /** Per controller: `sync` (source of truth → git), `apply` (git → device); null until it ran. */
  conditions: { sync: Condition | null; apply: Condition | null };
}

export type ApplyState = 'in-sync' | 'drift' | 'failed' | 'pending-adoption' | 'suspended' | 'pending-window' | 'pending-approval';

/** What one device-apply reconcile recorded (once, on every path). */
export interface ApplyRecord {
  state: ApplyState;
  reason: string;
  message: string;
  retryable?: boolean;
  /** Set on success: the revision now on the device. Absent: unchanged. */
  lastAppliedRevision?: string | null;
  lastAttemptedRevision: string | null;
  drift?: LeafChange[];
  refused?: DevicePlan['refused'];
  pendingAdoption?: LeafChange[];
  ignored?: LeafChange[];
  /** Why the plan waits (pending-window / pending-approval); cleared by any other record. */
  held?: DeviceStatus['held'];
}

/** What one intent-sync reconcile recorded (once, on every path). */
export type SyncRecord =
  | { ok: true; reason: string; message: string; pendingNoTicket: DeviceStatus['pendingNoTicket']; ambiguous: DeviceStatus['ambiguous'] }
  /** `failsDevice`: the failure makes the device's state failed (git could not take the change), not just the condition. */
  | { ok: false; reason: string; message: string; retryable: boolean; failsDevice: boolean };

/**
 * Per-device status, recorded by each controller once at the end of every reconcile, on every path
 * (Flux-style), as its own condition. `state` and `lastError` summarize both: a failed apply, or a
 * sync failure that kept a change out of git, is `failed`; a device in sync with changes waiting for a
 * ticket is `pending-no-ticket`. In memory: after a restart the first reconciles rebuild it.
 */
export class StatusBook {
  private readonly byDevice = new Map<string, DeviceStatus>();
  private readonly syncFailsDevice = new Set<string>();
  private readonly applyState = new Map<string, ApplyState>();

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
        divergedFromNetbox: null,
        rolloutHeld: null,
        ignored: [],
        held: null,
        conditions: { sync: null, apply: null },
      };
      this.byDevice.set(device, st);
    }
    return st;
  }

  recordApply(device: string, r: ApplyRecord): DeviceStatus {
    const st = this.get(device);
    const at = new Date().toISOString();
    st.conditions.apply = condition(st.conditions.apply, r.state !== 'failed', r.reason, r.message, at, r.retryable);
    this.applyState.set(device, r.state);
    st.lastAttemptedRevision = r.lastAttemptedRevision;
    if (r.lastAppliedRevision !== undefined) st.lastAppliedRevision = r.lastAppliedRevision;
    if (r.drift) st.drift = r.drift;
    if (r.refused) st.refused = r.refused;
    if (r.pendingAdoption) st.pendingAdoption = r.pendingAdoption;
    if (r.ignored) st.ignored = r.ignored;
    st.held = r.held ?? null;
    return this.summarize(st, at);
  }

  recordSync(device: string, r: SyncRecord): DeviceStatus {
    const st = this.get(device);
    const at = new Date().toISOString();
    st.conditions.sync = condition(st.conditions.sync, r.ok, r.reason, r.message, at, r.ok ? undefined : r.retryable);
    if (r.ok) {
      this.syncFailsDevice.delete(device);
      st.pendingNoTicket = r.pendingNoTicket;
      st.ambiguous = r.ambiguous;
    } else if (r.failsDevice) this.syncFailsDevice.add(device);
    else this.syncFailsDevice.delete(device);
    return this.summarize(st, at);
  }

  /** Records (or clears, null) that a halted rollout holds the device (state pending meanwhile). */
  recordRolloutHold(device: string, why: string | null): DeviceStatus {
    const st = this.get(device);
    st.rolloutHeld = why;
    return this.summarize(st, new Date().toISOString());
  }

  /** Records (or clears, null) the device's divergence from NetBox after a verified revert. */
  recordDivergence(device: string, d: NetboxDivergence | null): DeviceStatus {
    const st = this.get(device);
    st.divergedFromNetbox = d;
    return this.summarize(st, new Date().toISOString());
  }

  all(): DeviceStatus[] {
    return [...this.byDevice.values()].sort((a, b) => a.device.localeCompare(b.device));
  }

  private summarize(st: DeviceStatus, at: string): DeviceStatus {
    const apply = this.applyState.get(st.device);
    const { sync, apply: applied } = st.conditions;
    if (apply === 'failed' && applied) st.lastError = { reason: applied.reason, message: applied.message, at: applied.at };
    else if (this.syncFailsDevice.has(st.device) && sync) st.lastError = { reason: sync.reason, message: sync.message, at: sync.at };
    else if (apply !== undefined) st.lastError = null;
    if (apply === 'failed' || this.syncFailsDevice.has(st.device)) st.state = 'failed';
    else if (st.rolloutHeld !== null) st.state = 'pending';
    else if (apply === 'in-sync' && st.pendingNoTicket.length > 0) st.state = 'pending-no-ticket';
    else if ((apply === 'in-sync' || apply === 'pending-adoption') && st.divergedFromNetbox !== null) st.state = 'diverged-from-netbox';
    else st.state = apply ?? 'pending';
    st.lastReconcileAt = at;
    return st;
  }
}

function condition(prev: Condition | null, ok: boolean, reason: string, message: string, at: string, retryable: boolean | undefined): Condition {
  const status = ok ? 'True' : 'False';
  const since = prev && prev.status === status && prev.reason === reason ? prev.since : at;
  return { status, reason, message, since, at, ...(retryable === undefined ? {} : { retryable }) };
}
