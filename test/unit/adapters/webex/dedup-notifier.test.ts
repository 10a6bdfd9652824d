import { describe, expect, it } from 'vitest';
import { DedupNotifier } from '../../../../src/adapters/webex/dedup-notifier.js';
import type { Notification } from '../../../../src/adapters/webex/messages.js';
import { LogNotifier } from '../../../../src/adapters/webex/notifier.js';
import { overflowVictim } from '../../../../src/adapters/webex/notify-policy.js';
import { silentLogger } from '../../../../src/log.js';

const rejected = (source: string, reason: string): Notification => ({ kind: 'rejected-input', source, reason });
const failed: Notification = { kind: 'failed', device: 'c9300', reason: 'VerifyFailed', message: 'x', leftUnchanged: 'y', tickets: [] };

function harness(windowMs = 600_000) {
  let now = 1_000_000;
  const sent: Notification[] = [];
  const duplicates: Notification[] = [];
  const inner = new LogNotifier(silentLogger());
  const recording = { ...inner, notify: (n: Notification) => void sent.push(n), flush: inner.flush.bind(inner), stats: inner.stats.bind(inner) };
  const notifier = new DedupNotifier(recording, { windowMs, now: () => now, onDuplicate: (n) => duplicates.push(n) });
  return { notifier, sent, duplicates, advance: (ms: number) => (now += ms) };
}

describe('DedupNotifier', () => {
  it('tells the same rejected input once per window and counts the repeats', () => {
    const h = harness();
    for (let i = 0; i < 50; i++) h.notifier.notify(rejected('nudge (api)', 'device ghost is not managed'));
    expect(h.sent).toHaveLength(1);
    expect(h.duplicates).toHaveLength(49);
    expect(h.notifier.stats().dropped).toBe(49);
  });

  it('tells rejected input again once the window has passed', () => {
    const h = harness(10_000);
    h.notifier.notify(rejected('intent repo: devices/a.yaml', 'bad vlan'));
    h.advance(9_999);
    h.notifier.notify(rejected('intent repo: devices/a.yaml', 'bad vlan'));
    h.advance(1);
    h.notifier.notify(rejected('intent repo: devices/a.yaml', 'bad vlan'));
    expect(h.sent).toHaveLength(2);
  });

  it('keys on source and reason: a different source or reason is told', () => {
    const h = harness();
    h.notifier.notify(rejected('a', 'r1'));
    h.notifier.notify(rejected('b', 'r1'));
    h.notifier.notify(rejected('a', 'r2'));
    expect(h.sent).toHaveLength(3);
  });

  it('never holds back other kinds, however often they repeat', () => {
    const h = harness();
    for (let i = 0; i < 5; i++) h.notifier.notify(failed);
    expect(h.sent).toHaveLength(5);
  });
});

describe('overflowVictim', () => {
  it('picks the oldest informational message, else drops an informational newcomer, else the oldest alert', () => {
    const info = rejected('s', 'r');
    expect(overflowVictim([failed, info, info], failed)).toBe(1);
    expect(overflowVictim([failed, failed], info)).toBe(-1);
    expect(overflowVictim([failed, failed], failed)).toBe(0);
  });
});
