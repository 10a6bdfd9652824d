/** XML namespaces of the OpenConfig models intentd reads and writes. */
export const OC_IF_NS = 'http://openconfig.net/yang/interfaces';
export const OC_ETH_NS = 'http://openconfig.net/yang/interfaces/ethernet';
export const OC_LAG_NS = 'http://openconfig.net/yang/interfaces/aggregate';
export const OC_VLAN_NS = 'http://openconfig.net/yang/vlan';
export const OC_IP_NS = 'http://openconfig.net/yang/interfaces/ip';
export const IANA_IF_TYPE_NS = 'urn:ietf:params:xml:ns:yang:iana-if-type';
export const OC_SYSTEM_NS = 'http://openconfig.net/yang/system';
export const OC_PLATFORM_NS = 'http://openconfig.net/yang/platform';
