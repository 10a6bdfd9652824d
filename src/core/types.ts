/**
 * The intent model: what intentd wants each managed interface to look like.
 *
 * A field that is absent (undefined) is *unmanaged*: intentd never reads, plans or writes that leaf.
 * A field that is null is managed and means "not configured / device default" (e.g. mtu: null → no
 * `mtu` leaf on the device). NetBox sync always writes every field; a hand-written intent file may
 * manage fewer.
 */
export type InterfaceMode = 'access' | 'trunk' | 'routed';

/** Allowed VLANs on a trunk: 'all', or an ascending, de-duplicated list of VLAN ids. */
export type AllowedVlans = 'all' | number[];

export interface InterfaceIntent {
  /** Canonical name as the device's platform spells it (its rules' `normalizeName`). */
  name: string;
  /** Description text *without* the `##ticket:N##` tag; the tag is rendered from `ticket`. */
  description?: string | null;
  enabled?: boolean;
  /** 64..18000 (IOS-XE range); null = device default. */
  mtu?: number | null;
  mode?: InterfaceMode;
  /** Access VLAN (mode access); null = device default (VLAN 1). */
  accessVlan?: number | null;
  /** Trunk native VLAN (mode trunk); null = device default. */
  nativeVlan?: number | null;
  /** Trunk allowed VLANs (mode trunk); null = not configured. */
  allowedVlans?: AllowedVlans | null;
  /** IPv4 address with prefix length, e.g. `10.0.0.1/24` (mode routed); null = none. */
  ipv4?: string | null;
  /** The change ticket of the last change taken into intent for this interface. */
  ticket?: string | null;
  /** Provenance: where this interface's intent came from. Never sent to a device. */
  source?: IntentSource;
}

export interface IntentSource {
  netboxId?: number;
  lastUpdated?: string;
  /** NetBox `mgmt_only`: a management interface that intentd must never change. */
  mgmtOnly?: boolean;
  /**
   * Taken from NetBox at the device's first import without a ticket (`reconcile.adopt: report`):
   * differences from the device are held back as pending adoption until a ticketed change or
   * `intentd apply --ticket` applies them.
   */
  adopted?: boolean;
}

/** All managed interfaces of one device, as stored in `devices/<device>.yaml` of the intent repo. */
export interface DeviceIntent {
  device: string;
  interfaces: InterfaceIntent[];
}

/** The leaves that are sent to a device, in canonical order. */
export const MANAGED_FIELDS = [
  'description',
  'enabled',
  'mtu',
  'mode',
  'accessVlan',
  'nativeVlan',
  'allowedVlans',
  'ipv4',
  'ticket',
] as const;

export type ManagedField = (typeof MANAGED_FIELDS)[number];

/** Device names become file names and git paths: letters, digits, `.`, `_`, `-`; no `/`, no `..`. */
export const DEVICE_NAME_PATTERN = '^(?!.*\\.\\.)[A-Za-z0-9][A-Za-z0-9._-]{0,63}$';

/** Ticket ids become git tag names (`ticket/<id>`): the one grammar lives in ticket.ts. */
export { TICKET_PATTERN } from './ticket.js';
