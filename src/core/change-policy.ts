import { windowOf, windowProblems, windowState, type ChangeWindow, type ChangeWindowSpec, type WindowState } from './change-window.js';
import type { Leaf, LeafChange } from './plan-types.js';
import type { Policy } from './policy.js';
import type { DeviceIntent } from './types.js';

export type ReconcileMode = 'enforce' | 'report';

/** A name, a glob (`*`, `?`) or a list of them; absent: every name. */
export type NamePattern = string | string[];

/** `defaults` of policy.yaml: what holds where no rule says otherwise. */
export interface PolicyDefaults {
  mode?: ReconcileMode;
  windows?: ChangeWindowSpec[];
  maxLeavesPerApply?: number;
}

/** One entry of `rules`: applies to the devices (and, for `mode` only, the interfaces) it names. */
export interface PolicyRule extends PolicyDefaults {
  devices?: NamePattern;
  interfaces?: NamePattern;
}

/** One entry of `ignore`: these leaves of these interfaces are neither planned nor reported. */
export interface IgnoreRule {
  devices?: NamePattern;
  interfaces: NamePattern;
  leaves: Leaf[];
}

/** One `approval.rules` entry; every condition it sets must hold for a plan to need approval. */
export interface ApprovalRule {
  devices?: NamePattern;
  /** A change on an interface that is (or becomes, or leaves being) a trunk port. */
  trunk?: boolean;
  /** More than this many leaf changes. */
  moreThanLeaves?: number;
}

export interface ChangePolicy {
  defaults?: PolicyDefaults;
  rules?: PolicyRule[];
  ignore?: IgnoreRule[];
  approval?: { approvers?: string[]; rules?: ApprovalRule[] };
}

const globCache = new Map<string, RegExp>();
function glob(p: string): RegExp {
  let re = globCache.get(p);
  if (!re) {
    re = new RegExp(`^${p.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
    globCache.set(p, re);
  }
  return re;
}

/** Whether `name` matches the pattern (absent matches all). Pure. */
export function matches(pattern: NamePattern | undefined, name: string): boolean {
  if (pattern === undefined) return true;
  return (Array.isArray(pattern) ? pattern : [pattern]).some((p) => glob(p).test(name));
}

const changePolicy = (p: Policy): ChangePolicy => p as ChangePolicy;

/** The rules that name the device, in file order (later ones override earlier ones). */
const deviceRules = (p: Policy, device: string): PolicyRule[] => (changePolicy(p).rules ?? []).filter((r) => matches(r.devices, device));

/**
 * The mode of one interface: the last rule naming the device (and the interface, when the rule has
 * `interfaces`) that sets `mode`, else `defaults.mode`, else `fallback` (config `reconcile.mode`). Pure.
 */
export function modeOf(p: Policy, device: string, iface: string, fallback: ReconcileMode): ReconcileMode {
  const rule = deviceRules(p, device).filter((r) => r.mode !== undefined && matches(r.interfaces, iface)).at(-1);
  return rule?.mode ?? changePolicy(p).defaults?.mode ?? fallback;
}

/** A device-level setting: the last rule without `interfaces` naming the device that sets it, else defaults. */
function deviceSetting<K extends 'windows' | 'maxLeavesPerApply'>(p: Policy, device: string, key: K): PolicyDefaults[K] | undefined {
  const rule = deviceRules(p, device).filter((r) => r.interfaces === undefined && r[key] !== undefined).at(-1);
  return rule?.[key] ?? changePolicy(p).defaults?.[key];
}

export const windowsOf = (p: Policy, device: string): ChangeWindow[] => (deviceSetting(p, device, 'windows') ?? []).map(windowOf);
export const maxLeavesOf = (p: Policy, device: string): number | null => deviceSetting(p, device, 'maxLeavesPerApply') ?? null;

/** Whether the leaf of the interface is ignored on the device (`ignore`). Pure. */
export function isIgnored(p: Policy, device: string, iface: string, leaf: Leaf): boolean {
  return (changePolicy(p).ignore ?? []).some((r) => matches(r.devices, device) && matches(r.interfaces, iface) && r.leaves.includes(leaf));
}

/** The device's window state at `now` (ms). Pure. */
export function deviceWindow(p: Policy, device: string, now: number): WindowState {
  return windowState(windowsOf(p, device), now);
}

const TRUNK_LEAVES = new Set<Leaf>(['nativeVlan', 'allowedVlans']);

function touchesTrunk(c: LeafChange, intent: DeviceIntent | null): boolean {
  if (TRUNK_LEAVES.has(c.leaf) || (c.leaf === 'mode' && (c.before === 'trunk' || c.after === 'trunk'))) return true;
  return intent?.interfaces.find((i) => i.name === c.interface)?.mode === 'trunk';
}

/**
 * Why a plan needs approval before it is sent (empty: it does not): more leaves than the device's
 * `maxLeavesPerApply`, or an `approval.rules` entry whose every condition holds. Pure.
 */
export function approvalReasons(p: Policy, device: string, changes: readonly LeafChange[], intent: DeviceIntent | null): string[] {
  const reasons: string[] = [];
  const max = maxLeavesOf(p, device);
  if (max !== null && changes.length > max) reasons.push(`${changes.length} leaf changes, more than maxLeavesPerApply ${max}`);
  for (const [i, r] of (changePolicy(p).approval?.rules ?? []).entries()) {
    if (!matches(r.devices, device)) continue;
    if (r.trunk === true && !changes.some((c) => touchesTrunk(c, intent))) continue;
    if (r.moreThanLeaves !== undefined && changes.length <= r.moreThanLeaves) continue;
    const what = [r.devices !== undefined ? `device ${[r.devices].flat().join(', ')}` : '', r.trunk === true ? 'a change on a trunk port' : '', r.moreThanLeaves !== undefined ? `more than ${r.moreThanLeaves} leaves` : ''].filter(Boolean);
    reasons.push(`approval rule ${i + 1}: ${what.join(', ') || 'every change'}`);
  }
  return reasons;
}

/** Whether `who` may approve on this policy: listed in `approval.approvers` (case-insensitive); no list → anyone authenticated. */
export function isApprover(p: Policy, who: string): boolean {
  const list = changePolicy(p).approval?.approvers;
  return list === undefined || list.length === 0 || list.some((a) => a.toLowerCase() === who.toLowerCase());
}

/** Checks the schema cannot express (cron, zones, durations, interface rules): `path: problem` lines. Pure. */
export function changePolicyProblems(p: Policy): string[] {
  const cp = changePolicy(p);
  const problems: string[] = [];
  (cp.defaults?.windows ?? []).forEach((w, i) => problems.push(...windowProblems(w, `/defaults/windows/${i}`)));
  (cp.rules ?? []).forEach((r, i) => {
    (r.windows ?? []).forEach((w, j) => problems.push(...windowProblems(w, `/rules/${i}/windows/${j}`)));
    if (r.interfaces !== undefined && (r.windows !== undefined || r.maxLeavesPerApply !== undefined)) problems.push(`/rules/${i}: a rule with interfaces may only set mode (windows and maxLeavesPerApply are per device)`);
  });
  return problems;
}
