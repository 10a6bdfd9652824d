import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { Writable } from 'node:stream';
import { createLogger, silentLogger } from '../../../src/log.js';
import { GitIntentStore, type GitIntentStoreOptions } from '../../../src/adapters/git/intent-store.js';
import type { DeviceIntent } from '../../../src/core/types.js';

const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Outside',
  GIT_AUTHOR_EMAIL: 'outside@example.test',
  GIT_COMMITTER_NAME: 'Outside',
  GIT_COMMITTER_EMAIL: 'outside@example.test',
};

/** Runs git in `cwd` as an outside user and returns stdout. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'commit.gpgsign=false', ...args], { cwd, env: GIT_ENV, encoding: 'utf8' });
}

/** A temp folder removed by the returned cleanup. */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'intentd-git-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** For a test file: `temp()` makes a folder that is removed after each test. */
export function useTempDirs(): () => string {
  let cleanups: Array<() => void> = [];
  afterEach(() => {
    for (const c of cleanups) c();
    cleanups = [];
  });
  return () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    return t.dir;
  };
}

export function openStore(repo: string, extra: Partial<GitIntentStoreOptions> = {}): Promise<GitIntentStore> {
  return GitIntentStore.open({
    repo,
    remote: null,
    branch: 'main',
    authorName: 'intentd',
    authorEmail: 'intentd@example.test',
    logger: silentLogger(),
    ...extra,
  });
}

export function trunk(device: string, description: string, lastUpdated = '2024-01-01T00:00:00Z'): DeviceIntent {
  return {
    device,
    interfaces: [
      {
        name: 'GigabitEthernet1/0/10',
        description,
        enabled: true,
        mtu: 2000,
        mode: 'trunk',
        nativeVlan: 100,
        allowedVlans: [300, 400, 500],
        source: { netboxId: 11, lastUpdated },
      },
    ],
  };
}

/** A logger whose JSON lines the test can read. */
export function capturingLogger(): { logger: ReturnType<typeof createLogger>; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(l) as Record<string, unknown>);
      done();
    },
  });
  return { logger: createLogger({ level: 'warn', destination }), lines };
}

/** An empty bare repo `remote.git` (branch main) under `base`, for a store's `remote`; returns its path. */
export function bareRemote(base: string): string {
  const bare = join(base, 'remote.git');
  git(base, 'init', '-q', '--bare', '-b', 'main', bare);
  return bare;
}
