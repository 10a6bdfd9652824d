import { describe, expect, it } from 'vitest';
import { durationMs, openUntil, windowProblems, windowState, type ChangeWindow } from '../../../src/core/change-window.js';

const at = (iso: string): number => Date.parse(iso);
const nightly: ChangeWindow = { kind: 'allow', cron: '0 22 * * *', duration: '2h', timezone: 'Europe/Zurich' };

describe('change windows', () => {
  it('is open from the cron start for its duration, in the window time zone', () => {
    // 22:00 in Zurich is 20:00 UTC in summer (CEST).
    expect(windowState([nightly], at('2026-07-01T20:00:00Z'))).toEqual({ open: true });
    expect(windowState([nightly], at('2026-07-01T21:59:59Z'))).toEqual({ open: true });
    const closed = windowState([nightly], at('2026-07-01T22:00:00Z'));
    expect(closed).toMatchObject({ open: false, opensAt: at('2026-07-02T20:00:00Z') });
    expect(closed.open ? '' : closed.reason).toMatch(/outside the allow window '0 22 \* \* \*' for 2h \(Europe\/Zurich\)/);
  });

  it('keeps local time across DST: 22:00 Zurich is 21:00 UTC in winter and 20:00 UTC in summer', () => {
    const before = windowState([nightly], at('2026-03-28T12:00:00Z'));
    expect(before).toMatchObject({ open: false, opensAt: at('2026-03-28T21:00:00Z') });
    const after = windowState([nightly], at('2026-03-29T12:00:00Z'));
    expect(after).toMatchObject({ open: false, opensAt: at('2026-03-29T20:00:00Z') });
    // Autumn: a window open over the change back lasts its real duration.
    const w: ChangeWindow = { kind: 'allow', cron: '30 1 * * *', duration: '2h', timezone: 'Europe/Zurich' };
    expect(openUntil(w, at('2026-10-24T23:45:00Z'))).toBe(at('2026-10-25T01:30:00Z'));
  });

  it('closes inside a deny window even where an allow window is open, and opens at its end', () => {
    const deny: ChangeWindow = { kind: 'deny', cron: '0 23 * * *', duration: '30m', timezone: 'Europe/Zurich' };
    const s = windowState([nightly, deny], at('2026-07-01T21:10:00Z'));
    expect(s).toMatchObject({ open: false, opensAt: at('2026-07-01T21:30:00Z') });
    expect(s.open ? '' : s.reason).toMatch(/inside the deny window/);
    expect(windowState([deny], at('2026-07-01T12:00:00Z'))).toEqual({ open: true });
  });

  it('is always open without windows', () => {
    expect(windowState([], at('2026-07-01T12:00:00Z'))).toEqual({ open: true });
  });

  it('rejects bad cron expressions, unknown zones and durations with a path', () => {
    expect(windowProblems({ allow: true, cron: '61 * * * *', duration: '2h' }, '/defaults/windows/0')).toEqual([expect.stringMatching(/^\/defaults\/windows\/0\.cron: '61 \* \* \* \*'/)]);
    expect(windowProblems({ allow: true, cron: '0 22 * * *', duration: '2 hours', timezone: 'Mars/Olympus' }, 'w')).toEqual([expect.stringMatching(/^w\.duration/), expect.stringMatching(/^w\.timezone: 'Mars\/Olympus' is not an IANA time zone/)]);
    expect(windowProblems({ cron: '0 22 * * *', duration: '1h' }, 'w')).toEqual(['w: set exactly one of allow: true or deny: true']);
    expect(windowProblems({ deny: true, cron: '0 22 * *', duration: '1h' }, 'w')).toEqual([expect.stringMatching(/must have 5 fields/)]);
    expect([durationMs('90m'), durationMs('1h30m'), durationMs('1d'), durationMs('0m'), durationMs('')]).toEqual([5_400_000, 5_400_000, 86_400_000, null, null]);
  });
});
