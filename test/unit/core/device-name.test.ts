import { describe, expect, it } from 'vitest';
import { assertDeviceName, DEVICE_NAME_RE, isDeviceName } from '../../../src/core/device-name.js';
import { ValidationError } from '../../../src/core/errors.js';

describe('device name rule', () => {
  it.each(['c9300', 'SW-01', 'edge_1.lab', 'a', 'x'.repeat(64)])('accepts %s', (name) => {
    expect(isDeviceName(name)).toBe(true);
    expect(() => assertDeviceName(name)).not.toThrow();
  });

  it.each(['', '.hidden', '-x', 'a..b', 'a/b', '../etc', 'sw 1', 'x'.repeat(65), 'sw1\n'])('refuses %j with a ValidationError', (name) => {
    expect(isDeviceName(name)).toBe(false);
    expect(() => assertDeviceName(name)).toThrow(ValidationError);
  });

  it('gives the same answer on repeated use of the shared expression (no global-flag state)', () => {
    expect([1, 2, 3].map(() => DEVICE_NAME_RE.test('c9300'))).toEqual([true, true, true]);
  });
});
