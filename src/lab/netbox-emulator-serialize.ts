import { interfaceCount, rowById, type EmuDevice, type EmuInterface, type EmuIp, type EmuJournal, type EmuSlugged, type EmuTables, type EmuVlan } from './netbox-emulator-model.js';

/**
 * NetBox 4.6 REST serializer output (field names, nesting, brief objects) for the emulator's rows,
 * and Django `serialize_object` snapshots for webhooks. `base` is the emulator's origin: NetBox
 * renders `url` fields absolute.
 */
type Json = Record<string, unknown>;

const MODE_LABELS: Record<string, string> = { access: 'Access', tagged: 'Tagged', 'tagged-all': 'Tagged (All)' };

function need<T>(row: T | undefined, what: string): T {
  if (!row) throw new Error(`emulator data inconsistent: ${what} missing`);
  return row;
}

export class NetboxSerializer {
  constructor(
    private readonly db: EmuTables,
    private readonly base: () => string,
  ) {}

  private url(path: string): string {
    return `${this.base()}${path}`;
  }

  slugged(kind: string, row: EmuSlugged): Json {
    return { id: row.id, url: this.url(`/api/${kind}/${row.id}/`), display: row.name, name: row.name, slug: row.slug, description: '' };
  }

  deviceBrief(d: EmuDevice): Json {
    return { id: d.id, url: this.url(`/api/dcim/devices/${d.id}/`), display: d.name, name: d.name, description: '' };
  }

  vlanBrief(v: EmuVlan): Json {
    return { id: v.id, url: this.url(`/api/ipam/vlans/${v.id}/`), display: `${v.name} (${v.vid})`, vid: v.vid, name: v.name, description: '' };
  }

  ipBrief(ip: EmuIp): Json {
    return {
      id: ip.id,
      url: this.url(`/api/ipam/ip-addresses/${ip.id}/`),
      display: ip.address,
      family: { value: 4, label: 'IPv4' },
      address: ip.address,
      description: '',
    };
  }

  private tag(slug: string): Json {
    const t = need(this.db.tags.find((x) => x.slug === slug), `tag ${slug}`);
    return { id: t.id, url: this.url(`/api/extras/tags/${t.id}/`), display: t.name, name: t.name, slug: t.slug, color: '9e9e9e' };
  }

  private vlan(id: number): EmuVlan {
    return need(rowById(this.db.vlans, id), `vlan ${id}`);
  }

  device(d: EmuDevice): Json {
    const ip = d.primaryIp4Id === null ? null : need(rowById(this.db.ips, d.primaryIp4Id), 'primary ip');
    return {
      id: d.id,
      url: this.url(`/api/dcim/devices/${d.id}/`),
      display_url: this.url(`/dcim/devices/${d.id}/`),
      display: d.name,
      name: d.name,
      device_type: { id: 1, url: this.url('/api/dcim/device-types/1/'), display: 'C9300-48P', manufacturer: { id: 1, name: 'Cisco', slug: 'cisco' }, model: 'C9300-48P', slug: 'c9300-48p', description: '' },
      role: this.slugged('dcim/device-roles', need(this.db.roles.find((r) => r.id === d.roleId), 'role')),
      tenant: null,
      platform: d.platformId === null ? null : this.slugged('dcim/platforms', need(this.db.platforms.find((p) => p.id === d.platformId), 'platform')),
      serial: d.serial,
      asset_tag: null,
      site: this.slugged('dcim/sites', need(this.db.sites.find((s) => s.id === d.siteId), 'site')),
      location: null,
      rack: null,
      position: null,
      face: null,
      parent_device: null,
      status: { value: 'active', label: 'Active' },
      airflow: null,
      primary_ip: ip ? this.ipBrief(ip) : null,
      primary_ip4: ip ? this.ipBrief(ip) : null,
      primary_ip6: null,
      oob_ip: null,
      cluster: null,
      virtual_chassis: null,
      vc_position: null,
      vc_priority: null,
      description: '',
      comments: '',
      config_template: null,
      local_context_data: null,
      owner: null,
      tags: d.tags.map((t) => this.tag(t)),
      custom_fields: {},
      created: d.created,
      last_updated: d.lastUpdated,
      interface_count: interfaceCount(this.db.interfaces, d.id),
    };
  }

  /** The 4.6 InterfaceSerializer field list. `shape: '3.5'` drops the fields 3.5 did not have. */
  iface(i: EmuInterface, shape: '3.5' | '4.6' = '4.6'): Json {
    const dev = need(rowById(this.db.devices, i.deviceId), 'device');
    const out: Json = {
      id: i.id,
      url: this.url(`/api/dcim/interfaces/${i.id}/`),
      display_url: this.url(`/dcim/interfaces/${i.id}/`),
      display: i.name,
      device: this.deviceBrief(dev),
      vdcs: [],
      module: null,
      name: i.name,
      label: '',
      type: { value: i.type, label: i.type === '10gbase-x-sfpp' ? 'SFP+ (10GE)' : '1000BASE-T (1GE)' },
      enabled: i.enabled,
      parent: null,
      bridge: null,
      bridge_interfaces: [],
      lag: null,
      mtu: i.mtu,
      mac_address: null,
      primary_mac_address: null,
      mac_addresses: [],
      speed: null,
      duplex: null,
      wwn: null,
      mgmt_only: i.mgmtOnly,
      description: i.description,
      mode: i.mode === '' ? null : { value: i.mode, label: MODE_LABELS[i.mode] },
      rf_role: null,
      rf_channel: null,
      poe_mode: null,
      poe_type: null,
      rf_channel_frequency: null,
      rf_channel_width: null,
      tx_power: null,
      untagged_vlan: i.untaggedVlanId === null ? null : this.vlanBrief(this.vlan(i.untaggedVlanId)),
      tagged_vlans: i.taggedVlanIds.map((id) => this.vlanBrief(this.vlan(id))),
      qinq_svlan: null,
      vlan_translation_policy: null,
      mark_connected: false,
      cable: null,
      cable_end: '',
      wireless_link: null,
      link_peers: [],
      link_peers_type: null,
      wireless_lans: [],
      vrf: null,
      l2vpn_termination: null,
      connected_endpoints: null,
      connected_endpoints_type: null,
      connected_endpoints_reachable: null,
      owner: null,
      tags: i.tags.map((t) => this.tag(t)),
      custom_fields: { ...i.customFields },
      created: i.created,
      last_updated: i.lastUpdated,
      count_ipaddresses: this.db.ips.filter((ip) => ip.interfaceId === i.id).length,
      count_fhrp_groups: 0,
      _occupied: false,
    };
    if (shape === '3.5') {
      for (const k of ['display_url', 'bridge_interfaces', 'primary_mac_address', 'mac_addresses', 'qinq_svlan', 'vlan_translation_policy', 'owner']) delete out[k];
      const device = out.device as Json;
      delete device.description;
      out.untagged_vlan = stripDescription(out.untagged_vlan);
      out.tagged_vlans = (out.tagged_vlans as Json[]).map(stripDescription);
    }
    return out;
  }

  ifaceBrief(i: EmuInterface): Json {
    const dev = need(rowById(this.db.devices, i.deviceId), 'device');
    return { id: i.id, url: this.url(`/api/dcim/interfaces/${i.id}/`), display: i.name, device: this.deviceBrief(dev), name: i.name, description: i.description, cable: null, _occupied: false };
  }

  ip(ip: EmuIp): Json {
    const iface = rowById(this.db.interfaces, ip.interfaceId);
    return {
      ...this.ipBrief(ip),
      display_url: this.url(`/ipam/ip-addresses/${ip.id}/`),
      vrf: null,
      tenant: null,
      status: { value: 'active', label: 'Active' },
      role: null,
      assigned_object_type: iface ? 'dcim.interface' : null,
      assigned_object_id: iface ? iface.id : null,
      assigned_object: iface ? this.ifaceBrief(iface) : null,
      nat_inside: null,
      nat_outside: [],
      dns_name: '',
      comments: '',
      tags: [],
      custom_fields: {},
      created: ip.created,
      last_updated: ip.lastUpdated,
    };
  }

  journal(j: EmuJournal): Json {
    const iface = rowById(this.db.interfaces, j.interfaceId);
    return {
      id: j.id,
      url: this.url(`/api/extras/journal-entries/${j.id}/`),
      display_url: this.url(`/extras/journal-entries/${j.id}/`),
      display: `${j.created.slice(0, 16).replace('T', ' ')} (${j.kind[0]?.toUpperCase()}${j.kind.slice(1)})`,
      assigned_object_type: 'dcim.interface',
      assigned_object_id: j.interfaceId,
      assigned_object: iface ? this.ifaceBrief(iface) : null,
      created: j.created,
      created_by: 1,
      kind: { value: j.kind, label: `${j.kind[0]?.toUpperCase()}${j.kind.slice(1)}` },
      comments: j.comments,
      tags: [],
      custom_fields: {},
      last_updated: j.created,
    };
  }

  /** Django `serialize_object`: raw values, PKs for FKs, tag names sorted, `''` for an empty mode. */
  snapshot(i: EmuInterface): Json {
    const ms = (ts: string): string => ts.replace(/(\.\d{3})\d*Z$/, '$1Z');
    return {
      created: ms(i.created),
      last_updated: ms(i.lastUpdated),
      device: i.deviceId,
      name: i.name,
      label: '',
      description: i.description,
      module: null,
      cable: null,
      cable_end: '',
      mark_connected: false,
      enabled: i.enabled,
      mtu: i.mtu,
      mode: i.mode,
      parent: null,
      bridge: null,
      lag: null,
      type: i.type,
      mgmt_only: i.mgmtOnly,
      speed: null,
      duplex: null,
      wwn: null,
      rf_role: '',
      rf_channel: '',
      rf_channel_frequency: null,
      rf_channel_width: null,
      tx_power: null,
      poe_mode: '',
      poe_type: '',
      wireless_link: null,
      untagged_vlan: i.untaggedVlanId,
      vrf: null,
      vdcs: [],
      wireless_lans: [],
      tagged_vlans: [...i.taggedVlanIds],
      custom_fields: { ...i.customFields },
      tags: [...i.tags].sort(),
    };
  }
}

function stripDescription(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  const { description: _d, ...rest } = v as Json;
  return rest;
}
