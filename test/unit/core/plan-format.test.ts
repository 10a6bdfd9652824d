import { describe, expect, it } from 'vitest';
import { formatLeafValue } from '../../../src/core/plan-format.js';

describe('formatLeafValue', () => {
  it.each([
    [null, '(none)'],
    ['uplink "core"', '"uplink \\"core\\""'],
    ['all', '"all"'],
    [9000, '9000'],
    [false, 'false'],
    [[10, 11, 12, 20], '10,11,12,20'],
    [[], '[]'],
  ] as const)('prints %j as %s by default', (value, text) => {
    expect(formatLeafValue(value as never)).toBe(text);
  });

  it('prints an empty list as asked', () => {
    expect(formatLeafValue([], { emptyList: '' })).toBe('');
    expect(formatLeafValue([], { emptyList: '(none)' })).toBe('(none)');
  });

  it('prints runs of three or more VLANs as ranges when asked', () => {
    expect(formatLeafValue([10, 11, 12, 20, 21], { ranges: true })).toBe('10-12,20,21');
  });

  it('clips a string before quoting it', () => {
    expect(formatLeafValue('abcdef', { clip: (s) => `${s.slice(0, 2)}…` })).toBe('"ab…"');
  });
});
