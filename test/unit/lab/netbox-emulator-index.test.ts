import { describe, expect, it } from 'vitest';
import { interfaceCount, rowById, type EmuInterface } from '../../../src/lab/netbox-emulator-model.js';

const iface = (id: number, deviceId: number): EmuInterface => ({ id, deviceId } as EmuInterface);

describe('NetBox emulator primary-key index', () => {
  it('finds rows pushed after the index was built, and misses unknown ids', () => {
    const rows = [iface(1, 1), iface(2, 1)];
    expect(rowById(rows, 2)).toBe(rows[1]);
    rows.push(iface(3, 2));
    expect(rowById(rows, 3)).toBe(rows[2]);
    expect(rowById(rows, 9)).toBeUndefined();
    expect(rowById(rows, null)).toBeUndefined();
  });

  it('follows rows renumbered or replaced in place (a rolled-back bulk PATCH)', () => {
    const rows = [iface(1, 1), iface(2, 1)];
    expect(rowById(rows, 1)).toBe(rows[0]);
    for (const r of rows) r.id += 1;
    expect(rowById(rows, 3)?.id).toBe(3);
    expect(rowById(rows, 1)).toBeUndefined();
    const copy = { ...rows[0] } as EmuInterface;
    rows.splice(0, 1, copy);
    expect(rowById(rows, 2)).toBe(copy);
  });

  it('counts interfaces per device and sees rows added later', () => {
    const rows = [iface(1, 1), iface(2, 1), iface(3, 2)];
    expect(interfaceCount(rows, 1)).toBe(2);
    rows.push(iface(4, 2));
    expect(interfaceCount(rows, 2)).toBe(2);
    expect(interfaceCount(rows, 7)).toBe(0);
  });
});
