/**
 * IOS-XE's cisco-ia RPCs around a write (bodies and reply parsing are pure): `is-syncing` (writes fail
 * with in-use/resource-denied while the device syncs its CLI and NETCONF datastores) and the timed
 * rollback of `rollback … revert-timer` / `revert`, the confirmed-commit equivalent where only the
 * running datastore exists.
 */
import { IntentdError } from '../../../core/errors.js';
import { CISCO_IA_NS } from '../../netconf/rpc.js';
import { NetconfRpcError } from '../../netconf/errors.js';
import { child, parseRootNamed } from '../../xml/tree.js';
import type { Capabilities } from '../../netconf/capabilities.js';
import { CISCO_IA_MODULE } from './namespaces.js';

/** The cisco-ia revision whose is-syncing answers `syncing` / `syncs-pending` (older ones only a text). */
export const IS_SYNCING_REVISION = '2024-07-01';
/** The config file a timed rollback returns to: the running config as it is when the timer is armed. */
export const REVERT_TARGET = 'system:running-config';

export function isSyncingOffered(caps: Pick<Capabilities, 'modules'>): boolean {
  const revision = caps.modules.get(CISCO_IA_MODULE)?.revision;
  return revision !== undefined && revision >= IS_SYNCING_REVISION;
}

export function isSyncingBody(): string {
  return `<is-syncing xmlns="${CISCO_IA_NS}"/>`;
}

/** Arms the timed rollback: replaces running with itself and reverts to it unless accepted in `minutes`. */
export function revertArmBody(minutes: number): string {
  return `<rollback xmlns="${CISCO_IA_NS}"><target-url>${REVERT_TARGET}</target-url><revert-timer>${minutes}</revert-timer></rollback>`;
}

/** Accepts the verified edit: the same replace without a timer, which ends the pending timed rollback. */
export function revertAcceptBody(): string {
  return `<rollback xmlns="${CISCO_IA_NS}"><target-url>${REVERT_TARGET}</target-url></rollback>`;
}

/** Ends the pending timed rollback by rolling back at once (after a failed edit or verify). */
export function revertNowBody(): string {
  return `<revert xmlns="${CISCO_IA_NS}"><now/></revert>`;
}

/**
 * Whether an is-syncing reply says a sync is in progress or pending. A reply without those leaves
 * (e.g. a bare `<ok/>`) is not syncing.
 */
export async function parseSyncing(replyXml: string): Promise<boolean> {
  if (replyXml.trim() === '') return false;
  const reply = await parseRootNamed(replyXml, 'rpc-reply');
  const flag = (name: string): boolean => (child(reply, name)?.text.trim() ?? '') === 'true';
  return flag('syncing') || flag('syncs-pending');
}

/** The device kept syncing for the whole wait: writes would be refused; retry later. */
export class DeviceSyncingError extends IntentdError {
  constructor(waitedMs: number) {
    super('DeviceBusy', `device is still syncing its CLI and NETCONF datastores after ${Math.round(waitedMs / 1000)} s`, { retryable: true });
  }
}

/** `lock-denied` with session-id 0 on the candidate: the candidate holds uncommitted changes, no session holds the lock. */
export function isDirtyCandidateLock(err: unknown): boolean {
  return err instanceof NetconfRpcError && err.errors.some((e) => e.tag === 'lock-denied' && (e.info['session-id'] ?? '').trim() === '0');
}
