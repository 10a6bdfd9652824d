import { renderDescription } from './description.js';
import { normalizeAllowedVlans } from './normalize.js';
import type { PlatformRules } from './platform-rules.js';
import type { DevicePlan, InterfaceState, Leaf, LeafChange, LeafValue, RefusedChange } from './plan-types.js';
import type { DeviceIntent, InterfaceIntent, InterfaceMode } from './types.js';

export { formatPlan } from './plan-format.js';

export interface PlanPolicy {
  /** Canonical names intentd must never change (besides intent's own `source.mgmtOnly`). */
  protectedInterfaces: readonly string[];
  /** Hold back changes on adopted interfaces (`source.adopted`) as pending adoption instead of planning them. */
  holdAdopted?: boolean;
  /** The device's platform: which interfaces can be switchports, the description limit. */
  rules: PlatformRules;
  /** Leaves policy.yaml's `ignore` leaves alone: their differences go to `ignored`, never to `changes`. */
  ignore?: (iface: string, leaf: Leaf) => boolean;
}

export const PROTECTED_REASON = 'protected management interface';

/** Leaves that only mean something in one mode. */
const MODE_OF: Partial<Record<Leaf, InterfaceMode>> = {
  accessVlan: 'access',
  nativeVlan: 'trunk',
  allowedVlans: 'trunk',
  ipv4: 'routed',
};

/** Leaves in canonical plan order. */
const LEAVES: Leaf[] = ['description', 'enabled', 'mtu', 'mode', 'accessVlan', 'nativeVlan', 'allowedVlans', 'ipv4'];

function absent(name: string): InterfaceState {
  return { name, exists: false, description: null, enabled: true, mtu: null, mode: 'routed', accessVlan: null, nativeVlan: null, allowedVlans: null, ipv4: null };
}

/**
 * A trunk without an allowed list carries every VLAN (IOS-XE, and OpenConfig devices such as EOS): intent's
 * null ("no list") and a device's `all` are the same state, so neither reads as drift of the other.
 */
function allVlans(v: LeafValue): boolean {
  return v === null || v === 'all';
}

/** Value equality for leaf values (VLAN lists compared after sorting). */
export function sameValue(a: LeafValue, b: LeafValue): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b)) return false;
    const x = normalizeAllowedVlans(a);
    const y = normalizeAllowedVlans(b);
    return x.length === y.length && x.every((v, i) => v === y[i]);
  }
  return a === b;
}

/** The intent value of a leaf: undefined = unmanaged. Description is compared rendered. */
function wanted(i: InterfaceIntent, leaf: Leaf): LeafValue | undefined {
  if (leaf === 'description') return i.description === undefined ? undefined : renderDescription(i.description, i.ticket);
  if (leaf === 'allowedVlans') return i.allowedVlans === undefined ? undefined : normalizeAllowedVlans(i.allowedVlans);
  return i[leaf];
}

/** Changes and refusals for one interface, before the protection policy. */
function planInterface(i: InterfaceIntent, o: InterfaceState, rules: PlatformRules): { changes: LeafChange[]; refused: Map<string, Leaf[]> } {
  const changes: LeafChange[] = [];
  const refused = new Map<string, Leaf[]>();
  const refuse = (reason: string, leaf: Leaf): void => void refused.set(reason, [...(refused.get(reason) ?? []), leaf]);
  const mode = i.mode ?? o.mode;
  const modeChanges = i.mode !== undefined && i.mode !== o.mode;
  for (const leaf of LEAVES) {
    let want = wanted(i, leaf);
    const before = o[leaf] as LeafValue;
    const leafMode = MODE_OF[leaf];
    if (leaf === 'mode' && want !== undefined && want !== 'routed' && !rules.canSwitchport(i.name)) {
      refuse(`mode ${String(want)} needs a switchport interface`, leaf);
      continue;
    }
    if (leafMode !== undefined && leafMode !== mode) {
      if (want !== undefined && want !== null) {
        refuse(`${leaf} is only valid in mode ${leafMode}, ${i.mode === undefined ? 'device' : 'intent'} mode is ${mode}`, leaf);
        want = undefined;
      }
      // Leaving a mode removes its leaves, even those intent does not manage: they belong to the
      // old mode and the device would keep them (or reject the new mode) otherwise.
      if (modeChanges && before !== null) want = null;
    }
    if (leaf === 'description' && typeof want === 'string' && want.length > rules.maxDescription) {
      // A valid intent file never gets here (the intent rules check it); this keeps a device from
      // ever receiving a description it would reject.
      refuse(`description with its ticket tag is ${want.length} characters, more than ${rules.maxDescription}`, leaf);
      continue;
    }
    if (want === undefined || sameValue(want, before) || (leaf === 'allowedVlans' && mode === 'trunk' && !modeChanges && allVlans(want) && allVlans(before))) continue;
    const op = want === null ? 'remove' : 'set';
    changes.push({ interface: i.name, leaf, op, before, after: want });
  }
  return { changes, refused };
}

/**
 * The per-leaf plan that brings the device in line with intent. Pure. Only leaves intent manages
 * (fields present) are compared; a mode change also removes the old mode's leaves; intent for
 * another mode's leaves is refused; protected interfaces (policy list or `source.mgmtOnly`) never get
 * changes, only a refusal; with `holdAdopted`, changes on adopted interfaces go to `pendingAdoption`
 * instead of `changes`. An empty `changes` list means nothing to send.
 */
export function planDevice(intent: DeviceIntent, observed: Map<string, InterfaceState>, policy: PlanPolicy): DevicePlan {
  const plan: DevicePlan = { device: intent.device, changes: [], refused: [] };
  const protectedSet = new Set(policy.protectedInterfaces);
  for (const i of intent.interfaces) {
    const planned = planInterface(i, observed.get(i.name) ?? absent(i.name), policy.rules);
    const { refused } = planned;
    let { changes } = planned;
    const ignore = policy.ignore;
    if (ignore && changes.some((c) => ignore(c.interface, c.leaf))) {
      plan.ignored = [...(plan.ignored ?? []), ...changes.filter((c) => ignore(c.interface, c.leaf))];
      changes = changes.filter((c) => !ignore(c.interface, c.leaf));
    }
    if (protectedSet.has(i.name) || i.source?.mgmtOnly === true) {
      const leaves = [...new Set([...changes.map((c) => c.leaf), ...[...refused.values()].flat()])];
      if (leaves.length > 0) plan.refused.push({ interface: i.name, reason: PROTECTED_REASON, leaves });
      continue;
    }
    if (policy.holdAdopted === true && i.source?.adopted === true && changes.length > 0) {
      plan.pendingAdoption = [...(plan.pendingAdoption ?? []), ...changes];
    } else {
      plan.changes.push(...changes);
    }
    for (const [reason, leaves] of refused) plan.refused.push({ interface: i.name, reason, leaves } satisfies RefusedChange);
  }
  return plan;
}

/**
 * What of `plan` is not yet on the device: each change whose leaf does not read back as `after`,
 * with the value read as `before`. Empty = the plan is verified. Refusals are carried over unchanged.
 */
export function residualPlan(plan: DevicePlan, observed: Map<string, InterfaceState>): DevicePlan {
  const changes: LeafChange[] = [];
  for (const c of plan.changes) {
    const now = (observed.get(c.interface) ?? absent(c.interface))[c.leaf] as LeafValue;
    if (!sameValue(now, c.after)) changes.push({ ...c, before: now });
  }
  return { device: plan.device, changes, refused: plan.refused };
}
