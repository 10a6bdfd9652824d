import { ValidationError } from '../../../core/errors.js';
import type { DevicePlan, Leaf, LeafChange } from '../../../core/plan-types.js';
import type { AllowedVlans } from '../../../core/types.js';
import { escapeXml, NETCONF_NS } from '../../netconf/rpc.js';
import { parseEosName, type EosType } from './names.js';
import { IANA_IF_TYPE_NS, OC_ETH_NS, OC_IF_NS, OC_IP_NS, OC_LAG_NS, OC_VLAN_NS } from './namespaces.js';
import { openconfigRules } from './rules.js';
import { renderTrunkVlans } from './vlans.js';

const REMOVE = ' nc:operation="remove"';
const MODE = { access: 'ACCESS', trunk: 'TRUNK' } as const;

/** The parts of one interface's edit, each rendered in the model's element order. */
interface IfaceEdit {
  type: EosType;
  config: Map<string, string>;
  switched: Map<string, string>;
  trunkVlans: string[];
  addresses: string[];
}

const leafXml = (name: string, value: string | null): string =>
  value === null ? `<${name}${REMOVE}/>` : `<${name}>${escapeXml(value)}</${name}>`;

/** `10.0.0.1/24` → ip + prefix length; ValidationError otherwise. */
export function splitCidr(cidr: string): { ip: string; length: number } {
  const m = /^(\d{1,3}(?:\.\d{1,3}){3})\/(\d{1,2})$/.exec(cidr);
  const length = m ? Number(m[2]) : NaN;
  if (!m || length > 32) throw new ValidationError(`not an IPv4 address/prefix length: ${JSON.stringify(cidr)}`);
  return { ip: m[1] as string, length };
}

function needSwitched(e: IfaceEdit, name: string, leaf: Leaf): void {
  if (e.type.switched === null) {
    throw new ValidationError(`${name} cannot carry ${leaf}: ${e.type.type} interfaces have no switched-vlan on OpenConfig`);
  }
}

function addChange(e: IfaceEdit, c: LeafChange, current: readonly string[]): void {
  const set = c.op === 'set' ? String(c.after) : null;
  const problem = openconfigRules.valueProblem(c.leaf, c.after);
  if (problem !== null) throw new ValidationError(`${c.interface}: ${problem}`);
  switch (c.leaf) {
    case 'description':
    case 'mtu':
      e.config.set(c.leaf, leafXml(c.leaf, set));
      return;
    case 'enabled':
      e.config.set('enabled', leafXml('enabled', String(c.after !== false)));
      return;
    case 'mode':
      needSwitched(e, c.interface, c.leaf);
      e.switched.set('interface-mode', leafXml('interface-mode', set === 'access' || set === 'trunk' ? MODE[set] : null));
      return;
    case 'accessVlan':
      needSwitched(e, c.interface, c.leaf);
      e.switched.set('access-vlan', leafXml('access-vlan', set));
      return;
    case 'nativeVlan':
      needSwitched(e, c.interface, c.leaf);
      e.switched.set('native-vlan', leafXml('native-vlan', set));
      return;
    case 'allowedVlans': {
      needSwitched(e, c.interface, c.leaf);
      // trunk-vlans is a leaf-list: a merge only adds, so entries the new list lacks are removed one by one.
      const want = c.op === 'set' ? renderTrunkVlans(c.after as AllowedVlans) : [];
      for (const entry of current) if (!want.includes(entry)) e.trunkVlans.push(`<trunk-vlans${REMOVE}>${escapeXml(entry)}</trunk-vlans>`);
      for (const entry of want) if (!current.includes(entry)) e.trunkVlans.push(leafXml('trunk-vlans', entry));
      return;
    }
    case 'ipv4': {
      const before = typeof c.before === 'string' ? splitCidr(c.before) : null;
      const after = set === null ? null : splitCidr(set);
      if (before !== null && before.ip !== after?.ip) e.addresses.push(`<address${REMOVE}><ip>${before.ip}</ip></address>`);
      if (after !== null) {
        e.addresses.push(`<address><ip>${after.ip}</ip><config><ip>${after.ip}</ip><prefix-length>${after.length}</prefix-length></config></address>`);
      }
    }
  }
}

const CONFIG_ORDER = ['mtu', 'description', 'enabled'];
const SWITCHED_ORDER = ['interface-mode', 'native-vlan', 'access-vlan'];

function renderInterface(name: string, e: IfaceEdit): string {
  const lines = [`  <interface>`, `    <name>${escapeXml(name)}</name>`];
  const config = CONFIG_ORDER.flatMap((k) => e.config.get(k) ?? []).join('');
  lines.push(`    <config><name>${escapeXml(name)}</name><type xmlns:ianaift="${IANA_IF_TYPE_NS}">ianaift:${e.type.ianaType}</type>${config}</config>`);
  const switched = SWITCHED_ORDER.flatMap((k) => e.switched.get(k) ?? []).join('') + e.trunkVlans.join('');
  if (switched !== '' && e.type.switched !== null) {
    const ns = e.type.switched === 'ethernet' ? OC_ETH_NS : OC_LAG_NS;
    lines.push(`    <${e.type.switched} xmlns="${ns}"><switched-vlan xmlns="${OC_VLAN_NS}"><config>${switched}</config></switched-vlan></${e.type.switched}>`);
  }
  if (e.addresses.length > 0) {
    lines.push('    <subinterfaces><subinterface><index>0</index><config><index>0</index></config>' +
      `<ipv4 xmlns="${OC_IP_NS}"><addresses>${e.addresses.join('')}</addresses></ipv4></subinterface></subinterfaces>`);
  }
  lines.push('  </interface>');
  return lines.join('\n');
}

/**
 * The `<interfaces>` element for `<config>` carrying exactly the plan's changes: each touched
 * interface with its name and iana-if-type (so a new Vlan or Loopback is created whole), set leaves
 * merged, removed leaves with `nc:operation="remove"`. `trunkVlans` holds the trunk-vlans entries the
 * device has now for interfaces whose allowed list changes (read under the lock), so a new list
 * replaces the old entry by entry. Throws ValidationError for what OpenConfig cannot express; '' for
 * an empty plan.
 */
export function buildEdit(plan: DevicePlan, trunkVlans: ReadonlyMap<string, readonly string[]> = new Map()): string {
  if (plan.changes.length === 0) return '';
  const edits = new Map<string, IfaceEdit>();
  for (const c of plan.changes) {
    let e = edits.get(c.interface);
    if (!e) edits.set(c.interface, (e = { type: parseEosName(c.interface).type, config: new Map(), switched: new Map(), trunkVlans: [], addresses: [] }));
    addChange(e, c, trunkVlans.get(c.interface) ?? []);
  }
  const body = [...edits].map(([name, e]) => renderInterface(name, e)).join('\n');
  const ncDecl = body.includes('nc:operation') ? ` xmlns:nc="${NETCONF_NS}"` : '';
  return `<interfaces xmlns="${OC_IF_NS}"${ncDecl}>\n${body}\n</interfaces>`;
}

/** Subtree filter selecting only the named interfaces, so a read never pulls the whole configuration. */
export function interfacesFilter(names: string[]): string {
  return `<interfaces xmlns="${OC_IF_NS}">${names.map((n) => `<interface><name>${escapeXml(n)}</name></interface>`).join('')}</interfaces>`;
}
