/**
 * The parts of NetBox's REST JSON that intentd reads. NetBox 3.5 … 4.6 shapes differ in details
 * (choice fields as `{value,label}` or strings, 4.2+ MAC objects); every field is optional here and
 * mapping.ts checks what it uses. Unknown extra fields are ignored.
 */
export interface NbBrief {
  id: number;
  name?: string;
  display?: string;
  url?: string;
}

export interface NbVlanBrief extends NbBrief {
  vid: number;
}

export type NbChoice = { value: string | number | null; label?: string } | string | null;

export interface NbInterface {
  id: number;
  name: string;
  device: NbBrief;
  enabled?: boolean;
  mtu?: number | null;
  description?: string;
  mode?: NbChoice;
  untagged_vlan?: NbVlanBrief | null;
  tagged_vlans?: NbVlanBrief[];
  mgmt_only?: boolean;
  custom_fields?: Record<string, unknown>;
  last_updated?: string | null;
  [extra: string]: unknown;
}

export interface NbIpAddress {
  id: number;
  address: string;
  family?: NbChoice | { value: number; label?: string };
  assigned_object_type?: string | null;
  assigned_object_id?: number | null;
  [extra: string]: unknown;
}

export interface NbDevice {
  id: number;
  name: string | null;
  primary_ip4?: { id: number; address: string } | null;
  site?: NbBrief & { slug?: string };
  role?: NbBrief & { slug?: string };
  /** The device's platform (4.x: nested {id,url,display,name,slug}), or null. */
  platform?: (NbBrief & { slug?: string }) | null;
  tags?: { slug: string; name?: string }[];
  last_updated?: string | null;
  [extra: string]: unknown;
}

export type JournalKind = 'info' | 'success' | 'warning' | 'danger';

export interface NbJournalEntry {
  id: number;
  assigned_object_type: string;
  assigned_object_id: number;
  kind: NbChoice;
  comments: string;
  created?: string;
  [extra: string]: unknown;
}

export interface NbPage<T> {
  count: number | null;
  next: string | null;
  previous: string | null;
  results: T[];
}

export interface NbStatus {
  'netbox-version'?: string;
  [extra: string]: unknown;
}
