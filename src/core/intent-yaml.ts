import { Document, isCollection, parseDocument, Scalar, visit } from 'yaml';
import type { ErrorObject } from 'ajv';
import { intentSchemaValidator } from './intent-schema.js';
import { ValidationError } from './errors.js';
import { intentProblems } from './intent-checks.js';
import { compareInterfaceNames, compressVlanRanges, expandVlanRanges, normalizeAllowedVlans } from './normalize.js';
import type { PlatformRules } from './platform-rules.js';
import type { DeviceIntent, IntentSource, InterfaceIntent, InterfaceMode } from './types.js';

/** Largest intent file accepted: a file this big is a mistake or an attack. */
export const MAX_INTENT_BYTES = 1024 * 1024;
const MAX_ALIASES = 50;

/** The on-disk (YAML) shape of one interface: snake_case keys, provenance under `netbox`. */
export interface RawInterface {
  description?: string | null;
  enabled?: boolean;
  mtu?: number | null;
  mode?: InterfaceMode;
  access_vlan?: number | null;
  native_vlan?: number | null;
  allowed_vlans?: 'all' | null | Array<number | string>;
  ipv4?: string | null;
  ticket?: string | number | null;
  netbox?: { id?: number; last_updated?: string; mgmt_only?: boolean; adopted?: boolean };
}

/** An intent file's document as YAML holds it. */
export interface RawIntent {
  device: string;
  interfaces: Record<string, RawInterface>;
}

/** `/interfaces/Ethernet1~12/mtu` → `interfaces.Ethernet1/2.mtu`. */
function readablePath(pointer: string): string {
  const parts = pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  return parts.length === 0 ? '(root)' : parts.join('.');
}

const PATTERN_HINTS: Record<string, string> = {
  device: 'must be letters, digits, . _ - (max 64, no "..")',
  description: 'must not contain control characters',
  ipv4: 'must be a.b.c.d/len with octets 0-255 and len 0-32',
  ticket: 'must be letters, digits, . _ - (max 64), start with a letter or digit, without "..", a trailing "." or a ".lock" suffix',
};

const ANYOF_HINTS: Record<string, string> = {
  access_vlan: 'must be a VLAN id 1-4094 or null',
  native_vlan: 'must be a VLAN id 1-4094 or null',
  allowed_vlans: "must be 'all', null, or a list of VLAN ids 1-4094 / ranges \"a-b\"",
};

/** ajv errors → `file: path: reason`, with one readable line per problem. */
function schemaProblems(errors: ErrorObject[], file: string): string[] {
  const anyOfPaths = errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath);
  const under = (p: string): boolean => anyOfPaths.some((a) => p === a || p.startsWith(`${a}/`));
  const lines = new Set<string>();
  for (const e of errors) {
    if (e.keyword === 'propertyNames') continue;
    if (e.keyword !== 'anyOf' && under(e.instancePath)) continue;
    if (anyOfPaths.some((a) => e.keyword === 'anyOf' && a !== e.instancePath && e.instancePath.startsWith(`${a}/`))) continue;
    const path = readablePath(e.instancePath);
    const field = path.split('.').at(-1) ?? path;
    const name = (e as { propertyName?: string }).propertyName;
    let reason = e.message ?? e.keyword;
    if (name !== undefined) {
      lines.add(`${file}: ${path}.${name}: not an interface name (a type followed by numbers, such as Name1/0/2 or Name10)`);
      continue;
    }
    if (e.keyword === 'anyOf') reason = ANYOF_HINTS[field] ?? reason;
    if (e.keyword === 'pattern') reason = PATTERN_HINTS[field] ?? reason;
    if (e.keyword === 'additionalProperties') reason = `unknown field '${String(e.params.additionalProperty)}'`;
    if (e.keyword === 'enum') reason = `must be one of ${(e.params.allowedValues as unknown[]).join(', ')}`;
    lines.add(`${file}: ${path}: ${reason}`);
  }
  return [...lines];
}

function fail(file: string, problems: string[], cause?: unknown): never {
  throw new ValidationError(`${file}: invalid intent`, problems, cause === undefined ? {} : { cause });
}

function toInterface(name: string, r: RawInterface, file: string): InterfaceIntent {
  const i: InterfaceIntent = { name };
  if (r.description !== undefined) i.description = r.description;
  if (r.enabled !== undefined) i.enabled = r.enabled;
  if (r.mtu !== undefined) i.mtu = r.mtu;
  if (r.mode !== undefined) i.mode = r.mode;
  if (r.access_vlan !== undefined) i.accessVlan = r.access_vlan;
  if (r.native_vlan !== undefined) i.nativeVlan = r.native_vlan;
  if (r.allowed_vlans !== undefined) {
    const where = `${file}: interfaces.${name}.allowed_vlans`;
    const a = r.allowed_vlans;
    i.allowedVlans = Array.isArray(a) ? normalizeAllowedVlans(expandVlanRanges(a, where)) : a;
  }
  if (r.ipv4 !== undefined) i.ipv4 = r.ipv4;
  if (r.ticket !== undefined) i.ticket = r.ticket === null ? null : String(r.ticket);
  if (r.netbox !== undefined) {
    const s: IntentSource = {};
    if (r.netbox.id !== undefined) s.netboxId = r.netbox.id;
    if (r.netbox.last_updated !== undefined) s.lastUpdated = r.netbox.last_updated;
    if (r.netbox.mgmt_only !== undefined) s.mgmtOnly = r.netbox.mgmt_only;
    if (r.netbox.adopted !== undefined) s.adopted = r.netbox.adopted;
    i.source = s;
  }
  return i;
}

/**
 * Parses and validates one intent file. `file` names it in every problem line (`file: path: reason`).
 * With `expectDevice`, the `device:` field must match it (the file name). Throws ValidationError
 * for oversize input, YAML errors, alias bombs, schema and cross-field violations. With `rules`
 * (the device's platform), also for what that platform cannot take (intentProblems). Pure.
 */
export function parseIntentYaml(text: string, file: string, opts: { expectDevice?: string; rules?: PlatformRules } = {}): DeviceIntent {
  if (Buffer.byteLength(text, 'utf8') > MAX_INTENT_BYTES) fail(file, [`${file}: (root): larger than ${MAX_INTENT_BYTES} bytes`]);
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) fail(file, doc.errors.map((e) => `${file}: ${e.message.split('\n')[0] ?? e.message}`));
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (err) {
    fail(file, [`${file}: (root): ${(err as Error).message}`], err);
  }
  return fromRaw(raw, file, opts);
}

/** A parsed file's JS value → the intent: schema, file name, canonical form (sorted, VLANs expanded), cross-field rules. */
function fromRaw(raw: unknown, file: string, opts: { expectDevice?: string; rules?: PlatformRules }): DeviceIntent {
  const validate = intentSchemaValidator();
  if (!validate(raw)) fail(file, schemaProblems(validate.errors ?? [], file));
  const r = raw as RawIntent;
  if (opts.expectDevice !== undefined && r.device !== opts.expectDevice) {
    fail(file, [`${file}: device: '${r.device}' does not match the file name (expected '${opts.expectDevice}')`]);
  }
  const intent: DeviceIntent = {
    device: r.device,
    interfaces: Object.entries(r.interfaces)
      .map(([name, ri]) => toInterface(name, ri, file))
      .sort((a, b) => compareInterfaceNames(a.name, b.name)),
  };
  const problems = intentProblems(intent, file, opts.rules ?? null);
  if (problems.length > 0) fail(file, problems);
  return intent;
}

/**
 * The intent exactly as its canonical file (serializeIntent) parses back, validated like a file, without
 * the YAML round trip: the same raw shape serializeIntent writes goes through the same checks and
 * conversion as a parsed file. Throws ValidationError as parseIntentYaml does. Pure.
 */
export function canonicalIntent(intent: DeviceIntent, file: string, opts: { expectDevice?: string; rules?: PlatformRules } = {}): DeviceIntent {
  const raw = rawIntent(intent);
  // Through JSON, as a file would hold it: no shared objects, no undefined, no class instances.
  return fromRaw(JSON.parse(JSON.stringify(raw)) as unknown, file, opts);
}

/**
 * Checks an intent built in code (e.g. mapped from NetBox) by the same schema and cross-field rules as
 * a file, without a YAML round trip; `rules` as in parseIntentYaml (null: platform-independent checks
 * only). Throws ValidationError naming `file`, the field path and the reason.
 */
export function validateIntent(intent: DeviceIntent, file: string, rules: PlatformRules | null): void {
  const raw: RawIntent = { device: intent.device, interfaces: {} };
  for (const i of intent.interfaces) raw.interfaces[i.name] = toRaw(i);
  const validate = intentSchemaValidator();
  if (!validate(raw)) fail(file, schemaProblems(validate.errors ?? [], file));
  const problems = intentProblems(intent, file, rules);
  if (problems.length > 0) fail(file, problems);
}

/** The raw document of an intent (file field names), interfaces in natural order. */
export function rawIntent(intent: DeviceIntent): RawIntent {
  const raw: RawIntent = { device: intent.device, interfaces: {} };
  for (const i of [...intent.interfaces].sort((a, b) => compareInterfaceNames(a.name, b.name))) raw.interfaces[i.name] = toRaw(i);
  return raw;
}

function toRaw(i: InterfaceIntent): RawInterface {
  const r: RawInterface = {};
  if (i.description !== undefined) r.description = i.description;
  if (i.enabled !== undefined) r.enabled = i.enabled;
  if (i.mtu !== undefined) r.mtu = i.mtu;
  if (i.mode !== undefined) r.mode = i.mode;
  if (i.accessVlan !== undefined) r.access_vlan = i.accessVlan;
  if (i.nativeVlan !== undefined) r.native_vlan = i.nativeVlan;
  if (i.allowedVlans !== undefined) {
    const a = normalizeAllowedVlans(i.allowedVlans);
    r.allowed_vlans = Array.isArray(a) ? compressVlanRanges(a) : a;
  }
  if (i.ipv4 !== undefined) r.ipv4 = i.ipv4;
  if (i.ticket !== undefined) r.ticket = i.ticket;
  const s = i.source;
  if (s && (s.netboxId !== undefined || s.lastUpdated !== undefined || s.mgmtOnly !== undefined || s.adopted !== undefined)) {
    r.netbox = {};
    if (s.netboxId !== undefined) r.netbox.id = s.netboxId;
    if (s.lastUpdated !== undefined) r.netbox.last_updated = s.lastUpdated;
    if (s.mgmtOnly !== undefined) r.netbox.mgmt_only = s.mgmtOnly;
    if (s.adopted !== undefined) r.netbox.adopted = s.adopted;
  }
  return r;
}

/**
 * Canonical YAML for an intent: `device`, then `interfaces` in natural order, each with fields in
 * MANAGED_FIELDS order then `netbox`; allowed VLANs sorted, de-duplicated, runs of 3+ as "a-b".
 * Byte-identical for equal input. Does not validate (parseIntentYaml does). Pure.
 *
 * The text is what `canonicalYaml` makes of the whole document, built from one block per interface:
 * a block-style map's text is its entries' texts in order, and each entry's text depends only on the
 * entry (lineWidth 0: no folding; toRaw makes fresh objects: no anchors). Blocks are kept in a
 * small cache, so a commit that changes one interface of a large device serializes one interface.
 */
export function serializeIntent(intent: DeviceIntent): string {
  const raw = rawIntent(intent);
  const head = canonicalYaml({ device: raw.device, interfaces: {} });
  const names = Object.keys(raw.interfaces);
  if (names.length === 0) return head;
  const blocks = names.map((n) => interfaceBlock(n, raw.interfaces[n] as RawInterface));
  return `${head.slice(0, head.lastIndexOf('interfaces:'))}interfaces:\n${blocks.join('')}`;
}

const BLOCK_CACHE = 4096;
const blockCache = new Map<string, string>();

/** One interface's lines under `interfaces:` (indented), as the whole document would hold them. */
function interfaceBlock(name: string, raw: RawInterface): string {
  const key = `${name}\u0000${JSON.stringify(raw)}`;
  const known = blockCache.get(key);
  if (known !== undefined) return known;
  const text = canonicalYaml({ device: '', interfaces: { [name]: raw } });
  const block = text.slice(text.indexOf('\ninterfaces:\n') + '\ninterfaces:\n'.length);
  blockCache.set(key, block);
  if (blockCache.size > BLOCK_CACHE) blockCache.delete(blockCache.keys().next().value as string);
  return block;
}

/** The canonical text of a raw intent document, serialized whole (serializeIntent's reference). */
export function canonicalYaml(raw: RawIntent): string {
  const doc = new Document(raw);
  for (const name of Object.keys(raw.interfaces)) {
    for (const key of ['netbox', 'allowed_vlans']) {
      const node = doc.getIn(['interfaces', name, key], true);
      if (isCollection(node)) node.flow = true;
    }
  }
  // Timestamps and "a-b" ranges are strings: quote them so no YAML reader takes them for dates or numbers.
  visit(doc, {
    Scalar(key, node) {
      const v = node.value;
      if (key !== 'key' && typeof v === 'string' && /^[0-9]/.test(v) && !v.includes('/')) node.type = Scalar.QUOTE_DOUBLE;
    },
  });
  return doc.toString({ lineWidth: 0, flowCollectionPadding: true });
}
