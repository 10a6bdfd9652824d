import { BASE_10, BASE_11 } from '../../adapters/netconf/capabilities.js';
import { CISCO_IA_NS } from '../../adapters/netconf/rpc.js';
import { NATIVE_NS, SWITCH_NS } from '../../adapters/platforms/iosxe/namespaces.js';

/**
 * The server hello of the simulated switch: the IOS-XE 17.12.1 Cat9300 base capabilities (without
 * :candidate, which needs `netconf-yang feature candidate-datastore`) plus the YANG modules the
 * simulator implements, with 17.12.1 revisions.
 */
export const SIM_CAPABILITIES: readonly string[] = [
  BASE_10,
  BASE_11,
  'urn:ietf:params:netconf:capability:writable-running:1.0',
  'urn:ietf:params:netconf:capability:rollback-on-error:1.0',
  'urn:ietf:params:netconf:capability:validate:1.0',
  'urn:ietf:params:netconf:capability:validate:1.1',
  'urn:ietf:params:netconf:capability:with-defaults:1.0?basic-mode=explicit&also-supported=report-all-tagged,report-all',
  'http://tail-f.com/ns/netconf/actions/1.0',
  `${NATIVE_NS}?module=Cisco-IOS-XE-native&revision=2023-07-01`,
  `${SWITCH_NS}?module=Cisco-IOS-XE-switch&revision=2023-07-01`,
  `${CISCO_IA_NS}?module=cisco-ia&revision=2021-11-01`,
  'urn:ietf:params:xml:ns:yang:ietf-netconf-with-defaults?module=ietf-netconf-with-defaults&revision=2011-06-01',
];
