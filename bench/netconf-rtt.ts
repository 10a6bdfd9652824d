// Benchmark: per-RPC round trip on a reused NETCONF session versus a fresh session per change, against a
// real netconfd behind sshd (test/harness). Build with `npm run build`, run `node dist/bench/netconf-rtt.js`.
// Prints a table and writes bench/results/netconf-rtt.json.
import { NetconfSession, type SessionOptions } from '../src/adapters/netconf/session.js';
import { nativeInterface } from '../test/harness/iosxe-xml.js';
import { netconfdAvailability, startTestDevice, type TestDevice } from '../test/harness/test-device.js';
import { isEntryPoint, runAsScript, summarize, timed, type Figures } from './bench-kit.js';

export type { Figures } from './bench-kit.js';
export interface RttResult {
  when: string;
  server: string;
  rpc: string;
  reusedSession: Figures;
  freshSessionKey: Figures;
  freshSessionPassword: Figures;
  /** freshSessionKey.medianMs / reusedSession.medianMs */
  ratio: number;
}

const REUSED_RPCS = 250;
const FRESH_SESSIONS = 25;
const WARMUP = 20;

const oneInterface = { source: 'running' as const, filter: nativeInterface('GigabitEthernet', '1/0/5') };

async function reusedSession(opts: SessionOptions): Promise<number[]> {
  const session = await NetconfSession.connect(opts);
  try {
    for (let i = 0; i < WARMUP; i++) await session.getConfig(oneInterface);
    const samples: number[] = [];
    for (let i = 0; i < REUSED_RPCS; i++) samples.push(await timed(() => session.getConfig(oneInterface)));
    return samples;
  } finally {
    await session.close();
  }
}

async function freshSessions(opts: SessionOptions): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < FRESH_SESSIONS; i++) {
    samples.push(await timed(async () => {
      const session = await NetconfSession.connect(opts);
      await session.getConfig(oneInterface);
      await session.close();
    }));
  }
  return samples;
}

function row(label: string, f: Figures): string {
  return `${label.padEnd(40)}${String(f.samples).padStart(6)}${f.medianMs.toFixed(2).padStart(11)}` +
    `${f.p95Ms.toFixed(2).padStart(11)}${f.meanMs.toFixed(2).padStart(11)}`;
}

export function formatTable(r: RttResult): string {
  return [
    `NETCONF round trips against ${r.server}, ${r.rpc}`,
    `${'mode'.padEnd(40)}${'n'.padStart(6)}${'median ms'.padStart(11)}${'p95 ms'.padStart(11)}${'mean ms'.padStart(11)}`,
    row('reused session: one RPC', r.reusedSession),
    row('fresh session (key): connect+rpc+close', r.freshSessionKey),
    row('fresh session (password)', r.freshSessionPassword),
    `fresh session (key) / reused RPC, median: ${r.ratio.toFixed(1)}x`,
  ].join('\n');
}

/** Runs the benchmark on a fresh test device, prints the table and returns the figures (the caller writes the JSON). */
export async function main(): Promise<RttResult> {
  const availability = netconfdAvailability();
  if (!availability.ok) throw new Error(`netconf-rtt needs a local netconfd test device: ${availability.why}`);
  const device: TestDevice = await startTestDevice({ target: 'running' });
  try {
    const base: SessionOptions = {
      host: device.host, port: device.port, username: device.username, hostKey: device.hostKeyFingerprint,
    };
    const keyOpts: SessionOptions = { ...base, privateKey: device.privateKey };
    const reused = summarize(await reusedSession(keyOpts));
    const freshKey = summarize(await freshSessions(keyOpts));
    const freshPassword = summarize(await freshSessions({ ...base, password: device.password }));
    const result: RttResult = {
      when: new Date().toISOString(),
      server: 'yuma123 netconfd behind OpenSSH sshd on 127.0.0.1',
      rpc: 'get-config of one GigabitEthernet interface (subtree filter)',
      reusedSession: reused,
      freshSessionKey: freshKey,
      freshSessionPassword: freshPassword,
      ratio: Math.round((freshKey.medianMs / reused.medianMs) * 10) / 10,
    };
    console.log(formatTable(result));
    return result;
  } finally {
    await device.stop();
  }
}

if (isEntryPoint(import.meta.url)) runAsScript('netconf-rtt', { main });
