import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';

/** One parsed Kubernetes object, loosely typed: the test checks the fields it reads. */
export type K8sObject = { apiVersion: string; kind: string; metadata: { name: string; labels?: Record<string, string> }; [k: string]: unknown };

/** Every `*.yaml` under `dir`, each document parsed; throws on a YAML error, naming the file. */
export function loadManifests(dir: string): { file: string; objects: K8sObject[] }[] {
  const files: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.yaml') || name.endsWith('.yml')) files.push(p);
    }
  };
  walk(dir);
  return files.map((p) => {
    const docs = parseAllDocuments(readFileSync(p, 'utf8'));
    if (!Array.isArray(docs)) throw new Error(`${p}: not YAML documents`);
    const errors = docs.flatMap((d) => d.errors.map((e) => e.message));
    if (errors.length > 0) throw new Error(`${p}: ${errors.join('; ')}`);
    const objects = docs.map((d) => d.toJS() as K8sObject | null).filter((o): o is K8sObject => o !== null);
    return { file: relative(dir, p), objects };
  });
}

/** Files reachable from `dir`/kustomization.yaml through `resources` (files and sub-kustomizations). */
export function kustomizeResources(dir: string, at = ''): string[] {
  const k = loadManifests(join(dir, at)).find((f) => f.file === 'kustomization.yaml')?.objects[0] as { resources?: string[] } | undefined;
  if (!k) throw new Error(`${join(dir, at)}: no kustomization.yaml`);
  return (k.resources ?? []).flatMap((r) => {
    const path = join(at, r);
    return statSync(join(dir, path)).isDirectory() ? [join(path, 'kustomization.yaml'), ...kustomizeResources(dir, path)] : [path];
  });
}

/**
 * The `ENV` of the Dockerfile's last stage (the runtime image) and the uid its `useradd --uid` gives
 * the user it switches to: what a pod of that image starts with.
 */
export function dockerRuntime(path: string): { env: Record<string, string>; uid: number } {
  const lines = readFileSync(path, 'utf8').replace(/\\\n/g, ' ').split('\n');
  const stage = lines.slice(lines.map((l) => /^FROM\s/i.test(l)).lastIndexOf(true));
  const env: Record<string, string> = {};
  for (const line of stage.filter((l) => /^ENV\s/i.test(l))) {
    for (const m of line.slice(4).matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|\S+)/g)) env[m[1] as string] = (m[2] as string).replace(/^"|"$/g, '');
  }
  const uid = /--uid\s+(\d+)/.exec(stage.join('\n'))?.[1];
  if (uid === undefined) throw new Error(`${path}: no useradd --uid in the runtime stage`);
  return { env, uid: Number(uid) };
}

/** Whether every label of `selector` is on `labels` (a Service or PDB selecting those pods). */
export function selects(selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  if (!selector || Object.keys(selector).length === 0) return false;
  return Object.entries(selector).every(([k, v]) => labels?.[k] === v);
}
