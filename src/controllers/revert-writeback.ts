import { asIntentdError } from '../core/errors.js';
import type { IntentStorePort, SourceOfTruth, WritableFields } from '../core/ports.js';
import type { DeviceIntent, InterfaceIntent } from '../core/types.js';
import type { DaemonEvents } from '../daemon-events.js';
import type { Logger } from '../log.js';
import { backoffDelay } from '../runtime/backoff.js';
import type { NetboxDivergence, StatusBook } from '../runtime/status.js';

/** The fields intentd can write back to NetBox; a reverted VLAN or address change stays reported only. */
const WRITABLE = ['description', 'enabled', 'mtu'] as const;
const REVERTS = /^This reverts commit ([0-9a-f]{7,64})\b/m;

/** A revert commit of a NetBox-originated intent commit. */
interface RevertInfo {
  revert: string;
  author: string;
  reverts: string;
  parent: string;
}

/** One interface NetBox must be told: its NetBox id and the fields (git's values) that differ. */
interface Pending {
  interface: string;
  netboxId: number;
  fields: WritableFields;
}

export interface RevertWritebackDeps {
  store: IntentStorePort;
  source: SourceOfTruth | null;
  status: StatusBook;
  logger: Logger;
  events?: DaemonEvents;
  /** `netbox.writeBackReverts`: false only reports the divergence. */
  writeBack: boolean;
  /** Retry backoff of a failed write-back (default 1 s doubling to 5 min). */
  backoff?: { baseMs: number; maxMs: number };
}

/**
 * Keeps NetBox truthful after a rollback in git: when device-apply verified an intent revision that
 * is a `git revert` (message `This reverts commit <id>`) of a commit with `Source: netbox`, the values
 * the revert restored are written back to the NetBox interfaces (only the fields that differ, If-Match),
 * each with a journal entry naming the revert commit and its author, so the next poll finds NetBox and
 * git equal. Until then the device's status carries `divergedFromNetbox` (state diverged-from-netbox);
 * a failed write-back retries with backoff, re-reading git and NetBox each time (level-triggered), and
 * stops when another revision is verified. Never throws to its caller.
 */
export class RevertWriteback {
  private readonly revertOf = new Map<string, RevertInfo | null>();
  /** The revision last settled per device (NetBox found equal, written, or reported). */
  private readonly settled = new Map<string, string>();
  private readonly retries = new Map<string, { timer: NodeJS.Timeout; attempt: number; revision: string }>();
  private stopped = false;

  constructor(private readonly deps: RevertWritebackDeps) {}

  /** After device-apply verified `revision` on the device (applied or in sync). Idempotent per revision. */
  async afterVerified(device: string, revision: string | null, attempt = 1): Promise<void> {
    if (this.stopped || revision === null || this.settled.get(device) === revision) return;
    const retry = this.retries.get(device);
    if (retry && (retry.revision !== revision || attempt === 1)) {
      clearTimeout(retry.timer);
      this.retries.delete(device);
    }
    let divergence: NetboxDivergence | null = null;
    try {
      const found = await this.find(device, revision);
      divergence = found?.divergence ?? null;
      this.deps.status.recordDivergence(device, divergence);
      if (found === null || !this.deps.writeBack) {
        if (divergence) this.deps.logger.warn({ device, revert: divergence.revert, interfaces: divergence.interfaces }, 'git reverted a NetBox change; NetBox keeps the old values (netbox.writeBackReverts is false)');
        this.settled.set(device, revision);
        return;
      }
      await this.write(device, found.info, found.pending);
      this.deps.status.recordDivergence(device, null);
      this.settled.set(device, revision);
      this.deps.logger.info({ device, revert: found.info.revert, interfaces: found.pending.map((p) => p.interface) }, 'wrote the values of a git revert back to NetBox');
      this.deps.events?.emitEvent({ type: 'revert-written-back', device, revert: found.info.revert, interfaces: found.pending.map((p) => p.interface) });
    } catch (thrown) {
      const err = asIntentdError(thrown);
      if (divergence) this.deps.status.recordDivergence(device, { ...divergence, lastError: `${err.reason}: ${err.message}` });
      const delay = backoffDelay(attempt, this.deps.backoff ?? { baseMs: 1000, maxMs: 300_000 });
      this.deps.logger.warn({ device, revision, err: err.message, retryInMs: delay }, 'writing a git revert back to NetBox failed; will retry');
      const timer = setTimeout(() => void this.afterVerified(device, revision, attempt + 1), delay);
      timer.unref();
      this.retries.set(device, { timer, attempt, revision });
    }
  }

  /** What NetBox still holds against this revision, read-only (for `plan`), or null. */
  async divergence(device: string, revision: string | null): Promise<NetboxDivergence | null> {
    return revision === null ? null : ((await this.find(device, revision))?.divergence ?? null);
  }

  /** Ends pending retries (daemon stop). */
  stop(): void {
    this.stopped = true;
    for (const r of this.retries.values()) clearTimeout(r.timer);
    this.retries.clear();
  }

  private async find(device: string, revision: string): Promise<{ info: RevertInfo; pending: Pending[]; divergence: NetboxDivergence } | null> {
    const { store, source } = this.deps;
    const info = await this.info(revision);
    if (info === null || !source || !store.readAt) return null;
    const [before, after, held] = await Promise.all([store.readAt(device, info.parent), store.readAt(device, info.revert), source.readDevice(device)]);
    const pending: Pending[] = [];
    for (const [name, fields] of touched(before, after)) {
      const nb = held.interfaces.find((i) => i.intent?.name === name);
      const git = after?.interfaces.find((i) => i.name === name);
      if (!nb?.intent || !git) continue;
      const differ: WritableFields = {};
      for (const f of fields) if ((nb.intent[f] ?? null) !== (git[f] ?? null)) Object.assign(differ, { [f]: git[f] ?? null });
      if (Object.keys(differ).length > 0) pending.push({ interface: name, netboxId: nb.id, fields: differ });
    }
    if (pending.length === 0) return null;
    const divergence: NetboxDivergence = {
      revert: info.revert,
      author: info.author,
      reverts: info.reverts,
      interfaces: pending.map((p) => ({ interface: p.interface, fields: Object.keys(p.fields) })),
      writeBack: this.deps.writeBack,
      lastError: null,
    };
    return { info, pending, divergence };
  }

  private async write(device: string, info: RevertInfo, pending: Pending[]): Promise<void> {
    const source = this.deps.source as SourceOfTruth;
    if (!source.writeInterface) throw new Error(`the source of truth of ${device} cannot be written`);
    for (const p of pending) {
      await source.writeInterface(p.netboxId, p.fields);
      const values = Object.entries(p.fields).map(([f, v]) => `${f} = ${JSON.stringify(v)}`).join(', ');
      await source.journal(p.netboxId, {
        level: 'info',
        text: `intentd wrote back ${values} on ${device} ${p.interface}: git revert ${info.revert} by ${info.author} rolled back the NetBox change ${info.reverts.slice(0, 12)}; the device runs the reverted intent and NetBox now matches git.`,
        onceFor: `git revert ${info.revert}`,
      });
    }
  }

  /** Whether the revision reverts a NetBox-originated commit (cached: commits never change). */
  private async info(revision: string): Promise<RevertInfo | null> {
    const known = this.revertOf.get(revision);
    if (known !== undefined) return known;
    const { store } = this.deps;
    let info: RevertInfo | null = null;
    const commit = store.commitOf ? await store.commitOf(revision) : null;
    const reverted = commit ? REVERTS.exec(commit.message)?.[1] : undefined;
    // A message naming a commit this repo does not hold (typed by hand, a squashed history) is no NetBox revert.
    const source = reverted ? await store.trailersOf(reverted).then((t) => t.Source, () => undefined) : undefined;
    if (commit && reverted && commit.parents[0] && source === 'netbox') {
      info = { revert: revision, author: commit.author, reverts: reverted, parent: commit.parents[0] };
    }
    this.revertOf.set(revision, info);
    return info;
  }
}

/** Per interface, the writable fields whose intent differs between two versions of the file. */
function touched(before: DeviceIntent | null, after: DeviceIntent | null): Map<string, Array<(typeof WRITABLE)[number]>> {
  const byName = (d: DeviceIntent | null): Map<string, InterfaceIntent> => new Map((d?.interfaces ?? []).map((i) => [i.name, i]));
  const a = byName(before);
  const b = byName(after);
  const out = new Map<string, Array<(typeof WRITABLE)[number]>>();
  for (const name of new Set([...a.keys(), ...b.keys()])) {
    const fields = WRITABLE.filter((f) => (a.get(name)?.[f] ?? null) !== (b.get(name)?.[f] ?? null));
    if (fields.length > 0) out.set(name, fields);
  }
  return out;
}
