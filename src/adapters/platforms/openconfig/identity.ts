/**
 * Device identity on OpenConfig: the configured hostname (openconfig-system `/system/config/hostname`)
 * and the serial numbers of the hardware components (openconfig-platform
 * `/components/component/state/serial-no`, operational, read only when a serial is expected).
 * Parsing is pure; the comparison is shared by every platform (../session-identity-check.ts).
 */
import { ValidationError } from '../../../core/errors.js';
import { NETCONF_NS } from '../../netconf/rpc.js';
import { child, children, parseXml, path, type XNode } from '../../xml/tree.js';
import type { ObservedIdentity } from '../session-identity-check.js';
import { OC_PLATFORM_NS, OC_SYSTEM_NS } from './namespaces.js';

export const OC_IDENTITY_FILTER = `<system xmlns="${OC_SYSTEM_NS}"><config><hostname/></config></system>`;
export const OC_COMPONENTS_FILTER = `<components xmlns="${OC_PLATFORM_NS}"><component><state><serial-no/></state></component></components>`;

async function dataTree(xml: string): Promise<XNode> {
  try {
    return await parseXml(`<data xmlns="${NETCONF_NS}">${xml.replace(/^\s*<\?xml[^>]*\?>/, '')}</data>`);
  } catch (err) {
    throw new ValidationError(`device reply is not well-formed XML: ${(err as Error).message}`, [], { cause: err });
  }
}

const textOf = (node: XNode | undefined): string | null => {
  const t = node?.text.trim() ?? '';
  return t === '' ? null : t;
};

/** The hostname from a get-config reply filtered with OC_IDENTITY_FILTER (serials are read separately). */
export async function parseOcHostname(dataXml: string): Promise<ObservedIdentity> {
  const system = children(await dataTree(dataXml), 'system').find((n) => n.ns === OC_SYSTEM_NS);
  return { hostname: textOf(path(system, 'config', 'hostname')), serials: [] };
}

/** Every component serial number from a get reply filtered with OC_COMPONENTS_FILTER. */
export async function parseOcSerials(dataXml: string): Promise<string[]> {
  const components = children(await dataTree(dataXml), 'components').find((n) => n.ns === OC_PLATFORM_NS);
  return children(components, 'component').flatMap((c) => textOf(child(child(c, 'state'), 'serial-no')) ?? []);
}
