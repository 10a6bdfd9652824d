/**
 * Device identity on IOS-XE: the configured hostname (`/native/hostname`) and the chassis serial, read
 * from the config-side UDI (`/native/license/udi/sn`, Cisco-IOS-XE-license, a submodule of the native
 * model: `license udi pid … sn …`) or, when the device has none there, from the operational inventory
 * (Cisco-IOS-XE-device-hardware-oper `device-hardware-data/device-hardware/device-inventory/serial-number`).
 * Parsing and comparing are pure.
 */
import { child, children, path, type XNode } from '../../xml/tree.js';
import { parseDataTree } from './codec-parse.js';
import { NATIVE_NS } from './namespaces.js';

export const HW_OPER_MODULE = 'Cisco-IOS-XE-device-hardware-oper';
export const HW_OPER_NS = 'http://cisco.com/ns/yang/Cisco-IOS-XE-device-hardware-oper';

/** What intentd expects the device to be: its NetBox (or intent) name and, where NetBox has one, its serial. */
export interface ExpectedIdentity {
  name: string;
  serial?: string | null;
}

export interface ObservedIdentity {
  hostname: string | null;
  serials: string[];
}

export const IDENTITY_FILTER = `<native xmlns="${NATIVE_NS}"><hostname/><license><udi/></license></native>`;
export const INVENTORY_FILTER = `<device-hardware-data xmlns="${HW_OPER_NS}"><device-hardware><device-inventory><serial-number/></device-inventory></device-hardware></device-hardware-data>`;

function textOf(node: XNode | undefined): string | null {
  const t = node?.text.trim() ?? '';
  return t === '' ? null : t;
}

/** Hostname and UDI serial from a get-config reply filtered with IDENTITY_FILTER. */
export async function parseIdentity(dataXml: string): Promise<ObservedIdentity> {
  const root = await parseDataTree(dataXml);
  const native = children(root, 'native').find((n) => n.ns === NATIVE_NS);
  const sn = textOf(path(native, 'license', 'udi', 'sn'));
  return { hostname: textOf(child(native, 'hostname')), serials: sn === null ? [] : [sn] };
}

/** Every serial number of the operational inventory (chassis, modules, …). */
export async function parseInventorySerials(dataXml: string): Promise<string[]> {
  const root = await parseDataTree(dataXml);
  return children(path(child(root, 'device-hardware-data'), 'device-hardware'), 'device-inventory')
    .flatMap((inv) => textOf(child(inv, 'serial-number')) ?? []);
}

/**
 * Whether the device's hostname names `expected`: equal ignoring case, or equal to the first label
 * of an FQDN name (NetBox `sw1.example.net` ↔ hostname `sw1`).
 */
export function hostnameMatches(expected: string, hostname: string | null): boolean {
  if (hostname === null) return false;
  const want = expected.trim().toLowerCase();
  const got = hostname.trim().toLowerCase();
  return got === want || (want.includes('.') && got === want.split('.')[0]);
}

/** Why the observed device is not the expected one; empty when it is. */
export function identityProblems(expected: ExpectedIdentity, observed: ObservedIdentity): string[] {
  const problems: string[] = [];
  if (!hostnameMatches(expected.name, observed.hostname)) {
    problems.push(`hostname is ${observed.hostname === null ? 'not configured' : JSON.stringify(observed.hostname)}, expected ${JSON.stringify(expected.name)}`);
  }
  const serial = expected.serial?.trim() ?? '';
  if (serial !== '') {
    const found = observed.serials.some((s) => s.trim().toLowerCase() === serial.toLowerCase());
    if (!found) {
      problems.push(observed.serials.length === 0
        ? `device reports no serial number, NetBox expects ${JSON.stringify(serial)}`
        : `serial is ${observed.serials.map((s) => JSON.stringify(s)).join(', ')}, NetBox expects ${JSON.stringify(serial)}`);
    }
  }
  return problems;
}
