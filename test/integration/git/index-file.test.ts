import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { git, openStore, trunk, useTempDirs } from './helpers.js';

const meta = (device: string, subject: string) => ({ subject, device, source: 'cli' as const });
/** Exit code of a git command (0 = clean for the --quiet forms). */
const gitCode = (cwd: string, ...args: string[]): number => {
  try {
    execFileSync('git', args, { cwd, stdio: 'ignore' });
    return 0;
  } catch (err) {
    return (err as { status: number }).status;
  }
};

/** The index agrees with HEAD and with the work tree by stat data alone (no refresh), as git leaves it after a commit. */
function expectIndexInLine(repo: string): void {
  expect(gitCode(repo, 'diff-files', '--quiet')).toBe(0);
  expect(gitCode(repo, 'diff-index', '--cached', '--quiet', 'HEAD')).toBe(0);
  expect(git(repo, 'status', '--porcelain')).toBe('');
  expect(git(repo, 'write-tree').trim()).toBe(git(repo, 'rev-parse', 'HEAD^{tree}').trim());
}

describe('the index updated in-process after an intent commit', () => {
  const temp = useTempDirs();

  it('matches HEAD and the work tree by stat data, with the cache tree of a prior git commit dropped, for a changed and a new file', async () => {
    const repo = join(temp(), 'intent');
    const store = await openStore(repo);
    await store.write(trunk('sw1', 'one'), meta('sw1', 'seed'), null);
    // An operator commit leaves a full index with a cache tree (TREE extension).
    writeFileSync(join(repo, 'notes.txt'), 'operator\n');
    git(repo, 'add', '.');
    git(repo, 'commit', '-qm', 'operator');
    await store.write(trunk('sw1', 'two'), meta('sw1', 'change'), null);
    await store.write(trunk('aa-first', 'new'), meta('aa-first', 'new device'), null);
    await store.idle();
    expectIndexInLine(repo);
    expect(git(repo, 'ls-files').trim().split('\n')).toEqual(['devices/aa-first.yaml', 'devices/sw1.yaml', 'notes.txt']);
    // A later plain `git commit` of another file keeps intentd's versions (no stale entry rides along).
    writeFileSync(join(repo, 'notes.txt'), 'operator 2\n');
    git(repo, 'add', 'notes.txt');
    git(repo, 'commit', '-qm', 'operator 2');
    expect(git(repo, 'show', 'HEAD:devices/sw1.yaml')).toContain('two');
    expect(git(repo, 'fsck', '--strict', '--no-progress')).toBe('');
  });

  it('works in a sha256 repository', async () => {
    const repo = join(temp(), 'intent');
    mkdirSync(repo);
    git(repo, 'init', '-q', '-b', 'main', '--object-format=sha256');
    git(repo, 'commit', '-q', '--allow-empty', '-m', 'start');
    const store = await openStore(repo);
    await store.write(trunk('sw1', 'one'), meta('sw1', 'seed'), null);
    await store.idle();
    expectIndexInLine(repo);
  });

  it('leaves an index form it does not write (version 4) to git, with the same result', async () => {
    const repo = join(temp(), 'intent');
    const store = await openStore(repo);
    await store.write(trunk('sw1', 'one'), meta('sw1', 'seed'), null);
    git(repo, 'update-index', '--index-version', '4');
    await store.write(trunk('sw1', 'two'), meta('sw1', 'change'), null);
    await store.idle();
    expectIndexInLine(repo);
  });

  it('waits while another git process holds index.lock, and lets git run a post-index-change hook', async () => {
    const repo = join(temp(), 'intent');
    const store = await openStore(repo);
    await store.write(trunk('sw1', 'one'), meta('sw1', 'seed'), null);
    const lock = join(repo, '.git', 'index.lock');
    writeFileSync(lock, '');
    const writing = store.write(trunk('sw1', 'two'), meta('sw1', 'change'), null);
    await new Promise((r) => setTimeout(r, 100));
    expect(existsSync(lock)).toBe(true);
    rmSync(lock);
    await writing;
    await store.idle();
    expectIndexInLine(repo);
    const hook = join(repo, '.git', 'hooks', 'post-index-change');
    writeFileSync(hook, '#!/bin/sh\ntouch hook-ran\n');
    chmodSync(hook, 0o755);
    await store.write(trunk('sw1', 'three'), meta('sw1', 'hooked'), null);
    await store.idle();
    expect(existsSync(join(repo, 'hook-ran'))).toBe(true);
    rmSync(join(repo, 'hook-ran'));
    expectIndexInLine(repo);
  });
});
