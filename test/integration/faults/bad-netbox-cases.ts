// Bad data held in NetBox itself (the source intentd does act on), announced by a correctly signed
// webhook: each must be refused before it reaches the device.
import type { NetboxEmulator } from '../../../src/lab/netbox-emulator.js';
import { DEVICE } from '../e2e/lab-stack.js';

export interface BadNetboxCase {
  name: string;
  /** Interface name (long form) the bad data sits on. */
  iface: string;
  /** NetBox REST PATCH body (VLANs by id, as the API takes them). */
  patch(nb: NetboxEmulator): Record<string, unknown>;
  /** REST body that puts the interface back as the startup config has it. */
  revert: Record<string, unknown>;
  /** Direct edit of the emulator's row, for values NetBox's own validation would not let in. */
  mutate?(row: { mode: string }): void;
}

const gi = (port: number): string => `GigabitEthernet1/0/${port}`;
const ticket = (t: string): Record<string, unknown> => ({ custom_fields: { change_ticket_number: t } });
const PLAIN_PORT = { description: '', mtu: null, mode: 'access', untagged_vlan: null, enabled: true };

function vlanId(nb: NetboxEmulator, vid: number, name: string): number {
  nb.data.addVlan(vid, name);
  return (nb.data.db.vlans.find((v) => v.vid === vid) as { id: number }).id;
}

export const BAD_NETBOX: BadNetboxCase[] = [
  { name: 'MTU above the IOS-XE range (60000)', iface: gi(11), patch: () => ({ mtu: 60_000, ...ticket('6101') }), revert: PLAIN_PORT },
  { name: 'MTU below the IOS-XE range (10)', iface: gi(12), patch: () => ({ mtu: 10, ...ticket('6102') }), revert: PLAIN_PORT },
  {
    name: 'access VLAN 4095 (reserved, outside 1..4094)',
    iface: gi(13),
    patch: (nb) => ({ mode: 'access', untagged_vlan: vlanId(nb, 4095, 'reserved'), ...ticket('6103') }),
    revert: PLAIN_PORT,
  },
  {
    name: 'trunk with tagged VLAN 0',
    iface: gi(14),
    patch: (nb) => ({ mode: 'tagged', tagged_vlans: [vlanId(nb, 0, 'zero')], ...ticket('6104') }),
    revert: { ...PLAIN_PORT, tagged_vlans: [] },
  },
  { name: 'ticket ../../etc/passwd', iface: gi(15), patch: () => ({ description: 'path ticket', ...ticket('../../etc/passwd') }), revert: PLAIN_PORT },
  { name: 'ticket with a newline and a forged trailer', iface: gi(16), patch: () => ({ description: 'forged', ...ticket('1\nDevice: evil') }), revert: PLAIN_PORT },
  { name: 'description with a control character', iface: gi(17), patch: () => ({ description: 'bell\u0007here', ...ticket('6107') }), revert: PLAIN_PORT },
  {
    name: 'description that is too long on the device once the ticket tag is added',
    iface: gi(18),
    patch: () => ({ description: 'd'.repeat(200), ...ticket(`T${'9'.repeat(63)}`) }),
    revert: PLAIN_PORT,
  },
  {
    name: 'change to the management-only uplink',
    iface: gi(1),
    patch: () => ({ description: 'hijacked uplink', ...ticket('6109') }),
    revert: { description: 'MGMT uplink - do not touch' },
  },
  // Tickets git cannot use in a ref name (`ticket/<id>`): before the grammar they could leave a device
  // write without its audit commit.
  { name: 'ticket 12. (a trailing dot)', iface: gi(22), patch: () => ({ description: 'dot ticket', ...ticket('12.') }), revert: PLAIN_PORT },
  { name: 'ticket 1..2 (two dots)', iface: gi(23), patch: () => ({ description: 'dots ticket', ...ticket('1..2') }), revert: PLAIN_PORT },
  { name: 'ticket x.lock (a .lock suffix)', iface: gi(24), patch: () => ({ description: 'lock ticket', ...ticket('x.lock') }), revert: PLAIN_PORT },
  { name: 'change without a ticket', iface: gi(20), patch: () => ({ description: 'no ticket here', mtu: 9000 }), revert: PLAIN_PORT },
  {
    name: 'q-in-q 802.1Q mode intentd does not support',
    iface: gi(21),
    patch: () => ({ description: 'stacked', ...ticket('6111') }),
    mutate: (row) => {
      row.mode = 'q-in-q';
    },
    revert: PLAIN_PORT,
  },
];

/** Writes straight into the emulator's database: no webhook fires, the test sends its own. */
export function patchNetbox(nb: NetboxEmulator, iface: string, body: Record<string, unknown>, mutate?: (row: { mode: string }) => void): void {
  const row = nb.data.findInterface(DEVICE, iface);
  nb.data.applyRestPatch(row, body);
  mutate?.(row);
}
