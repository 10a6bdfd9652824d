import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LogNotifier, WebexNotifier, type WebexNotifierOptions } from '../../../src/adapters/webex/notifier.js';
import type { Notification } from '../../../src/adapters/webex/messages.js';
import { WebexEmulator } from '../../../src/lab/webex-emulator.js';

const TOKEN = 'bot-token-123';
const note = (device: string): Notification => ({ kind: 'rejected-input', source: 'netbox-webhook', reason: `bad body for ${device}` });

function captureLogger(): { logger: pino.Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      cb();
    },
  });
  return { logger: pino({ level: 'debug' }, stream), lines };
}

async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('WebexNotifier against the Webex emulator', () => {
  let emu: WebexEmulator;
  let sleeps: number[];
  let log: ReturnType<typeof captureLogger>;

  const make = (over: Partial<WebexNotifierOptions> & { recipient?: { roomId: string } | { toPersonEmail: string }; maxQueue?: number; token?: string } = {}): WebexNotifier => {
    const recipient = over.recipient ?? { toPersonEmail: 'netops@example.com' };
    const record = sleeps;
    return new WebexNotifier({
      config: { baseUrl: emu.baseUrl, token: over.token ?? TOKEN, maxQueue: over.maxQueue ?? 100, ...recipient },
      logger: log.logger,
      // Record every wait, then yield briefly instead of really waiting. Bound to this test's array,
      // so a notifier left retrying by a failed test cannot leak waits into the next one.
      sleep: async (ms) => {
        record.push(ms);
        await new Promise((r) => setTimeout(r, 5));
      },
      random: () => 0.5,
      ...over,
    });
  };

  beforeEach(async () => {
    emu = await WebexEmulator.start({ token: TOKEN });
    sleeps = [];
    log = captureLogger();
  });
  afterEach(async () => {
    await emu.stop();
  });

  it('delivers the rendered markdown to the configured person', async () => {
    const n = make();
    n.notify({ kind: 'skipped-no-ticket', device: 'c9300', interface: 'GigabitEthernet1/0/2', fields: ['mtu'] });
    await n.flush(5000);
    expect(emu.messages).toHaveLength(1);
    const m = emu.messages[0];
    expect(m?.toPersonEmail).toBe('netops@example.com');
    expect(m?.roomType).toBe('direct');
    expect(m?.markdown).toContain('No ticket number attached to this change, skipping!');
    expect(m?.text).toContain('c9300 GigabitEthernet1/0/2');
    expect(n.stats()).toMatchObject({ sent: 1, dropped: 0, queued: 0 });
  });

  it('delivers to a room when roomId is configured', async () => {
    const n = make({ recipient: { roomId: 'Y2lzY29zcGFyazovL3VzL1JPT00vYWJj' } });
    n.notify(note('a'));
    await n.flush(5000);
    expect(emu.messages[0]?.roomId).toBe('Y2lzY29zcGFyazovL3VzL1JPT00vYWJj');
    expect(JSON.parse(emu.requests[0]?.body ?? '{}')).not.toHaveProperty('toPersonEmail');
  });

  it('waits Retry-After (plus jitter) on 429 and then delivers', async () => {
    emu.rateLimitNext(2, 3);
    const n = make();
    n.notify(note('a'));
    await n.flush(5000);
    expect(emu.messages).toHaveLength(1);
    expect(sleeps).toEqual([3125, 3125]);
    expect(emu.requests.map((r) => r.status)).toEqual([429, 429, 200]);
    expect(n.stats().retries).toBe(2);
  });

  it('honours a real one-second Retry-After with the default sleep', async () => {
    emu.rateLimitNext(1, 1);
    const n = new WebexNotifier({ config: { baseUrl: emu.baseUrl, token: TOKEN, roomId: 'r', maxQueue: 10 }, logger: log.logger, random: () => 0 });
    const t0 = Date.now();
    n.notify(note('a'));
    await n.flush(5000);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(990);
    expect(emu.messages).toHaveLength(1);
  });

  it('returns from notify at once while Webex is down, and delivers everything once it is back', async () => {
    await emu.down('refuse');
    const n = make();
    for (const d of ['a', 'b', 'c']) n.notify(note(d));
    // notify() only queued: nothing was sent or attempted before it returned.
    expect(n.stats()).toMatchObject({ queued: 3, sent: 0 });
    expect(sleeps).toEqual([]);
    await until(() => sleeps.length >= 3);
    await emu.up();
    await n.flush(5000);
    expect(emu.messages.map((m) => m.text)).toEqual(['a', 'b', 'c'].map((d) => expect.stringContaining(`bad body for ${d}`)));
    expect(n.stats()).toMatchObject({ sent: 3, dropped: 0 });
    // Exponential backoff between attempts for the same message.
    expect(sleeps[1]).toBeGreaterThan(sleeps[0] ?? Infinity);
  });

  it('retries 503 from an unavailable Webex', async () => {
    await emu.down('503');
    const n = make();
    n.notify(note('a'));
    await until(() => sleeps.length >= 2);
    await emu.up();
    await n.flush(5000);
    expect(emu.messages).toHaveLength(1);
    expect(emu.requests.filter((r) => r.status === 503).length).toBeGreaterThanOrEqual(2);
  });

  it('gives up after the attempt bound, logs and counts the drop, then carries on', async () => {
    emu.failNext(3, 500);
    const n = make({ maxAttempts: 3 });
    n.notify(note('lost'));
    n.notify(note('kept'));
    await n.flush(5000);
    expect(emu.messages.map((m) => m.text)).toEqual([expect.stringContaining('kept')]);
    expect(n.stats()).toMatchObject({ sent: 1, dropped: 1, droppedExhausted: 1, retries: 2 });
    expect(log.lines.some((l) => l.msg === 'webex: giving up on message, dropped')).toBe(true);
  });

  it('drops the oldest notification when the queue is full, and counts it', async () => {
    await emu.down('503');
    const n = make({ maxQueue: 2 });
    n.notify(note('in-flight'));
    await until(() => sleeps.length >= 1);
    for (const d of ['old', 'mid', 'new']) n.notify(note(d));
    expect(n.stats()).toMatchObject({ queued: 2, droppedOverflow: 1, dropped: 1 });
    expect(log.lines.some((l) => l.msg === 'webex: queue full, dropped a notification')).toBe(true);
    await emu.up();
    await n.flush(5000);
    expect(emu.messages.map((m) => /bad body for (\S+)/.exec(m.text ?? '')?.[1])).toEqual(['in-flight', 'mid', 'new']);
  });

  it('drops informational messages before failures and drift alerts when the queue is full, and reports each drop', async () => {
    await emu.down('503');
    const drops: string[] = [];
    const n = make({ maxQueue: 3, onDrop: (kind, why) => drops.push(`${kind}:${why}`) });
    const failed = (d: string): Notification => ({ kind: 'failed', device: d, reason: 'DeviceUnreachable', message: 'down', leftUnchanged: 'all', tickets: [] });
    const drift = (d: string): Notification => ({ kind: 'drift', device: d, changes: [], action: 'reported' });
    n.notify(note('in-flight'));
    await until(() => sleeps.length >= 1);
    n.notify(failed('f1'));
    n.notify(note('info1'));
    n.notify(drift('d1'));
    // Full: the queued informational message gives way to the alert…
    n.notify(failed('f2'));
    // …and with only alerts queued, a new informational message is the one dropped.
    n.notify(note('info2'));
    expect(drops).toEqual(['rejected-input:overflow', 'rejected-input:overflow']);
    expect(n.stats()).toMatchObject({ queued: 3, droppedOverflow: 2 });
    await emu.up();
    await n.flush(5000);
    expect(emu.messages.map((m) => /^\S+ (\S+?):? /u.exec(m.text ?? '')?.[1] ?? m.text)).toEqual([
      expect.stringContaining('Rejected'),
      'f1',
      'd1',
      'f2',
    ]);
  });

  it('drops a message Webex refuses with 401 without retrying, and logs it without the token', async () => {
    const n = make({ token: 'wrong-token' });
    n.notify(note('a'));
    await n.flush(5000);
    expect(emu.requests.map((r) => r.status)).toEqual([401]);
    expect(sleeps).toEqual([]);
    expect(n.stats()).toMatchObject({ sent: 0, dropped: 1, droppedRejected: 1 });
    const line = log.lines.find((l) => l.msg === 'webex: message rejected, dropped');
    expect(String(line?.why)).toContain('401');
    expect(JSON.stringify(log.lines)).not.toContain('wrong-token');
  });

  it('stops waiting in flush after the timeout while Webex stays down', async () => {
    await emu.down('refuse');
    const n = make({ sleep: () => new Promise((r) => setTimeout(r, 50)) });
    n.notify(note('a'));
    const t0 = Date.now();
    await n.flush(100);
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(n.stats().sent).toBe(0);
    await emu.up();
    await n.flush(5000);
    expect(n.stats().sent).toBe(1);
  });
});

describe('LogNotifier', () => {
  it('writes each rendered message to the log at info', async () => {
    const { logger, lines } = captureLogger();
    const n = new LogNotifier(logger);
    n.notify(note('x'));
    await n.flush(10);
    expect(lines).toEqual([expect.objectContaining({ level: 30, notification: 'rejected-input', text: expect.stringContaining('bad body for x') })]);
    expect(n.stats().sent).toBe(1);
  });
});
