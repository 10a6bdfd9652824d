// Everything a daemon under test talks to, started for one test file: a real netconfd device (behind a TCP
// relay), the NetBox and Webex emulators, and a temp dir for the intent repo and config file.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../../src/config/load.js';
import type { Config } from '../../../src/config/types.js';
import { NetboxEmulator } from '../../../src/lab/netbox-emulator.js';
import { WebexEmulator } from '../../../src/lab/webex-emulator.js';
import { startTestDevice, type TestDevice } from '../../harness/netconfd.js';
import { TcpRelay } from './tcp-relay.js';

export const DEVICE = 'c9300';
export const WEBHOOK_SECRET = 'e2e-webhook-secret';
export const API_TOKEN = 'e2e-api-token-0123456789';
export const WEBEX_TOKEN = 'e2e-webex-token';
export const WEBEX_ROOM = 'e2e-room';

export interface StackConfigOptions {
  /** http.listen; default 127.0.0.1:0. */
  listen?: string;
  poll?: string | null;
  resync?: string | null;
  maxBodyBytes?: number;
  netboxTimeoutMs?: number;
  netboxRetries?: number;
  /** NETCONF connect + RPC timeout. */
  deviceTimeoutMs?: number;
  maxBackoffMs?: number;
  /** Confirmed-commit timeout (default 30 s). */
  confirmTimeoutSec?: number;
}

export interface LabStack {
  device: TestDevice;
  relay: TcpRelay;
  netbox: NetboxEmulator;
  webex: WebexEmulator;
  dir: string;
  repo: string;
  configYaml(o?: StackConfigOptions): string;
  config(o?: StackConfigOptions): Config;
  /** Writes the config YAML to a file in the temp dir and returns its path. */
  configFile(o?: StackConfigOptions): Promise<string>;
  stop(): Promise<void>;
}

/** The c9300 startup config (test/harness/iosxe-startup.ts) as NetBox would hold it, so start-up is in sync. */
export function alignNetboxWithStartup(nb: NetboxEmulator): void {
  const set = (name: string, body: Record<string, unknown>): void => {
    const row = nb.data.findInterface(DEVICE, name);
    nb.data.applyRestPatch(row, body);
  };
  const vlan = (vid: number): number => {
    const v = nb.data.db.vlans.find((x) => x.vid === vid);
    if (!v) throw new Error(`no VLAN ${vid} in the emulator`);
    return v.id;
  };
  const access = new Map([[2, 100], [3, 100], [4, 200], [5, 100], [6, 300], [7, 400], [8, 500]]);
  for (let port = 1; port <= 48; port++) {
    const name = `GigabitEthernet1/0/${port}`;
    if (port === 1) {
      set(name, { description: 'MGMT uplink - do not touch', mode: 'tagged', untagged_vlan: vlan(1), tagged_vlans: [vlan(1), vlan(100)] });
    } else if (port === 10) {
      set(name, { description: 'Trunk to access-sw-02', mtu: 2000, mode: 'tagged', untagged_vlan: vlan(100), tagged_vlans: [300, 400, 500].map(vlan) });
    } else if (access.has(port)) {
      const vid = access.get(port) as number;
      set(name, { description: `User port VLAN ${vid}`, mode: 'access', untagged_vlan: vlan(vid) });
    } else {
      set(name, { mode: 'access', enabled: port < 47 });
    }
  }
  for (let port = 1; port <= 4; port++) set(`TenGigabitEthernet1/1/${port}`, { mode: 'access' });
}

export async function startLabStack(o: { target?: 'running' | 'candidate' } = {}): Promise<LabStack> {
  const dir = await mkdtemp(join(tmpdir(), 'intentd-e2e-'));
  const cleanups: Array<() => Promise<void>> = [() => rm(dir, { recursive: true, force: true })];
  const stop = async (): Promise<void> => {
    for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
  };
  try {
    const device = await startTestDevice({ target: o.target ?? 'running' });
    cleanups.push(() => device.stop());
    const relay = await TcpRelay.start(device.port);
    cleanups.push(() => relay.down());
    const netbox = new NetboxEmulator();
    netbox.seedLab();
    alignNetboxWithStartup(netbox);
    await netbox.start();
    cleanups.push(() => netbox.stop());
    const webex = await WebexEmulator.start({ token: WEBEX_TOKEN });
    cleanups.push(() => webex.stop());
    const repo = join(dir, 'intent');
    const configYaml = (c: StackConfigOptions = {}): string =>
      [
        `http: { listen: "${c.listen ?? '127.0.0.1:0'}", maxBodyBytes: ${c.maxBodyBytes ?? 65536}, apiToken: "${API_TOKEN}" }`,
        'netbox:',
        `  url: "${netbox.url}"`,
        `  token: "${netbox.tokenV1}"`,
        `  webhookSecret: "${WEBHOOK_SECRET}"`,
        `  poll: ${c.poll ? JSON.stringify(c.poll) : 'null'}`,
        `  timeoutMs: ${c.netboxTimeoutMs ?? 2000}`,
        `  retries: ${c.netboxRetries ?? 2}`,
        `intent: { repo: ${JSON.stringify(repo)}, watchDebounceMs: 50 }`,
        'devices:',
        '  overrides:',
        `    ${DEVICE}:`,
        '      host: 127.0.0.1',
        `      port: ${relay.port}`,
        `      username: ${device.username}`,
        `      password: ${JSON.stringify(device.password)}`,
        `      hostKey: ${JSON.stringify(device.hostKeyFingerprint)}`,
        `      timeoutMs: ${c.deviceTimeoutMs ?? 5000}`,
        'reconcile:',
        `  resync: ${c.resync ? JSON.stringify(c.resync) : 'null'}`,
        `  maxBackoffMs: ${c.maxBackoffMs ?? 1000}`,
        `  confirmTimeoutSec: ${c.confirmTimeoutSec ?? 30}`,
        'webex:',
        `  baseUrl: "${webex.baseUrl}"`,
        `  token: "${WEBEX_TOKEN}"`,
        `  roomId: "${WEBEX_ROOM}"`,
        '',
      ].join('\n');
    return {
      device, relay, netbox, webex, dir, repo, configYaml,
      config: (c) => parseConfig(configYaml(c), 'e2e.yaml', { env: {} }),
      async configFile(c) {
        const file = join(dir, 'intentd.yaml');
        await writeFile(file, configYaml(c));
        return file;
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
