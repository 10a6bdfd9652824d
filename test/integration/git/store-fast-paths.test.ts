import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CommitMeta } from '../../../src/core/ports.js';
import { describe, expect, it } from 'vitest';
import { capturingLogger, git, openStore, trunk, useTempDirs } from './helpers.js';

const temp = useTempDirs();
const meta = (device: string, ticket = '1'): CommitMeta => ({ subject: `intent(${device}): ports`, device, source: 'netbox', tickets: [ticket] });
const logOf = (repo: string, at: string, device: string): string | null =>
  git(repo, 'log', '-1', '--format=%H', at, '--', `devices/${device}.yaml`).trim() || null;

describe('GitIntentStore fast paths', () => {
  it('gives the revision git log gives, commit after commit, across audits, hand edits, merges and deletions', async () => {
    const repo = temp();
    const store = await openStore(repo);
    const devices = ['sw1', 'sw2', 'sw3'];
    const check = async (): Promise<void> => {
      const head = git(repo, 'rev-parse', 'HEAD').trim();
      for (const d of devices) expect(await store.revisionOf(d, head), `${d} at ${head}`).toBe(logOf(repo, head, d));
      for (const d of devices) expect(await store.revisionOf(d)).toBe(logOf(repo, 'HEAD', d));
    };
    for (let i = 0; i < 12; i++) {
      const d = devices[i % 3] as string;
      if (i % 4 === 3) await store.audit({ subject: `apply(${d})`, device: d, source: 'cli', tickets: [] });
      else await store.write(trunk(d, `v${i}`), meta(d), null);
      await check();
    }
    // A hand-made merge: the walk hands it to git log.
    git(repo, 'checkout', '-q', '-b', 'side');
    writeFileSync(join(repo, 'devices', 'sw2.yaml'), git(repo, 'show', 'HEAD:devices/sw2.yaml').replace('v', 'side v'));
    git(repo, 'commit', '-q', '-am', 'side edit');
    git(repo, 'checkout', '-q', 'main');
    git(repo, 'merge', '-q', '--no-ff', '-m', 'merge side', 'side');
    await check();
    await store.write(trunk('sw1', 'after merge'), meta('sw1'), null);
    await check();
    rmSync(join(repo, 'devices', 'sw3.yaml'));
    git(repo, 'commit', '-q', '-am', 'drop sw3');
    await check();
    expect(await store.revisionOf('sw3')).toBe(git(repo, 'rev-parse', 'HEAD').trim());
  });

  it('lists changed devices as git diff does, and reads a commit’s trailers from that commit', async () => {
    const repo = temp();
    const store = await openStore(repo);
    const from = (await store.head()) as string;
    await store.write(trunk('sw1', 'a'), meta('sw1', '5'), null);
    await store.write(trunk('sw2', 'a'), meta('sw2'), null);
    const mid = (await store.head()) as string;
    await store.audit({ subject: 'apply(sw2)', device: 'sw2', source: 'cli', tickets: [], trailers: { Result: 'verified' } });
    const w = await store.write(trunk('sw2', 'b'), meta('sw2', '6'), null);
    const to = (await store.head()) as string;
    const diff = (a: string, b: string): string[] =>
      git(repo, 'diff', '--name-only', a, b, '--', 'devices/').trim().split('\n').filter(Boolean).map((p) => p.slice(8, -5)).sort();
    expect(await store.changedDevices(from, to)).toEqual(diff(from, to));
    expect(await store.changedDevices(mid, to)).toEqual(['sw2']);
    expect(await store.changedDevices(to, to)).toEqual([]);
    expect(await store.devicesAt(mid)).toEqual(['sw1', 'sw2']);
    const [entry] = await store.log({ device: 'sw2', max: 1 });
    expect(await store.trailersOf(w.commit as string)).toEqual(entry?.trailers);
    expect(await store.trailersOf(w.commit as string)).toMatchObject({ 'Change-Ticket': '6', Device: 'sw2', Source: 'netbox' });
  });

  it('warns when a commit overwrites an uncommitted edit of the file (told by blob id), and only then', async () => {
    const repo = temp();
    const { logger, lines } = capturingLogger();
    const store = await openStore(repo, { logger });
    const meta = (subject: string): CommitMeta => ({ subject, device: 'sw1', source: 'cli' });
    await store.write(trunk('sw1', 'one'), meta('one'), null);
    await store.write(trunk('sw1', 'two'), meta('two'), null);
    const overwritten = (): number => lines.filter((l) => String(l.msg).includes('uncommitted edit')).length;
    expect(overwritten()).toBe(0);
    const path = join(repo, 'devices', 'sw1.yaml');
    writeFileSync(path, `${readFileSync(path, 'utf8')}# a hand note\n`);
    await store.write(trunk('sw1', 'three'), meta('three'), null);
    expect(overwritten()).toBe(1);
    expect(git(repo, 'status', '--porcelain')).toBe('');
  });

  it('with deferWorktreeSync, resolves a write while git holds the index, and leaves git status clean once idle', async () => {
    const repo = temp();
    const store = await openStore(repo, { deferWorktreeSync: true });
    await store.write(trunk('sw1', 'a'), meta('sw1'), null);
    await store.idle();
    const lock = join(repo, '.git', 'index.lock');
    writeFileSync(lock, '');
    const [one, two] = await Promise.all([store.write(trunk('sw1', 'b'), meta('sw1'), null), store.write(trunk('sw2', 'c'), meta('sw2'), null)]);
    // Both commits are on the branch while the index is still locked: the index update (one, for both) waits, they did not.
    expect(git(repo, 'rev-parse', 'HEAD~1').trim()).toBe(one.commit);
    expect(git(repo, 'rev-parse', 'HEAD').trim()).toBe(two.commit);
    rmSync(lock);
    await store.idle();
    expect(git(repo, 'status', '--porcelain').trim()).toBe('');
    expect(git(repo, 'diff-files', '--name-only').trim()).toBe('');
    store.close();
  });
});
