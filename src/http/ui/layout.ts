import { html, raw, type SafeHtml } from './html.js';

const CSS = raw(`
body{font:14px/1.4 system-ui,sans-serif;margin:0;color:#1d2430;background:#f6f7f9}
header{background:#1d2430;color:#fff;padding:.6rem 1rem;display:flex;gap:1.2rem;align-items:center}
header a{color:#cfe0ff;text-decoration:none}header .brand{font-weight:600;color:#fff}
main{padding:1rem}table{border-collapse:collapse;width:100%;background:#fff}
th,td{border-bottom:1px solid #e3e6ea;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#eef1f4;font-weight:600}tr.diff td{background:#fff3cd}tr.diff td.diff{background:#ffd8a8;font-weight:600}
.badge{display:inline-block;padding:.05rem .45rem;border-radius:.6rem;font-size:12px;background:#ccc}
.s-in-sync{background:#c3f0c8}.s-drift{background:#ffd8a8}.s-failed{background:#ffc9c9}.s-pending-no-ticket,.s-pending-adoption,.s-pending-window{background:#d0ebff}.s-pending-approval{background:#fff3bf}
.s-suspended{background:#e5dbff}.s-pending{background:#e9ecef}
.counts a{margin-right:.8rem}.muted{color:#6b7480}.banner{padding:.5rem 1rem;background:#e5dbff;margin-bottom:1rem}
.error{background:#ffc9c9}form.inline{display:inline}code{font-size:12px}
`);

/** Live updates: on each server-sent event, re-fetch this page and swap its `[data-live]` parts. */
const SCRIPT = `
(function(){var t=null,n=0;function refresh(){fetch(location.href,{credentials:'same-origin'}).then(function(r){return r.text()}).then(function(s){
var doc=new DOMParser().parseFromString(s,'text/html');document.querySelectorAll('[data-live]').forEach(function(el){var f=doc.getElementById(el.id);if(f)el.replaceWith(f)});
n++;document.body.setAttribute('data-updates',String(n))})}
var es=new EventSource('/ui/events');es.onmessage=function(){clearTimeout(t);t=setTimeout(refresh,100)};
es.onopen=function(){document.body.setAttribute('data-live-ready','1')}})();`;

export interface PageOptions {
  title: string;
  /** Per-response nonce: the only inline script allowed (Content-Security-Policy). */
  nonce: string;
  loggedIn: boolean;
  csrf: string | null;
  /** Subscribe to live updates (pages that show state). */
  live: boolean;
}

/** The page around a body: header links, inline CSS, and the live-update script. */
export function layout(o: PageOptions, body: SafeHtml): string {
  const logout = o.loggedIn && o.csrf !== null
    ? html`<form class="inline" method="post" action="/ui/logout"><input type="hidden" name="csrf" value="${o.csrf}"><button>log out</button></form>`
    : html`<a href="/ui/login">log in</a>`;
  return html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${o.title} · intentd</title>
<meta name="viewport" content="width=device-width,initial-scale=1"><style>${CSS}</style></head>
<body><header><span class="brand">intentd</span><a href="/ui/">Fleet</a><a href="/ui/timeline">Timeline</a><span style="flex:1"></span>${logout}</header>
<main>${body}</main>${o.live ? html`<script nonce="${o.nonce}">${raw(SCRIPT)}</script>` : ''}</body></html>`.text;
}

/** The Content-Security-Policy that goes with a page rendered with `nonce`. */
export function csp(nonce: string): string {
  return `default-src 'self'; script-src 'nonce-${nonce}'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`;
}

/** A state badge (class `s-<state>`). */
export function badge(state: string): SafeHtml {
  return html`<span class="badge s-${state}" data-state="${state}">${state}</span>`;
}

/** An acting form: POST with the session's CSRF token; `fields` are extra inputs (trusted markup). */
export function actionForm(action: string, label: string, csrf: string | null, fields: SafeHtml = raw('')): SafeHtml {
  if (csrf === null) return raw('');
  return html`<form class="inline" method="post" action="${action}"><input type="hidden" name="csrf" value="${csrf}">${fields}<button type="submit">${label}</button></form>`;
}

/** A console URL: `path` with the non-empty `params` and `page` (left out when 1) as its query. */
export function pageLink(path: string, params: Record<string, string | undefined>, page: number): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) p.set(k, v);
  if (page > 1) p.set('page', String(page));
  const s = p.toString();
  return `${path}${s ? `?${s}` : ''}`;
}
