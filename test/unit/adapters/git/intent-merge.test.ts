import { describe, expect, it } from 'vitest';
import { mergeIntent } from '../../../../src/adapters/git/intent-merge.js';
import type { DeviceIntent, InterfaceIntent } from '../../../../src/core/types.js';

const port = (n: number, description: string): InterfaceIntent => ({
  name: `GigabitEthernet1/0/${n}`,
  description,
  mode: 'access',
  accessVlan: 10,
});
const dev = (...interfaces: InterfaceIntent[]): DeviceIntent => ({ device: 'sw1', interfaces });
const descriptions = (d: DeviceIntent): string[] => d.interfaces.map((i) => `${i.name.slice(-1)}=${i.description ?? ''}`);

describe('mergeIntent', () => {
  const base = dev(port(1, 'a'), port(2, 'b'));

  it.each([
    ['takes their edit of an interface ours left alone', dev(port(1, 'a'), port(2, 'B')), dev(port(1, 'A'), port(2, 'b')), ['1=A', '2=B']],
    ['lets ours win an interface both changed', dev(port(1, 'x'), port(2, 'b')), dev(port(1, 'A'), port(2, 'b')), ['1=A', '2=b']],
    ['keeps an interface they added', dev(port(1, 'a'), port(2, 'b'), port(3, 'c')), dev(port(1, 'A'), port(2, 'b')), ['1=A', '2=b', '3=c']],
    ['keeps an interface ours added', dev(port(1, 'a'), port(2, 'b')), dev(port(1, 'a'), port(2, 'b'), port(4, 'd')), ['1=a', '2=b', '4=d']],
    ['drops an interface they removed and ours left alone', dev(port(1, 'a')), dev(port(1, 'A'), port(2, 'b')), ['1=A']],
    ['keeps an interface they removed but ours changed', dev(port(1, 'a')), dev(port(1, 'a'), port(2, 'B')), ['1=a', '2=B']],
  ])('%s', (_name, theirs, ours, expected) => {
    expect(descriptions(mergeIntent(base, theirs, ours))).toEqual(expected);
  });

  it('takes ours whole when there was no file to start from and none now', () => {
    expect(descriptions(mergeIntent(null, null, dev(port(1, 'A'))))).toEqual(['1=A']);
  });

  it('adds ours to a file someone else created meanwhile', () => {
    expect(descriptions(mergeIntent(null, dev(port(2, 'b')), dev(port(1, 'A'))))).toEqual(['2=b', '1=A']);
  });
});
