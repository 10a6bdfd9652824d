/**
 * The OpenConfig codec (pure): intent-side values ↔ openconfig-interfaces / -vlan / -if-ip XML. Reads
 * are filtered to the managed interfaces, edits carry only the planned leaves.
 */
export { buildEdit, interfacesFilter, splitCidr } from './codec-edit.js';
export { absentState, parseInterfaces, parseTrunkEntries } from './codec-parse.js';
export { parseTrunkVlans, renderTrunkVlans, ALL_VLANS_RANGE } from './vlans.js';
