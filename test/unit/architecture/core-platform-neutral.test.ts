import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const CORE = join(import.meta.dirname, '../../../src/core');

/** IOS-XE interface names and list names: they belong in src/adapters/platforms/iosxe, never in core. */
const IOSXE_NAMES = /GigabitEthernet|[A-Za-z]+GigE\b|Port-channel|\bGi[0-9]/;

function coreFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    return e.isDirectory() ? coreFiles(path) : e.name.endsWith('.ts') ? [path] : [];
  });
}

describe('core knows no platform', () => {
  it('has no IOS-XE interface name in any src/core file (code, messages or comments)', () => {
    const files = coreFiles(CORE);
    expect(files.length).toBeGreaterThan(5);
    const hits = files.flatMap((f) =>
      readFileSync(f, 'utf8')
        .split('\n')
        .flatMap((line, i) => (IOSXE_NAMES.test(line) ? [`${f.slice(CORE.length + 1)}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(hits).toEqual([]);
  });
});
