import ssh2 from 'ssh2';
import { describe, expect, it } from 'vitest';
import { generateSshKeyPair } from '../../../src/lab/ssh-keys.js';

describe('generateSshKeyPair', () => {
  it('only hands out ed25519 pairs that ssh2 reads back whole (its generator breaks about one in 256)', () => {
    for (let i = 0; i < 1000; i++) {
      const pair = generateSshKeyPair();
      const priv = ssh2.utils.parseKey(pair.private);
      const pub = ssh2.utils.parseKey(pair.public);
      if (priv instanceof Error || pub instanceof Error) throw new Error(`pair ${i} does not parse`);
      expect(priv.getPublicSSH().equals(pub.getPublicSSH())).toBe(true);
    }
  });
});
