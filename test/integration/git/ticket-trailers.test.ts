import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/core/errors.js';
import type { CommitMeta } from '../../../src/core/ports.js';
import { bareRemote, capturingLogger, git, openStore, trunk, useTempDirs } from './helpers.js';

const temp = useTempDirs();

const intentMeta = (device: string, tickets: string[]): CommitMeta => ({ subject: `intent(${device}): Gi1/0/10 description`, device, source: 'netbox', tickets });
const auditMeta = (device: string, tickets: string[]): CommitMeta => ({ subject: `apply(${device}): Gi1/0/10 description`, device, source: 'netbox', tickets, trailers: { Result: 'verified' } });
const tags = (repo: string, pattern = 'ticket/*'): string[] => git(repo, 'tag', '-l', pattern).split('\n').filter(Boolean);
const grep = (repo: string, ...args: string[]): string[] => git(repo, 'log', '--format=%H', ...args).split('\n').filter(Boolean);

describe('ticket trailers and tags in the intent repo', () => {
  it('gives every ticket of an intent commit and of an audit commit its own trailer and tag, and pushes them all', async () => {
    const base = temp();
    const bare = bareRemote(base);
    const repo = join(base, 'intent');
    const store = await openStore(repo, { remote: bare });
    const { commit: intent } = await store.write(trunk('c9300', 'two tickets'), intentMeta('c9300', ['43', 'CHG-42']), null);
    const audit = await store.audit(auditMeta('c9300', ['43', 'CHG-42']));
    for (const c of [intent, audit]) {
      expect(git(repo, 'log', '-1', '--format=%(trailers:key=Change-Ticket,valueonly,separator=%x2C)', c as string).trim()).toBe('43,CHG-42');
    }
    expect(git(repo, 'log', '-1', '--format=%B', audit)).toContain('Change-Ticket: 43\nChange-Ticket: CHG-42\nDevice: c9300\n');
    const at = (tag: string) => git(repo, 'rev-parse', `${tag}^{commit}`).trim();
    expect(tags(repo)).toEqual(['ticket/43', 'ticket/43-2', 'ticket/CHG-42', 'ticket/CHG-42-2']);
    expect([at('ticket/43'), at('ticket/CHG-42')]).toEqual([intent, intent]);
    expect([at('ticket/43-2'), at('ticket/CHG-42-2')]).toEqual([audit, audit]);
    expect(tags(bare)).toEqual(tags(repo));
    expect((await store.log({ device: 'c9300', max: 1 }))[0]?.trailers['Change-Ticket']).toBe('43, CHG-42');
  });

  it("lets an anchored git log --grep find exactly ticket 43's commits, not 430's or 143's", async () => {
    const repo = temp();
    const store = await openStore(repo);
    const ids: Record<string, string> = {};
    for (const [name, tickets] of [['43', ['43']], ['430', ['430']], ['143', ['143']], ['7+43', ['7', '43']], ['none', []]] as const) {
      ids[name] = await store.audit(auditMeta('c9300', [...tickets]));
    }
    expect(grep(repo, '--grep=^Change-Ticket: 43$')).toEqual([ids['7+43'], ids['43']]);
    expect(grep(repo, '--extended-regexp', '--grep=^Change-Ticket: (43|430)$')).toEqual([ids['7+43'], ids['430'], ids['43']]);
    expect(grep(repo, '--grep=^Change-Ticket: 43$', '--grep=^Device: c9300$', '--all-match')).toEqual([ids['7+43'], ids['43']]);
    expect(grep(repo, '--grep=^Change-Ticket: none$')).toEqual([ids.none]);
  });

  it('never fails an audit for its tickets: one git refuses keeps its trailer, gets no tag, and is logged and counted', async () => {
    const repo = temp();
    const { logger, lines } = capturingLogger();
    const failed: string[] = [];
    const store = await openStore(repo, { logger, onTagFailed: (t) => failed.push(t) });
    const commit = await store.audit(auditMeta('c9300', ['12.', '1..2', 'x.lock', '43']));
    expect(git(repo, 'rev-parse', 'HEAD').trim()).toBe(commit);
    expect(git(repo, 'log', '-1', '--format=%(trailers:key=Change-Ticket,valueonly,separator=%x2C)').trim()).toBe('12.,1..2,x.lock,43');
    expect(tags(repo)).toEqual(['ticket/43']);
    expect(failed).toEqual(['12.', '1..2', 'x.lock']);
    expect(lines.filter((l) => l.msg === 'commit made, but its ticket tag could not be created').map((l) => l.ticket)).toEqual(['12.', '1..2', 'x.lock']);
  });

  it('keeps the audit commit when git cannot create its tag (a stale ref lock)', async () => {
    const repo = temp();
    const failed: string[] = [];
    const store = await openStore(repo, { onTagFailed: (t) => failed.push(t) });
    mkdirSync(join(repo, '.git', 'refs', 'tags', 'ticket'), { recursive: true });
    writeFileSync(join(repo, '.git', 'refs', 'tags', 'ticket', '43.lock'), '');
    const commit = await store.audit(auditMeta('c9300', ['43']));
    expect(git(repo, 'rev-parse', 'HEAD').trim()).toBe(commit);
    expect(git(repo, 'log', '-1', '--format=%B')).toContain('Change-Ticket: 43\n');
    expect(tags(repo)).toEqual([]);
    expect(failed).toEqual(['43']);
  });

  it('refuses an intent write with a ticket outside the grammar before anything is committed', async () => {
    const repo = temp();
    const store = await openStore(repo);
    const head = await store.head();
    await expect(store.write(trunk('c9300', 'x'), intentMeta('c9300', ['43', '12.']), null)).rejects.toThrow(ValidationError);
    expect(await store.head()).toBe(head);
    expect(tags(repo)).toEqual([]);
  });

  it('refuses a hand-written intent file whose ticket git cannot use, so it never reaches a device or an audit', async () => {
    const repo = temp();
    const store = await openStore(repo);
    writeFileSync(join(repo, 'devices', 'c9300.yaml'), 'device: c9300\ninterfaces:\n  GigabitEthernet1/0/2:\n    description: hand\n    ticket: "12."\n');
    git(repo, 'add', '.');
    git(repo, 'commit', '-qm', 'operator: hand edit');
    const err = await store.read('c9300').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).problems).toEqual([expect.stringMatching(/interfaces\.GigabitEthernet1\/0\/2\.ticket: must be letters, digits/)]);
  });
});
