import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebexNotifier } from '../../../src/adapters/webex/notifier.js';
import type { Notification } from '../../../src/adapters/webex/messages.js';
import { WebexEmulator } from '../../../src/lab/webex-emulator.js';
import { silentLogger } from '../../../src/log.js';

const TOKEN = 'bot-token-123';
const change = { interface: 'GigabitEthernet1/0/2', leaf: 'description', op: 'set', before: 'by hand', after: 'uplink' } as const;
const drift = (device: string, action: 'reverted' | 'reported' = 'reverted'): Notification => ({ kind: 'drift', device, changes: [change], action });
const failed = (device: string, reason: string): Notification => ({ kind: 'failed', device, reason, message: 'x', leftUnchanged: 'all', tickets: [] });
const resolved = (device: string, incident: 'drift' | 'failure'): Notification => ({ kind: 'resolved', device, incident });

describe('Webex incident threads', () => {
  let emu: WebexEmulator;
  const make = (): WebexNotifier =>
    new WebexNotifier({ config: { baseUrl: emu.baseUrl, token: TOKEN, roomId: 'Y2lzY29zcGFyazovL3VzL1JPT00vbGFi', maxQueue: 100 }, logger: silentLogger(), sleep: async () => {} });

  beforeEach(async () => {
    emu = await WebexEmulator.start({ token: TOKEN });
  });
  afterEach(async () => {
    await emu.stop();
  });

  it('puts one drift incident in one thread: the first message starts it, reverts and the resolution reply to it', async () => {
    const n = make();
    n.notify(drift('c9300'));
    n.notify(drift('c9300'));
    n.notify(drift('c9300', 'reported'));
    n.notify(resolved('c9300', 'drift'));
    await n.flush(5000);
    const roots = emu.roots();
    expect(roots).toHaveLength(1);
    const replies = emu.thread(roots[0]?.id ?? '');
    expect(replies.map((m) => m.text?.split('\n')[0])).toEqual([
      '⚠️ c9300: drift reverted (1 change)',
      '⚠️ c9300: drift detected, not reverted (1 change)',
      '✅ c9300: drift resolved, the device matches its intent',
    ]);
  });

  it('starts a new thread for the next incident after a resolution, and keeps devices and failures apart', async () => {
    const n = make();
    n.notify(drift('c9300'));
    n.notify(failed('c9300', 'DeviceUnreachable'));
    n.notify(drift('eos-1'));
    n.notify(failed('c9300', 'DeviceBusy'));
    n.notify(resolved('c9300', 'failure'));
    n.notify(resolved('c9300', 'drift'));
    n.notify(drift('c9300'));
    await n.flush(5000);
    const roots = emu.roots().map((m) => m.text?.split('\n')[0]);
    expect(roots).toEqual([
      '⚠️ c9300: drift reverted (1 change)',
      '❌ c9300: apply failed (DeviceUnreachable)',
      '⚠️ eos-1: drift reverted (1 change)',
      '⚠️ c9300: drift reverted (1 change)',
    ]);
    const failure = emu.roots()[1]?.id ?? '';
    expect(emu.thread(failure).map((m) => m.text?.split('\n')[0])).toEqual(['❌ c9300: apply failed (DeviceBusy)', '✅ c9300: failure resolved, the device matches its intent']);
    expect(emu.thread(emu.roots()[3]?.id ?? '')).toEqual([]);
  });

  it('does not send a resolution for an incident it never told', async () => {
    const n = make();
    n.notify(resolved('c9300', 'drift'));
    await n.flush(5000);
    expect(emu.messages).toEqual([]);
  });

  it('starts the thread with the next message when the first one was dropped', async () => {
    emu.failNext(1, 400);
    const n = make();
    n.notify(drift('c9300'));
    n.notify(drift('c9300', 'reported'));
    n.notify(resolved('c9300', 'drift'));
    await n.flush(5000);
    expect(emu.roots().map((m) => m.text?.split('\n')[0])).toEqual(['⚠️ c9300: drift detected, not reverted (1 change)']);
    expect(emu.thread(emu.roots()[0]?.id ?? '')).toHaveLength(1);
  });

  it('sends a plan held for approval as an Adaptive Card with a text fallback', async () => {
    const n = make();
    const hash = 'b'.repeat(64);
    n.notify({ kind: 'held', state: 'pending-approval', device: 'c9300', changes: [change], hash, reason: 'trunk port' });
    await n.flush(5000);
    const m = emu.messages[0];
    expect(m?.attachments?.[0]?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(m?.attachments?.[0]?.content.actions).toEqual([
      expect.objectContaining({ title: 'Approve', data: { action: 'approve', device: 'c9300', plan: hash } }),
      expect.objectContaining({ title: 'Reject', data: { action: 'reject', device: 'c9300', plan: hash } }),
    ]);
    expect(m?.text).toContain(`intentd approve --device c9300 --plan ${hash}`);
  });
});
