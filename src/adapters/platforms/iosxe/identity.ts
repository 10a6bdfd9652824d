/**
 * Device identity on IOS-XE: the configured hostname (`/native/hostname`) and the chassis serial, read
 * from the config-side UDI (`/native/license/udi/sn`, Cisco-IOS-XE-license, a submodule of the native
 * model: `license udi pid … sn …`) or, when the device has none there, from the operational inventory
 * (Cisco-IOS-XE-device-hardware-oper `device-hardware-data/device-hardware/device-inventory/serial-number`).
 * Parsing is pure; the comparison is shared by every platform (../session-identity-check.ts).
 */
import { child, children, path, type XNode } from '../../xml/tree.js';
import { parseDataTree } from './codec-parse.js';
import type { ObservedIdentity } from '../session-identity-check.js';
import { NATIVE_NS } from './namespaces.js';

export const HW_OPER_MODULE = 'Cisco-IOS-XE-device-hardware-oper';
export const HW_OPER_NS = 'http://cisco.com/ns/yang/Cisco-IOS-XE-device-hardware-oper';

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
