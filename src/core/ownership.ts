import { createHash } from 'node:crypto';

/**
 * Rendezvous (highest-random-weight) hashing: the device goes to the live member with the highest
 * weight hash(member, device), so a member joining takes only the devices it now wins and a member
 * leaving hands only its own devices to the others. A pin to a live member wins; a pin to a member
 * that is not live falls back to hashing. Null when no member is live. Pure.
 */
export function ownerOf(device: string, members: readonly string[], pins: Readonly<Record<string, string>> = {}): string | null {
  const pinned = pins[device];
  if (pinned !== undefined && members.includes(pinned)) return pinned;
  let best: string | null = null;
  let bestWeight = -1n;
  for (const m of members) {
    const w = weight(m, device);
    // Ties (astronomically rare) go to the smaller id, so every replica picks the same owner.
    if (w > bestWeight || (w === bestWeight && best !== null && m < best)) {
      best = m;
      bestWeight = w;
    }
  }
  return best;
}

/** The first 8 bytes of sha256(member NUL device) as an unsigned integer. */
function weight(member: string, device: string): bigint {
  return createHash('sha256').update(member).update('\0').update(device).digest().readBigUInt64BE(0);
}
