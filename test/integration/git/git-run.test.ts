import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { GitRunner } from '../../../src/adapters/git/git-run.js';
import { GitCommandError, IntentStoreError } from '../../../src/core/errors.js';
import { git, tempDir } from './helpers.js';

let cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups) c();
  cleanups = [];
});

describe('GitRunner', () => {
  it('rejects a failing git step even when git reports it only on stdout', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    git(t.dir, 'init', '-q', '-b', 'main');
    git(t.dir, 'commit', '-q', '--allow-empty', '-m', 'first');
    const run = new GitRunner(t.dir, { authorName: 'intentd', authorEmail: 'intentd@example.test' });
    const nothing = await run.try(['commit', '-q', '-m', 'nothing']);
    expect(nothing.code).toBe(1);
    expect(nothing.stderr).toBe('');
    const err = await run.run(['commit', '-q', '-m', 'nothing']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IntentStoreError);
    expect((err as IntentStoreError).message).toMatch(/^git commit failed \(exit 1\): .*nothing/);
  });

  it('commits as the configured identity, whatever the environment says', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    git(t.dir, 'init', '-q', '-b', 'main');
    const run = new GitRunner(t.dir, { authorName: 'Intent Bot', authorEmail: 'bot@example.test' });
    const tree = (await run.run(['hash-object', '-t', 'tree', '-w', '--stdin'], { input: '' })).trim();
    const commit = (await run.run(['commit-tree', tree], { input: 'msg\n' })).trim();
    expect(git(t.dir, 'log', '-1', '--format=%an <%ae> %cn <%ce>', commit).trim()).toBe(
      'Intent Bot <bot@example.test> Intent Bot <bot@example.test>',
    );
  });

  it('raises a GitCommandError for a command that exits non-zero with empty stderr (which simple-git raw() alone resolves)', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    git(t.dir, 'init', '-q', '-b', 'main');
    const run = new GitRunner(t.dir, { authorName: 'intentd', authorEmail: 'intentd@example.test' });
    const err = await run.run(['config', '--get', 'no.such.key']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GitCommandError);
    expect(err).toMatchObject({ reason: 'IntentStoreFailed', retryable: true, code: 1, stderr: '', command: ['config', '--get', 'no.such.key'] });
    const seen = await run.try(['config', '--get', 'no.such.key']);
    expect(seen).toEqual({ code: 1, stdout: '', stderr: '' });
  });

  it('never puts URL credentials into a failed command\'s error', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    git(t.dir, 'init', '-q', '-b', 'main');
    const run = new GitRunner(t.dir, { authorName: 'intentd', authorEmail: 'intentd@example.test' });
    const err = await run.run(['ls-remote', 'http://bot:s3cret-token@127.0.0.1:9/intent.git']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GitCommandError);
    expect(JSON.stringify({ ...(err as GitCommandError), text: (err as GitCommandError).message })).not.toContain('s3cret-token');
    expect((err as GitCommandError).command).toEqual(['ls-remote', 'http://***@127.0.0.1:9/intent.git']);
  });

  it('stops a git command that hangs, through simple-git and through the stdin path alike', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    git(t.dir, 'init', '-q', '-b', 'main');
    const hook = join(t.dir, '.git', 'hooks', 'post-commit');
    writeFileSync(hook, '#!/bin/sh\nexec sleep 10 >/dev/null 2>&1 </dev/null\n');
    chmodSync(hook, 0o755);
    const run = new GitRunner(t.dir, { authorName: 'intentd', authorEmail: 'intentd@example.test' }, 300);
    const t0 = Date.now();
    const viaSimpleGit = await run.run(['hook', 'run', 'post-commit']).catch((e: unknown) => e);
    const viaStdin = await run.run(['hook', 'run', 'post-commit'], { input: '' }).catch((e: unknown) => e);
    for (const err of [viaSimpleGit, viaStdin]) {
      expect(err).toBeInstanceOf(IntentStoreError);
      expect(err).toMatchObject({ reason: 'IntentStoreFailed', retryable: true, message: expect.stringMatching(/^git hook could not run/) });
    }
    expect(Date.now() - t0).toBeLessThan(8000);
  });
});
