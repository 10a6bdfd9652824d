/**
 * Trunk allowed VLANs in the two shapes of Cisco-IOS-XE-switch (pure): the legacy
 * `trunk/allowed/vlan` container (deprecated since revision 2023-11-01, 17.13.1) and the current
 * `trunk/allowed/vlan-v2` (choice of `vlans` 1..224 characters, `none` or `all`, the default case,
 * plus `add-vlans/add` entries of 1..219 characters). Lists are written as ranges (`1-10,20`).
 */
import { compressVlanRanges } from '../../../core/normalize.js';
import { child, children, type XNode } from '../../xml/tree.js';
import type { Capabilities } from '../../netconf/capabilities.js';

export type AllowedVlanShape = 'legacy' | 'vlan-v2';

export const SWITCH_MODULE = 'Cisco-IOS-XE-switch';
/** The first Cisco-IOS-XE-switch revision with `vlan-v2` (IOS-XE 17.13.1). */
export const VLAN_V2_REVISION = '2023-11-01';
export const VLAN_V2_BASE_MAX = 224;
export const VLAN_V2_ADD_MAX = 219;

/**
 * The shape a device implements, from the Cisco-IOS-XE-switch revision in its hello: 2023-11-01 or
 * later → vlan-v2; older, or no revision advertised → legacy (the only shape an old device has).
 */
export function allowedVlanShape(caps: Pick<Capabilities, 'modules'>): AllowedVlanShape {
  const revision = caps.modules.get(SWITCH_MODULE)?.revision;
  return revision !== undefined && revision >= VLAN_V2_REVISION ? 'vlan-v2' : 'legacy';
}

/** `[1,2,3,…,10,20]` → `1-10,20` (runs of three or more become ranges, as the CLI shows them). */
export function vlanRangeText(vlans: number[]): string {
  return compressVlanRanges([...new Set(vlans)].sort((a, b) => a - b)).join(',');
}

/**
 * A list as the vlan-v2 base line (≤ 224 characters) and `add` lines (≤ 219 each), cut at commas so
 * every line is a valid list on its own. An empty list has no base (it is `none`).
 */
export function splitVlanLines(vlans: number[]): { base: string; adds: string[] } {
  const lines: string[] = [];
  let cur = '';
  for (const token of vlanRangeText(vlans).split(',').filter((t) => t !== '')) {
    const max = lines.length === 0 ? VLAN_V2_BASE_MAX : VLAN_V2_ADD_MAX;
    if (cur !== '' && cur.length + 1 + token.length > max) {
      lines.push(cur);
      cur = token;
    } else cur = cur === '' ? token : `${cur},${token}`;
  }
  if (cur !== '') lines.push(cur);
  return { base: lines[0] ?? '', adds: lines.slice(1) };
}

function textOf(node: XNode | undefined): string | null {
  const t = node?.text.trim() ?? '';
  return t === '' ? null : t;
}

/**
 * The allowed VLANs under a `trunk` element, read from vlan-v2 when present (base `vlans` plus every
 * `add-vlans/add` entry, so nothing after the first line is lost), else from the legacy container.
 * Returns the raw list text ('all' / '' for none) or null when neither shape says anything (the
 * trunk default: all VLANs).
 */
export function allowedVlanText(trunk: XNode | undefined): string | null {
  const v2 = child(child(trunk, 'allowed'), 'vlan-v2');
  if (v2) {
    if (child(v2, 'none')) return '';
    const lines = [textOf(child(v2, 'vlans')), ...children(child(v2, 'add-vlans'), 'add').map((a) => textOf(child(a, 'vlans')))];
    const listed = lines.filter((l): l is string => l !== null);
    if (listed.length > 0) return listed.join(',');
    if (textOf(child(v2, 'all')) === 'false') return '';
    return 'all';
  }
  const legacy = child(child(trunk, 'allowed'), 'vlan');
  if (!legacy) return null;
  if (child(legacy, 'none')) return '';
  return textOf(child(legacy, 'vlans'));
}
