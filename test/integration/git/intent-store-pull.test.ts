import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CommitMeta } from '../../../src/core/ports.js';
import { bareRemote, git, openStore, trunk, useTempDirs } from './helpers.js';

const meta = (device: string, ticket: string): CommitMeta => ({ subject: `intent(${device}): test`, device, source: 'netbox', tickets: [ticket] });

const temp = useTempDirs();

describe('intent store: two clones of one remote (cluster replicas)', () => {
  it('pull brings the other clone\'s commits and tags in before a read, every time it is asked', async () => {
    const base = temp();
    const bare = bareRemote(base);
    const a = await openStore(join(base, 'a'), { remote: bare });
    const b = await openStore(join(base, 'b'), { remote: bare });
    for (const [i, text] of ['one', 'two', 'three'].entries()) {
      const w = await a.write(trunk('sw1', text), meta('sw1', `10${i}`), null);
      await b.pull();
      expect(await b.head()).toBe(w.commit);
      expect((await b.read('sw1'))?.intent.interfaces[0]?.description).toBe(text);
      expect(git(join(base, 'b'), 'rev-parse', `ticket/10${i}^{commit}`).trim()).toBe(w.commit);
    }
    expect(git(join(base, 'b'), 'status', '--porcelain')).toBe('');
    a.close();
    b.close();
  });

  it('two clones committing and pushing at the same moment lose nothing on the remote', async () => {
    const base = temp();
    const bare = bareRemote(base);
    const a = await openStore(join(base, 'a'), { remote: bare });
    const b = await openStore(join(base, 'b'), { remote: bare });
    const writes = await Promise.all([
      ...[1, 2, 3].map((i) => a.write(trunk(`sa${i}`, 'x'), meta(`sa${i}`, `20${i}`), null)),
      ...[1, 2, 3].map((i) => b.write(trunk(`sb${i}`, 'y'), meta(`sb${i}`, `30${i}`), null)),
    ]);
    expect(writes.every((w) => w.committed)).toBe(true);
    await Promise.all([a.pull(), b.pull()]);
    const log = git(base, '--git-dir', bare, 'log', '--format=%s', 'main');
    for (const d of ['sa1', 'sa2', 'sa3', 'sb1', 'sb2', 'sb3']) expect(log).toContain(`intent(${d}): test`);
    expect(git(base, '--git-dir', bare, 'tag', '-l', 'ticket/*').trim().split('\n')).toHaveLength(6);
    a.close();
    b.close();
  });

  it('one ticket on two clones\' commits: the second push takes the next free tag name, both commits and tags reach the remote', async () => {
    const base = temp();
    const bare = bareRemote(base);
    const a = await openStore(join(base, 'a'), { remote: bare });
    const b = await openStore(join(base, 'b'), { remote: bare });
    // Both clones made ticket/4242 for their own commit before either pushed (b's push comes second).
    const wa = await a.write(trunk('sa', 'x'), meta('sa', '4242'), null);
    const wb = await b.write(trunk('sb', 'y'), meta('sb', '4242'), null);
    expect([wa.committed, wb.committed]).toEqual([true, true]);
    const log = git(base, '--git-dir', bare, 'log', '--format=%s', 'main');
    expect(log).toContain('intent(sa): test');
    expect(log).toContain('intent(sb): test');
    const tags = git(base, '--git-dir', bare, 'tag', '-l', 'ticket/4242*').trim().split('\n');
    expect(tags).toEqual(['ticket/4242', 'ticket/4242-2']);
    const subjectOf = (tag: string): string => git(base, '--git-dir', bare, 'log', '-1', '--format=%s', tag).trim();
    expect(new Set(tags.map(subjectOf))).toEqual(new Set(['intent(sa): test', 'intent(sb): test']));
    a.close();
    b.close();
  });
});

