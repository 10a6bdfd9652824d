import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { GitIntentStore } from '../../../src/adapters/git/intent-store.js';
import type { ValidationError } from '../../../src/core/errors.js';
import { silentLogger } from '../../../src/log.js';
import { IntentWatchSource } from '../../../src/sources/intent-watch.js';
import { git, openStore, tempDir, trunk } from './helpers.js';

interface Seen {
  devices: string[];
  invalid: Array<{ device: string; error: ValidationError }>;
}

let cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

async function setup(): Promise<{ repo: string; store: GitIntentStore; seen: Seen; watch: IntentWatchSource }> {
  const t = tempDir();
  cleanups.push(t.cleanup);
  const repo = t.dir;
  const store = await openStore(repo);
  await store.write(trunk('sw1', 'one'), { subject: 'seed', device: 'sw1', source: 'cli' }, null);
  const seen: Seen = { devices: [], invalid: [] };
  const watch = new IntentWatchSource({
    repo,
    store,
    debounceMs: 150,
    logger: silentLogger(),
    onDevice: (d) => seen.devices.push(d),
    onInvalid: (device, error) => seen.invalid.push({ device, error }),
  });
  await watch.start();
  cleanups.push(() => watch.stop());
  return { repo, store, seen, watch };
}

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting for the watch');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 600));

const VALID_SW2 = 'device: sw2\ninterfaces:\n  Vlan10: { description: hand made }\n';

describe('IntentWatchSource', () => {
  it('reports a device edited and committed from outside intentd', async () => {
    const { repo, seen } = await setup();
    writeFileSync(join(repo, 'devices', 'sw2.yaml'), VALID_SW2);
    git(repo, 'add', 'devices/sw2.yaml');
    git(repo, 'commit', '-q', '-m', 'add sw2 by hand');
    await until(() => seen.devices.includes('sw2'));
    await settle();
    expect(seen.invalid).toEqual([]);
    expect(seen.devices.filter((d) => d !== 'sw2')).toEqual([]);
  });

  it('reports the devices a git revert changes', async () => {
    const { repo, store, seen } = await setup();
    await store.write(trunk('sw1', 'two'), { subject: 'two', device: 'sw1', source: 'cli' }, null);
    await until(() => seen.devices.includes('sw1'));
    await settle();
    seen.devices.length = 0;
    git(repo, 'revert', '--no-edit', 'HEAD');
    await until(() => seen.devices.includes('sw1'));
    expect((await store.read('sw1'))?.intent.interfaces[0]?.description).toBe('one');
  });

  it('reports a commit that only moves HEAD (git reset) for the files it changed', async () => {
    const { repo, store, seen } = await setup();
    await store.write(trunk('sw3', 'x'), { subject: 'sw3', device: 'sw3', source: 'cli' }, null);
    await until(() => seen.devices.includes('sw3'));
    await settle();
    seen.devices.length = 0;
    git(repo, 'reset', '-q', '--soft', 'HEAD~1');
    await until(() => seen.devices.includes('sw3'));
    expect(seen.devices).not.toContain('sw1');
  });

  it('passes an invalid external file to onInvalid with the schema error, not to onDevice', async () => {
    const { repo, seen } = await setup();
    writeFileSync(join(repo, 'devices', 'bad.yaml'), 'device: bad\ninterfaces:\n  Vlan10: { mtu: 99999 }\n');
    git(repo, 'add', 'devices/bad.yaml');
    git(repo, 'commit', '-q', '-m', 'broken by hand');
    await until(() => seen.invalid.length > 0);
    await settle();
    expect(seen.invalid.map((i) => i.device)).toEqual(['bad']);
    expect(seen.invalid[0]?.error.problems).toEqual(['devices/bad.yaml: interfaces.Vlan10.mtu: must be <= 18000']);
    expect(seen.devices).not.toContain('bad');
  });

  it('knows the file it committed by blob id, and still checks an uncommitted edit of it', async () => {
    const { repo, store, seen } = await setup();
    const path = join(repo, 'devices', 'sw1.yaml');
    const committed = readFileSync(path, 'utf8');
    expect(await store.isCommittedText('sw1', committed)).toBe(true);
    expect(await store.isCommittedText('sw1', `${committed}\n`)).toBe(false);
    expect(await store.isCommittedText('sw9', committed)).toBe(false);
    writeFileSync(path, 'device: sw1\ninterfaces:\n  Vlan10: { mtu: 99999 }\n');
    await until(() => seen.invalid.length > 0);
    expect(seen.invalid.map((i) => i.device)).toEqual(['sw1']);
  });

  it('stops reporting after stop()', async () => {
    const { repo, seen, watch } = await setup();
    await watch.stop();
    writeFileSync(join(repo, 'devices', 'sw2.yaml'), VALID_SW2);
    await settle();
    expect(seen.devices).toEqual([]);
  });
});
