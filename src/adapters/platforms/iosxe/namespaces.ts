/** XML namespaces of the IOS-XE models intentd reads and writes (17.x). */
export const NATIVE_NS = 'http://cisco.com/ns/yang/Cisco-IOS-XE-native';
export const SWITCH_NS = 'http://cisco.com/ns/yang/Cisco-IOS-XE-switch';
export const CISCO_IA_MODULE = 'cisco-ia';
