import { generateSshKeyPair } from '../../../../src/lab/ssh-keys.js';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fingerprint, hostKeyName, knownHostKeys, sameFingerprint } from '../../../../src/adapters/netconf/host-key.js';
import { hostKeyPolicy } from '../../../../src/adapters/netconf/ssh-transport.js';

const dir = mkdtempSync(join(tmpdir(), 'intentd-known-hosts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `type base64` of a fresh public key, and its blob. */
function key(type: 'ed25519' | 'ecdsa' | 'rsa', bits?: number): { line: string; blob: Buffer } {
  const pair = generateSshKeyPair(type, bits);
  const [keyType = '', b64 = ''] = pair.public.split(' ');
  return { line: `${keyType} ${b64}`, blob: Buffer.from(b64, 'base64') };
}

const ed = key('ed25519');
const p256 = key('ecdsa', 256);
const p384 = key('ecdsa', 384);
const p521 = key('ecdsa', 521);
const rsa = key('rsa', 2048);

/** Hashes every host field of `text` with the real `ssh-keygen -H`. */
function hashed(text: string): string {
  const file = join(dir, `kh-${Math.random().toString(36).slice(2)}`);
  writeFileSync(file, text);
  execFileSync('ssh-keygen', ['-H', '-f', file], { stdio: 'ignore' });
  return readFileSync(file, 'utf8');
}

describe('host-key fingerprints', () => {
  it('prints SHA256 of the key blob as unpadded base64, like ssh-keygen -l', () => {
    const blob = Buffer.from('key');
    const b64 = createHash('sha256').update(blob).digest('base64');
    expect(b64.endsWith('=')).toBe(true);
    expect(fingerprint(blob)).toBe(`SHA256:${b64.replace(/=+$/, '')}`);
  });

  it('compares fingerprints with or without the SHA256: prefix and base64 padding', () => {
    expect(sameFingerprint('SHA256:abc=', 'SHA256:abc')).toBe(true);
    expect(sameFingerprint('abc', 'SHA256:abc')).toBe(true);
    expect(sameFingerprint(' sha256:abc ', 'SHA256:abc')).toBe(true);
    expect(sameFingerprint('SHA256:abc', 'SHA256:abd')).toBe(false);
    expect(sameFingerprint('SHA256:', 'SHA256:')).toBe(false);
  });
});

describe('OpenSSH known_hosts', () => {
  it('names the host [host]:port, and plain host on port 22', () => {
    expect(hostKeyName('sw1', 830)).toBe('[sw1]:830');
    expect(hostKeyName('sw1', 22)).toBe('sw1');
  });

  it('reads ssh-keyscan lines for every supported key type, skipping comments and blank lines', () => {
    const text = ['# sw1 SSH-2.0-Cisco-1.25', '', ...[ed, p256, p384, p521, rsa].map((k) => `[sw1]:830 ${k.line}`), `[sw1]:831 ${ed.line}`].join('\n');
    const known = knownHostKeys(text, 'sw1', 830);
    expect(known.keys).toEqual([ed.blob, p256.blob, p384.blob, p521.blob, rsa.blob]);
    expect(knownHostKeys(text, 'sw1', 831).keys).toEqual([ed.blob]);
    expect(knownHostKeys(text, 'sw2', 830).keys).toEqual([]);
  });

  it('matches comma lists, plain hosts on port 22, wildcards and negations', () => {
    const text = [`sw2,sw1,10.0.0.1 ${ed.line}`, `[sw*]:830,![sw9]:830 ${rsa.line}`].join('\n');
    expect(knownHostKeys(text, 'sw1', 22).keys).toEqual([ed.blob]);
    expect(knownHostKeys(text, '10.0.0.1', 22).keys).toEqual([ed.blob]);
    expect(knownHostKeys(text, 'sw1', 830).keys).toEqual([rsa.blob]);
    expect(knownHostKeys(text, 'sw9', 830).keys).toEqual([]);
  });

  it('matches hashed |1| entries written by ssh-keygen -H', () => {
    const text = hashed(`[sw1]:830 ${ed.line}\nsw1 ${p256.line}\n`);
    expect(text).toMatch(/^\|1\|/);
    expect(text).not.toContain('sw1');
    expect(knownHostKeys(text, 'sw1', 830).keys).toEqual([ed.blob]);
    expect(knownHostKeys(text, 'sw1', 22).keys).toEqual([p256.blob]);
    expect(knownHostKeys(text, 'sw2', 830).keys).toEqual([]);
  });

  it('collects @revoked keys for every host and ignores @cert-authority lines', () => {
    const text = [`@revoked * ${rsa.line}`, `@cert-authority [sw1]:830 ${p384.line}`, `[sw1]:830 ${rsa.line}`].join('\n');
    const known = knownHostKeys(text, 'sw1', 830);
    expect(known.revoked).toEqual([rsa.blob]);
    expect(known.certAuthorities).toBe(1);
    expect(known.keys).toEqual([rsa.blob]);
  });

  it('skips unknown key types, bad base64 and a blob whose embedded type differs from the line', () => {
    const [, edB64] = ed.line.split(' ');
    const text = [`[sw1]:830 ssh-dss ${edB64}`, `[sw1]:830 ssh-ed25519 !!!`, `[sw1]:830 ssh-rsa ${edB64}`, `[sw1]:830 ssh-ed25519`].join('\n');
    expect(knownHostKeys(text, 'sw1', 830).keys).toEqual([]);
  });

  it("still reads intentd's earlier `host:port SHA256:…` lines", () => {
    const text = ['# comment', 'sw1:830 SHA256:a', '[sw1]:830 SHA256:b # inline', 'sw2,sw1 SHA256:c', 'sw1:831 SHA256:d'].join('\n');
    expect(knownHostKeys(text, 'sw1', 830).fingerprints).toEqual(['SHA256:a', 'SHA256:b']);
    expect(knownHostKeys(text, 'sw1', 22).fingerprints).toEqual(['SHA256:c']);
  });
});

describe('hostKeyPolicy', () => {
  const file = (text: string): string => {
    const f = join(dir, `known-${Math.random().toString(36).slice(2)}`);
    writeFileSync(f, text);
    return f;
  };
  const base = { host: 'sw1', port: 830, username: 'u' };

  it('accepts the listed key blob and refuses any other', () => {
    const policy = hostKeyPolicy({ ...base, knownHostsFile: file(`[sw1]:830 ${ed.line}\n`) });
    expect(policy?.check(ed.blob)).toBeNull();
    expect(policy?.check(rsa.blob)).toMatch(/does not match/);
  });

  it('refuses a @revoked key even when it is pinned or listed for the host', () => {
    const policy = hostKeyPolicy({ ...base, hostKey: fingerprint(ed.blob), knownHostsFile: file(`[sw1]:830 ${ed.line}\n@revoked [other]:22 ${ed.line}\n`) });
    expect(policy?.check(ed.blob)).toMatch(/@revoked/);
  });

  it('accepts a pinned fingerprint without the SHA256: prefix', () => {
    const policy = hostKeyPolicy({ ...base, hostKey: fingerprint(p521.blob).slice('SHA256:'.length) + '=' });
    expect(policy?.check(p521.blob)).toBeNull();
  });

  it('refuses to build a policy with no usable entry unless the check is switched off', () => {
    expect(() => hostKeyPolicy({ ...base, knownHostsFile: file(`[sw2]:830 ${ed.line}\n`) })).toThrow(/no usable entry/);
    expect(hostKeyPolicy({ ...base, insecureSkipHostKeyCheck: true })).toBeNull();
  });
});
