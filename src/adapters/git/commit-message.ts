import { ValidationError } from '../../core/errors.js';
import type { CommitMeta } from '../../core/ports.js';
import { isTicket, ticketError } from '../../core/ticket.js';

const TRAILER_KEY_RE = /^[A-Za-z][A-Za-z0-9-]{0,63}$/;
const FIXED_TRAILERS = new Set(['change-ticket', 'device', 'source']);

const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim();

/** The tickets of a commit as its trailers show them: each folded to one line, non-empty, de-duplicated, in order. */
export function commitTickets(meta: CommitMeta): string[] {
  return [...new Set((meta.tickets ?? []).map(oneLine).filter((t) => t !== ''))];
}

/** The tickets of a commit that can be tags (`ticket/<t>`); the others get a trailer only. */
export function taggableTickets(meta: CommitMeta): string[] {
  return commitTickets(meta).filter(isTicket);
}

/**
 * Throws ValidationError when a ticket of `meta` is outside the ticket grammar. For checks before
 * anything is written (an intent commit); an audit commit, made after a device write, never checks.
 */
export function assertTickets(meta: CommitMeta): void {
  const problems = commitTickets(meta).flatMap((t) => ticketError(t) ?? []);
  if (problems.length > 0) throw new ValidationError(`invalid ticket in commit for ${meta.device}`, problems.map((p) => `tickets: ${p}`));
}

/**
 * `<subject>\n\n<body>\n\nChange-Ticket: <t1>\nChange-Ticket: <t2>\nDevice: …\nSource: …\n<extra trailers>`,
 * one `Change-Ticket:` line per ticket (`none` without one), so `git log --grep '^Change-Ticket: 43$'`
 * finds exactly ticket 43's commits. Subject and trailer values are folded to one line; extra trailer
 * keys must be header-like and may not repeat the fixed ones. Throws ValidationError for an empty
 * subject or a bad trailer key, never for a ticket value. Pure.
 */
export function renderCommitMessage(meta: CommitMeta): string {
  const subject = oneLine(meta.subject);
  if (subject === '') throw new ValidationError('empty commit subject', ['subject: must not be empty']);
  const tickets = commitTickets(meta);
  const lines = [
    ...(tickets.length > 0 ? tickets : ['none']).map((t) => `Change-Ticket: ${t}`),
    `Device: ${oneLine(meta.device)}`,
    `Source: ${meta.source}`,
  ];
  for (const [key, value] of Object.entries(meta.trailers ?? {})) {
    if (!TRAILER_KEY_RE.test(key) || FIXED_TRAILERS.has(key.toLowerCase())) {
      throw new ValidationError(`invalid trailer '${key}'`, [`trailers.${key}: must be a header-like name other than Change-Ticket, Device, Source`]);
    }
    lines.push(`${key}: ${oneLine(value)}`);
  }
  const body = meta.body?.trim();
  return [subject, ...(body ? [body] : []), lines.join('\n')].join('\n\n') + '\n';
}

/**
 * `git log %(trailers:only,unfold)` output → key/value map; a repeated key (one `Change-Ticket:` per
 * ticket) joins its values with `, ` in order.
 */
export function parseTrailers(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Za-z][A-Za-z0-9-]*):\s*(.*)$/.exec(line.trim());
    if (m?.[1] === undefined || m[2] === undefined) continue;
    const before = out[m[1]];
    out[m[1]] = before === undefined ? m[2] : `${before}, ${m[2]}`;
  }
  return out;
}

/** First free tag name for a ticket: `ticket/<t>`, then `ticket/<t>-2`, `-3`, … */
export function nextTicketTag(ticket: string, existing: ReadonlySet<string>): string {
  const base = `ticket/${ticket}`;
  if (!existing.has(base)) return base;
  let n = 2;
  while (existing.has(`${base}-${n}`)) n++;
  return `${base}-${n}`;
}
