/**
 * The one ticket grammar of intentd. A ticket id becomes a git tag (`ticket/<id>`), a commit
 * trailer (`Change-Ticket: <id>`) and the `##ticket:<id>##` tag in an interface description, so it
 * is kept to a subset of what `git check-ref-format` accepts for `refs/tags/ticket/<id>`: 1 to 64
 * characters of letters, digits, `.`, `_` and `-`, starting with a letter or digit, with no `..`,
 * no trailing `.` and no `.lock` suffix (any case: case-insensitive file systems). Examples that
 * pass: `43`, `INC0012345`, `CHG-42`, `a.b-c_d`; that fail: `12.`, `1..2`, `x.lock`, `-1`, `a b`.
 * Pure; the JSON schemas carry the same pattern (a unit test keeps them equal).
 */
export const TICKET_MAX_LENGTH = 64;

export const TICKET_PATTERN = '^(?!.*\\.\\.)(?!.*\\.$)(?!.*\\.[Ll][Oo][Cc][Kk]$)[A-Za-z0-9][A-Za-z0-9._-]{0,63}$';

const TICKET_RE = new RegExp(TICKET_PATTERN);

/** True when `value` is a ticket id of the grammar above. */
export function isTicket(value: string): boolean {
  return TICKET_RE.test(value);
}

/** Why `value` is not a ticket id (one short phrase), or null when it is one. */
export function ticketProblem(value: string): string | null {
  if (isTicket(value)) return null;
  if (value === '') return 'must not be empty';
  if (value.length > TICKET_MAX_LENGTH) return `must be at most ${TICKET_MAX_LENGTH} characters`;
  if (!/^[A-Za-z0-9]/.test(value)) return 'must start with a letter or digit';
  if (/[^A-Za-z0-9._-]/.test(value)) return 'may contain only letters, digits, ".", "_" and "-"';
  if (value.includes('..')) return 'must not contain ".."';
  if (value.endsWith('.')) return 'must not end with "."';
  return 'must not end with ".lock"';
}

/** One line for an error: `ticket '12.' must not end with "." (a ticket becomes the git tag ticket/<id>)`. */
export function ticketError(value: string): string | null {
  const problem = ticketProblem(value);
  return problem === null ? null : `ticket '${value}' ${problem} (letters, digits, . _ -; max ${TICKET_MAX_LENGTH}; it becomes the git tag ticket/<id>)`;
}
