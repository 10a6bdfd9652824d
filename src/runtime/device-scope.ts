import type { IntentStorePort, SourceOfTruth } from '../core/ports.js';

/** Least time between two NetBox listings caused by webhooks for unknown devices. */
const SCOPE_RECHECK_MS = 10_000;

/**
 * Which devices intentd manages: those the source of truth lists (at start, by the poll and by
 * `recheck`) and those with an intent file. A nudge for any other name is refused before it costs a
 * source query, a status entry or a message.
 */
export class DeviceScope {
  private sourceDevices = new Set<string>();
  private intentDevices = new Set<string>();
  private lastRecheck = -Infinity;
  private rechecking: Promise<void> | null = null;

  constructor(
    private readonly store: IntentStorePort,
    private readonly source: SourceOfTruth | null,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Re-lists devices from the source and the intent repo; returns the union. Each listing that answers
   * is kept even when the other fails (a corrupt repo must not hide NetBox's devices, nor the reverse);
   * then the first failure is thrown.
   */
  async refresh(): Promise<string[]> {
    const source = this.source;
    const [fromGit, fromSource] = await Promise.allSettled([this.store.listDevices(), source ? source.listDevices() : Promise.resolve(null)]);
    if (fromGit.status === 'fulfilled') this.intentDevices = new Set(fromGit.value);
    if (fromSource.status === 'fulfilled' && fromSource.value) this.sourceDevices = new Set(fromSource.value);
    if (fromGit.status === 'rejected') throw fromGit.reason;
    if (fromSource.status === 'rejected') throw fromSource.reason;
    return this.known();
  }

  known(): string[] {
    return [...new Set([...this.sourceDevices, ...this.intentDevices])].sort();
  }

  /** True when the device has intent in git or the source listed it (cached). */
  has(device: string): boolean {
    return this.intentDevices.has(device) || this.sourceDevices.has(device);
  }

  /**
   * `has`, after re-listing the source when the device is unknown — at most once per SCOPE_RECHECK_MS,
   * concurrent callers sharing one listing. For signed webhooks naming a device just added in NetBox.
   */
  async recheck(device: string): Promise<boolean> {
    if (this.has(device) || !this.source) return this.has(device);
    if (!this.rechecking) {
      if (this.now() - this.lastRecheck < SCOPE_RECHECK_MS) return false;
      this.lastRecheck = this.now();
      this.rechecking = this.refresh().then(
        () => undefined,
        () => undefined,
      );
      void this.rechecking.finally(() => {
        this.rechecking = null;
      });
    }
    await this.rechecking;
    return this.has(device);
  }

  noteIntentDevice(device: string): void {
    this.intentDevices.add(device);
  }
}
