import { interfaceFingerprint } from '../core/intent-compare.js';
import type { DeviceIntent } from '../core/types.js';

/**
 * Per device, the intent revision last verified on it in full (every managed interface read and
 * matching, or applied and verified) and each interface's fingerprint at that revision. It lets a
 * reconcile caused only by a new intent commit read just the interfaces whose intent changed since
 * (`changedSince`): the others were verified at that revision, and the full read that follows the
 * commit (the intent watch's pass, the resync) still checks them for drift. Forgotten on any other outcome.
 */
export class VerifiedIntents {
  private readonly byDevice = new Map<string, { revision: string; fingerprints: Map<string, string> }>();

  /** The device was verified against `intent` at `revision` (in full). */
  record(device: string, revision: string | null, intent: DeviceIntent): void {
    if (revision === null) {
      this.byDevice.delete(device);
      return;
    }
    this.byDevice.set(device, { revision, fingerprints: new Map(intent.interfaces.map((i) => [i.name, interfaceFingerprint(i)])) });
  }

  forget(device: string): void {
    this.byDevice.delete(device);
  }

  /**
   * The interfaces of `intent` whose intent differs from what was verified at `lastApplied` (new ones
   * included), or null when that is not known: no record, a record of another revision, or an interface
   * that left intent (removing is a full read's business). An empty list is returned as null too.
   */
  changedSince(device: string, lastApplied: string | null, intent: DeviceIntent): string[] | null {
    const known = this.byDevice.get(device);
    if (known === undefined || lastApplied === null || known.revision !== lastApplied) return null;
    const names = new Set(intent.interfaces.map((i) => i.name));
    if ([...known.fingerprints.keys()].some((n) => !names.has(n))) return null;
    const changed = intent.interfaces.filter((i) => known.fingerprints.get(i.name) !== interfaceFingerprint(i)).map((i) => i.name);
    return changed.length > 0 ? changed : null;
  }
}
