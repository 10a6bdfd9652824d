import {
  Clock,
  emptyTables,
  nextId,
  type EmuDevice,
  type EmuInterface,
  type EmuMode,
  type EmuSlugged,
  type EmuTables,
} from './netbox-emulator-model.js';

/** A change to an interface as NetBox's UI or REST API would make it (VLANs by vid here). */
export interface InterfacePatch {
  description?: string;
  enabled?: boolean;
  mtu?: number | null;
  mode?: EmuMode | null;
  untaggedVlan?: number | null;
  taggedVlans?: number[];
  mgmtOnly?: boolean;
  /** Shorthand for the ticket custom field (`change_ticket_number`). */
  ticket?: string | null;
  customFields?: Record<string, unknown>;
}

export interface AddDeviceOptions {
  name: string;
  site?: string;
  role?: string;
  tags?: string[];
  /** CIDR, e.g. `127.0.0.1/32`; null for none. */
  primaryIp4?: string | null;
  /** Chassis serial number (NetBox `serial`); default ''. */
  serial?: string;
  /** Platform slug (NetBox `platform`, created on first use), e.g. `cisco-ios-xe`; default none. */
  platform?: string | null;
  interfaces?: string[];
}

/** DRF-style field errors: `{ field: [messages] }`. */
export type FieldErrors = Record<string, unknown>;

export class EmuValidationError extends Error {
  constructor(readonly errors: FieldErrors) {
    super(JSON.stringify(errors));
  }
}

export const TICKET_FIELD = 'change_ticket_number';

/** The chassis serial of a lab device, the same in NetBox and on its simulated switch. */
export function labSerial(device: string): string {
  const n = /-(\d+)$/.exec(device)?.[1] ?? '1';
  return `FOC2331X${n.padStart(3, '0')}`;
}
export const LAB_VLANS: ReadonlyArray<[number, string]> = [
  [1, 'default'],
  [100, 'Wireless AP'],
  [200, 'Voice'],
  [300, 'IoT'],
  [400, 'Data'],
  [500, 'Guests'],
];
const MODES: ReadonlySet<string> = new Set(['', 'access', 'tagged', 'tagged-all']);

/** The emulator's database and the model rules NetBox applies on save. */
export class EmuData {
  readonly db: EmuTables = emptyTables();
  readonly clock = new Clock();

  private slug(table: EmuSlugged[], slug: string): EmuSlugged {
    let row = table.find((r) => r.slug === slug);
    if (!row) {
      row = { id: nextId(table), name: slug, slug };
      table.push(row);
    }
    return row;
  }

  defineInterfaceCustomField(name: string): void {
    if (!this.db.interfaceCustomFields.includes(name)) {
      this.db.interfaceCustomFields.push(name);
      for (const i of this.db.interfaces) i.customFields[name] ??= null;
    }
  }

  addVlan(vid: number, name: string): void {
    if (!this.db.vlans.some((v) => v.vid === vid)) this.db.vlans.push({ id: nextId(this.db.vlans), vid, name });
  }

  addDevice(opts: AddDeviceOptions): EmuDevice {
    if (this.db.devices.some((d) => d.name === opts.name)) throw new Error(`device ${opts.name} exists`);
    const now = this.clock.now();
    const device: EmuDevice = {
      id: nextId(this.db.devices),
      name: opts.name,
      siteId: this.slug(this.db.sites, opts.site ?? 'lab').id,
      roleId: this.slug(this.db.roles, opts.role ?? 'access-switch').id,
      tags: (opts.tags ?? []).map((t) => this.slug(this.db.tags, t).slug),
      primaryIp4Id: null,
      serial: opts.serial ?? '',
      platformId: opts.platform ? this.slug(this.db.platforms, opts.platform).id : null,
      created: now,
      lastUpdated: now,
    };
    this.db.devices.push(device);
    for (const name of opts.interfaces ?? []) this.addInterface(device, name);
    if (opts.primaryIp4) {
      const ip = this.addIp(opts.primaryIp4, null);
      device.primaryIp4Id = ip.id;
    }
    return device;
  }

  addInterface(device: EmuDevice, name: string): EmuInterface {
    const now = this.clock.now();
    const row: EmuInterface = {
      id: nextId(this.db.interfaces),
      deviceId: device.id,
      name,
      type: name.startsWith('TenGigabitEthernet') ? '10gbase-x-sfpp' : '1000base-t',
      enabled: true,
      mtu: null,
      mode: '',
      untaggedVlanId: null,
      taggedVlanIds: [],
      description: '',
      mgmtOnly: false,
      customFields: Object.fromEntries(this.db.interfaceCustomFields.map((f) => [f, null])),
      tags: [],
      created: now,
      lastUpdated: now,
    };
    this.db.interfaces.push(row);
    return row;
  }

  addIp(address: string, interfaceId: number | null): { id: number } {
    const now = this.clock.now();
    const row = { id: nextId(this.db.ips), address, interfaceId, created: now, lastUpdated: now };
    this.db.ips.push(row);
    return row;
  }

  findInterface(device: string, name: string): EmuInterface {
    const dev = this.db.devices.find((d) => d.name === device);
    const row = dev && this.db.interfaces.find((i) => i.deviceId === dev.id && i.name === name);
    if (!row) throw new Error(`no interface ${device} ${name} in the emulator`);
    return row;
  }

  private vlanIdByVid(vid: number): number {
    const v = this.db.vlans.find((x) => x.vid === vid);
    if (!v) throw new EmuValidationError({ untagged_vlan: [`No VLAN with vid ${vid}.`] });
    return v.id;
  }

  /** UI-style patch (VLANs by vid) → REST-style body (VLANs by id). */
  toRestBody(patch: InterfacePatch): Record<string, unknown> {
    const body: Record<string, unknown> = {};
    if (patch.description !== undefined) body.description = patch.description;
    if (patch.enabled !== undefined) body.enabled = patch.enabled;
    if (patch.mtu !== undefined) body.mtu = patch.mtu;
    if (patch.mode !== undefined) body.mode = patch.mode ?? '';
    if (patch.mgmtOnly !== undefined) body.mgmt_only = patch.mgmtOnly;
    if (patch.untaggedVlan !== undefined) {
      body.untagged_vlan = patch.untaggedVlan === null ? null : this.vlanIdByVid(patch.untaggedVlan);
    }
    if (patch.taggedVlans !== undefined) body.tagged_vlans = patch.taggedVlans.map((v) => this.vlanIdByVid(v));
    const cf = { ...(patch.customFields ?? {}) };
    if (patch.ticket !== undefined) cf[TICKET_FIELD] = patch.ticket;
    if (Object.keys(cf).length > 0) body.custom_fields = cf;
    return body;
  }

  /**
   * Applies a REST PATCH body with NetBox's validation and save rules; returns the names of body
   * keys it did not know (DRF ignores them). Throws EmuValidationError (→ 400) and changes nothing
   * on invalid input.
   */
  applyRestPatch(row: EmuInterface, body: Record<string, unknown>): string[] {
    const next: EmuInterface = { ...row, customFields: { ...row.customFields }, taggedVlanIds: [...row.taggedVlanIds] };
    const errors: FieldErrors = {};
    const unknown: string[] = [];
    const vlanId = (v: unknown): number | null =>
      typeof v === 'number' && this.db.vlans.some((x) => x.id === v) ? v : null;
    for (const [key, value] of Object.entries(body)) {
      switch (key) {
        case 'description':
          if (typeof value === 'string' && value.length <= 200) next.description = value;
          else errors.description = ['Ensure this field has no more than 200 characters.'];
          break;
        case 'enabled':
        case 'mgmt_only':
          if (typeof value !== 'boolean') errors[key] = ['Must be a valid boolean.'];
          else if (key === 'enabled') next.enabled = value;
          else next.mgmtOnly = value;
          break;
        case 'mtu':
          if (value === null) next.mtu = null;
          else if (typeof value !== 'number' || !Number.isInteger(value)) errors.mtu = ['A valid integer is required.'];
          else if (value < 1) errors.mtu = ['Ensure this value is greater than or equal to 1.'];
          else if (value > 65536) errors.mtu = ['Ensure this value is less than or equal to 65536.'];
          else next.mtu = value;
          break;
        case 'mode':
          if (value === null || (typeof value === 'string' && MODES.has(value))) next.mode = (value ?? '') as EmuMode;
          else errors.mode = [`"${String(value)}" is not a valid choice.`];
          break;
        case 'untagged_vlan':
          if (value === null) next.untaggedVlanId = null;
          else if (vlanId(value) === null) errors.untagged_vlan = [`Invalid pk "${String(value)}" - object does not exist.`];
          else next.untaggedVlanId = value as number;
          break;
        case 'tagged_vlans':
          if (!Array.isArray(value) || value.some((v) => vlanId(v) === null)) {
            errors.tagged_vlans = ['Invalid pk - object does not exist.'];
          } else next.taggedVlanIds = value as number[];
          break;
        case 'custom_fields':
          this.mergeCustomFields(next, value, errors);
          break;
        default:
          unknown.push(key);
      }
    }
    if (Object.keys(errors).length > 0) throw new EmuValidationError(errors);
    // BaseInterface.save(): no mode → no untagged VLAN; only `tagged` keeps tagged VLANs.
    if (next.mode === '') next.untaggedVlanId = null;
    if (next.mode !== 'tagged') next.taggedVlanIds = [];
    next.lastUpdated = this.clock.now();
    Object.assign(row, next);
    return unknown;
  }

  private mergeCustomFields(next: EmuInterface, value: unknown, errors: FieldErrors): void {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      errors.custom_fields = ['Invalid data. Expected a dictionary.'];
      return;
    }
    for (const [name, v] of Object.entries(value)) {
      if (!this.db.interfaceCustomFields.includes(name)) {
        errors.custom_fields = { [name]: `Custom field '${name}' does not exist for this object type.` };
        continue;
      }
      if (v !== null && typeof v !== 'string' && typeof v !== 'number') {
        errors.custom_fields = { [name]: 'Value must be a string.' };
        continue;
      }
      next.customFields[name] = v === '' ? null : v === null ? null : String(v);
    }
  }

  /** The LTRCRT-2005 pod: c9300 (tag gitops) with 48 Gi ports, Te1/1/1-4, Gi1/0/1 management. */
  seedLab(opts: { primaryIp4?: string } = {}): EmuDevice {
    this.defineInterfaceCustomField(TICKET_FIELD);
    for (const [vid, name] of LAB_VLANS) this.addVlan(vid, name);
    const names = [
      ...Array.from({ length: 48 }, (_, i) => `GigabitEthernet1/0/${i + 1}`),
      ...Array.from({ length: 4 }, (_, i) => `TenGigabitEthernet1/1/${i + 1}`),
    ];
    const device = this.addDevice({
      name: 'c9300',
      site: 'cisco-live',
      role: 'access-switch',
      tags: ['gitops'],
      primaryIp4: opts.primaryIp4 ?? '127.0.0.1/32',
      serial: labSerial('c9300'),
      platform: 'cisco-ios-xe',
      interfaces: names,
    });
    // Ids as in the LTRCRT-2005 pod (Gi1/0/2 = 3, Gi1/0/10 = 11), so emulated payloads match the real ones.
    if (this.db.interfaces.every((i) => i.deviceId === device.id)) for (const i of this.db.interfaces) i.id += 1;
    const mgmt = this.findInterface('c9300', 'GigabitEthernet1/0/1');
    mgmt.mgmtOnly = true;
    mgmt.description = 'Lab connectivity - do not touch';
    return device;
  }

  /**
   * An EOS-style OpenConfig switch in the lab (tag gitops, platform `arista-eos`): Management1
   * (management only, the lab connectivity) and Ethernet1..N, primary IP on loopback, no serial.
   */
  seedOpenConfigSwitch(name: string, ports = 48): EmuDevice {
    const interfaces = ['Management1', ...Array.from({ length: ports }, (_, i) => `Ethernet${i + 1}`)];
    const device = this.addDevice({ name, site: 'cisco-live', role: 'access-switch', tags: ['gitops'], primaryIp4: '127.0.0.1/32', platform: 'arista-eos', interfaces });
    const mgmt = this.findInterface(name, 'Management1');
    mgmt.mgmtOnly = true;
    mgmt.description = 'Lab connectivity - do not touch';
    return device;
  }
}
