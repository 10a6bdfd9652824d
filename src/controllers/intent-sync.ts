import type { Config } from '../config/types.js';
import { IntentdError, ValidationError } from '../core/errors.js';
import { validateIntent } from '../core/intent-yaml.js';
import type { PlatformChooser, PlatformRules } from '../core/platform-rules.js';
import type { IntentStorePort, SourceInterface, SourceOfTruth } from '../core/ports.js';
import { isDeviceName } from '../core/device-name.js';
import type { DeviceIntent, InterfaceIntent } from '../core/types.js';
import type { Logger } from '../log.js';
import { changedFields, syncBody, syncSubject, type FieldChange, type SyncField } from './intent-sync-changes.js';

export { DeviceNotInScopeError } from '../core/errors.js';

export interface TakenChange {
  interface: string;
  netboxId: number;
  /** The NetBox ticket the change came with (null only when reconcile.requireTicket is false). */
  ticket: string | null;
  fields: SyncField[];
  changes: FieldChange[];
}

export interface SkippedChange {
  interface: string;
  /** `NoTicket` (changed without a ticket while requireTicket), or the mapping error's reason. */
  reason: string;
  fields: SyncField[];
  message?: string;
}

export interface SyncResult {
  device: string;
  committed: boolean;
  commit: string | null;
  taken: TakenChange[];
  skipped: SkippedChange[];
  /** Interfaces new to intent, imported as they are in NetBox (no ticket needed). */
  imported: string[];
  /**
   * Interfaces that carry a ticket in NetBox but whose managed fields already match intent (a
   * ticket-only edit, or a write-back that failed earlier): nothing to take, but the caller may
   * close the ticket with TicketWriteback (result 'in-sync').
   */
  acknowledged: Pick<TakenChange, 'interface' | 'netboxId' | 'ticket'>[];
  mgmtAddress: string | null;
  /** NetBox `serial` of the device (null when empty): checked against the device before writing. */
  serial: string | null;
  /** Interfaces named by more than one NetBox object (e.g. `Gi1/0/1` beside `GigabitEthernet1/0/1`): none taken. */
  ambiguous: AmbiguousInterface[];
}

export interface AmbiguousInterface {
  interface: string;
  names: string[];
  netboxIds: number[];
}

/**
 * NetBox objects grouped by canonical interface name (the device's platform's). A name that does not normalize stays on its own
 * (the mapping reports it). Two objects for one interface are ambiguous input: which one is meant
 * cannot be told, so neither may decide what the switch gets.
 */
function groupByInterface(ifaces: SourceInterface[], rules: PlatformRules): { single: SourceInterface[]; ambiguous: Map<string, SourceInterface[]> } {
  const groups = new Map<string, SourceInterface[]>();
  const single: SourceInterface[] = [];
  for (const raw of ifaces) {
    let name: string;
    try {
      name = rules.normalizeName(String(raw.name));
    } catch {
      single.push(raw);
      continue;
    }
    groups.set(name, [...(groups.get(name) ?? []), raw]);
  }
  const ambiguous = new Map<string, SourceInterface[]>();
  for (const [name, group] of groups) {
    if (group.length === 1) single.push(group[0] as SourceInterface);
    else ambiguous.set(name, group);
  }
  return { single, ambiguous };
}

export interface IntentSyncDeps {
  source: SourceOfTruth;
  store: IntentStorePort;
  config: Config;
  logger: Logger;
  /** The device's platform (from config and the source's platform) decides names and limits. */
  platforms: PlatformChooser;
}


/**
 * NetBox allows values an intent file does not (MTU up to 65536, a trunk on a Loopback): check one
 * interface with the intent schema and cross-field rules, the device's platform's included (a
 * description over its limit with the ticket tag), so one bad port is skipped and reported instead
 * of failing the whole device's write. Throws ValidationError.
 */
function checkAgainstIntentRules(device: string, intent: InterfaceIntent, rules: PlatformRules): void {
  try {
    validateIntent({ device, interfaces: [intent] }, `netbox:${intent.name}`, rules);
  } catch (err) {
    if (err instanceof ValidationError && err.problems.length > 0) {
      throw new ValidationError(`${intent.name}: ${err.problems.join('; ')}`, err.problems, { cause: err });
    }
    throw err;
  }
}

/**
 * NetBox → intent, level-triggered. `reconcile(device)` re-reads the device, its interfaces and
 * IPv4 addresses from NetBox (never a webhook body), compares them with the device's intent at
 * HEAD and writes once through the store (which commits only on change). Per interface:
 * unchanged → kept; changed with a ticket → taken; changed without one → skipped (`NoTicket`)
 * when `reconcile.requireTicket`, else taken. Baseline: a device without an intent file, or an
 * interface new to intent, is imported as NetBox has it without needing a ticket. Interfaces that
 * are in intent but no longer in NetBox are left as they are (removing them is a git change).
 * Idempotent. Throws DeviceNotInScopeError (terminal), NetboxError, IntentStoreError, ValidationError.
 */
export class IntentSyncReconciler {
  constructor(private readonly deps: IntentSyncDeps) {}

  async reconcile(device: string): Promise<SyncResult> {
    if (!isDeviceName(device)) throw new ValidationError(`invalid device name '${device}'`);
    const { source, store, config } = this.deps;
    const log = this.deps.logger.child({ device, controller: 'intent-sync' });
    // NetBox and git are read side by side; a NetBox failure wins (the git read is still awaited).
    const [read, gitRead] = await Promise.allSettled([source.readDevice(device), store.read(device)]);
    if (read.status === 'rejected') throw read.reason;
    if (gitRead.status === 'rejected') throw gitRead.reason;
    const nb = read.value;
    const stored = gitRead.value;
    const rules = this.deps.platforms.rules(this.deps.platforms.platformOf(device, nb.platform));
    const ifaces = nb.interfaces;
    const current = stored?.intent ?? null;

    const result: SyncResult = {
      device,
      committed: false,
      commit: null,
      taken: [],
      skipped: [],
      imported: [],
      acknowledged: [],
      mgmtAddress: nb.mgmtAddress,
      ambiguous: [],
      serial: nb.serial,
    };
    const byName = new Map((current?.interfaces ?? []).map((i) => [i.name, i]));
    const replaced = new Map<string, InterfaceIntent>();
    const added: InterfaceIntent[] = [];
    const { single, ambiguous } = groupByInterface(ifaces, rules);
    for (const [name, group] of ambiguous) {
      result.ambiguous.push({ interface: name, names: group.map((g) => g.name), netboxIds: group.map((g) => g.id) });
      // Intent keeps what it had; if any of the objects is mgmt_only, the interface is protected.
      const existing = byName.get(name);
      if (existing && group.some((g) => g.mgmtOnly) && existing.source?.mgmtOnly !== true) {
        replaced.set(name, { ...existing, source: { ...existing.source, mgmtOnly: true } });
        const changes = [{ field: 'mgmtOnly' as const, before: false, after: true }];
        result.taken.push({ interface: name, netboxId: group.find((g) => g.mgmtOnly)?.id ?? 0, ticket: null, fields: ['mgmtOnly'], changes });
      }
    }
    const firstImport = current === null;
    const adopt = firstImport && config.reconcile.adopt === 'report';
    for (const raw of single) {
      let next: InterfaceIntent;
      try {
        if (raw.error) throw raw.error;
        next = { ...(raw.intent as InterfaceIntent) };
        checkAgainstIntentRules(device, next, rules);
      } catch (err) {
        if (!(err instanceof IntentdError)) throw err;
        result.skipped.push({ interface: raw.name, reason: err.reason, fields: [], message: err.message });
        continue;
      }
      const ticket = next.ticket ?? null;
      const netboxId = raw.id;
      const existing = byName.get(next.name);
      if (!existing) {
        // A new interface is a change like any other: without a ticket it waits, unless it only
        // protects (mgmt_only) or this is the device's first import (adopted: held back on the device).
        if (!firstImport && !ticket && config.reconcile.requireTicket && next.source?.mgmtOnly !== true) {
          result.skipped.push({ interface: next.name, reason: 'NoTicket', fields: changedFields({ name: next.name }, next).map((c) => c.field) });
          continue;
        }
        if (adopt && !ticket) next.source = { ...next.source, adopted: true };
        added.push(next);
        result.imported.push(next.name);
        if (ticket) {
          const changes = changedFields({ name: next.name }, next);
          result.taken.push({ interface: next.name, netboxId, ticket, fields: changes.map((c) => c.field), changes });
        }
        continue;
      }
      const changes = changedFields(existing, next);
      if (changes.length === 0) {
        if (ticket) result.acknowledged.push({ interface: next.name, netboxId, ticket });
        continue;
      }
      const fields = changes.map((c) => c.field);
      // Protecting a port (mgmt_only on) is always safe to take; anything else needs a ticket.
      const onlyProtects = changes.every((c) => c.field === 'mgmtOnly' && c.after === true);
      if (!ticket && config.reconcile.requireTicket && !onlyProtects) {
        result.skipped.push({ interface: next.name, reason: 'NoTicket', fields });
        continue;
      }
      // A ticketed change approves the whole interface (its adoption mark goes); an unticketed one keeps it.
      if (!ticket && existing.source?.adopted === true) next.source = { ...next.source, adopted: true };
      replaced.set(next.name, next);
      result.taken.push({ interface: next.name, netboxId, ticket, fields, changes });
    }

    for (const s of result.skipped) {
      log.warn({ interface: s.interface, reason: s.reason, fields: s.fields, detail: s.message }, 'NetBox change not taken');
    }
    if (replaced.size === 0 && added.length === 0) {
      log.debug({ interfaces: ifaces.length }, 'intent already matches NetBox');
      return result;
    }
    const intent: DeviceIntent = {
      device,
      interfaces: [...(current?.interfaces ?? []).map((i) => replaced.get(i.name) ?? i), ...added],
    };
    const tickets = [...new Set(result.taken.map((t) => t.ticket).filter((t): t is string => t !== null))];
    const write = await store.write(intent, {
      subject: syncSubject(device, result.taken.filter((t) => byName.has(t.interface)), result.imported, rules),
      device,
      source: 'netbox',
      tickets,
      body: syncBody(result.taken.filter((t) => byName.has(t.interface)), result.imported),
    }, stored?.base ?? null);
    result.committed = write.committed;
    result.commit = write.commit;
    log.info(
      { commit: write.commit, taken: result.taken.length, imported: result.imported.length, skipped: result.skipped.length },
      write.committed ? 'intent updated from NetBox' : 'intent unchanged',
    );
    return result;
  }
}
