import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { IntentStoreError } from '../../../src/core/errors.js';
import { serializeIntent } from '../../../src/core/intent-yaml.js';
import type { CommitMeta, StoredIntent } from '../../../src/core/ports.js';
import type { DeviceIntent } from '../../../src/core/types.js';
import { git, openStore, tempDir, trunk } from './helpers.js';
import { commitNote, onceHook, operatorAtRefUpdate } from './hooks.js';

const meta = (device: string, ticket: string | null = '1234'): CommitMeta => ({
  subject: `intent(${device}): ports`,
  device,
  source: 'netbox',
  tickets: ticket === null ? [] : [ticket],
});

const twoPorts = (device: string, a: string, b: string): DeviceIntent => ({
  device,
  interfaces: [
    { name: 'GigabitEthernet1/0/1', description: a, mode: 'access', accessVlan: 10 },
    { name: 'GigabitEthernet1/0/2', description: b, mode: 'access', accessVlan: 10 },
  ],
});

let cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.reverse()) c();
  cleanups = [];
});
function temp(): string {
  const t = tempDir();
  cleanups.push(t.cleanup);
  return t.dir;
}
function hook(...args: Parameters<typeof onceHook>): void {
  cleanups.push(onceHook(...args));
}

const subjectOf = (repo: string, rev: string): string => git(repo, 'log', '-1', '--format=%s', rev).trim();
const tagTarget = (repo: string, tag: string): string => git(repo, 'rev-parse', `${tag}^{commit}`).trim();
const status = (repo: string): string => git(repo, 'status', '--porcelain').trim();

describe('GitIntentStore with operators committing in the same repo', () => {
  it('tags and reports its own commit when an operator commits right after it', async () => {
    const repo = temp();
    const store = await openStore(repo);
    hook(repo, 'post-commit', commitNote('ops: right after'));
    const w = await store.write(trunk('sw1', 'uplink'), meta('sw1', '501'), null);
    expect(subjectOf(repo, 'HEAD')).toBe('ops: right after');
    expect(w.committed).toBe(true);
    expect(subjectOf(repo, w.commit as string)).toBe('intent(sw1): ports');
    expect(tagTarget(repo, 'ticket/501')).toBe(w.commit);
    expect(git(repo, 'tag', '-l').trim()).toBe('ticket/501');
    expect(status(repo)).toBe('');
  });

  it('tags and returns its own audit commit when an operator commits right after it', async () => {
    const repo = temp();
    const store = await openStore(repo);
    hook(repo, 'post-commit', commitNote('ops: right after'));
    const commit = await store.audit({ subject: 'apply(sw1): ports', device: 'sw1', source: 'git', tickets: ['502'] });
    expect(subjectOf(repo, commit)).toBe('apply(sw1): ports');
    expect(subjectOf(repo, 'HEAD')).toBe('ops: right after');
    expect(tagTarget(repo, 'ticket/502')).toBe(commit);
  });

  it('starts over on top of an operator commit that lands while it builds its commit', async () => {
    const repo = temp();
    const operator = operatorAtRefUpdate(repo);
    const store = await openStore(repo, { beforeRefUpdate: operator.seam });
    operator.arm(commitNote('ops: during the write'));
    const w = await store.write(trunk('sw1', 'uplink'), meta('sw1', '503'), null);
    expect(w.committed).toBe(true);
    expect(git(repo, 'log', '--format=%s', 'HEAD').trim().split('\n')).toEqual([
      'intent(sw1): ports',
      'ops: during the write',
      'intentd: initialize intent repository',
    ]);
    expect(git(repo, 'rev-parse', 'HEAD').trim()).toBe(w.commit);
    expect(git(repo, 'show', '--name-only', '--format=', w.commit as string).trim()).toBe('devices/sw1.yaml');
    expect(tagTarget(repo, 'ticket/503')).toBe(w.commit);
    expect(status(repo)).toBe('');
  });

  it('reports nothing committed and tags nothing when an operator committed the same change meanwhile', async () => {
    const repo = temp();
    const operator = operatorAtRefUpdate(repo);
    const store = await openStore(repo, { beforeRefUpdate: operator.seam });
    const intent = trunk('sw1', 'uplink');
    const same = join(temp(), 'same.yaml');
    writeFileSync(same, serializeIntent(intent));
    operator.arm([
      `mkdir -p devices && cp '${same}' devices/sw1.yaml`,
      'git add -- devices/sw1.yaml',
      "git commit -q --no-verify -m 'ops: same change by hand' -- devices/sw1.yaml",
    ]);
    const w = await store.write(intent, meta('sw1', '504'), null);
    expect(w).toEqual({ committed: false, commit: null });
    expect(subjectOf(repo, 'HEAD')).toBe('ops: same change by hand');
    expect(git(repo, 'tag', '-l').trim()).toBe('');
    expect(status(repo)).toBe('');
  });

  it('keeps an operator hand edit of another interface committed while it builds its commit', async () => {
    const repo = temp();
    const operator = operatorAtRefUpdate(repo);
    const store = await openStore(repo, { beforeRefUpdate: operator.seam });
    await store.write(twoPorts('sw1', 'a', 'b'), meta('sw1', null), null);
    operator.arm([
      "git show HEAD:devices/sw1.yaml | sed 's/description: b$/description: b by hand/' > devices/sw1.yaml",
      "git commit -q --no-verify -m 'ops: port 2 by hand' -- devices/sw1.yaml",
    ]);
    const w = await store.write(twoPorts('sw1', 'a from netbox', 'b'), meta('sw1', '505'), null);
    expect(w.committed).toBe(true);
    const at = (await store.read('sw1'))?.intent.interfaces.map((i) => i.description);
    expect(at).toEqual(['a from netbox', 'b by hand']);
    expect(subjectOf(repo, 'HEAD~1')).toBe('ops: port 2 by hand');
    expect(status(repo)).toBe('');
  });

  it('keeps a hand edit of another interface committed between its read and its write', async () => {
    const repo = temp();
    const store = await openStore(repo);
    await store.write(twoPorts('sw1', 'a', 'b'), meta('sw1', null), null);
    const { intent: current, base } = (await store.read('sw1')) as StoredIntent;
    handEditPort2(repo);
    const next = { ...current, interfaces: current.interfaces.map((i) => (i.description === 'a' ? { ...i, description: 'a from netbox' } : i)) };
    await store.write(next, meta('sw1', '506'), base);
    expect((await store.read('sw1'))?.intent.interfaces.map((i) => i.description)).toEqual(['a from netbox', 'b by hand']);
  });

  it('keeps that hand edit when the caller wrote back a deep clone of what it read (the base is explicit)', async () => {
    const repo = temp();
    const store = await openStore(repo);
    await store.write(twoPorts('sw1', 'a', 'b'), meta('sw1', null), null);
    const read = structuredClone((await store.read('sw1')) as StoredIntent);
    handEditPort2(repo);
    const next = JSON.parse(JSON.stringify(read.intent)) as DeviceIntent;
    next.interfaces = next.interfaces.map((i) => (i.description === 'a' ? { ...i, description: 'a from netbox' } : structuredClone(i)));
    await store.write(next, meta('sw1', '508'), read.base);
    expect((await store.read('sw1'))?.intent.interfaces.map((i) => i.description)).toEqual(['a from netbox', 'b by hand']);
    expect(subjectOf(repo, 'HEAD~1')).toBe('ops: port 2 by hand');
  });

  it('leaves uncommitted work on other files alone and keeps git status clean for its own file', async () => {
    const repo = temp();
    const store = await openStore(repo);
    mkdirSync(join(repo, 'notes'));
    writeFileSync(join(repo, 'notes', 'staged.md'), 'staged\n');
    git(repo, 'add', 'notes/staged.md');
    writeFileSync(join(repo, 'notes', 'draft.md'), 'draft\n');
    await store.write(trunk('sw1', 'uplink'), meta('sw1', null), null);
    expect(git(repo, 'diff-files', '--name-only').trim()).toBe('');
    expect(status(repo).split('\n').sort()).toEqual(['?? notes/draft.md', 'A  notes/staged.md']);
    expect(git(repo, 'show', '--name-only', '--format=', 'HEAD').trim()).toBe('devices/sw1.yaml');
    expect(existsSync(join(repo, 'devices', '.sw1.yaml.intentd-' + process.pid + '.tmp'))).toBe(false);
  });

  it('fails with IntentStoreError and commits nothing while the branch stays locked', async () => {
    const repo = temp();
    const store = await openStore(repo);
    const before = git(repo, 'rev-parse', 'HEAD').trim();
    writeFileSync(join(repo, '.git', 'refs', 'heads', 'main.lock'), '');
    const err = await store.write(trunk('sw1', 'uplink'), meta('sw1', '507'), null).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IntentStoreError);
    expect(git(repo, 'rev-parse', 'HEAD').trim()).toBe(before);
    expect(git(repo, 'tag', '-l').trim()).toBe('');
  }, 30_000);
});

/** An operator commits a hand edit of port 2's description. */
function handEditPort2(repo: string): void {
  const file = join(repo, 'devices', 'sw1.yaml');
  writeFileSync(file, git(repo, 'show', 'HEAD:devices/sw1.yaml').replace('description: b\n', 'description: b by hand\n'));
  git(repo, 'commit', '-q', '-m', 'ops: port 2 by hand', '--', 'devices/sw1.yaml');
}
