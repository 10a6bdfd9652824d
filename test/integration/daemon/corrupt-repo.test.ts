import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/load.js';
import { Daemon } from '../../../src/daemon.js';
import { DaemonEvents } from '../../../src/daemon-events.js';
import { Lab } from '../../../src/lab/lab.js';
import { silentLogger } from '../../../src/log.js';

const git = (repo: string, ...args: string[]) => execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8' }).trim();

describe('a corrupt intent repository', () => {
  let lab: Lab;
  let dir: string;
  let repo: string;
  let daemon: Daemon | null;
  let events: DaemonEvents;

  beforeEach(async () => {
    lab = await Lab.start();
    dir = mkdtempSync(join(tmpdir(), 'intentd-corrupt-'));
    repo = join(dir, 'intent');
    daemon = null;
    events = new DaemonEvents();
  });
  afterEach(async () => {
    await daemon?.stop({ timeoutMs: 5000 });
    lab.webex.assertNoUnexpected();
    await lab.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function start(): Promise<Daemon> {
    const yaml = lab.configYaml({ repo, listen: '127.0.0.1:0', poll: null, resync: null });
    daemon = await Daemon.start({ config: parseConfig(yaml, 'test', { env: {} }), logger: silentLogger(), events });
    await daemon.idle();
    const status = (await (await fetch(`${daemon.url}/api/status/c9300`)).json()) as { state: string };
    expect(status.state).toBe('in-sync');
    expect((await fetch(`${daemon.url}/readyz`)).status).toBe(200);
    return daemon;
  }

  async function expectFailedAndNotReady(d: Daemon, sentBefore: number): Promise<void> {
    // A git failure is retryable (the operator may repair the repo): wait for the failed reconcile.
    const failed = new Promise<void>((resolve) => events.onEvent((e) => e.type === 'failed' && e.device === 'c9300' && resolve()));
    d.nudge('c9300', 'resync');
    await failed;
    const status = (await (await fetch(`${d.url}/api/status/c9300`)).json()) as { state: string; lastError: { reason: string; message: string } | null };
    expect(status.state).toBe('failed');
    expect(status.lastError?.reason).toBe('IntentStoreFailed');
    const ready = await fetch(`${d.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { checks: { intentRepo: { ok: boolean } } }).checks.intentRepo.ok).toBe(false);
    await d.stop({ timeoutMs: 5000 });
    expect(lab.webex.messages.slice(sentBefore).some((m) => /c9300: apply failed \(IntentStoreFailed\)/.test(m.text ?? ''))).toBe(true);
  }

  it('shows failed (not in-sync) and is not ready when HEAD points to a missing commit', async () => {
    const d = await start();
    const sent = lab.webex.messages.length;
    const branch = git(repo, 'symbolic-ref', 'HEAD');
    writeFileSync(join(repo, '.git', branch), `${'1'.repeat(40)}\n`);
    await expectFailedAndNotReady(d, sent);
  });

  it('shows failed (not in-sync) and is not ready when the HEAD tree object is missing', async () => {
    const d = await start();
    const sent = lab.webex.messages.length;
    await d.stop({ timeoutMs: 5000 });
    daemon = null;
    // Unpacked objects so the tree can be removed on its own.
    const tree = git(repo, 'rev-parse', 'HEAD^{tree}');
    git(repo, 'repack', '-a', '-d', '-q');
    const packDir = join(repo, '.git', 'objects', 'pack');
    const packs = readdirSync(packDir).filter((p) => p.endsWith('.pack')).map((p) => readFileSync(join(packDir, p)));
    for (const p of readdirSync(packDir)) unlinkSync(join(packDir, p));
    for (const pack of packs) execFileSync('git', ['-C', repo, 'unpack-objects', '-q'], { input: pack });
    unlinkSync(join(repo, '.git', 'objects', tree.slice(0, 2), tree.slice(2)));
    const yaml = lab.configYaml({ repo, listen: '127.0.0.1:0', poll: null, resync: null });
    daemon = await Daemon.start({ config: parseConfig(yaml, 'test', { env: {} }), logger: silentLogger(), events });
    await expectFailedAndNotReady(daemon, sent);
  });
});
