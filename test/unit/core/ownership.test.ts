import { describe, expect, it } from 'vitest';
import { ownerOf } from '../../../src/core/ownership.js';

const devices = Array.from({ length: 600 }, (_, i) => `sw-${i}`);
const owners = (members: string[], pins: Record<string, string> = {}): Map<string, string | null> =>
  new Map(devices.map((d) => [d, ownerOf(d, members, pins)]));

describe('rendezvous ownership', () => {
  it('spreads devices over the live members, and every replica computes the same owner', () => {
    const a = owners(['r-a', 'r-b', 'r-c']);
    expect(owners(['r-c', 'r-a', 'r-b'])).toEqual(a);
    for (const m of ['r-a', 'r-b', 'r-c']) {
      const n = [...a.values()].filter((o) => o === m).length;
      expect(n).toBeGreaterThan(150);
      expect(n).toBeLessThan(250);
    }
  });

  it('a member leaving moves only its own devices', () => {
    const before = owners(['r-a', 'r-b', 'r-c']);
    const after = owners(['r-a', 'r-c']);
    for (const d of devices) {
      if (before.get(d) !== 'r-b') expect(after.get(d)).toBe(before.get(d));
      else expect(['r-a', 'r-c']).toContain(after.get(d));
    }
  });

  it('a member joining takes devices only from others, never swaps devices between them', () => {
    const before = owners(['r-a', 'r-b']);
    const after = owners(['r-a', 'r-b', 'r-c']);
    const moved = devices.filter((d) => after.get(d) !== before.get(d));
    for (const d of moved) expect(after.get(d)).toBe('r-c');
    expect(moved.length).toBeGreaterThan(150);
    expect(moved.length).toBeLessThan(250);
  });

  it('a pin to a live member wins; a pin to a member that is not live falls back to hashing', () => {
    const hashed = ownerOf('sw-1', ['r-a', 'r-b', 'r-c']);
    const other = ['r-a', 'r-b', 'r-c'].find((m) => m !== hashed) as string;
    expect(ownerOf('sw-1', ['r-a', 'r-b', 'r-c'], { 'sw-1': other })).toBe(other);
    expect(ownerOf('sw-1', ['r-a', 'r-b', 'r-c'], { 'sw-1': 'r-gone' })).toBe(hashed);
  });

  it('no live member owns nothing', () => {
    expect(ownerOf('sw-1', [])).toBeNull();
  });
});
