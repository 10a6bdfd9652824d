import { describe, expect, it } from 'vitest';
import { escapeHtml, html } from '../../../../src/http/ui/html.js';
import { renderFleet, type FleetRow } from '../../../../src/http/ui/fleet-page.js';
import { renderDevice } from '../../../../src/http/ui/device-page.js';
import { StatusBook } from '../../../../src/runtime/status.js';

const row = (device: string, state: string, error: string | null = null): FleetRow => ({
  device,
  platform: 'iosxe',
  state,
  lastAppliedRevision: null,
  revisionInfo: null,
  driftSince: null,
  lastError: error ? { reason: 'X', message: error } : null,
});

describe('console rendering', () => {
  it('escapes every interpolated value, attributes included', () => {
    expect(escapeHtml(`<script>alert("x")</script>&'`)).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;');
    expect(html`<a title="${'"><b>'}">${'<i>'}</a>`.text).toBe('<a title="&quot;&gt;&lt;b&gt;">&lt;i&gt;</a>');
  });

  it('renders a description holding <script> on the device page as text', () => {
    const status = new StatusBook().get('c9300');
    const intent = { device: 'c9300', interfaces: [{ name: 'Gi1/0/2', description: '<script>alert(1)</script>' }] };
    const out = renderDevice({ device: 'c9300', platform: 'iosxe', status, suspension: null, planned: { intent, plan: { device: 'c9300', changes: [], refused: [] } } }, 'csrf').text;
    expect(out).not.toContain('<script>');
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('counts every state, filters by state and text, and pages 50 rows at a time', () => {
    const rows = Array.from({ length: 120 }, (_, i) => row(`sw-${String(i).padStart(3, '0')}`, i % 3 === 0 ? 'drift' : 'in-sync', i === 7 ? 'timeout <x>' : null));
    const all = renderFleet(rows, { page: 1 }, { csrf: null, fleetSuspension: null, now: Date.now() }).text;
    expect((all.match(/<tr data-device=/g) ?? []).length).toBe(50);
    expect(all).toContain('data-count="drift"');
    const drift = renderFleet(rows, { page: 1, state: 'drift' }, { csrf: null, fleetSuspension: null, now: Date.now() }).text;
    expect(drift).toContain('40 devices');
    const text = renderFleet(rows, { page: 1, q: 'timeout' }, { csrf: null, fleetSuspension: null, now: Date.now() }).text;
    expect(text).toContain('sw-007');
    expect(text).toContain('timeout &lt;x&gt;');
    expect(text).toContain('1 devices');
  });
});
