import { MAX_DESCRIPTION, renderDescription } from './description.js';
import { SWITCHPORT_TYPES } from './normalize.js';
import type { DeviceIntent, InterfaceIntent } from './types.js';

const TICKET_TAG = /##ticket:[^#]*##/i;

function typeOf(name: string): string {
  return /^[A-Za-z-]+/.exec(name)?.[0] ?? name;
}

function interfaceProblems(i: InterfaceIntent, at: string): string[] {
  const out: string[] = [];
  const needs = (field: string, value: unknown, mode: string): void => {
    if (value !== undefined && value !== null && i.mode !== mode) {
      out.push(`${at}.${field}: only allowed with mode: ${mode} (mode is ${i.mode ?? 'unmanaged'})`);
    }
  };
  needs('access_vlan', i.accessVlan, 'access');
  needs('native_vlan', i.nativeVlan, 'trunk');
  needs('allowed_vlans', i.allowedVlans, 'trunk');
  needs('ipv4', i.ipv4, 'routed');
  if ((i.mode === 'access' || i.mode === 'trunk') && !SWITCHPORT_TYPES.has(typeOf(i.name))) {
    out.push(`${at}.mode: ${typeOf(i.name)} interfaces cannot be in ${i.mode} mode (use routed)`);
  }
  if (typeof i.description === 'string' && TICKET_TAG.test(i.description)) {
    out.push(`${at}.description: must not contain the ##ticket:N## tag; set ticket instead`);
  }
  const rendered = renderDescription(i.description, i.ticket);
  if (rendered !== null && rendered.length > MAX_DESCRIPTION) {
    out.push(`${at}.description: with its ticket tag it is ${rendered.length} characters; the device allows ${MAX_DESCRIPTION}`);
  }
  return out;
}

/**
 * Cross-field rules the JSON schema cannot express: mode-specific fields only with their mode,
 * switchport modes only on switchport types, no ticket tag inside the description, and the
 * description as sent (text + ticket tag) within the device's limit.
 * Returns `file: path: reason` lines (empty when fine). Pure.
 */
export function intentProblems(intent: DeviceIntent, file: string): string[] {
  return intent.interfaces.flatMap((i) => interfaceProblems(i, `interfaces.${i.name}`)).map((p) => `${file}: ${p}`);
}
