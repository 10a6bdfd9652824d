import type { Suspension } from '../../core/policy.js';
import type { DevicePlan, Leaf, LeafChange, LeafValue } from '../../core/plan-types.js';
import type { DeviceIntent, InterfaceIntent } from '../../core/types.js';
import type { DeviceStatus } from '../../runtime/status.js';
import { actionForm, badge } from './layout.js';
import { html, type SafeHtml } from './html.js';

const LEAVES: Leaf[] = ['description', 'enabled', 'mtu', 'mode', 'accessVlan', 'nativeVlan', 'allowedVlans', 'ipv4'];

export interface DeviceView {
  device: string;
  platform: string;
  status: DeviceStatus;
  suspension: Suspension | null;
  /** The plan as `intentd plan` makes it (device-apply, mode plan), or why it could not be made. */
  planned: { intent: DeviceIntent | null; plan: DevicePlan } | { error: string };
}

const show = (v: LeafValue | undefined): string => (v === undefined || v === null ? '—' : typeof v === 'object' ? JSON.stringify(v) : String(v));

const anchor = (name: string): string => `if-${name.replace(/[^A-Za-z0-9]/g, '-')}`;

/** One leaf cell: the intent value; where the device differs, highlighted with running and what would be sent. */
function leafCell(i: InterfaceIntent, leaf: Leaf, c: LeafChange | undefined): SafeHtml {
  const intent = c ? c.after : (i[leaf as keyof InterfaceIntent] as LeafValue | undefined);
  if (!c) return html`<td>${show(intent)}</td>`;
  return html`<td class="diff" data-leaf="${i.name} ${leaf}"><div>intent: ${show(intent)}</div><div>running: <b class="running">${show(c.before)}</b></div><div>send: ${c.op === 'remove' ? 'remove' : show(c.after)}</div></td>`;
}

/** One row per interface, one column per managed leaf in use; rows with differences first. */
function leafTable(intent: DeviceIntent | null, plan: DevicePlan): SafeHtml {
  const interfaces = intent?.interfaces ?? [];
  const leaves = LEAVES.filter((l) => interfaces.some((i) => i[l as keyof InterfaceIntent] !== undefined) || plan.changes.some((c) => c.leaf === l));
  const differs = (name: string): boolean => plan.changes.some((c) => c.interface === name);
  const ordered = [...interfaces.filter((i) => differs(i.name)), ...interfaces.filter((i) => !differs(i.name))];
  const rows = ordered.map((i) => {
    const changes = plan.changes.filter((c) => c.interface === i.name);
    return html`<tr id="${anchor(i.name)}" class="${changes.length > 0 ? 'diff' : ''}" data-interface="${i.name}"><td>${i.name}</td>${leaves.map((l) => leafCell(i, l, changes.find((c) => c.leaf === l)))}</tr>`;
  });
  return html`<table id="leaves"><thead><tr><th>Interface</th>${leaves.map((l) => html`<th>${l}</th>`)}</tr></thead><tbody>${rows}</tbody></table>`;
}

/** The device page body: state, controls, per-interface intent vs running with the plan, refusals, pending. Pure. */
export function renderDevice(v: DeviceView, csrf: string | null): SafeHtml {
  const st = v.status;
  const controls = [
    actionForm(`/ui/devices/${encodeURIComponent(v.device)}/reconcile`, 'Reconcile now', csrf),
    v.suspension
      ? actionForm(`/ui/devices/${encodeURIComponent(v.device)}/resume`, 'Resume', csrf)
      : actionForm(`/ui/devices/${encodeURIComponent(v.device)}/suspend`, 'Suspend', csrf, html`<input name="reason" placeholder="reason" required> `),
  ];
  let table: SafeHtml;
  if ('error' in v.planned) table = html`<p class="banner error">Could not read the device: ${v.planned.error}</p>`;
  else {
    const { intent, plan } = v.planned;
    const jumps = plan.changes.map((c) => html`<li><a href="#${anchor(c.interface)}">${c.interface} ${c.leaf}</a>: ${show(c.before)} → ${c.op === 'remove' ? '(removed)' : show(c.after)}</li>`);
    table = html`<h2>Interfaces: intent vs running</h2><p>${plan.changes.length === 0 ? 'In sync: nothing would be sent.' : `${plan.changes.length} leaves differ (highlighted below, with what would be sent):`}</p>
${jumps.length > 0 ? html`<ul id="differences">${jumps}</ul>` : ''}${leafTable(intent, plan)}
${plan.refused.length > 0 ? html`<h2>Refused</h2><ul id="refused">${plan.refused.map((r) => html`<li>${r.interface} ${r.leaves.join(', ')}: ${r.reason}</li>`)}</ul>` : ''}`;
  }
  return html`<h1>${v.device} <span class="muted">${v.platform}</span></h1><div id="device-live" data-live>
<p>State ${badge(st.state)} <span class="muted">as of the last reconcile${st.lastReconcileAt ? html` (${st.lastReconcileAt})` : ''}; the table below is read now.</span> ${st.conditions.apply ? html`<span class="muted">${st.conditions.apply.reason}: ${st.conditions.apply.message}</span>` : ''}</p>
${v.suspension ? html`<div class="banner" id="suspended">Suspended by ${v.suspension.by} at ${v.suspension.at}: ${v.suspension.reason}. Read and reported, never written.</div>` : ''}
${st.lastError ? html`<p class="banner error">Last error ${st.lastError.reason}: ${st.lastError.message}</p>` : ''}
<p>${controls} <a href="/ui/timeline?device=${encodeURIComponent(v.device)}">timeline of ${v.device}</a></p>
${table}
${st.pendingNoTicket.length > 0 ? html`<h2>Pending NetBox changes without a ticket</h2><ul id="pending">${st.pendingNoTicket.map((p) => html`<li>${p.interface}: ${p.fields.join(', ')}</li>`)}</ul>` : ''}
${st.pendingAdoption.length > 0 ? html`<h2>Held back since adoption</h2><ul>${st.pendingAdoption.map((c) => html`<li>${c.interface} ${c.leaf}: ${show(c.before)} → ${show(c.after)}</li>`)}</ul>` : ''}
</div>`;
}
