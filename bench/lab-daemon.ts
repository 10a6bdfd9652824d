// Shared set-up of the benchmarks that drive the whole daemon: the lab (NetBox emulator, N simulated
// IOS-XE switches, Webex emulator), a temp intent repo, and intentd in this process with a silent logger.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { parseConfig } from '../src/config/load.js';
import type { Config } from '../src/config/types.js';
import { Daemon } from '../src/daemon.js';
import { DaemonEvents, type DaemonEvent } from '../src/daemon-events.js';
import { Lab } from '../src/lab/lab.js';
import { silentLogger } from '../src/log.js';
import { seedIntentRepo } from './intent-seed.js';

/** The parts of the lab's config document (parsed YAML) the benches edit. */
export interface ConfigDoc {
  http: Record<string, unknown>;
  netbox: Record<string, unknown>;
  devices: { overrides: Record<string, Record<string, unknown>> } & Record<string, unknown>;
  reconcile: Record<string, unknown>;
  [section: string]: unknown;
}

export interface LabDaemonOptions {
  devices: number;
  /** Edits the config document (parsed YAML of `lab.configYaml`) before it is loaded. */
  tweak?: (doc: ConfigDoc) => void;
  /**
   * Seed the intent repo from NetBox in one commit before the daemon starts (bench/intent-seed.ts), so
   * start-up is a check of every device rather than one import commit per device.
   */
  seedIntent?: boolean;
  /** Bound of the initial converge. */
  convergeTimeoutMs?: number;
}

export interface LabDaemon {
  lab: Lab;
  daemon: Daemon;
  repo: string;
  /** Every daemon event so far, in order. */
  events: DaemonEvent[];
  /** Seconds the initial converge took (daemon start → idle and quiet). */
  convergeSec: number;
  stop(): Promise<void>;
}

/** Rejects with `what` when `p` has not settled within `ms`. */
export async function bounded<T>(what: string, p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${Math.round(ms / 1000)} s: ${what}`)), ms);
  });
  return Promise.race([p, limit]).finally(() => clearTimeout(timer));
}

/** Polls `check` every 10 ms until true, or throws after `ms`. */
export async function until(what: string, check: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${Math.round(ms / 1000)} s: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The lab's config for `repo` (no poll, no resync cron: only the bench's nudges run), after `tweak`. */
export function labConfig(lab: Lab, repo: string, tweak?: (doc: ConfigDoc) => void): Config {
  const doc = parse(lab.configYaml({ repo, listen: '127.0.0.1:0', poll: null, resync: null })) as ConfigDoc;
  tweak?.(doc);
  return parseConfig(stringify(doc), 'bench', { env: {} });
}

/** Interfaces in a device's intent file (`devices/<device>.yaml` in the work tree). */
export async function intentInterfaces(repo: string, device: string): Promise<number> {
  const doc = parse(await readFile(join(repo, 'devices', `${device}.yaml`), 'utf8')) as { interfaces?: unknown };
  const list = doc.interfaces;
  if (Array.isArray(list)) return list.length;
  return list && typeof list === 'object' ? Object.keys(list).length : 0;
}

/**
 * Waits until the daemon is idle and stays so for `quietMs` with no new nudge: the intent watch nudges
 * ('git') once more after the daemon's own commits, a little after the queue first drains.
 */
export async function settle(daemon: Daemon, events: readonly DaemonEvent[], quietMs = 1500): Promise<void> {
  for (;;) {
    await daemon.idle();
    const mark = events.length;
    await new Promise((r) => setTimeout(r, quietMs));
    if (!events.slice(mark).some((e) => e.type === 'nudge')) {
      await daemon.idle();
      return;
    }
  }
}

/** Sum of a prom-client counter over all its label sets. */
export async function counterTotal(metric: { get(): Promise<{ values: Array<{ value: number }> }> }): Promise<number> {
  return (await metric.get()).values.reduce((sum, v) => sum + v.value, 0);
}

/** edit-configs sent and commits made (intent + audit) so far. */
export async function workDone(daemon: Daemon): Promise<{ edits: number; commits: number }> {
  return { edits: await counterTotal(daemon.metrics.editsSent), commits: await counterTotal(daemon.metrics.commits) };
}

/**
 * Starts the lab with `devices` switches and the daemon, and waits for the daemon's start-up converge
 * (every device imported from NetBox into git and applied). Throws if any device failed.
 */
export async function startLabDaemon(o: LabDaemonOptions): Promise<LabDaemon> {
  const dir = await mkdtemp(join(tmpdir(), 'intentd-bench-'));
  const cleanups: Array<() => Promise<unknown>> = [() => rm(dir, { recursive: true, force: true })];
  const stop = async (): Promise<void> => {
    for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
  };
  try {
    const lab = await Lab.start({ devices: o.devices });
    cleanups.push(() => lab.stop());
    const repo = join(dir, 'intent');
    const events = new DaemonEvents();
    const seen: DaemonEvent[] = [];
    events.onEvent((e) => seen.push(e));
    const config = labConfig(lab, repo, o.tweak);
    if (o.seedIntent) await seedIntentRepo(config, [...lab.devices.keys()]);
    const t0 = performance.now();
    const daemon = await Daemon.start({ config, logger: silentLogger(), events });
    cleanups.push(() => daemon.stop({ timeoutMs: 10_000 }));
    await bounded('the start-up converge', settle(daemon, seen), o.convergeTimeoutMs ?? 240_000);
    const convergeSec = (performance.now() - t0) / 1000;
    const failed = seen.filter((e) => e.type === 'failed');
    if (failed.length > 0) throw new Error(`start-up converge failed: ${JSON.stringify(failed.slice(0, 3))}`);
    return { lab, daemon, repo, events: seen, convergeSec, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
