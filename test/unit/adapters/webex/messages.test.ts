import { describe, expect, it } from 'vitest';
import type { LeafChange } from '../../../../src/core/plan-types.js';
import { escapeMarkdown, formatValue, renderNotification, WEBEX_MAX_BYTES, type Notification } from '../../../../src/adapters/webex/messages.js';

const change = (over: Partial<LeafChange> = {}): LeafChange => ({
  interface: 'GigabitEthernet1/0/10',
  leaf: 'mtu',
  op: 'set',
  before: 1500,
  after: 2000,
  ...over,
});

describe('renderNotification', () => {
  it.each<[string, Notification, string[], string[]]>([
    [
      'an applied change with ticket, commit and per-leaf before → after',
      { kind: 'applied', device: 'c9300', interfaces: ['GigabitEthernet1/0/10'], changes: [change(), change({ leaf: 'description', before: null, after: 'Big new thing ##ticket:73003##' })], tickets: ['73003'], commit: '0123456789abcdef0123', verified: true },
      ['✅ c9300: applied 2 changes on 1 interface for ticket 73003', 'Commit 0123456789ab · verified', '- GigabitEthernet1/0/10 mtu: 1500 → 2000', '- GigabitEthernet1/0/10 description: (none) → "Big new thing ##ticket:73003##"'],
      ['**c9300: applied 2 changes on 1 interface**', '\\#\\#ticket:73003\\#\\#', 'Commit `0123456789ab`'],
    ],
    [
      'an apply that was not verified',
      { kind: 'applied', device: 'c9300', interfaces: ['Gi1'], changes: [change()], tickets: [], commit: 'abc', verified: false },
      ['applied 1 change on 1 interface', 'NOT verified'],
      [],
    ],
    [
      'a failure with what was left unchanged',
      { kind: 'failed', device: 'c9300', reason: 'DeviceRejected', message: 'invalid-value: mtu 20000', leftUnchanged: 'running config (rolled back)', tickets: ['T-1'] },
      ['❌ c9300: apply failed (DeviceRejected)', 'invalid-value: mtu 20000', 'Left unchanged: running config (rolled back)', 'Tickets: T-1'],
      ['T\\-1'],
    ],
    [
      'reverted drift with removed leaves and VLAN ranges',
      { kind: 'drift', device: 'c9300', action: 'reverted', commit: 'feedbeef', changes: [change({ leaf: 'allowedVlans', before: [1, 2, 3, 5], after: [300, 400, 500] }), change({ leaf: 'enabled', op: 'set', before: false, after: true }), change({ leaf: 'ipv4', op: 'remove', before: '10.0.0.1/24', after: null })] },
      ['⚠️ c9300: drift reverted (3 changes)', '- GigabitEthernet1/0/10 allowedVlans: 1-3,5 → 300,400,500', 'enabled: false → true', 'ipv4: "10.0.0.1/24" → (removed)', 'Commit feedbeef'],
      [],
    ],
    [
      'reported drift',
      { kind: 'drift', device: 'c9300', action: 'reported', changes: [change()] },
      ['drift detected, not reverted (1 change)'],
      [],
    ],
    [
      'a change without ticket, in the lab words',
      { kind: 'skipped-no-ticket', device: 'c9300', interface: 'GigabitEthernet1/0/2', fields: ['description', 'mtu'] },
      ['ℹ️ c9300 GigabitEthernet1/0/2: No ticket number attached to this change, skipping! (changed: description, mtu)'],
      [],
    ],
    [
      'a first import held back, with the way to apply it',
      { kind: 'pending-adoption', device: 'c9300', changes: [{ interface: 'GigabitEthernet1/0/3', leaf: 'description', op: 'set', before: null, after: 'x' }] },
      ['⏸️ c9300: first import differs from the device on 1 interface, not sent (no ticket)', 'intentd apply --device c9300 --ticket <ticket>', '- GigabitEthernet1/0/3 description: (none) → "x"'],
      [],
    ],
    [
      'rejected input',
      { kind: 'rejected-input', source: 'netbox-webhook', reason: 'bad signature' },
      ['🚫 Rejected input from netbox-webhook', 'bad signature'],
      ['netbox\\-webhook'],
    ],
  ])('renders %s', (_what, n, inText, inMarkdown) => {
    const { text, markdown } = renderNotification(n);
    for (const t of inText) expect(text).toContain(t);
    for (const m of inMarkdown) expect(markdown).toContain(m);
  });

  it('escapes markdown in user-provided text so it cannot format or link', () => {
    const { markdown, text } = renderNotification({ kind: 'rejected-input', source: 'x', reason: '**bold** [link](http://evil) <b>`code`</b> _u_' });
    expect(markdown).toContain('\\*\\*bold\\*\\* \\[link\\]\\(http://evil\\) \\<b\\>\\`code\\`\\</b\\> \\_u\\_');
    expect(text).toContain('**bold** [link](http://evil)');
  });

  it('keeps large plans under the Webex size limit with a "more changes" tail', () => {
    const changes = Array.from({ length: 500 }, (_, i) => change({ interface: `GigabitEthernet1/0/${i}`, leaf: 'description', before: 'ü'.repeat(40), after: 'x'.repeat(40) }));
    const { markdown, text } = renderNotification({ kind: 'applied', device: 'c9300', interfaces: ['a'], changes, tickets: ['1'], commit: 'abc', verified: true });
    expect(Buffer.byteLength(markdown)).toBeLessThanOrEqual(WEBEX_MAX_BYTES);
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(WEBEX_MAX_BYTES);
    const shown = text.split('\n').filter((l) => l.startsWith('- ')).length;
    expect(text).toMatch(new RegExp(`… \\(${500 - shown} more changes\\)$`));
    expect(markdown).toMatch(/… \(\d+ more changes\)$/);
    expect(shown).toBeGreaterThan(10);
  });

  it('cuts an oversized free-text reason instead of exceeding the limit', () => {
    const { markdown, text } = renderNotification({ kind: 'rejected-input', source: 'x'.repeat(10_000), reason: '<'.repeat(10_000) }, 1000);
    expect(Buffer.byteLength(markdown)).toBeLessThanOrEqual(1000);
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(1000);
  });

  it('formats values for people', () => {
    expect(formatValue(null)).toBe('(none)');
    expect(formatValue('all')).toBe('"all"');
    expect(formatValue([10, 11, 12, 20, 21])).toBe('10-12,20,21');
    expect(formatValue(true)).toBe('true');
    expect(escapeMarkdown('1/0/2 #1')).toBe('1/0/2 \\#1');
  });
});
