import type { HistoryEntry } from '../../adapters/git/history.js';
import { html, type SafeHtml } from './html.js';
import { pageLink } from './layout.js';

export interface TimelineQuery {
  device?: string;
  ticket?: string;
  page: number;
}

export const TIMELINE_PAGE_SIZE = 50;

function q(base: TimelineQuery, change: Partial<TimelineQuery>): string {
  const m = { ...base, ...change };
  return pageLink('/ui/timeline', { device: m.device, ticket: m.ticket }, m.page);
}

function tickets(e: HistoryEntry): SafeHtml[] {
  const list = (e.trailers['Change-Ticket'] ?? '').split(', ').filter((t) => t !== '' && t !== 'none');
  return list.map((t) => html`<a class="ticket" href="${q({ page: 1 }, { ticket: t })}">${t}</a> `);
}

/** The timeline body: the repo's history newest first, filters by device and ticket. Pure. */
export function renderTimeline(entries: HistoryEntry[], query: TimelineQuery): SafeHtml {
  const rows = entries.map(
    (e) => html`<tr data-commit="${e.commit}" data-kind="${e.kind}"><td class="muted">${e.date}</td><td>${e.kind}</td>
<td>${e.trailers.Device ? html`<a href="${q({ page: 1 }, { device: e.trailers.Device })}">${e.trailers.Device}</a>` : e.trailers.Scope ?? ''}</td>
<td>${tickets(e)}</td><td>${e.subject}${e.leaves.length > 0 ? html`<ul>${e.leaves.map((l) => html`<li>${l}</li>`)}</ul>` : ''}</td>
<td>${e.trailers.Result ?? ''}${e.trailers.Actor ? html` by ${e.trailers.Actor}` : ''}</td><td><code>${e.commit.slice(0, 10)}</code></td></tr>`,
  );
  return html`<h1>Timeline</h1><form method="get" action="/ui/timeline"><input name="device" value="${query.device ?? ''}" placeholder="device">
<input name="ticket" value="${query.ticket ?? ''}" placeholder="ticket"><button>Filter</button></form>
<div id="timeline-live" data-live><table id="timeline"><thead><tr><th>When</th><th>Kind</th><th>Device</th><th>Ticket</th><th>Change (leaves before → after)</th><th>Result</th><th>Commit</th></tr></thead>
<tbody>${rows}</tbody></table>
<p>${query.page > 1 ? html`<a href="${q(query, { page: query.page - 1 })}">← newer</a>` : ''} ${entries.length === TIMELINE_PAGE_SIZE ? html`<a href="${q(query, { page: query.page + 1 })}">older →</a>` : ''}</p></div>`;
}
