import type { DeviceIntent } from './types.js';

/** Why a commit was made; becomes the `Source:` trailer. */
export type ChangeSource = 'netbox' | 'git' | 'drift' | 'cli' | 'poll' | 'lab';

/**
 * What a commit in the intent repo records. The store renders it as
 * `<subject>\n\n<body>\n\nChange-Ticket: <t1>\nChange-Ticket: <t2>\nDevice: …\nSource: …\n<trailers…>`
 * (`Change-Ticket: none` when there is no ticket) and tags the commit `ticket/<t>` per ticket.
 */
export interface CommitMeta {
  subject: string;
  device: string;
  source: ChangeSource;
  /** Every ticket of the change, in order; absent or empty = none. Each gets a trailer and a tag. */
  tickets?: string[];
  body?: string;
  /** Extra trailers, e.g. `Intent-Revision`, `Result`, `Reason`. */
  trailers?: Record<string, string>;
}

export interface WriteResult {
  committed: boolean;
  /** The commit made, or null when nothing changed. */
  commit: string | null;
}

/**
 * The intent repository as the controllers see it. All writes go through one serialized queue.
 * Reads return the content at HEAD of the working branch.
 */
export interface IntentStorePort {
  /** Current HEAD commit id, or null in an empty repo. */
  head(): Promise<string | null>;
  /** Device names that have an intent file at HEAD, sorted. */
  listDevices(): Promise<string[]>;
  /** The device's intent at HEAD (validated), or null if it has no file. Throws ValidationError on a bad file. */
  read(device: string): Promise<DeviceIntent | null>;
  /** Writes the device's intent and commits only if managed content changed (idempotent). */
  write(intent: DeviceIntent, meta: CommitMeta): Promise<WriteResult>;
  /** The commit that last changed the device's intent file, or null. */
  revisionOf(device: string): Promise<string | null>;
  /** Commits whose `Device:` trailer names the device, newest first (intent changes and audits). */
  log(o: { device?: string; max?: number }): Promise<Array<{ commit: string; subject: string; trailers: Record<string, string>; date: string }>>;
  /**
   * Records an audit commit (no file change) for a device write, tagged `ticket/<id>` per ticket. It
   * runs after a device write, so no ticket value makes it throw: a tag that cannot be made is
   * logged and counted, and the commit stands.
   */
  audit(meta: CommitMeta): Promise<string>;
}
