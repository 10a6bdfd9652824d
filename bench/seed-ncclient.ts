// The "seed (real ncclient)" baseline of the change-latency bench: the LTRCRT-2005 lab's per-change sequence
// run by the lab's own client, Python ncclient (bench/seed_ncclient.py under Debian's /usr/bin/python3), with
// the lab's rendered access template (bench/seed-template.ts). ncclient's transport wakes on a 0.1 s tick,
// which is what this row shows next to seed-style (same sequence, intentd's own NETCONF client).
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { TestDevice } from '../test/harness/test-device.js';
import { repoRoot } from './bench-kit.js';
import { seedAccessConfig, type SeedAccessChange } from './seed-template.js';

export const PYTHON = '/usr/bin/python3';
export const NCCLIENT_MISSING = 'skipped: python3-ncclient not installed (apt-get install python3-ncclient)';
const NETCONF_NS = 'urn:ietf:params:xml:ns:netconf:base:1.0';
const SCRIPT_TIMEOUT_MS = 120_000;

/** Whether `/usr/bin/python3 -c 'import ncclient'` works; if not, the row's skip text. */
export function ncclientAvailability(): { ok: true } | { ok: false; why: string } {
  const r = spawnSync(PYTHON, ['-c', 'import ncclient'], { stdio: 'ignore', timeout: 20_000 });
  return r.status === 0 ? { ok: true } : { ok: false, why: NCCLIENT_MISSING };
}

/** The lab's whole payload for one change: the rendered template inside `<config>`, as its header.j2 wraps it. */
export function seedPayload(c: SeedAccessChange): string {
  return `<config xmlns="${NETCONF_NS}">${seedAccessConfig(c)}</config>`;
}

interface ScriptJob { host: string; port: number; username: string; password: string; warmup: number; payloads: string[] }

function runScript(job: ScriptJob): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, [join(repoRoot(), 'bench', 'seed_ncclient.py')], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), SCRIPT_TIMEOUT_MS);
    child.stdout.setEncoding('utf8').on('data', (d: string) => { out += d; });
    child.stderr.setEncoding('utf8').on('data', (d: string) => { err += d; });
    child.on('error', (e) => { clearTimeout(timer); reject(e); });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code !== 0) {
        reject(new Error(`seed_ncclient.py exited with ${code ?? signal}: ${err.trim().split('\n').slice(-3).join(' | ')}`));
        return;
      }
      try {
        const parsed = JSON.parse(out) as { ms?: unknown };
        const ms = Array.isArray(parsed.ms) ? parsed.ms.filter((x): x is number => typeof x === 'number') : [];
        if (ms.length !== job.payloads.length - job.warmup) throw new Error(`expected ${job.payloads.length - job.warmup} samples, got ${ms.length}`);
        resolve(ms);
      } catch (e) {
        reject(new Error(`seed_ncclient.py printed no usable figures: ${out.slice(0, 200)}`, { cause: e }));
      }
    });
    child.stdin.end(JSON.stringify(job));
  });
}

/**
 * `n` timed changes (after `warmup` untimed ones) of access port `type``id` the lab's way, by ncclient with
 * password auth and no host key check: per change a new session, sync-from, lock, the full template
 * (description `seed-ncclient change <i> ##ticket:<30000+i>##`, enabled, mtu 2000, VLAN 100), save-config,
 * unlock, close. Wall ms per change, measured inside the Python process (interpreter start not counted).
 */
export async function measureSeedNcclient(
  device: TestDevice, n: number, o: { type: string; id: string; warmup: number; first?: number },
): Promise<number[]> {
  const first = o.first ?? 0;
  const payloads: string[] = [];
  for (let k = 0; k < o.warmup + n; k++) {
    const i = k < o.warmup ? -(k + 1) : first + k - o.warmup;
    payloads.push(seedPayload({
      type: o.type, id: o.id, description: `seed-ncclient change ${i} ##ticket:${30000 + i}##`, enabled: true, mtu: 2000, vlan: 100,
    }));
  }
  return runScript({ host: device.host, port: device.port, username: device.username, password: device.password, warmup: o.warmup, payloads });
}
