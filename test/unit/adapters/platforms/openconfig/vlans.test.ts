import { describe, expect, it } from 'vitest';
import { parseTrunkVlans, renderTrunkVlans } from '../../../../../src/adapters/platforms/openconfig/codec.js';

describe('trunk-vlans entries', () => {
  it('renders runs of three or more as a..b and all as 1..4094', () => {
    expect(renderTrunkVlans([1, 2, 4, 5, 6, 7, 10])).toEqual(['1', '2', '4..7', '10']);
    expect(renderTrunkVlans('all')).toEqual(['1..4094']);
    expect(renderTrunkVlans(Array.from({ length: 300 }, (_, i) => 100 + i))).toEqual(['100..399']);
  });

  it('reads overlapping entries in any order, and a full cover as all', () => {
    expect(parseTrunkVlans(['30..32', '10', '31'])).toEqual([10, 30, 31, 32]);
    expect(parseTrunkVlans(['1..100', '50..4000', '4001..4094'])).toBe('all');
  });

  it('round-trips every list it renders', () => {
    const list = Array.from({ length: 300 }, (_, i) => 2 + i * 3);
    expect(parseTrunkVlans(renderTrunkVlans(list))).toEqual(list);
  });
});
