import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fingerprint, knownFingerprints, sameFingerprint } from '../../../../src/adapters/netconf/host-key.js';

describe('host-key fingerprints', () => {
  it('prints SHA256 of the key blob as unpadded base64, like ssh-keygen -l', () => {
    const blob = Buffer.from('key');
    const b64 = createHash('sha256').update(blob).digest('base64');
    expect(b64.endsWith('=')).toBe(true);
    expect(fingerprint(blob)).toBe(`SHA256:${b64.replace(/=+$/, '')}`);
  });

  it('compares fingerprints with or without base64 padding', () => {
    expect(sameFingerprint('SHA256:abc=', 'SHA256:abc')).toBe(true);
    expect(sameFingerprint('SHA256:abc', 'SHA256:abd')).toBe(false);
  });

  it('finds entries for host:port in both spellings, comma lists and bare hosts on port 22', () => {
    const text = ['# comment', 'sw1:830 SHA256:a', '[sw1]:830 SHA256:b # inline', 'sw2,sw1 SHA256:c', 'sw1:831 SHA256:d', 'sw1:830 ssh-ed25519'].join('\n');
    expect(knownFingerprints(text, 'sw1', 830)).toEqual(['SHA256:a', 'SHA256:b']);
    expect(knownFingerprints(text, 'sw1', 22)).toEqual(['SHA256:c']);
    expect(knownFingerprints(text, 'sw3', 830)).toEqual([]);
  });
});
