import { describe, expect, it } from 'vitest';
import { ADAPTIVE_CARD_TYPE, approvalCard, parseApprovalInputs } from '../../../../src/adapters/webex/approval-card.js';
import { renderNotification } from '../../../../src/adapters/webex/messages.js';
import type { Notification } from '../../../../src/core/notification.js';

const HASH = 'a'.repeat(64);
const held: Extract<Notification, { kind: 'held' }> = {
  kind: 'held',
  state: 'pending-approval',
  device: 'c9300',
  hash: HASH,
  reason: 'more than 2 leaves',
  changes: [
    { interface: 'GigabitEthernet1/0/2', leaf: 'description', op: 'set', before: 'old', after: 'new' },
    { interface: 'GigabitEthernet1/0/2', leaf: 'mtu', op: 'set', before: 1500, after: 9000 },
  ],
};
const cardOf = (n: typeof held) => approvalCard({ device: n.device, changes: n.changes, planHash: HASH, reasons: [n.reason] });

describe('approval card', () => {
  it('shows the device, each leaf before → after and the plan hash, with Approve and Reject naming that hash', () => {
    const card = cardOf(held);
    expect(card.contentType).toBe(ADAPTIVE_CARD_TYPE);
    expect(card.content).toMatchObject({ type: 'AdaptiveCard', version: '1.3' });
    const json = JSON.stringify(card.content);
    expect(json).toContain('c9300');
    expect(json).toContain('GigabitEthernet1/0/2 description');
    expect(json).toContain('\\"old\\" → \\"new\\"');
    expect(json).toContain(`Plan ${HASH}`);
    expect(card.content.actions).toEqual([
      expect.objectContaining({ type: 'Action.Submit', title: 'Approve', data: { action: 'approve', device: 'c9300', plan: HASH } }),
      expect.objectContaining({ type: 'Action.Submit', title: 'Reject', data: { action: 'reject', device: 'c9300', plan: HASH } }),
    ]);
  });

  it('counts the leaves it does not show on a large plan', () => {
    const many = { ...held, changes: Array.from({ length: 100 }, (_, i) => ({ ...held.changes[0], interface: `GigabitEthernet1/0/${i}` })) } as typeof held;
    expect(JSON.stringify(cardOf(many).content)).toContain('… (60 more changes)');
  });

  it('has a plain-text fallback with the approve command', () => {
    const r = renderNotification(held);
    expect(r.text).toContain('c9300: 2 changes waiting for approval');
    expect(r.text).toContain(`intentd approve --device c9300 --plan ${HASH}`);
  });

  it('reads back only what an approval card submits', () => {
    expect(parseApprovalInputs({ action: 'approve', device: 'c9300', plan: HASH })).toEqual({ action: 'approve', device: 'c9300', plan: HASH });
    expect(parseApprovalInputs({ action: 'delete', device: 'c9300', plan: HASH })).toBeNull();
    expect(parseApprovalInputs({ action: 'approve', device: 'c9300', plan: 'x y' })).toBeNull();
    expect(parseApprovalInputs(null)).toBeNull();
  });
});
