import type { LeafChange } from '../../core/plan-types.js';
import { formatValue } from './messages.js';

/** The attachment content type Webex requires for a card. */
export const ADAPTIVE_CARD_TYPE = 'application/vnd.microsoft.card.adaptive';

/** What a card's Approve / Reject button submits (Action.Submit `data`, read back as the action's `inputs`). */
export interface ApprovalInputs {
  action: 'approve' | 'reject';
  device: string;
  plan: string;
}

/** What a card shows: a plan held for approval (any notification shape that carries these). */
export interface ApprovalCardInput {
  device: string;
  changes: readonly LeafChange[];
  planHash: string;
  reasons: readonly string[];
}

export interface CardAttachment {
  contentType: typeof ADAPTIVE_CARD_TYPE;
  content: Record<string, unknown>;
}

/** Leaf lines shown on a card; the rest is counted. Keeps the card well inside Webex's message size. */
const MAX_CARD_LINES = 40;
const MAX_VALUE_CHARS = 120;

const clip = (s: string, max = MAX_VALUE_CHARS): string => ([...s].length <= max ? s : `${[...s].slice(0, max - 1).join('')}…`);

/**
 * The Adaptive Card (schema 1.3, what Webex renders) for a plan held for approval: the device, each
 * leaf before → after, the plan hash and Approve / Reject buttons whose data names the device and the
 * hash, so the click approves exactly the plan shown. Card text is plain (TextBlocks do not interpret
 * markdown links from user values: `formatValue` output is shown as typed). Pure.
 */
export function approvalCard(n: ApprovalCardInput): CardAttachment {
  const shown = n.changes.slice(0, MAX_CARD_LINES);
  const lines = shown.map((c) => ({
    title: clip(`${c.interface} ${c.leaf}`, 80),
    value: `${clip(formatValue(c.before))} → ${c.op === 'remove' ? '(removed)' : clip(formatValue(c.after))}`,
  }));
  const rest = n.changes.length - shown.length;
  const submit = (action: ApprovalInputs['action'], title: string, style: string): Record<string, unknown> => ({
    type: 'Action.Submit',
    title,
    style,
    data: { action, device: n.device, plan: n.planHash } satisfies ApprovalInputs,
  });
  const body: Record<string, unknown>[] = [
    { type: 'TextBlock', text: `Approval needed: ${clip(n.device, 64)}`, weight: 'Bolder', size: 'Medium', wrap: true },
    { type: 'TextBlock', text: `${n.changes.length} change${n.changes.length === 1 ? '' : 's'} held for approval`, wrap: true },
  ];
  if (n.reasons.length > 0) body.push({ type: 'TextBlock', text: `Why: ${clip(n.reasons.join('; '), 500)}`, wrap: true, isSubtle: true });
  body.push({ type: 'FactSet', facts: lines });
  if (rest > 0) body.push({ type: 'TextBlock', text: `… (${rest} more change${rest === 1 ? '' : 's'})`, wrap: true });
  body.push({ type: 'TextBlock', text: `Plan ${n.planHash}`, wrap: true, fontType: 'Monospace', size: 'Small' });
  return {
    contentType: ADAPTIVE_CARD_TYPE,
    content: {
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
      type: 'AdaptiveCard',
      version: '1.3',
      body,
      actions: [submit('approve', 'Approve', 'positive'), submit('reject', 'Reject', 'destructive')],
    },
  };
}

/** Reads a card action's inputs back; null unless they are exactly what an approval card submits. Pure. */
export function parseApprovalInputs(inputs: unknown): ApprovalInputs | null {
  if (typeof inputs !== 'object' || inputs === null) return null;
  const i = inputs as Record<string, unknown>;
  if (i.action !== 'approve' && i.action !== 'reject') return null;
  if (typeof i.device !== 'string' || typeof i.plan !== 'string') return null;
  if (!/^[0-9A-Za-z:_-]{6,200}$/.test(i.plan)) return null;
  return { action: i.action, device: i.device, plan: i.plan };
}
