import { parseDescription } from '../../core/description.js';
import { ValidationError } from '../../core/errors.js';
import type { PlatformRules } from '../../core/platform-rules.js';
import { ticketError } from '../../core/ticket.js';
import { type AllowedVlans, type InterfaceIntent, type InterfaceMode, type IntentSource } from '../../core/types.js';
import type { NbChoice, NbInterface, NbIpAddress } from './types.js';

export { parseWebhook, type WebhookEvent } from './webhook-event.js';

/** A choice field as `{value,label}` (REST), a bare string (snapshots, old shapes) or null. */
export function choiceValue(choice: NbChoice | undefined): string | null {
  if (choice === null || choice === undefined) return null;
  if (typeof choice === 'string') return choice;
  return choice.value === null ? null : String(choice.value);
}

/** `2023-05-25 19:56:18.518640+00:00` (NetBox ≤3.6 webhooks) → `2023-05-25T19:56:18.518640+00:00`. */
export function normalizeTimestamp(ts: unknown): string | null {
  if (typeof ts !== 'string' || ts === '') return null;
  return ts.replace(/^(\d{4}-\d{2}-\d{2}) /, '$1T');
}

/**
 * The ticket custom field as a string: numbers become strings, empty/absent → null. Throws
 * ValidationError for a value outside the ticket grammar (core/ticket.ts).
 */
export function ticketOf(iface: Pick<NbInterface, 'custom_fields' | 'name'>, ticketField: string): string | null {
  const raw = iface.custom_fields?.[ticketField];
  if (raw === null || raw === undefined) return null;
  if (typeof raw !== 'string' && typeof raw !== 'number') {
    throw new ValidationError(`interface ${iface.name}: ticket field ${ticketField} is not a string or number`);
  }
  const ticket = String(raw).trim();
  if (ticket === '') return null;
  const problem = ticketError(ticket);
  // Rejected input: the interface's change is not taken (reported by the sync), nothing reaches a device.
  if (problem !== null) throw new ValidationError(`interface ${iface.name}: ${problem}`, [`${ticketField}: ${problem}`]);
  return ticket;
}

function mapMode(iface: NbInterface, name: string, rules: PlatformRules): { mode: InterfaceMode; allowed: AllowedVlans | null } {
  const mode = choiceValue(iface.mode);
  if (mode !== null && mode !== '' && !rules.canSwitchport(name)) {
    // e.g. a FiftyGigabitEthernet port: IOS-XE models no switchport on it, so no edit could express this.
    throw new ValidationError(`interface ${iface.name}: 802.1Q mode '${mode}' needs a switchport, and ${name} cannot be one on ${rules.platform}`, [
      `mode: ${name} has no switchport (access/trunk) on ${rules.platform}; clear the 802.1Q mode`,
    ]);
  }
  const vids = (iface.tagged_vlans ?? []).map((v) => v.vid);
  switch (mode) {
    case null:
    case '':
      return { mode: 'routed', allowed: null };
    case 'access':
      return { mode: 'access', allowed: null };
    case 'tagged':
      // The lab rendered an empty list as "all"; widening a trunk silently is worse than refusing.
      if (vids.length === 0) {
        throw new ValidationError(`interface ${iface.name}: mode tagged without tagged VLANs (use tagged-all for all VLANs)`);
      }
      return { mode: 'trunk', allowed: [...new Set(vids)].sort((a, b) => a - b) };
    case 'tagged-all':
      return { mode: 'trunk', allowed: 'all' };
    default:
      throw new ValidationError(`interface ${iface.name}: 802.1Q mode '${mode}' is not supported`);
  }
}

function ipv4Of(iface: NbInterface, ips: NbIpAddress[]): string | null {
  const mine = ips
    .filter((ip) => ip.assigned_object_id === iface.id && !ip.address.includes(':'))
    .sort((a, b) => a.id - b.id);
  // An IOS-XE interface has one primary address; the oldest NetBox address is taken as it.
  return mine[0]?.address ?? null;
}

function checkShape(iface: NbInterface): void {
  const problems: string[] = [];
  if (typeof iface.id !== 'number') problems.push('id is not a number');
  if (typeof iface.name !== 'string') problems.push('name is not a string');
  if (iface.mtu !== undefined && iface.mtu !== null && typeof iface.mtu !== 'number') problems.push('mtu');
  if (iface.enabled !== undefined && typeof iface.enabled !== 'boolean') problems.push('enabled');
  if (problems.length > 0) throw new ValidationError(`NetBox interface JSON is malformed`, problems);
}

/**
 * NetBox interface JSON (3.5 … 4.6) plus the device's IPv4 addresses → the intent for that interface.
 * Pure. Every managed field is present, except for a port with no 802.1Q mode and no IPv4 address:
 * there NetBox says nothing about layer 2 vs 3, so mode, VLANs and address stay unmanaged and the
 * switch keeps what it has — as the lab did (its L3 template rendered only with an address), instead
 * of turning every unconfigured switchport into a routed port. Throws ValidationError for an unknown
 * interface name, an unsupported 802.1Q mode (q-in-q) or a ticket that is not a safe ref name.
 * Names and switchport support are the device's platform's (`rules`): a name it cannot express, or
 * an 802.1Q mode on a port that cannot be a switchport, is a ValidationError.
 */
export function mapInterface(iface: NbInterface, ips: NbIpAddress[], ticketField: string, rules: PlatformRules): InterfaceIntent {
  checkShape(iface);
  const name = rules.normalizeName(iface.name);
  const { mode, allowed } = mapMode(iface, name, rules);
  const untagged = iface.untagged_vlan?.vid ?? null;
  const source: IntentSource = { netboxId: iface.id };
  const lastUpdated = normalizeTimestamp(iface.last_updated);
  if (lastUpdated) source.lastUpdated = lastUpdated;
  if (iface.mgmt_only === true) source.mgmtOnly = true;
  const common = {
    name,
    // A `##ticket:N##` tag typed into NetBox is not text: intent renders the tag from `ticket`.
    description: parseDescription(iface.description ?? null).description,
    enabled: iface.enabled ?? true,
    mtu: iface.mtu ?? null,
  };
  const ticket = ticketOf(iface, ticketField);
  const ipv4 = mode === 'routed' ? ipv4Of(iface, ips) : null;
  if (mode === 'routed' && ipv4 === null) return { ...common, ticket, source };
  return {
    ...common,
    mode,
    accessVlan: mode === 'access' ? untagged : null,
    nativeVlan: mode === 'trunk' ? untagged : null,
    allowedVlans: allowed,
    ipv4,
    ticket,
    source,
  };
}
