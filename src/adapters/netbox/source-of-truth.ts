import type { Config } from '../../config/types.js';
import { asIntentdError, DeviceNotInScopeError, IntentdError } from '../../core/errors.js';
import type { PlatformChooser } from '../../core/platform-rules.js';
import type { DeviceLocation, JournalLevel, SourceDevice, SourceOfTruth, WritableFields } from '../../core/ports.js';
import type { Logger } from '../../log.js';
import { managementAddress, type NetboxClient } from './client.js';
import { NetboxError } from './errors.js';
import { mapInterface } from './mapping.js';
import type { NbDevice } from './types.js';

const serialOf = (nb: NbDevice): string | null => (typeof nb.serial === 'string' && nb.serial.trim() !== '' ? nb.serial.trim() : null);
const platformOf = (nb: NbDevice): string | null => (typeof nb.platform?.slug === 'string' && nb.platform.slug !== '' ? nb.platform.slug : null);
const locationOf = (nb: NbDevice): DeviceLocation => ({ mgmtAddress: managementAddress(nb), serial: serialOf(nb), platform: platformOf(nb) });

/**
 * NetBox as the source of truth: devices under `netbox.deviceFilter`, their interfaces mapped to
 * intent (custom field `netbox.ticketField` carries the ticket), the management address from
 * `primary_ip4`, the platform from `platform.slug`, tickets closed with If-Match (4.6+), journal
 * entries per interface. Interface names are read by the device's platform rules (`platforms`), so a
 * port the platform cannot express is rejected input. Remembers each device's location from its last
 * read, so `locate` asks NetBox only for a device not read yet.
 *
 * One round trip per device read: the device record (scope, id, platform, address, serial) is kept
 * from the last listing or read for `netbox.deviceCacheMs`, so a read asks only for the interfaces and
 * addresses (two requests in parallel). The record is dropped by `forget` (a `dcim.device` webhook),
 * replaced by every scope listing (the poll), and re-read once it is older than the bound.
 */
export class NetboxSourceOfTruth implements SourceOfTruth {
  private readonly located = new Map<string, DeviceLocation>();
  private readonly records = new Map<string, { nb: NbDevice; at: number }>();

  constructor(private readonly deps: { client: NetboxClient; config: Config; logger: Logger; platforms: PlatformChooser; now?: () => number }) {}

  async listDevices(): Promise<string[]> {
    const found = await this.deps.client.listDevices(this.deps.config.netbox.deviceFilter);
    const at = this.now();
    this.records.clear();
    for (const nb of found) if (nb.name) this.records.set(nb.name, { nb, at });
    return found.flatMap((d) => (d.name ? [d.name] : []));
  }

  /** Drops what is kept of the device's record: its next read asks NetBox for it again. */
  forget(device: string): void {
    this.records.delete(device);
  }

  async readDevice(device: string): Promise<SourceDevice> {
    const { client, config } = this.deps;
    const nb = await this.deviceRecord(device);
    if (!nb) {
      this.located.set(device, { mgmtAddress: null, serial: null, platform: null });
      throw new DeviceNotInScopeError(device);
    }
    const [ifaces, ips] = await Promise.all([client.listInterfaces(nb.id), client.listIpAddresses({ device_id: nb.id })]);
    const located = locationOf(nb);
    this.located.set(device, located);
    // A platform without a driver is terminal for the whole device (PlatformUnsupported), as the device side.
    const rules = this.deps.platforms.rules(this.deps.platforms.platformOf(device, located.platform ?? null));
    const interfaces = ifaces.map((raw) => {
      const base = { id: raw.id, name: String(raw.name), mgmtOnly: raw.mgmt_only === true };
      try {
        return { ...base, intent: mapInterface(raw, ips, config.netbox.ticketField, rules), error: null };
      } catch (err) {
        if (!(err instanceof IntentdError)) throw err;
        return { ...base, intent: null, error: err };
      }
    });
    return { device, mgmtAddress: located.mgmtAddress, serial: located.serial, platform: located.platform ?? null, interfaces };
  }

  /** The device's record within the scope filter: kept (see the class) or read now; null when out of scope. */
  private async deviceRecord(device: string): Promise<NbDevice | null> {
    const kept = this.records.get(device);
    if (kept && this.now() - kept.at < this.deps.config.netbox.deviceCacheMs) return kept.nb;
    const found = await this.deps.client.listDevices({ ...this.deps.config.netbox.deviceFilter, name: device });
    const nb = found.find((d) => d.name === device) ?? null;
    if (nb) this.records.set(device, { nb, at: this.now() });
    else this.records.delete(device);
    return nb;
  }

  private now(): number {
    return this.deps.now?.() ?? Date.now();
  }

  async locate(device: string, o: { cached?: boolean } = {}): Promise<DeviceLocation> {
    const known = this.located.get(device);
    if (known) return known;
    if (o.cached === true) return { mgmtAddress: null, serial: null };
    let nb: NbDevice | null;
    try {
      nb = await this.deps.client.getDeviceByName(device);
    } catch (err) {
      const cause = asIntentdError(err);
      throw new IntentdError('DeviceAddressUnknown', `no NETCONF host for ${device} yet: it comes from NetBox (primary_ip4), which has not answered (${cause.message})`, { retryable: true, cause });
    }
    const located = nb ? locationOf(nb) : { mgmtAddress: null, serial: null, platform: null };
    this.located.set(device, located);
    return located;
  }

  /** Read, compare, conditional PATCH (If-Match on 4.6+); one re-read when the interface changed meanwhile. */
  async closeTicket(interfaceId: number, ticket: string, attempt = 0): Promise<boolean> {
    const { client, config } = this.deps;
    const field = config.netbox.ticketField;
    const { iface, etag } = await client.getInterfaceVersioned(interfaceId);
    const now = iface.custom_fields?.[field];
    if (now === null || now === undefined || String(now) !== ticket) return false;
    try {
      await client.patchInterfaceCustomFields(interfaceId, { [field]: null }, { ifMatch: etag });
    } catch (err) {
      if (err instanceof NetboxError && err.reason === 'NetboxConflict' && attempt === 0) return this.closeTicket(interfaceId, ticket, 1);
      throw err;
    }
    return true;
  }

  /** Read for the ETag, conditional PATCH of just these fields; one re-read when the interface changed meanwhile. */
  async writeInterface(interfaceId: number, fields: WritableFields, attempt = 0): Promise<void> {
    const { client } = this.deps;
    const { etag } = await client.getInterfaceVersioned(interfaceId);
    const body: { description?: string; mtu?: number | null; enabled?: boolean } = {};
    if (fields.description !== undefined) body.description = fields.description ?? '';
    if (fields.mtu !== undefined) body.mtu = fields.mtu;
    if (fields.enabled !== undefined) body.enabled = fields.enabled;
    try {
      await client.patchInterface(interfaceId, body, { ifMatch: etag });
    } catch (err) {
      if (err instanceof NetboxError && err.reason === 'NetboxConflict' && attempt === 0) return this.writeInterface(interfaceId, fields, 1);
      throw err;
    }
  }

  async journal(interfaceId: number, entry: { level: JournalLevel; text: string; onceFor: string | null }): Promise<boolean> {
    const { client } = this.deps;
    if (entry.onceFor !== null) {
      const existing = await client.listJournalEntries(interfaceId);
      if (existing.some((e) => e.comments.includes(entry.onceFor as string))) return false;
    }
    await client.createJournalEntry({ interfaceId, kind: entry.level, comments: entry.text });
    return true;
  }
}
