import { CronExpressionParser } from 'cron-parser';

/**
 * A maintenance window of policy.yaml: it opens at each fire time of `cron` (5 fields, read in
 * `timezone`, an IANA zone; default UTC) and stays open for `duration` (`90m`, `2h`, `1h30m`, `1d`).
 * `allow`: changes may land only inside some allow window; `deny`: never inside it.
 */
export interface ChangeWindow {
  kind: 'allow' | 'deny';
  cron: string;
  duration: string;
  timezone?: string;
}

/** A window as written in policy.yaml: exactly one of `allow: true` / `deny: true` names its kind. */
export interface ChangeWindowSpec {
  allow?: boolean;
  deny?: boolean;
  cron: string;
  duration: string;
  timezone?: string;
}

/** Whether changes may land now, and if not why and when they may (ms since the epoch; null: never within a year). */
export type WindowState = { open: true } | { open: false; reason: string; opensAt: number | null };

const UNIT_MS: Record<string, number> = { d: 86_400_000, h: 3_600_000, m: 60_000 };

export function windowOf(spec: ChangeWindowSpec): ChangeWindow {
  return { kind: spec.deny === true ? 'deny' : 'allow', cron: spec.cron, duration: spec.duration, ...(spec.timezone ? { timezone: spec.timezone } : {}) };
}

/** `2h`, `90m`, `1h30m`, `1d` → ms; null when not such a duration (or zero). Pure. */
export function durationMs(s: string): number | null {
  const m = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?$/.exec(s.trim());
  if (!m || s.trim() === '') return null;
  const ms = Number(m[1] ?? 0) * UNIT_MS.d! + Number(m[2] ?? 0) * UNIT_MS.h! + Number(m[3] ?? 0) * UNIT_MS.m!;
  return ms > 0 ? ms : null;
}

/** Problems with a window (bad cron, unknown zone, bad duration), `at`-prefixed; empty when valid. Pure. */
export function windowProblems(spec: ChangeWindowSpec, at: string): string[] {
  const problems: string[] = [];
  if ((spec.allow === true) === (spec.deny === true)) problems.push(`${at}: set exactly one of allow: true or deny: true`);
  if (durationMs(spec.duration) === null) problems.push(`${at}.duration: '${spec.duration}' is not a duration like 90m, 2h, 1h30m or 1d`);
  if (spec.timezone !== undefined && !validZone(spec.timezone)) problems.push(`${at}.timezone: '${spec.timezone}' is not an IANA time zone`);
  if (spec.cron.trim().split(/\s+/).length !== 5) problems.push(`${at}.cron: '${spec.cron}' must have 5 fields (minute hour day month weekday)`);
  else {
    try {
      CronExpressionParser.parse(spec.cron, { tz: 'UTC' });
    } catch (err) {
      problems.push(`${at}.cron: '${spec.cron}': ${(err as Error).message}`);
    }
  }
  return problems;
}

function validZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

function fire(w: ChangeWindow, now: number, dir: 'prev' | 'next'): number | null {
  // prev() is strictly before currentDate: +1 ms makes a window that starts exactly now count as open.
  const e = CronExpressionParser.parse(w.cron, { currentDate: new Date(dir === 'prev' ? now + 1 : now), tz: w.timezone ?? 'UTC' });
  try {
    return (dir === 'prev' ? e.prev() : e.next()).getTime();
  } catch {
    return null;
  }
}

/** The end of the occurrence of `w` that holds `now` (ms), or null when `w` is not open at `now`. Pure. */
export function openUntil(w: ChangeWindow, now: number): number | null {
  const start = fire(w, now, 'prev');
  const end = start === null ? null : start + (durationMs(w.duration) ?? 0);
  return end !== null && end > now ? end : null;
}

const label = (w: ChangeWindow): string => `${w.kind} window '${w.cron}' for ${w.duration} (${w.timezone ?? 'UTC'})`;

function stateAt(windows: readonly ChangeWindow[], now: number): { open: boolean; reason: string; until: number[] } {
  const deny = windows.filter((w) => w.kind === 'deny').map((w) => ({ w, end: openUntil(w, now) })).filter((d) => d.end !== null);
  if (deny.length > 0) return { open: false, reason: `inside the ${label(deny[0]!.w)}`, until: deny.map((d) => d.end as number) };
  const allow = windows.filter((w) => w.kind === 'allow');
  if (allow.length === 0 || allow.some((w) => openUntil(w, now) !== null)) return { open: true, reason: '', until: [] };
  return { open: false, reason: `outside the allow window${allow.length > 1 ? 's' : ''} ${allow.map((w) => `'${w.cron}' for ${w.duration} (${w.timezone ?? 'UTC'})`).join(', ')}`, until: [] };
}

/**
 * Whether changes may land at `now` under `windows`: closed inside any deny window, or when allow
 * windows exist and none is open. When closed, `opensAt` is the first moment (an allow window's start
 * or a deny window's end) at which they may; null when none comes within a year. Pure.
 */
export function windowState(windows: readonly ChangeWindow[], now: number): WindowState {
  const first = stateAt(windows, now);
  if (first.open) return { open: true };
  let t = now;
  const limit = now + 366 * UNIT_MS.d!;
  for (let i = 0; i < 1000 && t < limit; i++) {
    const here = stateAt(windows, t);
    if (here.open) return { open: false, reason: first.reason, opensAt: t };
    const candidates = [...here.until, ...windows.filter((w) => w.kind === 'allow').map((w) => fire(w, t, 'next'))].filter((c): c is number => c !== null && c > t);
    if (candidates.length === 0) break;
    t = Math.min(...candidates);
  }
  return { open: false, reason: first.reason, opensAt: null };
}
