import { readFileSync, existsSync } from 'node:fs';
import { hostname } from 'node:os';
import cron from 'node-cron';
import { parseDocument } from 'yaml';
import { ConfigError } from '../core/errors.js';
import { PLATFORMS } from '../adapters/platforms/registry.js';
import { defaultConfig } from './defaults.js';
import { formatSchemaErrors, validatorFor } from './schemas.js';
import type { ClusterConfig, Config } from './types.js';

export type Env = Record<string, string | undefined>;

/** Exit code for an invalid configuration (sysexits EX_CONFIG). */
export const EXIT_CONFIG = 78;

/** Largest config file read; a YAML bomb or a mistaken path fails fast. */
const MAX_CONFIG_BYTES = 256 * 1024;

/**
 * Where the config comes from: `-c FILE`, else `$INTENTD_CONFIG`, else `./intentd.yaml`.
 * Returns null when none of them names a file that exists and none was asked for explicitly.
 */
export function resolveConfigPath(flag: string | undefined, env: Env): string | null {
  if (flag) return flag;
  if (env.INTENTD_CONFIG) return env.INTENTD_CONFIG;
  return existsSync('intentd.yaml') ? 'intentd.yaml' : null;
}

/** Replaces `${NAME}` (and `${NAME:-default}`) in every string; an unset variable is an error. */
export function interpolate(value: unknown, env: Env, path: string, problems: string[]): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g, (_m, name: string, dflt?: string) => {
      const v = env[name];
      if (v !== undefined && v !== '') return v;
      if (dflt !== undefined) return dflt;
      problems.push(`${path}: environment variable ${name} is not set`);
      return '';
    });
  }
  if (Array.isArray(value)) return value.map((v, i) => interpolate(v, env, `${path}/${i}`, problems));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, interpolate(v, env, `${path}/${k}`, problems)]),
    );
  }
  return value;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Deep merge for plain objects; arrays and scalars replace. */
export function merge<T>(base: T, over: unknown): T {
  if (!isObject(base) || !isObject(over)) return (over === undefined ? base : over) as T;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    if (v === undefined) continue;
    // deviceFilter and overrides are whole maps chosen by the user, not merged with defaults.
    out[k] = k === 'deviceFilter' || k === 'overrides' ? v : merge(out[k], v);
  }
  return out as T;
}

/** Secrets may come from env: INTENTD_NETBOX_TOKEN, ..., or a file named by the same name + `_FILE`. */
const SECRET_ENV: Array<[string, string[]]> = [
  ['INTENTD_NETBOX_URL', ['netbox', 'url']],
  ['INTENTD_NETBOX_TOKEN', ['netbox', 'token']],
  ['INTENTD_NETBOX_WEBHOOK_SECRET', ['netbox', 'webhookSecret']],
  ['INTENTD_DEVICE_USERNAME', ['devices', 'defaults', 'username']],
  ['INTENTD_DEVICE_PASSWORD', ['devices', 'defaults', 'password']],
  ['INTENTD_WEBEX_TOKEN', ['webex', 'token']],
  ['INTENTD_WEBEX_WEBHOOK_SECRET', ['webex', 'webhookSecret']],
  ['INTENTD_INTENT_REPO', ['intent', 'repo']],
  ['INTENTD_LISTEN', ['http', 'listen']],
  ['INTENTD_API_TOKEN', ['http', 'apiToken']],
];

function envOverrides(env: Env, problems: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, path] of SECRET_ENV) {
    let value = env[name];
    const file = env[`${name}_FILE`];
    if (value === undefined && file) {
      try {
        value = readFileSync(file, 'utf8').trim();
      } catch (err) {
        problems.push(`${name}_FILE: cannot read ${file}: ${(err as Error).message}`);
      }
    }
    if (value === undefined) continue;
    if (path[0] === 'webex' && !isObject(out.webex)) out.webex = {};
    let node = out;
    for (const key of path.slice(0, -1)) {
      if (!isObject(node[key])) node[key] = {};
      node = node[key] as Record<string, unknown>;
    }
    node[path[path.length - 1] as string] = value;
  }
  return out;
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

/**
 * `devices.protectedInterfaces` in canonical form (`Gi1/0/48`, `gigabitethernet1/0/48 ` →
 * `GigabitEthernet1/0/48`), de-duplicated, with the same platform rules as NetBox, intent and the
 * CLI: the planner compares canonical names, so a raw entry would protect nothing. An entry is kept
 * in the canonical form of every registered platform that can name it; a name none can is a problem.
 */
function expandProtected(entries: readonly string[], source: string, problems: string[]): string[] {
  const out = new Set<string>();
  entries.forEach((entry, i) => {
    const forms = Object.values(PLATFORMS).flatMap(({ rules }) => {
      try {
        return [rules.normalizeName(entry.trim())];
      } catch {
        return [];
      }
    });
    for (const f of forms) out.add(f);
    if (forms.length === 0) {
      problems.push(`${source}: /devices/protectedInterfaces/${i}: ${JSON.stringify(entry)} is not an interface name (e.g. GigabitEthernet1/0/1, Gi1/0/1)`);
    }
  });
  return [...out];
}

export interface LoadOptions {
  env?: Env;
  /** Overrides from CLI flags, applied last. */
  overrides?: Record<string, unknown>;
}

/** Parses and validates config text; `source` names the file in errors. Throws ConfigError. */
export function parseConfig(text: string, source: string, opts: LoadOptions = {}): Config {
  const env = opts.env ?? process.env;
  const problems: string[] = [];
  let raw: unknown = {};
  if (text.trim() !== '') {
    const doc = parseDocument(text, { prettyErrors: true });
    if (doc.errors.length > 0) {
      throw new ConfigError(`${source}: invalid YAML`, doc.errors.map((e) => `${source}: ${e.message}`));
    }
    try {
      raw = doc.toJS({ maxAliasCount: 100 }) ?? {};
    } catch (err) {
      throw new ConfigError(`${source}: invalid YAML`, [`${source}: ${(err as Error).message}`], { cause: err });
    }
  }
  if (!isObject(raw)) throw new ConfigError(`${source}: the top level must be a mapping`, [`${source}: (root): must be object`]);
  const interpolated = interpolate(raw, env, '', problems);
  const fromEnv = envOverrides(env, problems);
  const validate = validatorFor('config.schema.json');
  for (const [label, layer] of [[source, interpolated], ['environment', fromEnv], ['flags', opts.overrides ?? {}]] as const) {
    if (!validate(layer)) problems.push(...formatSchemaErrors(validate.errors).map((p) => `${label}: ${p}`));
  }
  if (problems.length > 0) throw new ConfigError(`${source}: invalid configuration`, problems);
  const merged = merge(merge(merge(defaultConfig(), interpolated), fromEnv), opts.overrides ?? {});
  for (const [path, expr] of [['/netbox/poll', merged.netbox.poll], ['/reconcile/resync', merged.reconcile.resync]] as const) {
    if (expr !== null && !cron.validate(expr)) problems.push(`${source}: ${path}: not a valid cron expression: ${JSON.stringify(expr)}`);
  }
  merged.devices.protectedInterfaces = expandProtected(merged.devices.protectedInterfaces, source, problems);
  if (problems.length > 0) throw new ConfigError(`${source}: invalid configuration`, problems);
  if (merged.webex && !merged.webex.roomId && !merged.webex.toPersonEmail) {
    throw new ConfigError(`${source}: invalid configuration`, [`${source}: /webex: needs roomId or toPersonEmail`]);
  }
  if (merged.cluster) merged.cluster = clusterDefaults(merged.cluster, merged.intent.remote, source);
  if (merged.webex) merged.webex = merge({ baseUrl: 'https://webexapis.com/v1', token: '', maxQueue: 1000, rejectedInputWindowMs: 600_000, approvers: [], incidentQuietMs: 600_000 }, merged.webex);
  return deepFreeze(merged);
}

/** The cluster section with its defaults; a cluster needs a shared intent remote. Throws ConfigError. */
function clusterDefaults(c: Partial<ClusterConfig> & Pick<ClusterConfig, 'etcd'>, remote: string | null, source: string): ClusterConfig {
  if (!remote) throw new ConfigError(`${source}: invalid configuration`, [`${source}: /intent/remote: required with a cluster section (every replica clones the same remote)`]);
  return {
    etcd: { endpoints: c.etcd.endpoints, prefix: c.etcd.prefix ?? 'intentd/' },
    replicaId: c.replicaId ?? hostname(),
    leaseTtlSec: c.leaseTtlSec ?? 10,
    pins: c.pins ?? {},
  };
}

/** Loads the config from `path` (or defaults only when path is null). Throws ConfigError. */
export function loadConfig(path: string | null, opts: LoadOptions = {}): Config {
  if (path === null) return parseConfig('', 'defaults', opts);
  let text: string;
  try {
    const buf = readFileSync(path);
    if (buf.length > MAX_CONFIG_BYTES) throw new ConfigError(`${path}: config file is larger than ${MAX_CONFIG_BYTES} bytes`);
    text = buf.toString('utf8');
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    throw new ConfigError(`${path}: cannot read config: ${(err as Error).message}`, [], { cause: err });
  }
  return parseConfig(text, path, opts);
}
