import { EmuData, EmuValidationError, type FieldErrors } from './netbox-emulator-data.js';
import { rowById, type EmuDevice, type EmuInterface, type EmuIp, type EmuJournal, type EmuSlugged } from './netbox-emulator-model.js';
import { NetboxSerializer } from './netbox-emulator-serialize.js';

export interface ApiResponse {
  status: number;
  body: unknown;
  /** Why strict mode counts this request as unexpected (an endpoint or filter not emulated). */
  unexpected?: string;
  /** ETag of a detail response (`W/"<last_updated>"`, NetBox 4.6). */
  etag?: string;
  /** The interfaces changed by this request (for webhooks). */
  changed?: { row: EmuInterface; before: Record<string, unknown> }[];
}

type Filter<T> = (values: string[]) => ((row: T) => boolean) | FieldErrors;

const PAGING = new Set(['limit', 'offset', 'brief', 'ordering', 'fields', 'omit', 'format']);
const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 1000;
const NOT_FOUND = { detail: 'Not found.' };

const invalidChoice = (field: string, v: string): FieldErrors => ({
  [field]: [`Select a valid choice. ${v} is not one of the available choices.`],
});

/** The REST endpoints the emulator serves, over its EmuData. Pure request → response. */
export class NetboxApi {
  private readonly ser: NetboxSerializer;

  constructor(
    private readonly data: EmuData,
    base: () => string,
  ) {
    this.ser = new NetboxSerializer(data.db, base);
  }

  handle(method: string, url: URL, body: unknown, ifMatch?: string): ApiResponse {
    const p = url.pathname;
    const db = this.data.db;
    let m: RegExpExecArray | null;
    if (method === 'GET' && p === '/api/status/') return { status: 200, body: STATUS };
    if (method === 'GET' && p === '/api/dcim/devices/') return this.list(url, db.devices, DEVICE_FILTERS(this.data), (d) => this.ser.device(d));
    if (method === 'GET' && (m = /^\/api\/dcim\/devices\/(\d+)\/$/.exec(p))) {
      const d = rowById(db.devices, Number(m?.[1]));
      return d ? { status: 200, body: this.ser.device(d) } : { status: 404, body: NOT_FOUND };
    }
    if (method === 'GET' && p === '/api/dcim/interfaces/') return this.list(url, db.interfaces, IFACE_FILTERS(this.data), (i) => this.ser.iface(i));
    if (method === 'PATCH' && p === '/api/dcim/interfaces/') return this.bulkPatch(body);
    if ((m = /^\/api\/dcim\/interfaces\/(\d+)\/$/.exec(p)) && (method === 'GET' || method === 'PATCH')) {
      const row = rowById(db.interfaces, Number(m?.[1]));
      if (!row) return { status: 404, body: NOT_FOUND };
      const etag = `W/"${row.lastUpdated}"`;
      if (method === 'GET') return { status: 200, body: this.ser.iface(row), etag };
      if (ifMatch !== undefined && ifMatch !== etag) {
        return { status: 412, body: { detail: 'Precondition failed: the object has been modified.' } };
      }
      return this.patchInterface(row, body);
    }
    if (method === 'GET' && p === '/api/ipam/ip-addresses/') return this.list(url, db.ips, IP_FILTERS(this.data), (ip) => this.ser.ip(ip));
    if (p === '/api/extras/journal-entries/' && method === 'GET') return this.list(url, db.journal, JOURNAL_FILTERS, (j) => this.ser.journal(j));
    if (p === '/api/extras/journal-entries/' && method === 'POST') return this.createJournal(body);
    return { status: method === 'GET' ? 404 : 405, body: method === 'GET' ? NOT_FOUND : { detail: `Method "${method}" not allowed.` }, unexpected: `${method} ${p} is not emulated` };
  }

  private patchInterface(row: EmuInterface, body: unknown): ApiResponse {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      return { status: 400, body: { non_field_errors: ['Invalid data. Expected a dictionary, but got list.'] } };
    }
    const before = this.ser.snapshot(row);
    try {
      const unknown = this.data.applyRestPatch(row, body as Record<string, unknown>);
      const res: ApiResponse = { status: 200, body: this.ser.iface(row), etag: `W/"${row.lastUpdated}"`, changed: [{ row, before }] };
      if (unknown.length > 0) res.unexpected = `PATCH with fields NetBox would ignore: ${unknown.join(', ')}`;
      return res;
    } catch (err) {
      if (err instanceof EmuValidationError) return { status: 400, body: err.errors };
      throw err;
    }
  }

  /** `PATCH /api/dcim/interfaces/` with `[{id, …}]` (pynetbox `update([...])`, used by the lab): all or nothing. */
  private bulkPatch(body: unknown): ApiResponse {
    if (!Array.isArray(body)) return { status: 400, body: { non_field_errors: ['Expected a list of items.'] } };
    const rows = this.data.db.interfaces;
    const saved = structuredClone(rows);
    const changed: { row: EmuInterface; before: Record<string, unknown> }[] = [];
    const unknown: string[] = [];
    const errors: unknown[] = [];
    for (const item of body as unknown[]) {
      const { id, ...fields } = (item ?? {}) as Record<string, unknown>;
      const row = rows.find((r) => r.id === id);
      if (!row) {
        errors.push({ id: ['Object with id does not exist.'] });
        continue;
      }
      const before = this.ser.snapshot(row);
      try {
        unknown.push(...this.data.applyRestPatch(row, fields));
        changed.push({ row, before });
        errors.push({});
      } catch (err) {
        if (!(err instanceof EmuValidationError)) throw err;
        errors.push(err.errors);
      }
    }
    if (errors.some((e) => Object.keys(e as object).length > 0)) {
      rows.splice(0, rows.length, ...saved);
      return { status: 400, body: errors };
    }
    const res: ApiResponse = { status: 200, body: changed.map((c) => this.ser.iface(c.row)), changed };
    if (unknown.length > 0) res.unexpected = `PATCH with fields NetBox would ignore: ${unknown.join(', ')}`;
    return res;
  }

  private createJournal(body: unknown): ApiResponse {
    const b = (body ?? {}) as Record<string, unknown>;
    const errors: FieldErrors = {};
    if (typeof b.comments !== 'string' || b.comments === '') errors.comments = ['This field is required.'];
    const kind = b.kind ?? 'info';
    if (typeof kind !== 'string' || !['info', 'success', 'warning', 'danger'].includes(kind)) {
      errors.kind = [`"${String(kind)}" is not a valid choice.`];
    }
    const iface = this.data.db.interfaces.find((i) => i.id === b.assigned_object_id);
    if (b.assigned_object_type !== 'dcim.interface' || !iface) {
      errors.non_field_errors = [`Invalid assigned_object: ${String(b.assigned_object_type)} ID ${String(b.assigned_object_id)}`];
    }
    if (Object.keys(errors).length > 0 || !iface) return { status: 400, body: errors };
    const db = this.data.db;
    const entry = { id: db.journal.reduce((mx, j) => Math.max(mx, j.id), 0) + 1, interfaceId: iface.id, kind: kind as string, comments: b.comments as string, created: this.data.clock.now() };
    db.journal.push(entry);
    return { status: 201, body: this.ser.journal(entry) };
  }

  private list<T>(url: URL, rows: T[], filters: Record<string, Filter<T>>, serialize: (row: T) => unknown): ApiResponse {
    const params = url.searchParams;
    let out = rows;
    const unknown: string[] = [];
    for (const key of new Set(params.keys())) {
      if (PAGING.has(key)) continue;
      const filter = filters[key];
      if (!filter) {
        unknown.push(key); // django-filter ignores unknown filter names silently
        continue;
      }
      const pred = filter(params.getAll(key));
      if (typeof pred !== 'function') return { status: 400, body: pred };
      out = out.filter(pred);
    }
    const rawLimit = params.get('limit');
    let limit = rawLimit === null ? DEFAULT_LIMIT : Number.parseInt(rawLimit, 10);
    if (!Number.isFinite(limit) || limit < 0) limit = DEFAULT_LIMIT;
    if (limit === 0 || limit > MAX_LIMIT) limit = MAX_LIMIT;
    const offset = Math.max(0, Number.parseInt(params.get('offset') ?? '0', 10) || 0);
    // NetBox 4.0+: `?fields=a,b` serializes only those fields (nested objects stay brief).
    const fields = params.has('fields') ? (params.get('fields') ?? '').split(',').map((f) => f.trim()).filter((f) => f !== '') : null;
    const page = (o: number | null): string | null => {
      if (o === null) return null;
      const u = new URL(url);
      u.searchParams.set('limit', String(limit));
      if (o > 0) u.searchParams.set('offset', String(o));
      else u.searchParams.delete('offset');
      return u.toString();
    };
    const served = out.slice(offset, offset + limit).map(serialize);
    const res: ApiResponse = {
      status: 200,
      body: {
        count: out.length,
        next: page(offset + limit < out.length ? offset + limit : null),
        previous: page(offset > 0 ? Math.max(0, offset - limit) : null),
        results: served.map((row) => onlyFields(row, fields)),
      },
    };
    if (unknown.length > 0) res.unexpected = `filters NetBox would silently ignore: ${unknown.join(', ')}`;
    const badFields = fields === null || served[0] === undefined ? [] : fields.filter((f) => !(f in (served[0] as object)));
    if (badFields.length > 0) res.unexpected = `?fields= names no field of this object: ${badFields.join(', ')}`;
    return res;
  }
}

const STATUS = {
  'django-version': '5.2.5',
  'installed-apps': {},
  'netbox-version': '4.6.0',
  'netbox-full-version': '4.6.0',
  plugins: {},
  'python-version': '3.12.3',
  'rq-workers-running': 1,
};

/** The serialized row cut down to `fields` (null: all of it). */
function onlyFields(row: unknown, fields: string[] | null): unknown {
  if (fields === null) return row;
  const full = row as Record<string, unknown>;
  return Object.fromEntries(fields.filter((f) => f in full).map((f) => [f, full[f]]));
}

const oneOf = <T>(values: string[], get: (row: T) => string | number | null): ((row: T) => boolean) => (row) =>
  values.includes(String(get(row)));

function slugFilter(field: string, table: EmuSlugged[], idOf: (d: EmuDevice) => number): Filter<EmuDevice> {
  return (values) => {
    const bad = values.find((v) => !table.some((r) => r.slug === v));
    if (bad !== undefined) return invalidChoice(field, bad);
    const ids = table.filter((r) => values.includes(r.slug)).map((r) => r.id);
    return (d) => ids.includes(idOf(d));
  };
}

function DEVICE_FILTERS(data: EmuData): Record<string, Filter<EmuDevice>> {
  const db = data.db;
  return {
    id: (v) => oneOf(v, (d) => d.id),
    name: (v) => oneOf(v, (d) => d.name),
    site: slugFilter('site', db.sites, (d) => d.siteId),
    role: slugFilter('role', db.roles, (d) => d.roleId),
    platform: slugFilter('platform', db.platforms, (d) => d.platformId ?? 0),
    status: (v) => () => v.includes('active'),
    tag: (values) => {
      const bad = values.find((v) => !db.tags.some((t) => t.slug === v));
      if (bad !== undefined) return invalidChoice('tag', bad);
      return (d) => values.every((v) => d.tags.includes(v));
    },
  };
}

/** `device_id` / `device` (name): unknown values are a 400, as NetBox's choice filters answer. */
function deviceFilters<T>(data: EmuData, deviceIdOf: (row: T) => number | null): Record<string, Filter<T>> {
  const db = data.db;
  return {
    device_id: (values) => {
      const bad = values.find((v) => !/^\d+$/.test(v) || rowById(db.devices, Number(v)) === undefined);
      if (bad !== undefined) return invalidChoice('device_id', bad);
      const ids = new Set(values.map(Number));
      return (row) => ids.has(deviceIdOf(row) ?? -1);
    },
    device: (values) => {
      const bad = values.find((v) => !db.devices.some((d) => d.name === v));
      if (bad !== undefined) return invalidChoice('device', bad);
      const ids = new Set(db.devices.filter((d) => values.includes(d.name)).map((d) => d.id));
      return (row) => ids.has(deviceIdOf(row) ?? -1);
    },
  };
}

function IFACE_FILTERS(data: EmuData): Record<string, Filter<EmuInterface>> {
  return {
    ...deviceFilters<EmuInterface>(data, (i) => i.deviceId),
    id: (v) => oneOf(v, (i) => i.id),
    name: (v) => oneOf(v, (i) => i.name),
    mgmt_only: (v) => (i) => v.includes(String(i.mgmtOnly)),
  };
}

function IP_FILTERS(data: EmuData): Record<string, Filter<EmuIp>> {
  const ifaceDevice = (ip: EmuIp): number | null => rowById(data.db.interfaces, ip.interfaceId)?.deviceId ?? null;
  return {
    ...deviceFilters<EmuIp>(data, ifaceDevice),
    id: (v) => oneOf(v, (ip) => ip.id),
    address: (v) => oneOf(v, (ip) => ip.address),
    interface_id: (v) => oneOf(v, (ip) => ip.interfaceId),
    family: (v) => (ip) => v.includes(ip.address.includes(':') ? '6' : '4'),
    assigned_object_type: (v) => (ip) => ip.interfaceId !== null && v.includes('dcim.interface'),
  };
}

const JOURNAL_FILTERS: Record<string, Filter<EmuJournal>> = {
  assigned_object_type: (v) => () => v.includes('dcim.interface'),
  assigned_object_id: (v) => oneOf(v, (j) => j.interfaceId),
  kind: (v) => oneOf(v, (j) => j.kind),
};
