import { randomBytes } from 'node:crypto';
import { stringify } from 'yaml';
import { parseConfig } from '../config/load.js';
import type { Config } from '../config/types.js';
import type { Logger } from '../log.js';
import { silentLogger } from '../log.js';
import { NetboxEmulator } from './netbox-emulator.js';
import { labSerial } from './netbox-emulator-data.js';
import { SimDevice } from './sim-device/index.js';
import { WebexEmulator } from './webex-emulator.js';

export const LAB_DEVICE_USER = 'developer';
export const LAB_DEVICE_PASSWORD = 'C1sco12345';
export const LAB_WEBEX_TOKEN = 'lab-bot-token';
const OPENCONFIG_PORTS = 48;

/**
 * The LTRCRT-2005 pod, simulated in-process: a NetBox emulator holding the c9300 (tag gitops), a
 * simulated Catalyst 9300 speaking NETCONF over SSH, and a Webex emulator; optionally EOS-style
 * OpenConfig switches beside it. No root, no apt, loopback only.
 */
export class Lab {
  private constructor(
    readonly netbox: NetboxEmulator,
    readonly webex: WebexEmulator,
    readonly devices: Map<string, SimDevice>,
    readonly webhookSecret: string,
    /** The daemon's `http.apiToken` in this lab: acting `/api/*` calls send it as a bearer token. */
    readonly apiToken: string,
  ) {}

  /**
   * `devices`: IOS-XE pods (c9300, c9300-2 … c9300-N; default 1). `openconfig`: EOS-style OpenConfig
   * switches eos-1 … eos-M (NetBox platform `arista-eos`, Management1 + Ethernet1..48; default 0).
   */
  static async start(o: { logger?: Logger; devices?: number; openconfig?: number; extraUsers?: readonly string[] } = {}): Promise<Lab> {
    const logger = o.logger ?? silentLogger();
    const netbox = new NetboxEmulator({ logger });
    await netbox.start();
    netbox.seedLab();
    const devices = new Map<string, SimDevice>();
    devices.set('c9300', await SimDevice.start({ name: 'c9300', serial: labSerial('c9300'), username: LAB_DEVICE_USER, password: LAB_DEVICE_PASSWORD, extraUsers: o.extraUsers ?? [], logger }));
    // Extra pods for load tests and benchmarks: c9300-2 … c9300-N, each in NetBox and simulated.
    for (let i = 2; i <= (o.devices ?? 1); i++) {
      const name = `c9300-${i}`;
      netbox.addDevice({ name, tags: ['gitops'], primaryIp4: '127.0.0.1/32', serial: labSerial(name), interfaces: Array.from({ length: 48 }, (_, k) => `GigabitEthernet1/0/${k + 1}`) });
      devices.set(name, await SimDevice.start({ name, serial: labSerial(name), username: LAB_DEVICE_USER, password: LAB_DEVICE_PASSWORD, extraUsers: o.extraUsers ?? [], logger }));
    }
    for (let i = 1; i <= (o.openconfig ?? 0); i++) {
      const name = `eos-${i}`;
      netbox.seedOpenConfigSwitch(name, OPENCONFIG_PORTS);
      devices.set(name, await SimDevice.start({ name, platform: 'openconfig', interfaces: OPENCONFIG_PORTS, username: LAB_DEVICE_USER, password: LAB_DEVICE_PASSWORD, extraUsers: o.extraUsers ?? [], logger }));
    }
    const webex = await WebexEmulator.start({ token: LAB_WEBEX_TOKEN, logger });
    return new Lab(netbox, webex, devices, randomBytes(16).toString('hex'), randomBytes(24).toString('base64url'));
  }

  /** The first OpenConfig switch, eos-1 (present when started with `openconfig` ≥ 1). */
  get eos1(): SimDevice {
    const d = this.devices.get('eos-1');
    if (!d) throw new Error('lab: no OpenConfig switch (start the lab with openconfig ≥ 1)');
    return d;
  }

  /** The device c9300 (always present). */
  get c9300(): SimDevice {
    return this.devices.get('c9300') as SimDevice;
  }

  /** An intentd config pointing at this lab, as YAML text (what `intentd lab` writes for `intentd run`). */
  configYaml(o: { repo: string; listen?: string; poll?: string | null; resync?: string | null }): string {
    const overrides: Record<string, unknown> = {};
    for (const [name, d] of this.devices) overrides[name] = { host: '127.0.0.1', port: d.port, hostKey: d.hostKeyFingerprint };
    return stringify({
      http: { listen: o.listen ?? '127.0.0.1:12345', apiToken: this.apiToken },
      netbox: {
        url: this.netbox.url,
        token: this.netbox.tokenV2,
        webhookSecret: this.webhookSecret,
        poll: o.poll === undefined ? '*/30 * * * * *' : o.poll,
        deviceFilter: { tag: 'gitops' },
        ticketField: 'change_ticket_number',
        timeoutMs: 5000,
        retries: 3,
      },
      intent: { repo: o.repo, remote: null },
      devices: {
        defaults: { port: 830, username: LAB_DEVICE_USER, password: LAB_DEVICE_PASSWORD, platform: 'iosxe', timeoutMs: 10000 },
        overrides,
        protectedInterfaces: ['GigabitEthernet1/0/1'],
      },
      reconcile: {
        mode: 'enforce',
        requireTicket: true,
        resync: o.resync === undefined ? '*/10 * * * * *' : o.resync,
        concurrency: 8,
        confirmTimeoutSec: 60,
        saveConfig: true,
        syncFrom: true,
        maxBackoffMs: 5000,
      },
      webex: { baseUrl: this.webex.baseUrl, token: LAB_WEBEX_TOKEN, toPersonEmail: 'netops@example.com' },
    });
  }

  config(o: Parameters<Lab['configYaml']>[0]): Config {
    return parseConfig(this.configYaml(o), 'lab', { env: {} });
  }

  /** Points NetBox's webhook at the daemon (the lab's `http://apihost:12345/netbox`). */
  connectWebhook(daemonUrl: string, shape: '3.5' | '4.6' = '4.6'): void {
    this.netbox.addWebhook({ url: `${daemonUrl}/netbox`, secret: this.webhookSecret, shape });
  }

  async stop(): Promise<void> {
    await this.netbox.stop();
    await this.webex.stop();
    await Promise.all([...this.devices.values()].map((d) => d.stop()));
  }
}
