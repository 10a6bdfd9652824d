import { sameManagedContent } from '../../src/core/intent-compare.js';
import type { CommitMeta, IntentBase, IntentStorePort, StoredIntent, WriteResult } from '../../src/core/ports.js';
import type { DeviceIntent } from '../../src/core/types.js';

export interface MemoryCommit {
  commit: string;
  meta: CommitMeta;
  intent: DeviceIntent | null;
}

/**
 * IntentStorePort in memory for unit tests: commits only when managed content changed (like the
 * git store), records every commit with its meta, deep-copies on the way in and out. Bases are
 * recorded (`bases`) but not merged on: the git store's concurrent-edit protection is tested there.
 */
export class MemoryIntentStore implements IntentStorePort {
  readonly commits: MemoryCommit[] = [];
  /** The base each write() was given, in order. */
  readonly bases: Array<IntentBase | null> = [];
  private readonly files = new Map<string, DeviceIntent>();

  constructor(initial: DeviceIntent[] = []) {
    for (const i of initial) this.files.set(i.device, structuredClone(i));
  }

  async head(): Promise<string | null> {
    return this.commits.at(-1)?.commit ?? null;
  }

  async listDevices(): Promise<string[]> {
    return [...this.files.keys()].sort();
  }

  async read(device: string): Promise<StoredIntent | null> {
    const f = this.files.get(device);
    if (!f) return null;
    const commit = (await this.head()) ?? 'initial';
    return { intent: structuredClone(f), base: { commit, blob: `${device}@${await this.revisionOf(device) ?? 'initial'}` } };
  }

  async write(intent: DeviceIntent, meta: CommitMeta, base: IntentBase | null): Promise<WriteResult> {
    this.bases.push(base === null ? null : { ...base });
    const current = this.files.get(intent.device);
    if (current && sameManagedContent(current, intent)) return { committed: false, commit: null };
    this.files.set(intent.device, structuredClone(intent));
    const commit = `c${String(this.commits.length + 1).padStart(39, '0')}`;
    this.commits.push({ commit, meta: structuredClone(meta), intent: structuredClone(intent) });
    return { committed: true, commit };
  }

  async revisionOf(device: string, at?: string): Promise<string | null> {
    const upTo = at === undefined ? this.commits.length : this.commits.findIndex((c) => c.commit === at) + 1;
    return this.commits.slice(0, upTo).findLast((c) => c.intent !== null && c.meta.device === device)?.commit ?? null;
  }

  async log(o: { device?: string; max?: number } = {}): Promise<Array<{ commit: string; subject: string; trailers: Record<string, string>; date: string }>> {
    const entries = this.commits
      .filter((c) => o.device === undefined || c.meta.device === o.device)
      .reverse()
      .map((c) => ({ commit: c.commit, subject: c.meta.subject, trailers: { Device: c.meta.device, ...(c.meta.trailers ?? {}) }, date: '' }));
    return o.max === undefined ? entries : entries.slice(0, o.max);
  }

  async trailersOf(commit: string): Promise<Record<string, string>> {
    const c = this.commits.find((x) => x.commit === commit);
    return c === undefined ? {} : { Device: c.meta.device, ...(c.meta.trailers ?? {}) };
  }

  async audit(meta: CommitMeta): Promise<string> {
    const commit = `a${String(this.commits.length + 1).padStart(39, '0')}`;
    this.commits.push({ commit, meta: structuredClone(meta), intent: null });
    return commit;
  }
}
