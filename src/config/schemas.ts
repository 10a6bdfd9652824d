import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS; under nodenext its default import is the module object.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/** The `schemas/` folder of the package, found from this file whether run from src/ or dist/src/. */
export function schemasDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'schemas');
    if (existsSync(join(candidate, 'config.schema.json'))) return candidate;
    dir = dirname(dir);
  }
  throw new Error('schemas/ folder not found next to the intentd package');
}

const cache = new Map<string, ValidateFunction>();

/** A compiled validator for `schemas/<name>`, compiled once per process. */
export function validatorFor(name: string): ValidateFunction {
  const hit = cache.get(name);
  if (hit) return hit;
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
  addFormats(ajv);
  const schema = JSON.parse(readFileSync(join(schemasDir(), name), 'utf8')) as object;
  const validate = ajv.compile(schema);
  cache.set(name, validate);
  return validate;
}

/** Turns ajv errors into `path: reason` lines a person can act on. */
export function formatSchemaErrors(errors: ErrorObject[] | null | undefined, root = ''): string[] {
  return (errors ?? []).map((e) => {
    const path = `${root}${e.instancePath}` || '(root)';
    const extra =
      e.keyword === 'additionalProperties'
        ? ` '${String((e.params as { additionalProperty?: string }).additionalProperty)}'`
        : e.keyword === 'enum'
          ? ` (${((e.params as { allowedValues?: unknown[] }).allowedValues ?? []).join(', ')})`
          : '';
    return `${path}: ${e.message ?? e.keyword}${extra}`;
  });
}
