import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The reference samples in the steering repo's `shared/reference/samples`. CI clones the repo with a copy of
 * `shared/` beside it, so it is looked up next to the checkout first; `INTENTD_SHARED_DIR` overrides.
 */
function samplesDir(): string {
  const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
  const candidates = [process.env.INTENTD_SHARED_DIR, join(repoRoot, '../shared'), '/work/shared'].filter((d): d is string => !!d);
  const found = candidates.map((d) => join(d, 'reference/samples')).find((d) => existsSync(d));
  if (!found) throw new Error(`shared/reference/samples not found (looked in ${candidates.join(', ')}); set INTENTD_SHARED_DIR`);
  return found;
}

export const SAMPLES = samplesDir();
