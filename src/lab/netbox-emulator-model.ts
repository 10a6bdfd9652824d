/**
 * The NetBox emulator's in-memory data model: plain rows with foreign keys, as NetBox's database
 * holds them. Serializers turn them into REST JSON or webhook snapshots.
 */
export type EmuMode = '' | 'access' | 'tagged' | 'tagged-all';

export interface EmuSlugged {
  id: number;
  name: string;
  slug: string;
}

export interface EmuDevice {
  id: number;
  name: string;
  siteId: number;
  roleId: number;
  tags: string[];
  primaryIp4Id: number | null;
  /** NetBox `serial` ('' when unknown), checked by intentd against the device's own serial. */
  serial: string;
  /** dcim.platform row (NetBox `platform`), or null when the device has none. */
  platformId: number | null;
  created: string;
  lastUpdated: string;
}

export interface EmuInterface {
  id: number;
  deviceId: number;
  name: string;
  type: string;
  enabled: boolean;
  mtu: number | null;
  mode: EmuMode;
  untaggedVlanId: number | null;
  taggedVlanIds: number[];
  description: string;
  mgmtOnly: boolean;
  customFields: Record<string, unknown>;
  tags: string[];
  created: string;
  lastUpdated: string;
}

export interface EmuVlan {
  id: number;
  vid: number;
  name: string;
}

export interface EmuIp {
  id: number;
  address: string;
  interfaceId: number | null;
  created: string;
  lastUpdated: string;
}

export interface EmuJournal {
  id: number;
  interfaceId: number;
  kind: string;
  comments: string;
  created: string;
}

export interface EmuTables {
  sites: EmuSlugged[];
  roles: EmuSlugged[];
  tags: EmuSlugged[];
  platforms: EmuSlugged[];
  devices: EmuDevice[];
  interfaces: EmuInterface[];
  vlans: EmuVlan[];
  ips: EmuIp[];
  journal: EmuJournal[];
  /** Custom fields defined for dcim.interface, with their default (null). */
  interfaceCustomFields: string[];
}

export function emptyTables(): EmuTables {
  return {
    sites: [],
    roles: [],
    tags: [],
    platforms: [],
    devices: [],
    interfaces: [],
    vlans: [],
    ips: [],
    journal: [],
    interfaceCustomFields: [],
  };
}

/** Next free id of a table (NetBox ids are per-table sequences). */
export function nextId(rows: { id: number }[]): number {
  return rows.reduce((m, r) => Math.max(m, r.id), 0) + 1;
}

/** Strictly increasing ISO timestamps, so every change bumps last_updated. */
export class Clock {
  private last = 0;
  now(): string {
    this.last = Math.max(Date.now(), this.last + 1);
    return new Date(this.last).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
  }
}

/** Per table: row id → position, rebuilt whenever a lookup finds it stale (rows pushed, replaced or renumbered). */
const positions = new WeakMap<readonly { id: number }[], Map<number, number>>();

function indexTable(rows: readonly { id: number }[]): Map<number, number> {
  const map = new Map<number, number>();
  rows.forEach((r, i) => map.set(r.id, i));
  positions.set(rows, map);
  return map;
}

/**
 * The row with this id, as a database's primary-key index finds it (a linear `find` made the emulator
 * quadratic at a thousand devices). The index is checked on every hit and rebuilt on a miss.
 */
export function rowById<T extends { id: number }>(rows: readonly T[], id: number | null): T | undefined {
  if (id === null) return undefined;
  const at = positions.get(rows)?.get(id);
  if (at !== undefined && rows[at]?.id === id) return rows[at];
  const fresh = indexTable(rows).get(id);
  return fresh === undefined ? undefined : rows[fresh];
}

/** Interfaces per device id, counted once per table length (interfaces never move between devices). */
const counts = new WeakMap<readonly EmuInterface[], { length: number; byDevice: Map<number, number> }>();

export function interfaceCount(rows: readonly EmuInterface[], deviceId: number): number {
  let c = counts.get(rows);
  if (c === undefined || c.length !== rows.length) {
    const byDevice = new Map<number, number>();
    for (const r of rows) byDevice.set(r.deviceId, (byDevice.get(r.deviceId) ?? 0) + 1);
    c = { length: rows.length, byDevice };
    counts.set(rows, c);
  }
  return c.byDevice.get(deviceId) ?? 0;
}
