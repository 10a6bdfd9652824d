import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint();

async function problems(filePath: string, code: string): Promise<string[]> {
  const [r] = await eslint.lintText(code, { filePath });
  return (r?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('dependency direction (eslint)', () => {
  it.each([
    "import { validatorFor } from '../config/schemas.js';",
    "import { GitRunner } from '../adapters/git/git-run.js';",
    "import { sleep } from '../runtime/backoff.js';",
    "import { readFileSync } from 'node:fs';",
    "import { readFile } from 'fs/promises';",
    "import { execFile } from 'node:child_process';",
    "import { request } from 'node:https';",
  ])('refuses in src/core: %s', async (line) => {
    expect(await problems('src/core/example.ts', `${line}\nexport {};\n`)).toHaveLength(1);
  });

  it('lets core import core and pure libraries', async () => {
    expect(await problems('src/core/example.ts', "import { ValidationError } from './errors.js';\nimport { parseDocument } from 'yaml';\nexport { ValidationError, parseDocument };\n")).toEqual([]);
  });

  it('refuses a controller import in an adapter, allows it in a source', async () => {
    const line = "import { IntentSyncReconciler } from '../../controllers/intent-sync.js';\nexport { IntentSyncReconciler };\n";
    expect(await problems('src/adapters/git/example.ts', line)).toHaveLength(1);
    expect(await problems('src/sources/example.ts', line.replace('../../', '../'))).toEqual([]);
  });
});
