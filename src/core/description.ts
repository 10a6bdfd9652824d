/**
 * The change-ticket tag that intentd (like the LTRCRT-2005 lab) appends to interface descriptions:
 * `"<text> ##ticket:<n>##"` with a single space. The planner compares descriptions in this rendered
 * form, so the same functions serve the planner (core) and the device codecs.
 */
const TAG = /^(.*?)\s?##ticket:([^#\s]+)##$/s;

/**
 * Renders the description sent to a device. Text is trimmed (devices drop surrounding blanks, and a
 * kept blank would be a diff forever). Empty or null text gives null (no description leaf), even when
 * a ticket is set: the lab only tags a description that has text, and a bare tag on a port would read
 * as a description to people.
 */
export function renderDescription(description: string | null | undefined, ticket: string | null | undefined): string | null {
  const text = description?.trim() ?? '';
  if (text === '') return null;
  return ticket ? `${text} ##ticket:${ticket}##` : text;
}

/** Splits a device description into its text and ticket tag (either may be null). */
export function parseDescription(raw: string | null | undefined): { description: string | null; ticket: string | null } {
  if (raw === null || raw === undefined || raw === '') return { description: null, ticket: null };
  const m = TAG.exec(raw);
  if (!m) return { description: raw, ticket: null };
  return { description: m[1] === '' ? null : (m[1] as string), ticket: m[2] as string };
}
