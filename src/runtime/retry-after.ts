/** The longest wait a server's Retry-After can impose on intentd (NetBox, Webex): 5 minutes. */
export const RETRY_AFTER_CAP_MS = 5 * 60_000;

/**
 * A Retry-After header in milliseconds: delta-seconds (`120`) or an HTTP date, never negative and never
 * longer than `capMs` (a server answering `Retry-After: 99999999` must not park a queue for years).
 * null when absent or unreadable (the caller then uses its own backoff). Pure apart from `now`.
 */
export function retryAfterMs(value: string | null, o: { now?: number; capMs?: number } = {}): number | null {
  const cap = o.capMs ?? RETRY_AFTER_CAP_MS;
  const text = value?.trim() ?? '';
  if (text === '') return null;
  if (/^\d+$/.test(text)) return Math.min(cap, Number(text) * 1000);
  // An HTTP date has letters and a comma or spaces; bare numbers in other forms ('1.5', '-3') are garbage.
  if (!/[a-z]/i.test(text)) return null;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return null;
  return Math.min(cap, Math.max(0, at - (o.now ?? Date.now())));
}
