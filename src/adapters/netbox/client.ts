import type { Config } from '../../config/types.js';
import { ConfigError } from '../../core/errors.js';
import type { Logger } from '../../log.js';
import { NetboxHttp, type NetboxHttpOptions, type Query } from './http.js';
import type { JournalKind, NbDevice, NbInterface, NbIpAddress, NbJournalEntry, NbPage, NbStatus } from './types.js';

export type NetboxClientOptions = NetboxHttpOptions;

/** Largest page NetBox serves by default (MAX_PAGE_SIZE). */
const PAGE_SIZE = 1000;

/**
 * The fields intentd reads (NetBox 4.0+ `?fields=`): NetBox serializes, and intentd parses, only these,
 * not cable paths, link peers and the rest of a full interface. NetBox before 4.0 ignores the
 * parameter and sends every field, which maps the same.
 */
export const INTERFACE_FIELDS = 'id,name,mode,untagged_vlan,tagged_vlans,description,enabled,mtu,mgmt_only,last_updated,custom_fields';
export const IP_FIELDS = 'id,address,assigned_object_type,assigned_object_id';

/**
 * Typed access to the few NetBox REST endpoints intentd uses. Reads follow pagination to the end.
 * Every method throws NetboxError (retryable only when NetBox was unavailable after all retries).
 */
export class NetboxClient {
  private readonly http: NetboxHttp;

  constructor(opts: NetboxClientOptions) {
    this.http = new NetboxHttp(opts);
  }

  /**
   * Builds a client from `config.netbox`; throws ConfigError when url or token is missing. `signal`
   * (the daemon's stop) abandons requests and retry waits in flight.
   */
  static fromConfig(netbox: Config['netbox'], logger: Logger, signal?: AbortSignal): NetboxClient {
    if (!netbox.url || !netbox.token) throw new ConfigError('netbox.url and netbox.token are required');
    return new NetboxClient({
      url: netbox.url,
      token: netbox.token,
      timeoutMs: netbox.timeoutMs,
      retries: netbox.retries,
      logger,
      ...(signal ? { signal } : {}),
    });
  }

  /** Devices matching NetBox device filters (`tag`, `site`, `role`, `name`, …); an unknown slug → 400. */
  listDevices(filter: Record<string, string | number>): Promise<NbDevice[]> {
    return this.listAll<NbDevice>('/api/dcim/devices/', filter);
  }

  /** The device with exactly this name, or null. */
  async getDeviceByName(name: string): Promise<NbDevice | null> {
    const found = await this.listDevices({ name });
    return found.find((d) => d.name === name) ?? null;
  }

  /** All interfaces of a device; an unknown device id answers 400 (NetboxBadRequest), not []. */
  listInterfaces(deviceId: number): Promise<NbInterface[]> {
    return this.listAll<NbInterface>('/api/dcim/interfaces/', { device_id: deviceId, fields: INTERFACE_FIELDS });
  }

  getInterface(id: number): Promise<NbInterface> {
    return this.http.request<NbInterface>('GET', `/api/dcim/interfaces/${id}/`);
  }

  /** The interface and its ETag (null before NetBox 4.6), for a conditional PATCH. */
  async getInterfaceVersioned(id: number): Promise<{ iface: NbInterface; etag: string | null }> {
    const { body, etag } = await this.http.exchange<NbInterface>('GET', `/api/dcim/interfaces/${id}/`);
    return { iface: body, etag };
  }

  /** IPv4 addresses assigned to the device's interfaces. */
  async listIpAddresses(filter: { device_id: number }): Promise<NbIpAddress[]> {
    const all = await this.listAll<NbIpAddress>('/api/ipam/ip-addresses/', {
      device_id: filter.device_id,
      assigned_object_type: 'dcim.interface',
      family: 4,
      fields: IP_FIELDS,
    });
    return all.filter((ip) => ip.assigned_object_type === 'dcim.interface');
  }

  /**
   * PATCHes only `custom_fields` (NetBox merges them into the existing ones). Idempotent. With
   * `ifMatch` (an ETag), throws NetboxError('NetboxConflict') when the interface changed meanwhile.
   */
  patchInterfaceCustomFields(id: number, fields: Record<string, unknown>, opts: { ifMatch?: string | null } = {}): Promise<NbInterface> {
    return this.http.request<NbInterface>('PATCH', `/api/dcim/interfaces/${id}/`, {
      body: { custom_fields: fields },
      ifMatch: opts.ifMatch ?? null,
    });
  }

  /** PATCHes the interface's own fields (`description`, `mtu`, `enabled`); NetboxConflict with a stale `ifMatch`. */
  patchInterface(id: number, body: { description?: string; mtu?: number | null; enabled?: boolean }, opts: { ifMatch?: string | null } = {}): Promise<NbInterface> {
    return this.http.request<NbInterface>('PATCH', `/api/dcim/interfaces/${id}/`, { body, ifMatch: opts.ifMatch ?? null });
  }

  /** Adds a journal entry to an interface (not idempotent: each call adds one). */
  createJournalEntry(entry: { interfaceId: number; kind: JournalKind; comments: string }): Promise<NbJournalEntry> {
    return this.http.request<NbJournalEntry>('POST', '/api/extras/journal-entries/', {
      body: {
        assigned_object_type: 'dcim.interface',
        assigned_object_id: entry.interfaceId,
        kind: entry.kind,
        comments: entry.comments,
      },
    });
  }

  /** The journal entries of an interface. */
  listJournalEntries(interfaceId: number): Promise<NbJournalEntry[]> {
    return this.listAll<NbJournalEntry>('/api/extras/journal-entries/', {
      assigned_object_type: 'dcim.interface',
      assigned_object_id: interfaceId,
    });
  }

  /** GET /api/status/: resolves when NetBox answers and the token is accepted (readiness). */
  status(): Promise<NbStatus> {
    return this.http.request<NbStatus>('GET', '/api/status/');
  }

  private async listAll<T>(path: string, filter: Query): Promise<T[]> {
    const out: T[] = [];
    let page = await this.http.request<NbPage<T>>('GET', path, { query: { ...filter, limit: PAGE_SIZE } });
    out.push(...page.results);
    while (page.next) {
      page = await this.http.request<NbPage<T>>('GET', this.http.nextLink(page.next).toString());
      out.push(...page.results);
    }
    return out;
  }
}

/** The device's management address: `primary_ip4.address` without the prefix length, or null. */
export function managementAddress(device: NbDevice): string | null {
  const cidr = device.primary_ip4?.address;
  return cidr ? (cidr.split('/')[0] ?? null) : null;
}
