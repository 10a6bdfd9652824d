import { describe, expect, it } from 'vitest';
import { KeyedLock } from '../../../src/runtime/keyed-lock.js';

describe('KeyedLock', () => {
  it('runs holders of one key one after the other, in order, and other keys alongside', async () => {
    const lock = new KeyedLock();
    const log: string[] = [];
    let open = (): void => undefined;
    const gate = new Promise<void>((r) => (open = r));
    const a = lock.run('c9300', async () => {
      log.push('a start');
      await gate;
      log.push('a end');
    });
    const b = lock.run('c9300', async () => void log.push('b'));
    await lock.run('other', async () => void log.push('other'));
    expect(log).toEqual(['a start', 'other']);
    open();
    await Promise.all([a, b]);
    expect(log).toEqual(['a start', 'other', 'a end', 'b']);
  });

  it('releases the key when a holder throws', async () => {
    const lock = new KeyedLock();
    await expect(lock.run('k', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await lock.run('k', async () => 'next')).toBe('next');
  });
});
