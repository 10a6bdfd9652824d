import { Ajv, type ValidateFunction } from 'ajv';
import { parseDocument, stringify } from 'yaml';
// Bundled as a module like the intent schema: validating a policy never reads a file.
import schema from '../../schemas/policy.schema.json' with { type: 'json' };
import { changePolicyProblems } from './change-policy.js';
import { isDeviceName } from './device-name.js';
import { ValidationError } from './errors.js';

/** Where policy.yaml lives in the intent repository. */
export const POLICY_PATH = 'policy.yaml';

/** Why and by whom something is suspended: read and reported, never written. */
export interface Suspension {
  reason: string;
  by: string;
  /** ISO 8601. */
  at: string;
}

/**
 * The intent repository's `policy.yaml`: a mapping with room for more sections (the change-policy
 * issue grows it). Today: `suspended.fleet` and `suspended.devices.<device>`.
 */
export interface Policy {
  suspended?: { fleet?: Suspension; devices?: Record<string, Suspension> };
  /** How a change over many devices lands (CLI fleet apply, and the daemon's applies after one sync pass). */
  rollout?: { batchSize?: number; stopOnFailure?: boolean };
  [section: string]: unknown;
}

/** Whom a suspend or resume is about: one device, or the whole fleet (null). */
export type PolicyTarget = string | null;

let compiled: ValidateFunction | undefined;
const validator = (): ValidateFunction => (compiled ??= new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(schema));

/**
 * Parses and validates policy.yaml text (schemas/policy.schema.json). An empty file is an empty
 * policy. Throws ValidationError with `path: problem` lines for bad YAML or a schema violation. Pure.
 */
export function parsePolicyYaml(text: string, label = POLICY_PATH): Policy {
  const doc = parseDocument(text, { prettyErrors: false });
  if (doc.errors.length > 0) throw new ValidationError(`${label}: not valid YAML`, doc.errors.map((e) => `${label}: ${e.message}`));
  const value: unknown = doc.toJS() ?? {};
  const validate = validator();
  if (!validate(value)) {
    const problems = (validate.errors ?? []).map((e) => `${label}: ${e.instancePath || '(root)'}: ${e.message ?? e.keyword}`);
    throw new ValidationError(`${label}: invalid policy`, problems);
  }
  // What the schema cannot say: cron expressions, time zones, durations (change-policy.ts).
  const semantic = changePolicyProblems(value as Policy).map((p) => `${label}: ${p}`);
  if (semantic.length > 0) throw new ValidationError(`${label}: invalid policy`, semantic);
  return value as Policy;
}

export function serializePolicy(p: Policy): string {
  return stringify(p, { lineWidth: 0 });
}

/** The suspension that holds for the device (its own first, else the fleet's), or null. Pure. */
export function suspensionOf(p: Policy, device: string): Suspension | null {
  return p.suspended?.devices?.[device] ?? p.suspended?.fleet ?? null;
}

/**
 * A copy of `p` with the target suspended (`s`) or resumed (null); other sections are kept as they
 * are. Throws ValidationError for an invalid device name. Pure.
 */
export function withSuspension(p: Policy, target: PolicyTarget, s: Suspension | null): Policy {
  if (target !== null && !isDeviceName(target)) throw new ValidationError(`invalid device name '${target}'`);
  const next = structuredClone(p);
  const suspended = { ...(next.suspended ?? {}) };
  if (target === null) {
    if (s) suspended.fleet = s;
    else delete suspended.fleet;
  } else {
    const devices = { ...(suspended.devices ?? {}) };
    if (s) devices[target] = s;
    else delete devices[target];
    if (Object.keys(devices).length > 0) suspended.devices = devices;
    else delete suspended.devices;
  }
  if (Object.keys(suspended).length > 0) next.suspended = suspended;
  else delete next.suspended;
  return next;
}

/** Whether the target is suspended in its own right (a device's own entry, or the fleet's). */
export function isTargetSuspended(p: Policy, target: PolicyTarget): boolean {
  return target === null ? p.suspended?.fleet !== undefined : p.suspended?.devices?.[target] !== undefined;
}

/**
 * The rollout in force: flags first, then policy.yaml's `rollout`, else one device at a time and stop
 * at the first failure. Pure.
 */
export function rolloutOf(p: Policy, flags: { batchSize?: number; stopOnFailure?: boolean } = {}): { batchSize: number; stopOnFailure: boolean } {
  return { batchSize: flags.batchSize ?? p.rollout?.batchSize ?? 1, stopOnFailure: flags.stopOnFailure ?? p.rollout?.stopOnFailure ?? true };
}
