import { renderDescription } from './description.js';
import { ValidationError } from './errors.js';
import type { PlatformRules } from './platform-rules.js';
import type { DeviceIntent, InterfaceIntent } from './types.js';

const TICKET_TAG = /##ticket:[^#]*##/i;

function typeOf(name: string): string {
  return /^[A-Za-z-]+/.exec(name)?.[0] ?? name;
}

/** What only the device's platform can tell: a name it can express, switchport support, the description limit. */
function platformProblems(i: InterfaceIntent, at: string, rules: PlatformRules): string[] {
  const out: string[] = [];
  let canonical: string | null = null;
  try {
    canonical = rules.normalizeName(i.name);
  } catch (err) {
    const why = err instanceof ValidationError && err.problems.length > 0 ? err.problems.join('; ') : (err as Error).message;
    out.push(`${at}: not an interface name on ${rules.platform}: ${why}`);
  }
  if (canonical !== null && canonical !== i.name) out.push(`${at}: not the canonical ${rules.platform} name (write ${canonical})`);
  if ((i.mode === 'access' || i.mode === 'trunk') && canonical !== null && !rules.canSwitchport(canonical)) {
    out.push(`${at}.mode: ${typeOf(i.name)} interfaces cannot be in ${i.mode} mode on ${rules.platform} (use routed)`);
  }
  const rendered = renderDescription(i.description, i.ticket);
  if (rendered !== null && rendered.length > rules.maxDescription) {
    out.push(`${at}.description: with its ticket tag it is ${rendered.length} characters; ${rules.platform} allows ${rules.maxDescription}`);
  }
  return out;
}

function interfaceProblems(i: InterfaceIntent, at: string, rules: PlatformRules | null): string[] {
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
  if (typeof i.description === 'string' && TICKET_TAG.test(i.description)) {
    out.push(`${at}.description: must not contain the ##ticket:N## tag; set ticket instead`);
  }
  return rules === null ? out : [...out, ...platformProblems(i, at, rules)];
}

/**
 * Cross-field rules the JSON schema cannot express: mode-specific fields only with their mode and
 * no ticket tag inside the description; with the device's platform `rules`, also canonical names the
 * platform can express, switchport modes only on switchport types and the description as sent
 * (text + ticket tag) within the platform's limit. Returns `file: path: reason` lines (empty when
 * fine). Pure.
 */
export function intentProblems(intent: DeviceIntent, file: string, rules: PlatformRules | null): string[] {
  return intent.interfaces.flatMap((i) => interfaceProblems(i, `interfaces.${i.name}`, rules)).map((p) => `${file}: ${p}`);
}
