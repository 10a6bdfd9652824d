import { readFileSync } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { DevicePlan } from '../core/plan-types.js';
import { isDeviceName } from '../core/device-name.js';

/** What is written before a device edit and removed once its audit commit exists. */
export interface PendingApply {
  device: string;
  revision: string | null;
  plan: DevicePlan;
  cause: string;
  startedAt: string;
}


/**
 * A write-ahead record of device applies, one small JSON file per device (kept inside the intent
 * repo's `.git`, never committed). Written and fsynced before the edit-config, removed after the audit
 * commit: if intentd dies between the two, the next reconcile finds the record, sees the change on the
 * device and writes the missing audit commit, so no device write goes unrecorded.
 */
export class ApplyJournal {
  constructor(private readonly dir: string) {}

  async write(entry: PendingApply): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const tmp = `${this.path(entry.device)}.tmp`;
    const fh = await open(tmp, 'w');
    try {
      await fh.writeFile(JSON.stringify(entry));
      // Data (and the size) on disk; the rest of the inode's metadata is not needed to read it back.
      await fh.datasync();
    } finally {
      await fh.close();
    }
    await rename(tmp, this.path(entry.device));
  }

  async read(device: string): Promise<PendingApply | null> {
    try {
      // Synchronous: asked on every reconcile, almost always answered by ENOENT (no thread-pool round trip).
      return JSON.parse(readFileSync(this.path(device), 'utf8')) as PendingApply;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      // A torn or unreadable record is dropped: the reconcile re-plans from git and the device anyway.
      await this.clear(device);
      return null;
    }
  }

  async clear(device: string): Promise<void> {
    await rm(this.path(device), { force: true });
  }

  private path(device: string): string {
    if (!isDeviceName(device)) throw new Error(`invalid device name ${device}`);
    return join(this.dir, `${device}.json`);
  }
}
