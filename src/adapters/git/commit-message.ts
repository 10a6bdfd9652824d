import { ValidationError } from '../../core/errors.js';
import type { CommitMeta } from '../../core/ports.js';
import { TICKET_PATTERN } from '../../core/types.js';

const TICKET_RE = new RegExp(TICKET_PATTERN);
const TRAILER_KEY_RE = /^[A-Za-z][A-Za-z0-9-]{0,63}$/;
const FIXED_TRAILERS = new Set(['change-ticket', 'device', 'source']);

const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim();

/** The ticket of a commit, validated (it becomes a tag name), or null. */
export function commitTicket(meta: CommitMeta): string | null {
  const t = meta.ticket ?? null;
  // Beyond TICKET_PATTERN, git refuses `..`, a trailing `.` and a `.lock` suffix in ref names.
  if (t !== null && (!TICKET_RE.test(t) || t.includes('..') || t.endsWith('.') || t.endsWith('.lock'))) {
    throw new ValidationError(`invalid ticket '${t}'`, [`ticket: '${t}' must match ${TICKET_PATTERN} and be a valid git tag name`]);
  }
  return t;
}

/**
 * `<subject>\n\n<body>\n\nChange-Ticket: <t|none>\nDevice: …\nSource: …\n<extra trailers>`.
 * Subject and trailer values are folded to one line; extra trailer keys must be header-like and may
 * not repeat the fixed ones. Throws ValidationError. Pure.
 */
export function renderCommitMessage(meta: CommitMeta): string {
  const subject = oneLine(meta.subject);
  if (subject === '') throw new ValidationError('empty commit subject', ['subject: must not be empty']);
  const lines = [
    `Change-Ticket: ${commitTicket(meta) ?? 'none'}`,
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

/** `git log %(trailers:only,unfold)` output → key/value map (a repeated key keeps its last value). */
export function parseTrailers(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Za-z][A-Za-z0-9-]*):\s*(.*)$/.exec(line.trim());
    if (m?.[1] !== undefined && m[2] !== undefined) out[m[1]] = m[2];
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
