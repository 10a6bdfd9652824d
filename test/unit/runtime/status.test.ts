import { describe, expect, it } from 'vitest';
import { StatusBook } from '../../../src/runtime/status.js';

describe('StatusBook conditions', () => {
  it('keeps a failed sync condition beside a device that is in sync', () => {
    const book = new StatusBook();
    book.recordApply('c9300', { state: 'in-sync', reason: 'InSync', message: 'ok', lastAttemptedRevision: 'r1', lastAppliedRevision: 'r1' });
    const st = book.recordSync('c9300', { ok: false, reason: 'NetboxUnavailable', message: 'down', retryable: true, failsDevice: false });
    expect(st.state).toBe('in-sync');
    expect(st.lastError).toBeNull();
    expect(st.conditions.sync).toMatchObject({ status: 'False', reason: 'NetboxUnavailable', retryable: true });
    expect(st.conditions.apply).toMatchObject({ status: 'True', reason: 'InSync' });
  });

  it('marks the device failed when git could not take a NetBox change, until a sync succeeds', () => {
    const book = new StatusBook();
    book.recordApply('c9300', { state: 'in-sync', reason: 'InSync', message: 'ok', lastAttemptedRevision: 'r1' });
    expect(book.recordSync('c9300', { ok: false, reason: 'IntentStoreFailed', message: 'corrupt', retryable: true, failsDevice: true })).toMatchObject({ state: 'failed', lastError: { reason: 'IntentStoreFailed' } });
    expect(book.recordSync('c9300', { ok: true, reason: 'Unchanged', message: '', pendingNoTicket: [], ambiguous: [] })).toMatchObject({ state: 'in-sync', lastError: null });
  });

  it('shows pending-no-ticket only while the device itself is in sync', () => {
    const book = new StatusBook();
    book.recordSync('c9300', { ok: true, reason: 'Unchanged', message: '', pendingNoTicket: [{ interface: 'Gi1/0/2', fields: ['mtu'] }], ambiguous: [] });
    expect(book.get('c9300').state).toBe('pending');
    expect(book.recordApply('c9300', { state: 'in-sync', reason: 'InSync', message: '', lastAttemptedRevision: null }).state).toBe('pending-no-ticket');
    expect(book.recordApply('c9300', { state: 'failed', reason: 'NetconfTimeout', message: 't', retryable: true, lastAttemptedRevision: null })).toMatchObject({ state: 'failed', lastError: { reason: 'NetconfTimeout' } });
  });

  it('keeps the time a condition began across retries with the same reason', () => {
    const book = new StatusBook();
    const first = book.recordSync('c9300', { ok: false, reason: 'NetboxUnavailable', message: 'a', retryable: true, failsDevice: false }).conditions.sync?.since;
    const again = book.recordSync('c9300', { ok: false, reason: 'NetboxUnavailable', message: 'b', retryable: true, failsDevice: false }).conditions.sync;
    expect(again?.since).toBe(first);
    expect(again?.message).toBe('b');
  });
});
