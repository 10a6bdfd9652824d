import { describe, expect, it } from 'vitest';
import { assertTickets, nextTicketTag, parseTrailers, renderCommitMessage, taggableTickets } from '../../../../src/adapters/git/commit-message.js';
import { ValidationError } from '../../../../src/core/errors.js';

describe('renderCommitMessage', () => {
  it('puts subject, body and trailers in that order', () => {
    expect(
      renderCommitMessage({
        subject: 'apply(c9300): Gi1/0/2 description, mtu',
        body: 'Applied by intentd.',
        device: 'c9300',
        source: 'git',
        tickets: ['1234'],
        trailers: { 'Intent-Revision': 'abc123', Result: 'applied' },
      }),
    ).toBe(
      'apply(c9300): Gi1/0/2 description, mtu\n\nApplied by intentd.\n\n' +
        'Change-Ticket: 1234\nDevice: c9300\nSource: git\nIntent-Revision: abc123\nResult: applied\n',
    );
  });

  it('writes Change-Ticket: none without a ticket and folds a multi-line subject', () => {
    expect(renderCommitMessage({ subject: 'a\nb', device: 'sw1', source: 'cli' })).toBe(
      'a b\n\nChange-Ticket: none\nDevice: sw1\nSource: cli\n',
    );
  });

  it('writes one Change-Ticket trailer per ticket, in order and de-duplicated', () => {
    expect(renderCommitMessage({ subject: 's', device: 'sw1', source: 'netbox', tickets: ['43', 'CHG-42', '43'] })).toBe(
      's\n\nChange-Ticket: 43\nChange-Ticket: CHG-42\nDevice: sw1\nSource: netbox\n',
    );
  });

  it('never throws for a ticket value: an audit follows a device write (the value is folded to one line)', () => {
    expect(renderCommitMessage({ subject: 's', device: 'sw1', source: 'drift', tickets: ['12.', 'a\nDevice: x'] })).toBe(
      's\n\nChange-Ticket: 12.\nChange-Ticket: a Device: x\nDevice: sw1\nSource: drift\n',
    );
  });

  it.each([
    ['an empty subject', { subject: '  ' }],
    ['a trailer that repeats a fixed one', { trailers: { 'change-ticket': '9' } }],
    ['a trailer with a bad key', { trailers: { 'Bad Key': 'x' } }],
  ])('rejects %s', (_name, extra) => {
    expect(() => renderCommitMessage({ subject: 's', device: 'sw1', source: 'cli', ...extra })).toThrow(ValidationError);
  });
});

describe('parseTrailers', () => {
  it('reads key: value lines', () => {
    expect(parseTrailers('Change-Ticket: 12\nDevice: sw1\n')).toEqual({ 'Change-Ticket': '12', Device: 'sw1' });
  });
  it('joins a repeated key in order', () => {
    expect(parseTrailers('Change-Ticket: 12\nChange-Ticket: 43\nDevice: sw1\n')).toEqual({ 'Change-Ticket': '12, 43', Device: 'sw1' });
  });
});

describe('assertTickets / taggableTickets', () => {
  it.each([['../x'], ['a..b'], ['x.lock'], ['12.']])('refuses %s before an intent commit, and never tags it', (t) => {
    const meta = { subject: 's', device: 'sw1', source: 'netbox' as const, tickets: ['43', t] };
    expect(() => assertTickets(meta)).toThrow(ValidationError);
    expect(taggableTickets(meta)).toEqual(['43']);
  });

  it('accepts tickets of the grammar', () => {
    expect(() => assertTickets({ subject: 's', device: 'sw1', source: 'cli', tickets: ['43', 'INC0012345', 'CHG-42'] })).not.toThrow();
  });
});

describe('nextTicketTag', () => {
  it.each([
    [[], 'ticket/12'],
    [['ticket/12'], 'ticket/12-2'],
    [['ticket/12', 'ticket/12-2', 'ticket/123'], 'ticket/12-3'],
  ])('with %j existing picks %s', (existing, expected) => {
    expect(nextTicketTag('12', new Set(existing))).toBe(expected);
  });
});
