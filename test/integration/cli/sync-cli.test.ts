import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { syncCommand } from '../../../src/cli/sync.js';
import { parseConfig } from '../../../src/config/load.js';
import { NetboxEmulator } from '../../../src/lab/netbox-emulator.js';
import { silentLogger } from '../../../src/log.js';

describe('intentd sync', () => {
  let nb: NetboxEmulator;
  let dir: string;
  beforeEach(async () => {
    nb = new NetboxEmulator();
    await nb.start();
    nb.seedLab();
    dir = mkdtempSync(join(tmpdir(), 'intentd-sync-'));
  });
  afterEach(async () => {
    await nb.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const run = async () => {
    const config = parseConfig(`netbox: { url: "${nb.url}", token: "${nb.tokenV1}" }\nintent: { repo: "${join(dir, 'intent')}" }\n`, 't', { env: {} });
    let out = '';
    const code = await syncCommand(config, {}, silentLogger(), { out: (s) => (out += s), err: (s) => (out += s) });
    return { code, out };
  };
  const log = () => execFileSync('git', ['-C', join(dir, 'intent'), 'log', '--format=%s'], { encoding: 'utf8' }).trim().split('\n');

  it('imports in-scope devices, takes ticketed changes, skips unticketed ones and commits only on change', async () => {
    expect(await run()).toMatchObject({ code: 0, out: expect.stringContaining('c9300: committed') });
    nb.updateInterface('c9300', 'GigabitEthernet1/0/2', { description: 'uplink to AP', ticket: '4711' });
    nb.updateInterface('c9300', 'GigabitEthernet1/0/3', { mtu: 9000 });
    const second = await run();
    expect(second.out).toContain('taken GigabitEthernet1/0/2 description (ticket 4711)');
    expect(second.out).toContain('skipped GigabitEthernet1/0/3 mtu: No ticket number attached to this change, skipping!');
    const third = await run();
    expect(third.out).toContain('c9300: intent unchanged');
    expect(log()).toEqual(['intent(c9300): Gi1/0/2 description', 'intent(c9300): import 52 interfaces', 'intentd: initialize intent repository']);
  });
});
