import { generateSshKeyPair } from '../ssh-keys.js';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import ssh2 from 'ssh2';
import type { Logger } from 'pino';
import { silentLogger } from '../../log.js';
import { NETCONF_NS } from '../../adapters/netconf/rpc.js';
import { NATIVE_NS } from '../../adapters/platforms/iosxe/namespaces.js';
import { OC_IF_NS } from '../../adapters/platforms/openconfig/namespaces.js';
import { child, clone, el, parseXml, serialize, type XNode } from '../../adapters/xml/tree.js';
import { SIM_CAPABILITIES } from './capabilities.js';
import { SIM_OPENCONFIG_CAPABILITIES } from './capabilities-openconfig.js';
import { applyEdit } from './edit.js';
import type { DeviceCore, SimRequest } from './rpc-handler.js';
import { ROOT, type SchemaNode } from './schema.js';
import { ServerSession } from './server-session.js';
import { OPENCONFIG_ROOT } from './schema-openconfig.js';
import { buildStartup } from './startup.js';
import { buildOpenConfigStartup } from './startup-openconfig.js';

const { Server, utils } = ssh2;

export interface SimDeviceOptions {
  /** Also the configured hostname (`/native/hostname`), which intentd checks before writing. */
  name: string;
  /**
   * Which switch to simulate: IOS-XE (default; Cisco-IOS-XE-native) or an EOS-style OpenConfig switch
   * (Management1 + Ethernet1..N, `/system/config/hostname`; `serial`, setLeaf and runningXml are
   * IOS-XE only, oobEdit works on both).
   */
  platform?: 'iosxe' | 'openconfig';
  /** Chassis serial, reported as `/native/license/udi/sn` (as `license udi pid … sn …`); default none. */
  serial?: string;
  username: string;
  password: string;
  /** More logins accepted with the same password (e.g. one per intentd replica, to tell their edits apart). */
  extraUsers?: readonly string[];
  /** GigabitEthernet1/0/1..N (default 48); TenGigabitEthernet1/1/1..8 are always present. */
  interfaces?: number;
  /** Inner XML of a `<config>` merged over the factory startup, e.g. `<native xmlns=…><interface>…`. */
  startup?: string;
  /** OpenSSH private host key to reuse (stable fingerprint across restarts); default: a fresh ed25519. */
  hostKey?: string;
  host?: string;
  /** Default 0 (any free port). */
  port?: number;
  logger?: Logger;
}

/** A leaf value for setLeaf: text, `true` for an empty leaf (`shutdown`), `null` to remove it. */
export type SimLeafValue = string | number | true | null;

/**
 * A simulated IOS-XE switch: an in-process SSH server (ssh2, password auth, ed25519 host key) whose
 * `netconf` subsystem speaks RFC 6241/6242 against a small running datastore. For the lab, the demo
 * and tests; it listens on loopback only by default.
 */
export class SimDevice {
  /** Every RPC received, in order (out-of-band edits appear with sessionId 0, operation 'oob-edit'). */
  readonly requests: SimRequest[];
  private readonly core: DeviceCore;
  private constructor(
    readonly name: string,
    private readonly server: InstanceType<typeof Server>,
    private readonly sockets: Set<{ end(): void }>,
    core: DeviceCore,
    readonly port: number,
    readonly hostKeyFingerprint: string,
  ) {
    this.core = core;
    this.requests = core.requests;
  }

  static async start(o: SimDeviceOptions): Promise<SimDevice> {
    const logger = o.logger ?? silentLogger();
    const openconfig = o.platform === 'openconfig';
    const running = openconfig ? await buildOpenConfigStartup(o.name, o.interfaces ?? 48, o.startup) : await buildStartup(o.name, o.interfaces ?? 48, o.startup, o.serial);
    const core: DeviceCore = { running, lockHolder: null, sessions: new Map(), requests: [], ...(openconfig ? { schema: OPENCONFIG_ROOT } : {}) };
    const capabilities = openconfig ? SIM_OPENCONFIG_CAPABILITIES : SIM_CAPABILITIES;
    const hostKey = o.hostKey ?? generateSshKeyPair().private;
    const parsed = utils.parseKey(hostKey);
    if (parsed instanceof Error) throw parsed;
    const fingerprint = `SHA256:${createHash('sha256').update(parsed.getPublicSSH()).digest('base64').replace(/=+$/, '')}`;
    const sockets = new Set<{ end(): void }>();
    // IOS-XE numbers NETCONF sessions from a small counter shared with other management sessions.
    let nextSessionId = 20;
    const server = new Server({ hostKeys: [hostKey], ident: 'Cisco-1.25' }, (client) => {
      sockets.add(client);
      client.on('close', () => sockets.delete(client));
      client.on('error', (err) => logger.debug({ err, device: o.name }, 'sim-device: client error'));
      let user: string | undefined;
      client.on('authentication', (ctx) => {
        const known = [o.username, ...(o.extraUsers ?? [])].some((u) => same(ctx.username, u));
        if (ctx.method === 'password' && known && same(ctx.password, o.password)) {
          user = ctx.username;
          ctx.accept();
        } else ctx.reject(['password']);
      });
      client.on('ready', () => {
        client.on('session', (acceptSession) => {
          const session = acceptSession();
          session.on('subsystem', (accept, reject, info) => {
            if (info.name !== 'netconf') return reject();
            const id = nextSessionId++;
            new ServerSession(accept(), id, core, capabilities, logger, user).start();
          });
          session.on('exec', (_accept, reject) => reject());
          session.on('shell', (_accept, reject) => reject());
        });
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(o.port ?? 0, o.host ?? '127.0.0.1', () => resolve());
    });
    const device = new SimDevice(o.name, server, sockets, core, (server.address() as AddressInfo).port, fingerprint);
    logger.info({ device: o.name, port: device.port }, 'sim-device: listening');
    return device;
  }

  /** Session id holding the running lock, or null. */
  get lockHolder(): number | null {
    return this.core.lockHolder;
  }

  /** Ids of the open NETCONF sessions. */
  get sessionIds(): number[] {
    return [...this.core.sessions.keys()];
  }

  /**
   * The running config as `<native xmlns=…>…</native>` (one interface when `iface` is given); on an
   * OpenConfig switch, `<interfaces xmlns=…>…</interfaces>` (likewise).
   */
  runningXml(iface?: string): string {
    const native = child(this.core.running, 'native', NATIVE_NS);
    if (!native) return this.openConfigXml(iface);
    if (iface === undefined) return serialize(native);
    const entry = this.findInterface(iface);
    return entry ? serialize(el('native', NATIVE_NS, [el('interface', NATIVE_NS, [entry])])) : '';
  }

  /**
   * Simulates a person changing one leaf on the CLI (drift). `path` is relative to the interface entry,
   * e.g. `description`, `mtu`, `shutdown`, `switchport-config/switchport/access/vlan/vlan`.
   * Throws when the device would refuse the change.
   */
  setLeaf(iface: string, path: string, value: SimLeafValue): void {
    const [type, key] = splitName(iface);
    const segments = path.split('/');
    let schema: Record<string, SchemaNode> = (ROOT.native as { children: Record<string, SchemaNode> }).children;
    schema = (schema.interface as { children: Record<string, SchemaNode> }).children;
    schema = (schema[type] as { children: Record<string, SchemaNode> } | undefined)?.children ?? {};
    const chain: XNode[] = [];
    for (const seg of segments) {
      const s = schema[seg];
      if (!s) throw new Error(`sim-device: unknown leaf path ${path}`);
      chain.push(el(seg, s.ns));
      schema = s.kind === 'container' || s.kind === 'list' ? s.children : {};
    }
    const last = chain[chain.length - 1];
    if (!last) throw new Error('sim-device: empty leaf path');
    if (value === null) last.attrs.set(`${NETCONF_NS}|operation`, 'remove');
    else if (value !== true) last.text = String(value);
    for (let i = chain.length - 1; i > 0; i--) chain[i - 1]?.children.push(chain[i] as XNode);
    const entry = el(type, NATIVE_NS, [el('name', NATIVE_NS, [], key), chain[0] as XNode]);
    this.applyOob(el('config', NETCONF_NS, [el('native', NATIVE_NS, [el('interface', NATIVE_NS, [entry])])]), `${iface} ${path}=${String(value)}`);
  }

  /** Simulates an out-of-band change: merges the inner XML of a `<config>`. Throws when refused. */
  async oobEdit(configInnerXml: string): Promise<void> {
    this.applyOob(await parseXml(`<config xmlns="${NETCONF_NS}">${configInnerXml}</config>`), configInnerXml);
  }

  /**
   * Fault: right after the next edit-config is applied, sets `iface`'s leaf `path` to `value` (as
   * setLeaf does), so the edit answers `<ok/>` but the re-read shows that leaf differently — a device
   * that silently did not take part of an edit.
   */
  alterAfterNextEdit(iface: string, path: string, value: SimLeafValue): void {
    this.core.afterEdit = () => this.setLeaf(iface, path, value);
  }

  /**
   * Fault: `iface`'s leaf `path` reads back as `text` even where the schema would refuse it (a
   * firmware bug or a hostile device, e.g. trunk VLANs `1-10000000`). Set as setLeaf would, then the
   * stored text is replaced unchecked; later edits keep it as they keep any stored value.
   */
  reportLeaf(iface: string, path: string, text: string): void {
    this.setLeaf(iface, path, '1');
    let node = this.findInterface(iface);
    for (const seg of path.split('/')) node = node?.children.find((c) => c.name === seg);
    if (!node) throw new Error(`sim-device: ${iface} ${path} not stored`);
    node.text = text;
  }

  /**
   * Fault: every edit-config is refused (rpc-error access-denied with `message`, a device that
   * rejects the change) until called with null.
   */
  refuseEdits(message: string | null): void {
    this.core.refuseEdits = message;
  }

  /**
   * Device-side normalization: after each edit-config, every leaf named `leaf` (e.g. `description`,
   * `mtu`) is stored as `rule` makes it (trimmed, truncated, rounded), so a re-read differs from
   * what was sent. null removes the rule.
   */
  normalizeLeaf(leaf: string, rule: ((text: string) => string) | null): void {
    const rules = (this.core.normalizeLeaves ??= new Map());
    if (rule) rules.set(leaf, rule);
    else rules.delete(leaf);
  }

  /** Drops every SSH connection (simulates a reload or a network blip); the server keeps listening. */
  disconnectAll(): void {
    for (const s of this.sockets) s.end();
  }

  /** Closes every session and the listener. Idempotent. */
  async stop(): Promise<void> {
    this.disconnectAll();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private applyOob(config: XNode, what: string): void {
    const next = clone(this.core.running);
    const errors = applyEdit(next, config, 'merge', this.core.schema);
    this.core.requests.push({ sessionId: 0, operation: 'oob-edit', xml: what, ok: errors.length === 0, errorTags: errors.map((e) => e.tag), at: new Date() });
    if (errors.length > 0) throw new Error(`sim-device: change refused: ${errors.map((e) => `${e.tag}: ${e.message}`).join('; ')}`);
    this.core.running = next;
  }

  private openConfigXml(iface?: string): string {
    const list = child(this.core.running, 'interfaces', OC_IF_NS);
    if (!list) return '';
    if (iface === undefined) return serialize(list);
    const entry = list.children.find((c) => c.name === 'interface' && child(c, 'name', OC_IF_NS)?.text === iface);
    return entry ? serialize(el('interfaces', OC_IF_NS, [entry])) : '';
  }

  private findInterface(iface: string): XNode | undefined {
    const [type, key] = splitName(iface);
    const list = child(child(this.core.running, 'native', NATIVE_NS) ?? el('', ''), 'interface', NATIVE_NS);
    return list?.children.find((c) => c.name === type && child(c, 'name')?.text === key);
  }
}

/** ssh(2 wire) encoding of an ed25519 public key: string "ssh-ed25519" + string(32 bytes). */

function splitName(iface: string): [string, string] {
  const m = /^(\D+)(.*)$/.exec(iface);
  if (!m) throw new Error(`sim-device: bad interface name ${iface}`);
  return [m[1] ?? '', m[2] ?? ''];
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
