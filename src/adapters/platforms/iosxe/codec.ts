/**
 * The IOS-XE codec (pure): intent-side values ↔ Cisco-IOS-XE-native XML. Reads are filtered to the
 * managed interfaces, edits carry only the planned leaves.
 */
export { renderDescription, parseDescription } from '../../../core/description.js';
export { interfacesFilter, buildEdit, splitIpv4, renderVlanList } from './codec-edit.js';
export { parseInterfaces, parseDataTree, absentState, parseVlanList } from './codec-parse.js';
