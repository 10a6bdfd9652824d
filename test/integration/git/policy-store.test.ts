import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GitIntentStore } from '../../../src/adapters/git/intent-store.js';
import { GitPolicyStore } from '../../../src/adapters/git/policy-store.js';
import { ValidationError } from '../../../src/core/errors.js';
import { silentLogger } from '../../../src/log.js';
import { bareRemote, git, openStore, trunk, useTempDirs } from './helpers.js';

const s = { reason: 'incident 5', by: 'alice', at: '2026-01-01T00:00:00Z' };
const policyStore = (store: GitIntentStore) => new GitPolicyStore(store, silentLogger());

describe('policy.yaml in the intent repo', () => {
  const temp = useTempDirs();

  it('suspends with one commit on top of an operator commit, keeps the worktree clean, and is idempotent', async () => {
    const base = temp();
    const bare = bareRemote(base);
    const repo = join(base, 'intent');
    const store = await openStore(repo, { remote: bare });
    await store.write(trunk('sw1', 'one'), { subject: 'seed', device: 'sw1', source: 'cli' }, null);
    writeFileSync(join(repo, 'notes.txt'), 'operator\n');
    git(repo, 'add', '.');
    git(repo, '-c', 'user.name=op', '-c', 'user.email=op@x', 'commit', '-qm', 'operator commit');
    const p = policyStore(store);
    const commit = await p.change('sw1', s, { by: 'alice', via: 'api' });
    expect(git(repo, 'log', '-1', '--format=%H%n%s%n%(trailers:only)').trim()).toBe(`${commit}\npolicy: suspend sw1 (incident 5)\nDevice: sw1\nActor: alice\nSource: api\nPolicy-Change: suspend`);
    expect(git(repo, 'log', '--format=%s', '-n', '3').trim().split('\n')[1]).toBe('operator commit');
    expect(git(repo, 'status', '--porcelain')).toBe('');
    expect(readFileSync(join(repo, 'policy.yaml'), 'utf8')).toContain('incident 5');
    expect(git(bare, 'rev-parse', 'main').trim()).toBe(commit);
    expect((await p.read()).policy.suspended?.devices?.sw1).toEqual(s);
    expect(await p.change('sw1', s, { by: 'alice', via: 'api' })).toBeNull();
    expect(await p.change(null, null, { by: 'alice', via: 'api' })).toBeNull();
  });

  it('never replaces an invalid policy.yaml at HEAD: the change throws and nothing is committed', async () => {
    const repo = join(temp(), 'intent');
    const store = await openStore(repo);
    writeFileSync(join(repo, 'policy.yaml'), 'suspended: yes\n');
    git(repo, 'add', '.');
    git(repo, '-c', 'user.name=op', '-c', 'user.email=op@x', 'commit', '-qm', 'typo');
    const head = git(repo, 'rev-parse', 'HEAD');
    const p = policyStore(store);
    await expect(p.read()).rejects.toThrow(ValidationError);
    await expect(p.change(null, s, { by: 'alice', via: 'cli' })).rejects.toThrow(ValidationError);
    expect(git(repo, 'rev-parse', 'HEAD')).toBe(head);
  });
});
