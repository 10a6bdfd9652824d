import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Daemon } from '../../../src/daemon.js';
import { useLabDaemon } from './lab-daemon.js';

describe('a corrupt intent repository', () => {
  const t = useLabDaemon('intentd-corrupt-');

  async function startInSync(): Promise<Daemon> {
    const d = await t.start(undefined, { webhook: false });
    expect((await t.status()).state).toBe('in-sync');
    expect((await fetch(`${d.url}/readyz`)).status).toBe(200);
    return d;
  }

  async function expectFailedAndNotReady(d: Daemon, sentBefore: number): Promise<void> {
    // A git failure is retryable (the operator may repair the repo): wait for the failed reconcile.
    const failed = new Promise<void>((resolve) => t.events.onEvent((e) => e.type === 'failed' && e.device === 'c9300' && resolve()));
    d.nudge('c9300', 'resync');
    await failed;
    const status = await t.status();
    expect(status.state).toBe('failed');
    expect(status.lastError?.reason).toBe('IntentStoreFailed');
    const ready = await fetch(`${d.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { checks: { intentRepo: { ok: boolean } } }).checks.intentRepo.ok).toBe(false);
    await d.stop({ timeoutMs: 5000 });
    expect(t.lab.webex.messages.slice(sentBefore).some((m) => /c9300: apply failed \(IntentStoreFailed\)/.test(m.text ?? ''))).toBe(true);
  }

  it('shows failed (not in-sync) and is not ready when HEAD points to a missing commit', async () => {
    const d = await startInSync();
    const sent = t.lab.webex.messages.length;
    const branch = t.git('symbolic-ref', 'HEAD');
    writeFileSync(join(t.repo, '.git', branch), `${'1'.repeat(40)}\n`);
    await expectFailedAndNotReady(d, sent);
  });

  it('shows failed (not in-sync) and is not ready when the HEAD tree object is missing', async () => {
    const d = await startInSync();
    const sent = t.lab.webex.messages.length;
    await d.stop({ timeoutMs: 5000 });
    // Unpacked objects so the tree can be removed on its own.
    const tree = t.git('rev-parse', 'HEAD^{tree}');
    t.git('repack', '-a', '-d', '-q');
    const packDir = join(t.repo, '.git', 'objects', 'pack');
    const packs = readdirSync(packDir).filter((p) => p.endsWith('.pack')).map((p) => readFileSync(join(packDir, p)));
    for (const p of readdirSync(packDir)) unlinkSync(join(packDir, p));
    for (const pack of packs) execFileSync('git', ['-C', t.repo, 'unpack-objects', '-q'], { input: pack });
    unlinkSync(join(t.repo, '.git', 'objects', tree.slice(0, 2), tree.slice(2)));
    await expectFailedAndNotReady(await t.start(undefined, { webhook: false, idle: false }), sent);
  });
});
