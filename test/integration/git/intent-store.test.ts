import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IntentStoreError, ValidationError } from '../../../src/core/errors.js';
import type { CommitMeta } from '../../../src/core/ports.js';
import { bareRemote, git, openStore, trunk, useTempDirs } from './helpers.js';

const meta = (device: string, ticket: string | null = '1234', extra: Partial<CommitMeta> = {}): CommitMeta => ({
  subject: `intent(${device}): Gi1/0/10 description`,
  device,
  source: 'netbox',
  tickets: ticket === null ? [] : [ticket],
  ...extra,
});

const temp = useTempDirs();

const commitCount = (repo: string): number => Number(git(repo, 'rev-list', '--count', 'HEAD').trim());

describe('GitIntentStore', () => {
  it('creates the repo with an initial commit on the configured branch', async () => {
    const repo = join(temp(), 'intent');
    const store = await openStore(repo);
    expect(git(repo, 'symbolic-ref', '--short', 'HEAD').trim()).toBe('main');
    expect(commitCount(repo)).toBe(1);
    expect(await store.listDevices()).toEqual([]);
    expect(await store.read('c9300')).toBeNull();
  });

  it('commits a write once and makes no commit when the same intent is written again', async () => {
    const repo = temp();
    const store = await openStore(repo);
    const first = await store.write(trunk('c9300', 'uplink'), meta('c9300'), null);
    const second = await store.write(trunk('c9300', 'uplink'), meta('c9300'), null);
    expect(first.committed).toBe(true);
    expect(first.commit).toBe(await store.head());
    expect(second).toEqual({ committed: false, commit: null });
    expect(commitCount(repo)).toBe(2);
    expect((await store.read('c9300'))?.intent.interfaces[0]?.description).toBe('uplink');
    expect(readFileSync(store.pathFor('c9300'), 'utf8')).toContain('description: uplink');
  });

  it('tells the revision of the content read, as of the commit it was read at, even after later commits', async () => {
    const repo = temp();
    const store = await openStore(repo);
    const first = await store.write(trunk('c9300', 'uplink'), meta('c9300'), null);
    const stored = await store.read('c9300');
    const second = await store.write(trunk('c9300', 'uplink 2'), meta('c9300'), stored?.base ?? null);
    await store.write(trunk('sw2', 'other device'), meta('sw2'), null);
    expect(await store.revisionOf('c9300')).toBe(second.commit);
    expect(await store.revisionOf('c9300', stored?.base.commit)).toBe(first.commit);
  });

  it('makes no commit when only provenance changed', async () => {
    const repo = temp();
    const store = await openStore(repo);
    await store.write(trunk('c9300', 'uplink', '2024-01-01T00:00:00Z'), meta('c9300'), null);
    const again = await store.write(trunk('c9300', 'uplink', '2025-06-01T00:00:00Z'), meta('c9300'), null);
    expect(again.committed).toBe(false);
    expect(commitCount(repo)).toBe(2);
    expect(git(repo, 'status', '--porcelain')).toBe('');
  });

  it('writes commit message trailers and a ticket tag that git log --grep and git tag -l find', async () => {
    const repo = temp();
    const store = await openStore(repo, { authorName: 'Intent Bot', authorEmail: 'bot@example.test' });
    const w = await store.write(
      trunk('c9300', 'uplink'),
      meta('c9300', '1234', { body: 'NetBox interface 11 changed.', trailers: { 'Intent-Revision': 'abc' } }),
      null,
    );
    expect(git(repo, 'log', '-1', '--format=%B')).toBe(
      'intent(c9300): Gi1/0/10 description\n\nNetBox interface 11 changed.\n\n' +
        'Change-Ticket: 1234\nDevice: c9300\nSource: netbox\nIntent-Revision: abc\n\n',
    );
    expect(git(repo, 'log', '--format=%H', '--grep', 'Change-Ticket: 1234').trim()).toBe(w.commit);
    expect(git(repo, 'tag', '-l', 'ticket/1234*').trim()).toBe('ticket/1234');
    expect(git(repo, 'rev-parse', 'ticket/1234^{commit}').trim()).toBe(w.commit);
    expect(git(repo, 'log', '-1', '--format=%an <%ae> / %cn <%ce>').trim()).toBe(
      'Intent Bot <bot@example.test> / Intent Bot <bot@example.test>',
    );

    await store.write(trunk('c9300', 'uplink 2'), meta('c9300', '1234'), null);
    await store.write(trunk('c9300', 'uplink 3'), meta('c9300', null), null);
    expect(git(repo, 'tag', '-l', 'ticket/1234*').trim().split('\n')).toEqual(['ticket/1234', 'ticket/1234-2']);
    expect(git(repo, 'log', '-1', '--format=%B')).toContain('Change-Ticket: none\n');
  });

  it('records an audit commit without changing files, tagged with its ticket', async () => {
    const repo = temp();
    const store = await openStore(repo);
    await store.write(trunk('c9300', 'uplink'), meta('c9300', null), null);
    const commit = await store.audit({
      subject: 'apply(c9300): Gi1/0/10 description',
      device: 'c9300',
      source: 'git',
      tickets: ['77'],
      trailers: { Result: 'applied' },
    });
    expect(git(repo, 'show', '--name-only', '--format=', commit).trim()).toBe('');
    expect(git(repo, 'rev-parse', 'ticket/77^{commit}').trim()).toBe(commit);
    const log = await store.log({ device: 'c9300', max: 1 });
    expect(log[0]).toMatchObject({ commit, subject: 'apply(c9300): Gi1/0/10 description' });
    expect(log[0]?.trailers).toMatchObject({ 'Change-Ticket': '77', Device: 'c9300', Source: 'git', Result: 'applied' });
    expect(await store.log({ device: 'other' })).toEqual([]);
  });

  it('loses no update under 20 concurrent writes to one device and to several, keeping history linear', { timeout: 120_000 }, async () => {
    const repo = temp();
    const store = await openStore(repo);
    const one = Array.from({ length: 20 }, (_, i) => store.write(trunk('sw1', `rev ${i}`), meta('sw1', `T${i}`), null));
    const many = Array.from({ length: 20 }, (_, i) => store.write(trunk(`sw-${i % 5}`, `rev ${i}`), meta(`sw-${i % 5}`, null), null));
    const results = await Promise.all([...one, ...many]);
    expect(results.every((r) => r.committed)).toBe(true);
    expect(commitCount(repo)).toBe(41);
    expect(git(repo, 'rev-list', '--merges', 'HEAD').trim()).toBe('');
    expect((await store.read('sw1'))?.intent.interfaces[0]?.description).toBe('rev 19');
    for (let d = 0; d < 5; d++) expect((await store.read(`sw-${d}`))?.intent.interfaces[0]?.description).toBe(`rev ${15 + d}`);
    expect(await store.listDevices()).toEqual(['sw-0', 'sw-1', 'sw-2', 'sw-3', 'sw-4', 'sw1']);
    expect(git(repo, 'status', '--porcelain')).toBe('');
  });

  it('pushes to a bare remote and retries after the remote moved', async () => {
    const base = temp();
    const bare = bareRemote(base);
    const store = await openStore(join(base, 'a'), { remote: bare });
    const w1 = await store.write(trunk('sw1', 'one'), meta('sw1', '1'), null);
    expect(git(bare, 'rev-parse', 'main').trim()).toBe(w1.commit);

    // Someone else pushes to the remote: our next push is non-fast-forward.
    const other = join(base, 'b');
    git(base, 'clone', '-q', bare, other);
    mkdirSync(join(other, 'devices'), { recursive: true });
    writeFileSync(join(other, 'devices', 'sw2.yaml'), 'device: sw2\ninterfaces: {}\n');
    git(other, 'add', '.');
    git(other, 'commit', '-q', '-m', 'hand edit');
    git(other, 'push', '-q', 'origin', 'main');

    const w2 = await store.write(trunk('sw1', 'two'), meta('sw1', '2'), null);
    expect(w2.committed).toBe(true);
    expect(git(bare, 'rev-parse', 'main').trim()).toBe(w2.commit);
    expect(git(bare, 'log', '--format=%s', 'main').trim().split('\n')).toEqual([
      'intent(sw1): Gi1/0/10 description',
      'hand edit',
      'intent(sw1): Gi1/0/10 description',
      'intentd: initialize intent repository',
    ]);
    expect(git(bare, 'rev-parse', 'ticket/2^{commit}').trim()).toBe(w2.commit);
    expect(git(bare, 'rev-parse', 'ticket/1^{commit}').trim()).toBe(w1.commit);
    expect(await store.listDevices()).toEqual(['sw1', 'sw2']);

    // A second clone of an existing remote starts from its branch.
    const clone = await openStore(join(base, 'c'), { remote: bare });
    expect(await clone.head()).toBe(w2.commit);
  });

  it('rejects an invalid intent before touching the repo', async () => {
    const repo = temp();
    const store = await openStore(repo);
    const bad = trunk('sw1', 'x');
    bad.interfaces.push({ name: 'GigabitEthernet1/0/3', mode: 'routed', accessVlan: 10 });
    const err = await store.write(bad, meta('sw1'), null).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).problems).toEqual([
      'devices/sw1.yaml: interfaces.GigabitEthernet1/0/3.access_vlan: only allowed with mode: access (mode is routed)',
    ]);
    expect(commitCount(repo)).toBe(1);
    expect(existsSync(store.pathFor('sw1'))).toBe(false);
  });

  it('rebases over a conflicting remote edit of the same file, keeping the newest intent', async () => {
    const base = temp();
    const bare = bareRemote(base);
    const store = await openStore(join(base, 'a'), { remote: bare });
    await store.write(trunk('sw1', 'one'), meta('sw1', '1'), null);
    const other = join(base, 'b');
    git(base, 'clone', '-q', bare, other);
    const file = join(other, 'devices', 'sw1.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('description: one', 'description: by hand'));
    git(other, 'commit', '-q', '-am', 'hand edit');
    git(other, 'push', '-q', 'origin', 'main');

    const w = await store.write(trunk('sw1', 'two'), meta('sw1', '2'), null);
    expect(git(bare, 'rev-parse', 'main').trim()).toBe(w.commit);
    expect(git(bare, 'show', 'main:devices/sw1.yaml')).toContain('description: two');
    expect(git(bare, 'rev-list', '--merges', 'main').trim()).toBe('');
  });

  it('keeps a commit whose push failed and pushes it with the next write', async () => {
    const base = temp();
    const bare = bareRemote(base);
    const store = await openStore(join(base, 'a'), { remote: bare });
    renameSync(bare, `${bare}.away`);
    const w1 = await store.write(trunk('sw1', 'one'), meta('sw1', '5'), null);
    expect(w1.committed).toBe(true);
    renameSync(`${bare}.away`, bare);
    const w2 = await store.write(trunk('sw1', 'two'), meta('sw1', '6'), null);
    expect(git(bare, 'rev-parse', 'main').trim()).toBe(w2.commit);
    expect(git(bare, 'tag', '-l').trim().split('\n')).toEqual(['ticket/5', 'ticket/6']);
  });

  it('refuses a folder that is not a git repository and writes nothing into it', async () => {
    const dir = temp();
    writeFileSync(join(dir, 'notes.txt'), 'hello');
    const err = await openStore(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IntentStoreError);
    expect((err as Error).message).toContain(dir);
    expect(readdirSync(dir)).toEqual(['notes.txt']);
  });

  it('reopens an existing repo and refuses one checked out on another branch', async () => {
    const repo = temp();
    const store = await openStore(repo);
    const w = await store.write(trunk('sw1', 'one'), meta('sw1'), null);
    expect(await (await openStore(repo)).head()).toBe(w.commit);
    await expect(openStore(repo, { branch: 'intent' })).rejects.toThrow(/on branch 'main', config says 'intent'/);
  });

  it('refuses a folder inside another repository', async () => {
    const outer = temp();
    git(outer, 'init', '-q', '-b', 'main');
    const inner = join(outer, 'var', 'intent');
    mkdirSync(inner, { recursive: true });
    writeFileSync(join(inner, 'x'), '');
    await expect(openStore(inner)).rejects.toBeInstanceOf(IntentStoreError);
  });

  it('rejects device names that would leave devices/', async () => {
    const repo = temp();
    const store = await openStore(repo);
    for (const bad of ['../x', '/etc/passwd', 'a/b', '..', '.hidden/../../x']) {
      expect(() => store.pathFor(bad)).toThrow(ValidationError);
      await expect(store.read(bad)).rejects.toBeInstanceOf(ValidationError);
    }
    await expect(store.write(trunk('../x', 'd'), meta('../x'), null)).rejects.toBeInstanceOf(ValidationError);
    await expect(store.audit(meta('../x'))).rejects.toBeInstanceOf(ValidationError);
    expect(existsSync(join(repo, '..', 'x.yaml'))).toBe(false);
  });

  it('reports an invalid file at HEAD as a ValidationError naming the field', async () => {
    const repo = temp();
    const store = await openStore(repo);
    writeFileSync(join(repo, 'devices', 'sw1.yaml'), 'device: sw1\ninterfaces:\n  Vlan1: { mtu: 5 }\n');
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'bad');
    const err = await store.read('sw1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).problems).toEqual(['devices/sw1.yaml: interfaces.Vlan1.mtu: must be >= 64']);
  });
});
