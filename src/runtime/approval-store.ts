import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { isDeviceName } from '../core/device-name.js';
import type { LeafChange } from '../core/plan-types.js';

/** A decision on a held plan: who, when, and which way. */
export interface PlanDecision {
  action: 'approved' | 'rejected';
  by: string;
  /** ISO 8601. */
  at: string;
}

/** A plan held for approval: exactly what would be sent, its content hash, and the decision once made. */
export interface HeldPlan {
  device: string;
  /** planHash(device, revision, changes). */
  hash: string;
  revision: string | null;
  changes: LeafChange[];
  /** Why it needs approval (approvalReasons). */
  reasons: string[];
  /** ISO 8601. */
  heldAt: string;
  decision?: PlanDecision;
}

/**
 * The plan each device holds for approval, one small JSON file per device inside the intent repo's
 * `.git` (like the apply journal: never committed, survives a restart). Written to a temp file and
 * renamed, so a reader sees the old record or the new one, never half of one. A newer plan replaces
 * the record (and with it any decision on the older plan).
 */
export class ApprovalStore {
  constructor(private readonly dir: string) {}

  async read(device: string): Promise<HeldPlan | null> {
    try {
      return JSON.parse(await readFile(this.path(device), 'utf8')) as HeldPlan;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      // A torn record is dropped: the next reconcile holds the plan again and asks anew.
      await this.clear(device);
      return null;
    }
  }

  async write(h: HeldPlan): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const tmp = `${this.path(h.device)}.tmp`;
    const fh = await open(tmp, 'w');
    try {
      await fh.writeFile(JSON.stringify(h, null, 2));
      await fh.datasync();
    } finally {
      await fh.close();
    }
    await rename(tmp, this.path(h.device));
  }

  async clear(device: string): Promise<void> {
    await rm(this.path(device), { force: true });
  }

  private path(device: string): string {
    if (!isDeviceName(device)) throw new Error(`invalid device name ${device}`);
    return join(this.dir, `${device}.json`);
  }
}

/** Where the approvals of the intent repo at `repo` are kept. */
export const approvalsDir = (repo: string): string => join(repo, '.git', 'intentd', 'approvals');
