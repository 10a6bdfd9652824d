import { describe, expect, it } from 'vitest';
import { nextTicketTag, parseTrailers, renderCommitMessage } from '../../../../src/adapters/git/commit-message.js';
import { ValidationError } from '../../../../src/core/errors.js';

describe('renderCommitMessage', () => {
  it('puts subject, body and trailers in that order', () => {
    expect(
      renderCommitMessage({
        subject: 'apply(c9300): Gi1/0/2 description, mtu',
        body: 'Applied by intentd.',
        device: 'c9300',
        source: 'git',
        ticket: '1234',
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

  it.each([
    ['a ticket that is not a safe tag name', { ticket: '../x' }],
    ['a ticket git cannot use as a tag', { ticket: 'a..b' }],
    ['a ticket ending in .lock', { ticket: 'x.lock' }],
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
