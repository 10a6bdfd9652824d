import type { DeviceIntent } from './types.js';

/** Why a commit was made; becomes the `Source:` trailer. */
export type ChangeSource = 'netbox' | 'git' | 'drift' | 'cli' | 'poll' | 'lab';

/**
 * What a commit in the intent repo records. The store renders it as
 * `<subject>\n\n<body>\n\nChange-Ticket: …\nDevice: …\nSource: …\n<trailers…>`.
 */
export interface CommitMeta {
  subject: string;
  device: string;
  source: ChangeSource;
  ticket?: string | null;
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
  /** Records an audit commit (no file change) for a device write, tagged `ticket/<id>` when a ticket is given. */
  audit(meta: CommitMeta): Promise<string>;
}
