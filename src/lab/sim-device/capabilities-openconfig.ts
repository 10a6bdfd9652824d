import { BASE_10, BASE_11 } from '../../adapters/netconf/capabilities.js';
import {
  IANA_IF_TYPE_NS, OC_ETH_NS, OC_IF_NS, OC_IP_NS, OC_LAG_NS, OC_SYSTEM_NS, OC_VLAN_NS,
} from '../../adapters/platforms/openconfig/namespaces.js';

/** The server hello of the simulated OpenConfig switch: running only, plus the OpenConfig modules it implements. */
export const SIM_OPENCONFIG_CAPABILITIES: readonly string[] = [
  BASE_10,
  BASE_11,
  'urn:ietf:params:netconf:capability:writable-running:1.0',
  'urn:ietf:params:netconf:capability:rollback-on-error:1.0',
  `${OC_IF_NS}?module=openconfig-interfaces&revision=2024-04-04`,
  `${OC_ETH_NS}?module=openconfig-if-ethernet&revision=2023-12-28`,
  `${OC_LAG_NS}?module=openconfig-if-aggregate&revision=2022-06-28`,
  `${OC_VLAN_NS}?module=openconfig-vlan&revision=2023-02-07`,
  `${OC_IP_NS}?module=openconfig-if-ip&revision=2023-08-14`,
  `${OC_SYSTEM_NS}?module=openconfig-system&revision=2024-09-24`,
  `${IANA_IF_TYPE_NS}?module=iana-if-type&revision=2023-01-26`,
];
