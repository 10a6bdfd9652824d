import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isTicket, TICKET_PATTERN, ticketError, ticketProblem } from '../../../src/core/ticket.js';

/** What real git says of `refs/tags/ticket/<id>`. */
function gitAccepts(id: string): boolean {
  try {
    execFileSync('git', ['check-ref-format', `refs/tags/ticket/${id}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const ACCEPTED = ['43', 'INC0012345', 'CHG-42', 'a.b-c_d', '0', 'x', 'v1.2.3', 'x.lockx', 'lock', 'A-', 'a_', 'a'.repeat(64)];

/** Values the grammar refuses; `git` says whether git would take them (the grammar may be stricter). */
const REJECTED: Array<[string, 'git refuses' | 'stricter']> = [
  ['12.', 'git refuses'],
  ['1..2', 'git refuses'],
  ['x.lock', 'git refuses'],
  ['.x', 'git refuses'],
  ['a b', 'git refuses'],
  ['a~1', 'git refuses'],
  ['a^', 'git refuses'],
  ['a:b', 'git refuses'],
  ['a?', 'git refuses'],
  ['a*', 'git refuses'],
  ['a[1', 'git refuses'],
  ['a\\b', 'git refuses'],
  ['a@{1', 'git refuses'],
  ['a/', 'git refuses'],
  ['a//b', 'git refuses'],
  ['a\tb', 'git refuses'],
  ['', 'git refuses'],
  ['-1', 'stricter'],
  ['_a', 'stricter'],
  ['a/b', 'stricter'],
  ['X.LOCK', 'stricter'],
  ['a+b', 'stricter'],
  ['é', 'stricter'],
  ['a#b', 'stricter'],
  ['a'.repeat(65), 'stricter'],
];

describe('the ticket grammar', () => {
  it.each(ACCEPTED)('accepts %j, and git accepts refs/tags/ticket/%s', (id) => {
    expect(isTicket(id)).toBe(true);
    expect(ticketProblem(id)).toBeNull();
    expect(gitAccepts(id)).toBe(true);
  });

  it.each(REJECTED)('refuses %j with a reason (%s)', (id, git) => {
    expect(isTicket(id)).toBe(false);
    expect(ticketProblem(id)).toMatch(/^must|^may/);
    expect(ticketError(id)).toContain(`ticket '${id}'`);
    if (git === 'git refuses') expect(gitAccepts(id)).toBe(false);
  });

  it('is a subset of what git accepts for every value it takes from a generated table', () => {
    const alphabet = ['a', '1', '.', '-', '_', 'lock', 'L'];
    const values = new Set<string>();
    for (const a of alphabet) for (const b of alphabet) for (const c of alphabet) values.add(`${a}${b}${c}`);
    const taken = [...values].filter(isTicket);
    expect(taken.length).toBeGreaterThan(50);
    const refused = taken.filter((id) => !gitAccepts(id));
    expect(refused).toEqual([]);
  });

  it('is the pattern of the intent schema', () => {
    const schema = JSON.parse(readFileSync('schemas/intent.schema.json', 'utf8')) as {
      definitions: Record<string, { properties?: Record<string, { pattern?: string }> }>;
    };
    const patterns = Object.values(schema.definitions).flatMap((d) => (d.properties?.ticket?.pattern ? [d.properties.ticket.pattern] : []));
    expect(patterns).toEqual([TICKET_PATTERN]);
  });
});
