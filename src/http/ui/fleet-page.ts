import type { Suspension } from '../../core/policy.js';
import { actionForm, badge, pageLink } from './layout.js';
import { html, raw, type SafeHtml } from './html.js';

/** One device as the fleet page shows it. */
export interface FleetRow {
  device: string;
  platform: string;
  state: string;
  lastAppliedRevision: string | null;
  /** Ticket(s) and time of the last applied revision, when known. */
  revisionInfo: { tickets: string; date: string } | null;
  /** When the device's current drift was first seen (state drift/suspended with differences). */
  driftSince: string | null;
  lastError: { reason: string; message: string } | null;
}

export interface FleetQuery {
  state?: string;
  q?: string;
  page: number;
}

export const FLEET_PAGE_SIZE = 50;
export const STATES = ['in-sync', 'drift', 'failed', 'pending-no-ticket', 'pending-adoption', 'pending-window', 'pending-approval', 'suspended', 'pending'] as const;

/** Filters (state, text in name/platform/error) and pages the rows; counts are over all rows. Pure. */
export function selectFleet(rows: FleetRow[], q: FleetQuery): { counts: Record<string, number>; matched: number; page: FleetRow[] } {
  const counts: Record<string, number> = {};
  for (const r of rows) counts[r.state] = (counts[r.state] ?? 0) + 1;
  const text = q.q?.trim().toLowerCase() ?? '';
  const hits = rows.filter(
    (r) => (!q.state || r.state === q.state) && (text === '' || r.device.toLowerCase().includes(text) || r.platform.toLowerCase().includes(text) || (r.lastError?.message.toLowerCase().includes(text) ?? false)),
  );
  const start = (Math.max(1, q.page) - 1) * FLEET_PAGE_SIZE;
  return { counts, matched: hits.length, page: hits.slice(start, start + FLEET_PAGE_SIZE) };
}

function age(since: string | null, now: number): string {
  if (since === null) return '';
  const s = Math.max(0, Math.round((now - Date.parse(since)) / 1000));
  return s < 60 ? `${s} s` : s < 3600 ? `${Math.floor(s / 60)} min` : `${Math.floor(s / 3600)} h`;
}

function link(q: FleetQuery, change: Partial<FleetQuery>): string {
  const m = { ...q, ...change };
  return pageLink('/ui/', { state: m.state, q: m.q }, m.page);
}

/** The fleet page body: counts per state, filters, one row per device (this page), paging, fleet controls. Pure. */
export function renderFleet(rows: FleetRow[], q: FleetQuery, o: { csrf: string | null; fleetSuspension: Suspension | null; now: number }): SafeHtml {
  const { counts, matched, page } = selectFleet(rows, q);
  const pages = Math.max(1, Math.ceil(matched / FLEET_PAGE_SIZE));
  const suspension = o.fleetSuspension
    ? html`<div class="banner" id="fleet-suspended">Fleet suspended by ${o.fleetSuspension.by} at ${o.fleetSuspension.at}: ${o.fleetSuspension.reason} ${actionForm('/ui/fleet/resume', 'Resume fleet', o.csrf)}</div>`
    : actionForm('/ui/fleet/suspend', 'Suspend fleet', o.csrf, html`<input name="reason" placeholder="reason" required> `);
  const body = page.map(
    (r) => html`<tr data-device="${r.device}"><td><a href="/ui/devices/${encodeURIComponent(r.device)}">${r.device}</a></td><td>${r.platform}</td><td>${badge(r.state)}</td>
<td>${r.lastAppliedRevision ? html`<code>${r.lastAppliedRevision.slice(0, 10)}</code>` : ''}${r.revisionInfo ? html` <span class="muted">${r.revisionInfo.tickets} · ${r.revisionInfo.date}</span>` : ''}</td>
<td>${age(r.driftSince, o.now)}</td><td>${r.lastError ? html`<b>${r.lastError.reason}</b>: ${r.lastError.message}` : ''}</td></tr>`,
  );
  return html`<h1>Fleet</h1><div id="fleet-live" data-live>
<p class="counts">${raw(`<a href="${link(q, { state: '', page: 1 })}">all ${rows.length}</a>`)}${STATES.filter((s) => counts[s]).map((s) => html`<a href="${link(q, { state: s, page: 1 })}" data-count="${s}">${badge(s)} ${counts[s] ?? 0}</a>`)}</p>
${suspension}
<form method="get" action="/ui/"><select name="state"><option value="">any state</option>${STATES.map((s) => html`<option${raw(q.state === s ? ' selected' : '')}>${s}</option>`)}</select>
<input name="q" value="${q.q ?? ''}" placeholder="filter text"><button>Filter</button></form>
<table id="fleet"><thead><tr><th>Device</th><th>Platform</th><th>State</th><th>Last applied (ticket · time)</th><th>Drift age</th><th>Last error</th></tr></thead>
<tbody>${body}</tbody></table>
<p>${matched} devices · page ${Math.min(q.page, pages)} of ${pages}
${q.page > 1 ? html`<a href="${link(q, { page: q.page - 1 })}">← previous</a>` : ''} ${q.page < pages ? html`<a href="${link(q, { page: q.page + 1 })}">next →</a>` : ''}</p></div>`;
}
