import { formatLeafValue } from '../../core/plan-format.js';
import type { Notification } from '../../core/notification.js';
import type { LeafChange, LeafValue } from '../../core/plan-types.js';

export type { Notification } from '../../core/notification.js';

export interface RenderedMessage {
  markdown: string;
  text: string;
}

/** Webex refuses text or markdown longer than this many bytes (UTF-8). */
export const WEBEX_MAX_BYTES = 7439;
/** Longest rendering of one user-provided value before it is cut with "…". */
const MAX_VALUE_CHARS = 300;

/** Escapes characters that CommonMark (Webex markdown) would interpret, so user text renders as typed. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, (c) => `\\${c}`);
}

function clip(text: string, max = MAX_VALUE_CHARS): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** Plain rendering of a leaf value: strings quoted, VLAN lists as ranges, null as "(none)". */
export function formatValue(v: LeafValue): string {
  return formatLeafValue(v, { emptyList: '(none)', ranges: true, clip: (text) => clip(text) });
}

/** A message as a header (always kept) and lines (cut from the end to fit). */
interface Parts {
  head: { md: string; text: string }[];
  lines: { md: string; text: string }[];
  unit: string;
}

const both = (md: string, text: string): { md: string; text: string } => ({ md, text });

function changeLine(c: LeafChange): { md: string; text: string } {
  const after = c.op === 'remove' ? '(removed)' : formatValue(c.after);
  const plain = `${clip(c.interface, 80)} ${c.leaf}: ${formatValue(c.before)} → ${after}${c.origin ? ` (${c.origin})` : ''}`;
  return both(`- ${escapeMarkdown(plain)}`, `- ${plain}`);
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
const shortCommit = (commit: string): string => [...commit].slice(0, 12).join('');
/** Inside a code span backslashes are literal, so only backticks need to go. */
const codeSpan = (s: string): string => `\`${s.replace(/`/g, '')}\``;
const ticketList = (tickets: string[]): string => tickets.map((t) => clip(t, 64)).join(', ');

function partsOf(n: Notification): Parts {
  const dev = clip(n.kind === 'rejected-input' ? '' : n.device, 64);
  switch (n.kind) {
    case 'applied': {
      const summary = `${dev}: applied ${plural(n.changes.length, 'change')} on ${plural(n.interfaces.length, 'interface')}`;
      const tickets = n.tickets.length > 0 ? ` for ticket ${ticketList(n.tickets)}` : '';
      const check = n.verified ? 'verified' : 'NOT verified';
      const commit = shortCommit(n.commit);
      return {
        head: [
          both(`✅ **${escapeMarkdown(summary)}**${escapeMarkdown(tickets)}`, `✅ ${summary}${tickets}`),
          both(`Commit ${codeSpan(commit)} · ${check}`, `Commit ${commit} · ${check}`),
        ],
        lines: n.changes.map(changeLine),
        unit: 'change',
      };
    }
    case 'failed': {
      const title = `${dev}: ${n.deviceNow === undefined ? 'apply failed' : 'apply NOT verified'} (${clip(n.reason, 64)})`;
      const tickets = n.tickets.length > 0 ? `Tickets: ${ticketList(n.tickets)}` : '';
      const detail = clip(n.message, 1000);
      const left = n.deviceNow === undefined ? `Left unchanged: ${clip(n.leftUnchanged, 1000)}` : `Device now: ${clip(n.deviceNow, 1000)}`;
      const head = [both(`❌ **${escapeMarkdown(title)}**`, `❌ ${title}`), both(escapeMarkdown(detail), detail), both(escapeMarkdown(left), left)];
      if (tickets) head.push(both(escapeMarkdown(tickets), tickets));
      return { head, lines: [], unit: 'line' };
    }
    case 'drift': {
      const what = n.action === 'reverted' ? `drift reverted (${plural(n.changes.length, 'change')})` : `drift detected, not reverted (${plural(n.changes.length, 'change')})`;
      const title = `${dev}: ${what}`;
      const head = [both(`⚠️ **${escapeMarkdown(title)}**`, `⚠️ ${title}`)];
      if (n.commit !== undefined) head.push(both(`Commit ${codeSpan(shortCommit(n.commit))}`, `Commit ${shortCommit(n.commit)}`));
      return { head, lines: n.changes.map(changeLine), unit: 'change' };
    }
    case 'skipped-no-ticket': {
      const where = `${dev} ${clip(n.interface, 80)}`;
      const fields = n.fields.length > 0 ? ` (changed: ${n.fields.map((f) => clip(f, 40)).join(', ')})` : '';
      const msg = 'No ticket number attached to this change, skipping!';
      return { head: [both(`ℹ️ **${escapeMarkdown(where)}**: ${msg}${escapeMarkdown(fields)}`, `ℹ️ ${where}: ${msg}${fields}`)], lines: [], unit: 'line' };
    }
    case 'pending-adoption': {
      const title = `${dev}: first import differs from the device on ${plural(new Set(n.changes.map((c) => c.interface)).size, 'interface')}, not sent (no ticket)`;
      const how = `Apply with a ticketed NetBox change, or: intentd apply --device ${dev} --ticket <ticket>`;
      return { head: [both(`⏸️ **${escapeMarkdown(title)}**`, `⏸️ ${title}`), both(escapeMarkdown(how), how)], lines: n.changes.map(changeLine), unit: 'change' };
    }
    case 'held': {
      const title = n.state === 'pending-window' ? `${dev}: ${plural(n.changes.length, 'change')} waiting for the change window` : `${dev}: ${plural(n.changes.length, 'change')} waiting for approval${n.hash ? ` (plan ${n.hash.slice(0, 12)})` : ''}`;
      const reason = clip(n.reason, 1000);
      const head = [both(`⏳ **${escapeMarkdown(title)}**`, `⏳ ${title}`), both(escapeMarkdown(reason), reason)];
      if (n.state === 'pending-approval' && n.hash) {
        const how = `Approve with: intentd approve --device ${dev} --plan ${n.hash}`;
        head.push(both(escapeMarkdown(how), how));
      }
      return { head, lines: n.changes.map(changeLine), unit: 'change' };
    }
    case 'resolved': {
      const title = `${dev}: ${n.incident === 'drift' ? 'drift' : 'failure'} resolved, the device matches its intent`;
      return { head: [both(`✅ **${escapeMarkdown(title)}**`, `✅ ${title}`)], lines: [], unit: 'line' };
    }
    case 'rejected-input': {
      const title = `Rejected input from ${clip(n.source, 80)}`;
      const reason = clip(n.reason, 2000);
      return { head: [both(`🚫 **${escapeMarkdown(title)}**`, `🚫 ${title}`), both(escapeMarkdown(reason), reason)], lines: [], unit: 'line' };
    }
  }
}

const bytes = (s: string): number => Buffer.byteLength(s, 'utf8');

/**
 * Renders a notification as Webex markdown plus a plain-text fallback. User-provided text is escaped
 * in the markdown; both renderings stay within WEBEX_MAX_BYTES, ending in "… (N more changes)" when
 * lines had to be dropped. Pure.
 */
export function renderNotification(n: Notification, maxBytes = WEBEX_MAX_BYTES): RenderedMessage {
  const { head, lines, unit } = partsOf(n);
  // Markdown: header lines are paragraphs (a single newline would be a soft break), then the list.
  const join = (k: 'md' | 'text', count: number): string => {
    const sep = k === 'md' ? '\n\n' : '\n';
    const blocks = [head.map((l) => l[k]).join(sep)];
    if (count > 0) blocks.push(lines.slice(0, count).map((l) => l[k]).join('\n'));
    const rest = lines.length - count;
    if (rest > 0) blocks.push(`… (${rest} more ${unit}${rest === 1 ? '' : 's'})`);
    return blocks.join(sep);
  };
  const fits = (count: number): boolean => bytes(join('md', count)) <= maxBytes && bytes(join('text', count)) <= maxBytes;
  // Size grows with the number of lines shown: binary-search the largest count that fits.
  let lo = 0;
  let hi = lines.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid - 1;
  }
  const count = lo;
  return { markdown: fit(join('md', count), maxBytes), text: fit(join('text', count), maxBytes) };
}

/** Last resort when even the header is too long: cut at a character boundary. */
function fit(s: string, maxBytes: number): string {
  if (bytes(s) <= maxBytes) return s;
  let out = '';
  for (const ch of s) {
    if (bytes(out) + bytes(ch) + bytes('…') > maxBytes) break;
    out += ch;
  }
  return `${out}…`;
}
