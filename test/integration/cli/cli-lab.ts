import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { Lab } from '../../../src/lab/lab.js';

/** c9300's intent as an operator commits it by hand: one managed description. */
export const CLI_INTENT = 'device: c9300\ninterfaces:\n  GigabitEthernet1/0/2:\n    description: from the CLI\n';

export const git = (cwd: string, ...args: string[]): string =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.test', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8' }).trim();

export interface CliLab {
  lab: Lab;
  dir: string;
  /** An intent repo with one operator commit of CLI_INTENT. */
  repo: string;
  io: { out: (s: string) => void; err: (s: string) => void };
}

/** For a CLI test file: a simulated lab and a fresh intent repo per test, both removed afterwards. */
export function useCliLab(prefix: string, labOptions: { devices?: number } = {}): CliLab {
  const ctx = { io: { out: () => undefined, err: () => undefined } } as unknown as CliLab;
  beforeEach(async () => {
    ctx.lab = await Lab.start(labOptions);
    ctx.dir = mkdtempSync(join(tmpdir(), `intentd-${prefix}-`));
    ctx.repo = join(ctx.dir, 'intent');
    mkdirSync(join(ctx.repo, 'devices'), { recursive: true });
    git(ctx.repo, 'init', '-q', '-b', 'main');
    writeFileSync(join(ctx.repo, 'devices', 'c9300.yaml'), CLI_INTENT);
    git(ctx.repo, 'add', '.');
    git(ctx.repo, 'commit', '-qm', 'operator: intent for c9300');
  });
  afterEach(async () => {
    await ctx.lab.stop();
    rmSync(ctx.dir, { recursive: true, force: true });
  });
  return ctx;
}
