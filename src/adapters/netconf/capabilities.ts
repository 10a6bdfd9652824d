/**
 * What a server's `<hello>` offers (RFC 6241 §8). Flags compare the capability URI without its
 * `?query`; YANG modules come from `?module=..&revision=..` URIs (RFC 6020 §5.6.4).
 */
export interface Capabilities {
  uris: string[];
  base11: boolean;
  candidate: boolean;
  confirmedCommit: boolean;
  validate: boolean;
  rollbackOnError: boolean;
  writableRunning: boolean;
  startup: boolean;
  modules: Map<string, { namespace: string; revision?: string }>;
  /** True when some URI starts with `uriPrefix`. */
  has(uriPrefix: string): boolean;
}

export const BASE_10 = 'urn:ietf:params:netconf:base:1.0';
export const BASE_11 = 'urn:ietf:params:netconf:base:1.1';
const CAP = 'urn:ietf:params:netconf:capability:';

export function parseCapabilities(uris: string[]): Capabilities {
  const clean = uris.map((u) => u.trim()).filter((u) => u.length > 0);
  const bases = new Set(clean.map((u) => u.split('?')[0] ?? u));
  const any = (...names: string[]): boolean => names.some((n) => bases.has(n));
  return {
    uris: clean,
    base11: any(BASE_11),
    candidate: any(`${CAP}candidate:1.0`),
    confirmedCommit: any(`${CAP}confirmed-commit:1.0`, `${CAP}confirmed-commit:1.1`),
    validate: any(`${CAP}validate:1.0`, `${CAP}validate:1.1`),
    rollbackOnError: any(`${CAP}rollback-on-error:1.0`),
    writableRunning: any(`${CAP}writable-running:1.0`),
    startup: any(`${CAP}startup:1.0`),
    modules: modulesOf(clean),
    has: (prefix) => clean.some((u) => u.startsWith(prefix)),
  };
}

function modulesOf(uris: string[]): Map<string, { namespace: string; revision?: string }> {
  const modules = new Map<string, { namespace: string; revision?: string }>();
  for (const uri of uris) {
    const q = uri.indexOf('?');
    if (q === -1) continue;
    const params = new URLSearchParams(uri.slice(q + 1));
    const name = params.get('module');
    if (!name) continue;
    const revision = params.get('revision');
    modules.set(name, revision ? { namespace: uri.slice(0, q), revision } : { namespace: uri.slice(0, q) });
  }
  return modules;
}
