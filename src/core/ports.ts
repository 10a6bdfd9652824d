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
 * Which stored version an intent was read from, like Kubernetes' resourceVersion: a write passes it
 * back so the store can tell what the caller changed from what changed in the file meanwhile.
 * Plain data: it survives structuredClone, JSON and any copying of the intent.
 */
export interface IntentBase {
  /** The branch commit the file was read at. */
  commit: string;
  /** The file's blob id at that commit. */
  blob: string;
}

/** A device's intent with the version it was read from. */
export interface StoredIntent {
  intent: DeviceIntent;
  base: IntentBase;
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
  /**
   * The device's intent at HEAD (validated) with the base it was read from, or null if it has no
   * file. Throws ValidationError on a bad file. The intent is the caller's own copy.
   */
  read(device: string): Promise<StoredIntent | null>;
  /**
   * Writes the device's intent and commits only if managed content changed (idempotent). `base` is
   * what the intent was computed from (read()'s base): when the file moved on since, interfaces the
   * caller left as they were at `base` take the file's newer version, so a concurrent hand edit of
   * another interface is kept. null (read() found no file, or the intent is not derived from a
   * read): the intent replaces the file found at the branch tip when the write starts.
   */
  write(intent: DeviceIntent, meta: CommitMeta, base: IntentBase | null): Promise<WriteResult>;
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
