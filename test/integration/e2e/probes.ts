// What the end-to-end and fault tests look at from the outside: the device's running config (own NETCONF
// session, straight to the device), the intent repo (git CLI), /metrics, and signed webhooks.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { NetconfSession } from '../../../src/adapters/netconf/session.js';
import { signNetboxBody } from '../../../src/sources/netbox-webhook.js';
import type { NetboxEmulator } from '../../../src/lab/netbox-emulator.js';
import type { TestDevice } from '../../harness/netconfd.js';
import { interfaceLeaf, NATIVE_NS } from '../../harness/iosxe-xml.js';
import { DEVICE, WEBHOOK_SECRET } from './lab-stack.js';

const run = promisify(execFile);

/** Polls `check` until it returns something other than undefined/false; fails with `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined && v !== false) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A NETCONF session of the test's own, straight to the device (not through the relay). */
export class DeviceProbe {
  private constructor(private session: NetconfSession, private readonly device: TestDevice) {}

  static async open(device: TestDevice): Promise<DeviceProbe> {
    return new DeviceProbe(await DeviceProbe.connect(device), device);
  }

  private static connect(device: TestDevice): Promise<NetconfSession> {
    return NetconfSession.connect({
      host: device.host, port: device.port, username: device.username, privateKey: device.privateKey,
      hostKey: device.hostKeyFingerprint, connectTimeoutMs: 10_000, rpcTimeoutMs: 10_000,
    });
  }

  /** The native interface subtree of the running config, as XML text. Reconnects after a dropped session. */
  async running(): Promise<string> {
    if (this.session.closed) this.session = await DeviceProbe.connect(this.device);
    return this.session.getConfig({ source: 'running', filter: `<native xmlns="${NATIVE_NS}"><interface/></native>` });
  }

  /** One leaf of a GigabitEthernet (e.g. `1/0/2`, ['description']); undefined when absent. */
  async leaf(port: string, path: string[]): Promise<string | undefined> {
    return interfaceLeaf(await this.running(), 'GigabitEthernet', port, path);
  }

  /** The session itself (e.g. to lock a datastore as another client would). */
  get raw(): NetconfSession {
    return this.session;
  }

  close(): Promise<void> {
    return this.session.close();
  }
}

export interface CommitInfo {
  commit: string;
  subject: string;
  body: string;
}

async function git(repo: string, args: string[]): Promise<string> {
  return (await run('git', args, { cwd: repo })).stdout;
}

/** Commits of the intent repo, newest first (full message in `body`). */
export async function commits(repo: string): Promise<CommitInfo[]> {
  const out = await git(repo, ['log', '--format=%H%x1f%s%x1f%B%x1e']).catch(() => '');
  return out.split('\x1e').map((r) => r.trim()).filter(Boolean).map((r) => {
    const [commit = '', subject = '', body = ''] = r.split('\x1f');
    return { commit, subject, body };
  });
}

export async function tags(repo: string, pattern: string): Promise<string[]> {
  return (await git(repo, ['tag', '-l', pattern])).split('\n').filter(Boolean);
}

/** Commit a tag points at. */
export async function tagged(repo: string, tag: string): Promise<string> {
  return (await git(repo, ['rev-list', '-n', '1', tag])).trim();
}

export async function fileAtHead(repo: string, path: string): Promise<string> {
  return git(repo, ['show', `HEAD:${path}`]);
}

/** Sum of a Prometheus metric's samples (all label sets) from the daemon's /metrics. */
export async function metric(baseUrl: string, name: string): Promise<number> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  let sum = 0;
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)$/.exec(line);
    if (m && m[1] === name) sum += Number(m[3]);
  }
  return sum;
}

export async function healthz(baseUrl: string): Promise<number> {
  return (await fetch(`${baseUrl}/healthz`)).status;
}

/** A NetBox 4.6 `dcim.interface` `updated` webhook body for an interface as the emulator holds it now. */
export function interfaceEvent(nb: NetboxEmulator, name: string, device = DEVICE): Record<string, unknown> {
  const requestId = randomUUID();
  return {
    event: 'updated',
    timestamp: new Date().toISOString(),
    object_type: 'dcim.interface',
    username: 'developer',
    request_id: requestId,
    data: nb.interfaceJson(device, name),
    request: { id: requestId, method: 'PATCH', path: '/dcim/interfaces/', user: 'developer' },
    snapshots: { prechange: {}, postchange: {} },
  };
}

/** POSTs a webhook body; signs it with the stack's secret unless `signature` is given (null = unsigned). */
export async function postWebhook(
  baseUrl: string,
  body: string | Buffer | Record<string, unknown>,
  o: { signature?: string | null; headers?: Record<string, string>; path?: string; method?: string } = {},
): Promise<{ status: number; json: unknown }> {
  const raw = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
  const headers: Record<string, string> = { 'content-type': 'application/json', ...o.headers };
  const signature = o.signature === undefined ? signNetboxBody(WEBHOOK_SECRET, raw) : o.signature;
  if (signature !== null) headers['x-hook-signature'] = signature;
  const method = o.method ?? 'POST';
  const res = await fetch(`${baseUrl}${o.path ?? '/webhooks/netbox'}`, {
    method, headers, ...(method === 'GET' ? {} : { body: raw }),
  });
  const text = await res.text();
  let json: unknown = text;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, json };
}
