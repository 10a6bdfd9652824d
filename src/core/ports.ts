import type { IntentdError } from './errors.js';
import type { Notification } from './notification.js';
import type { PlatformChooser } from './platform-rules.js';
import type { DevicePlan, InterfaceState } from './plan-types.js';
import type { DeviceIntent, InterfaceIntent } from './types.js';

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
  /**
   * The commit that last changed the device's intent file, as of `at` (a commit; default HEAD), or null.
   * Pass read()'s `base.commit` to get the revision of exactly the content read.
   */
  revisionOf(device: string, at?: string): Promise<string | null>;
  /** Commits whose `Device:` trailer names the device, newest first (intent changes and audits). */
  /** The trailers of one commit (e.g. `Source:` of an intent revision), read from that commit alone. */
  trailersOf(commit: string): Promise<Record<string, string>>;
  /** One commit's message, author (`Name <email>`) and parents (absent: the store cannot tell). */
  commitOf?(commit: string): Promise<{ message: string; author: string; parents: string[] }>;
  /** The device's intent as of `commit` (null: no file there); absent: the store cannot tell. */
  readAt?(device: string, commit: string): Promise<DeviceIntent | null>;
  log(o: { device?: string; max?: number }): Promise<Array<{ commit: string; subject: string; trailers: Record<string, string>; date: string }>>;
  /**
   * Records an audit commit (no file change) for a device write, tagged `ticket/<id>` per ticket. It
   * runs after a device write, so no ticket value makes it throw: a tag that cannot be made is
   * logged and counted, and the commit stands.
   */
  audit(meta: CommitMeta): Promise<string>;
}

/** One interface as a source of truth holds it, already mapped to intent (or why it could not be). */
export interface SourceInterface {
  /** The source's own id of the interface object (where tickets are closed and journaled). */
  id: number;
  /** The name as the source spells it (may be short or odd; grouping normalizes it). */
  name: string;
  mgmtOnly: boolean;
  /** The interface as intent, with `ticket` when the source carries one; null when `error` is set. */
  intent: InterfaceIntent | null;
  error: IntentdError | null;
}

/** A device as a source of truth holds it. */
export interface SourceDevice {
  device: string;
  /** Management address (NETCONF host when the config names none), or null. */
  mgmtAddress: string | null;
  /** Chassis serial the device must report before a write, or null. */
  serial: string | null;
  /** The source's platform of the device (NetBox `platform.slug`), or null when it names none. */
  platform: string | null;
  interfaces: SourceInterface[];
}

/** Where a device is and who it must be, for the device side. */
export interface DeviceLocation {
  mgmtAddress: string | null;
  serial: string | null;
  /** The source's platform of the device (see SourceDevice.platform); null: it names none; absent: not asked yet. */
  platform?: string | null;
}

export type JournalLevel = 'success' | 'danger' | 'info';

/**
 * A source of truth (NetBox today; Nautobot would be one more adapter folder). Every method may
 * throw IntentdError: retryable when the source is unreachable, terminal when it refuses.
 */
export interface SourceOfTruth {
  /** Names of the devices in scope (the configured filter), in the source's order. */
  listDevices(): Promise<string[]>;
  /**
   * The device's interfaces, fresh (the device record itself may be reused for a bounded time, see
   * `forget`). Throws DeviceNotInScope (terminal) when it is not in scope.
   */
  readDevice(device: string): Promise<SourceDevice>;
  /** The device record changed at the source (e.g. its webhook): the next read fetches it again. */
  forget?(device: string): void;
  /**
   * Host lookup: the device's management address and serial as of the last read, else read now.
   * A device the source does not hold gives nulls. Throws a retryable DeviceAddressUnknown when the
   * source cannot be asked (the device side retries until it answers). With `cached`, no I/O: the
   * last read's location, or nulls.
   */
  locate(device: string, o?: { cached?: boolean }): Promise<DeviceLocation>;
  /** Clears the interface's ticket when it still holds `ticket` (a newer one survives). True when cleared. */
  closeTicket(interfaceId: number, ticket: string): Promise<boolean>;
  /**
   * Adds a journal entry to the interface; with `onceFor`, not when an entry already mentions it
   * (idempotent per audit commit). True when written.
   */
  journal(interfaceId: number, entry: { level: JournalLevel; text: string; onceFor: string | null }): Promise<boolean>;
  /**
   * Writes these intent fields to the interface (only those given; If-Match where the source offers
   * it, one re-read when the interface changed meanwhile). Absent: the source cannot be written.
   */
  writeInterface?(interfaceId: number, fields: WritableFields): Promise<void>;
}

/** The interface fields intentd writes back to a source of truth (a reverted NetBox change). */
export type WritableFields = Partial<Pick<InterfaceIntent, 'description' | 'enabled' | 'mtu'>>;

/** What a device write did (the driver verified it before returning). */
export interface DeviceApplyOutcome {
  /** The edit as sent ('' when the plan was empty). */
  sent: string;
  plan: DevicePlan;
  verified: true;
  datastore: string;
  confirmed: boolean;
  saved: boolean;
  durationMs: number;
}

/**
 * What a DeviceDriver's `apply` throws when the re-read after the edit does not show it: an
 * IntentdError with reason `VerifyFailed`, the leaves still different, and whether a cancelled
 * confirmed commit took the edit back.
 */
export interface VerifyFailure extends IntentdError {
  readonly remaining: DevicePlan;
  readonly rolledBack: boolean;
}

export function isVerifyFailure(err: unknown): err is VerifyFailure {
  return err instanceof Error && (err as Partial<VerifyFailure>).reason === 'VerifyFailed' && typeof (err as Partial<VerifyFailure>).remaining === 'object';
}

/** Who the device must be before it is written: its name and, where the source has one, its serial. */
export interface DeviceIdentity {
  name: string;
  serial?: string | null;
}

/** An open management session to one device, as the driver hands it out. */
export interface DeviceHandle {
  /** Datastore an edit goes to ('candidate' where offered, else 'running'). */
  readonly datastore: string;
}

export interface DeviceApplyOptions {
  confirmTimeoutSec: number;
  saveConfig: boolean;
  identity: DeviceIdentity | null;
  /**
   * Settles when the device may be written (the caller's write-ahead record is durable): awaited after
   * the identity check and the lock, before the first write, so the two overlap; a rejection is a failed
   * apply with nothing written. The caller handles its rejection too (it may not be awaited).
   */
  ready?: Promise<void>;
}

/**
 * The platform port (one driver per platform, under src/adapters/platforms). `connect` opens or reuses a session; `read` returns
 * the managed state of the named interfaces; `apply` checks identity, edits by capability (candidate,
 * confirmed commit), re-reads and verifies, or throws (VerifyFailed when the re-read differs).
 */
export interface DeviceDriver {
  connect(device: string, host: string | null): Promise<DeviceHandle>;
  read(handle: DeviceHandle, interfaces: string[], o: { syncFrom: boolean }): Promise<Map<string, InterfaceState>>;
  apply(handle: DeviceHandle, plan: DevicePlan, o: DeviceApplyOptions): Promise<DeviceApplyOutcome>;
  /** Closes every session (CLI end, daemon stop). */
  closeAll(): Promise<void>;
}

/** The platforms on offer: each device's platform (PlatformChooser), its rules and its DeviceDriver. */
export interface PlatformCatalog extends PlatformChooser {
  /** The platform's driver; throws PlatformUnsupportedError (terminal) when none is registered. */
  driver(platform: string): DeviceDriver;
}

/**
 * Where people hear about what intentd did. `notify` never blocks and never throws: a chat outage
 * must not slow reconciliation. `flush` waits (bounded) for everything queued to be sent or dropped.
 */
export interface Notifier {
  notify(n: Notification): void;
  /** Resolves when the queue is empty or `timeoutMs` has passed, whichever is first. Never rejects. */
  flush(timeoutMs: number): Promise<void>;
  stats(): NotifierStats;
}

export interface NotifierStats {
  /** Waiting to be sent (not counting the one in flight). */
  queued: number;
  sent: number;
  /** Total dropped, for any reason below. */
  dropped: number;
  droppedOverflow: number;
  droppedRejected: number;
  droppedExhausted: number;
  /** Retries after 429, 5xx, network errors or timeouts. */
  retries: number;
}
