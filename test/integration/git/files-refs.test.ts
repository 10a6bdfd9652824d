import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import type { CommitMeta } from '../../../src/core/ports.js';
import { describe, expect, it } from 'vitest';
import { GitRunner } from '../../../src/adapters/git/git-run.js';
import { GitPlumbing } from '../../../src/adapters/git/plumbing.js';
import { IntentStoreError } from '../../../src/core/errors.js';
import { git, openStore, trunk, useTempDirs } from './helpers.js';

const temp = useTempDirs();
const meta = (device: string, ticket: string): CommitMeta => ({ subject: `intent(${device}): ports`, device, source: 'netbox', tickets: [ticket] });
const plumbing = (repo: string): Promise<GitPlumbing> => GitPlumbing.open(new GitRunner(repo, { authorName: 'intentd', authorEmail: 'intentd@example.test' }));

describe('refs moved in-process', () => {
  it('reports a branch locked by git and one moved by git, and never overwrites it', async () => {
    const repo = temp();
    (await openStore(repo)).close();
    const p = await plumbing(repo);
    const tip = (await p.resolve('refs/heads/main')) as string;
    const next = await p.commitTree(await p.treeOf(tip), tip, 'next\n');
    // Real git holds main.lock: a prepared, not yet committed, update-ref transaction.
    const holder = spawn('git', ['update-ref', '--stdin'], { cwd: repo, stdio: ['pipe', 'pipe', 'inherit'] });
    const said = createInterface({ input: holder.stdout });
    const prepared = new Promise<void>((done) => said.on('line', (l) => l === 'prepare: ok' && done()));
    holder.stdin.write(`start\nupdate refs/heads/main ${next} ${tip}\nprepare\n`);
    await prepared;
    expect(await p.cas('refs/heads/main', next, tip, 'commit: next')).toMatchObject({ ok: false, now: tip });
    const ended = new Promise((done) => holder.on('exit', done));
    holder.stdin.end('abort\n');
    await ended;
    git(repo, 'commit', '-q', '--allow-empty', '-m', 'by hand');
    const moved = git(repo, 'rev-parse', 'HEAD').trim();
    expect(await p.cas('refs/heads/main', next, tip, 'commit: next')).toMatchObject({ ok: false, now: moved });
    expect(git(repo, 'rev-parse', 'HEAD').trim()).toBe(moved);
    expect(await p.cas('refs/tags/t', next, null, 'tag')).toEqual({ ok: true });
    expect(await p.cas('refs/tags/t', moved, null, 'tag')).toMatchObject({ ok: false, now: next });
    p.close();
  });

  it('writes reflog lines git reads, for the branch and for HEAD', async () => {
    const repo = temp();
    const store = await openStore(repo);
    const w = await store.write(trunk('sw1', 'uplink'), meta('sw1', '42'), null);
    expect(git(repo, 'reflog', 'show', '--format=%H %gs', 'main').trim().split('\n')[0]).toBe(`${w.commit} commit: intent(sw1): ports`);
    expect(git(repo, 'reflog', 'show', '--format=%H %gs', 'HEAD').trim().split('\n')[0]).toBe(`${w.commit} commit: intent(sw1): ports`);
    expect(git(repo, 'reflog', 'show', '--format=%gn <%ge>', 'main').trim().split('\n')[0]).toBe('intentd <intentd@example.test>');
    expect(git(repo, 'fsck', '--strict', '--no-dangling').trim()).toBe('');
    store.close();
  });

  it('resolves and moves refs that git packed, and numbers ticket tags past packed ones', async () => {
    const repo = temp();
    const store = await openStore(repo);
    await store.write(trunk('sw1', 'one'), meta('sw1', '7'), null);
    git(repo, 'pack-refs', '--all');
    // git pruned the emptied folder the writer had made (and remembers): it is made again.
    expect(existsSync(join(repo, '.git', 'refs', 'tags', 'ticket'))).toBe(false);
    expect(git(repo, 'for-each-ref', '--format=%(refname)', 'refs/heads', 'refs/tags').trim()).not.toBe('');
    expect(await store.head()).toBe(git(repo, 'rev-parse', 'HEAD').trim());
    const w = await store.write(trunk('sw1', 'two'), meta('sw1', '7'), null);
    expect(git(repo, 'rev-parse', 'main').trim()).toBe(w.commit);
    expect(git(repo, 'rev-parse', 'ticket/7-2^{commit}').trim()).toBe(w.commit);
    expect(git(repo, 'status', '--porcelain').trim()).toBe('');
    store.close();
  });

  it('works in a linked worktree: objects and refs in the common dir, HEAD in its own', async () => {
    const main = temp();
    (await openStore(main)).close();
    git(main, 'checkout', '-q', '-b', 'parking');
    const wt = join(temp(), 'wt');
    git(main, 'worktree', 'add', '-q', wt, 'main');
    const store = await openStore(wt);
    const w = await store.write(trunk('sw1', 'uplink'), meta('sw1', '9'), null);
    await store.idle();
    expect(git(main, 'rev-parse', 'refs/heads/main').trim()).toBe(w.commit);
    expect(git(main, 'rev-parse', 'ticket/9^{commit}').trim()).toBe(w.commit);
    expect(git(wt, 'reflog', 'show', '--format=%H', 'HEAD').trim().split('\n')[0]).toBe(w.commit);
    expect(git(wt, 'status', '--porcelain').trim()).toBe('');
    expect(git(main, 'fsck', '--strict', '--no-dangling').trim()).toBe('');
    store.close();
  });

  it('refuses a repo whose refs are not in the files backend', async () => {
    const repo = temp();
    mkdirSync(repo, { recursive: true });
    git(repo, 'init', '-q', '-b', 'main');
    git(repo, 'commit', '-q', '--allow-empty', '-m', 'first');
    git(repo, 'config', 'extensions.refStorage', 'reftable');
    const err = await openStore(repo).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IntentStoreError);
    expect((err as Error).message).toMatch(/extensions\.refstorage/);
  });
});
