/**
 * Host-key checking, pure. Two sources: a pinned fingerprint (`hostKey`, OpenSSH's `SHA256:` + base64
 * of the SHA-256 of the key blob, as `ssh-keygen -lf` prints it; prefix and padding optional) and an
 * OpenSSH known_hosts file (sshd(8) "SSH_KNOWN_HOSTS FILE FORMAT"), as `ssh-keyscan -p 830 host`
 * writes it. Keys from the file are compared as blobs, never as fingerprint strings.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** Key types intentd accepts from known_hosts (the type field of each line). */
export const KNOWN_HOST_KEY_TYPES: ReadonlySet<string> = new Set([
  'ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'ssh-rsa',
]);

/** Fingerprint of a raw SSH public key blob. */
export function fingerprint(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}

/** Compares two SHA-256 fingerprints, each with or without `SHA256:`, ignoring base64 padding and surrounding spaces. */
export function sameFingerprint(a: string, b: string): boolean {
  const norm = (s: string): string => s.trim().replace(/^sha256:/i, '').replace(/=+$/, '');
  return norm(a) !== '' && norm(a) === norm(b);
}

/** What a known_hosts file says about one host:port. */
export interface KnownHostKeys {
  /** Key blobs listed for the host (not revoked). */
  keys: Buffer[];
  /** Fingerprints listed for the host in intentd's older `host:port SHA256:…` form. */
  fingerprints: string[];
  /** Key blobs marked `@revoked` anywhere in the file: refused for every host. */
  revoked: Buffer[];
  /** `@cert-authority` lines for the host, which intentd does not support (they are ignored). */
  certAuthorities: number;
}

/** The name OpenSSH matches host patterns against: `host` on port 22, else `[host]:port`. */
export function hostKeyName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

/**
 * Keys listed for host:port in known_hosts `text`. Lines: `[@marker] hostpatterns keytype base64
 * [comment]`; patterns are a comma list with `*`/`?` wildcards and `!` negation, or one hashed
 * `|1|salt|hmac-sha1` entry; blank lines and `#` comments are skipped, as are unknown key types and
 * lines that do not parse. Also accepts `host:port SHA256:<b64>` lines (intentd's earlier format).
 */
export function knownHostKeys(text: string, host: string, port: number): KnownHostKeys {
  const name = hostKeyName(host, port);
  const out: KnownHostKeys = { keys: [], fingerprints: [], revoked: [], certAuthorities: 0 };
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const fields = line.split(/\s+/);
    const marker = fields[0]?.startsWith('@') ? fields.shift() : undefined;
    const [patterns, keyType, data] = fields;
    if (patterns === undefined || keyType === undefined) continue;
    if (marker === undefined && keyType.startsWith('SHA256:')) {
      if (patterns.split(',').some((p) => p === `${host}:${port}` || p === name)) out.fingerprints.push(keyType);
      continue;
    }
    const blob = data === undefined ? null : keyBlob(keyType, data);
    if (blob === null) continue;
    if (marker === '@revoked') {
      out.revoked.push(blob);
      continue;
    }
    if (!hostMatches(patterns, name)) continue;
    if (marker === '@cert-authority') out.certAuthorities++;
    else if (marker === undefined) out.keys.push(blob);
  }
  return out;
}

export function readKnownHostKeys(file: string, host: string, port: number): KnownHostKeys {
  return knownHostKeys(readFileSync(file, 'utf8'), host, port);
}

/** The decoded blob when `data` is base64 of a key whose embedded type is `keyType`, else null. */
function keyBlob(keyType: string, data: string): Buffer | null {
  if (!KNOWN_HOST_KEY_TYPES.has(keyType) || !/^[A-Za-z0-9+/]+={0,2}$/.test(data)) return null;
  const blob = Buffer.from(data, 'base64');
  if (blob.length < 4) return null;
  const len = blob.readUInt32BE(0);
  if (blob.length < 4 + len || blob.subarray(4, 4 + len).toString('latin1') !== keyType) return null;
  return blob;
}

function hostMatches(patterns: string, name: string): boolean {
  if (patterns.startsWith('|1|')) return hashedMatches(patterns, name);
  let matched = false;
  for (const p of patterns.split(',')) {
    const negated = p.startsWith('!');
    if (!globMatches(negated ? p.slice(1) : p, name)) continue;
    if (negated) return false;
    matched = true;
  }
  return matched;
}

/** `|1|base64(salt)|base64(HMAC-SHA1(salt, name))`, as `ssh-keygen -H` writes. */
function hashedMatches(entry: string, name: string): boolean {
  const [, , salt, hash] = entry.split('|');
  if (salt === undefined || hash === undefined) return false;
  const want = Buffer.from(hash, 'base64');
  const got = createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest();
  return want.length === got.length && timingSafeEqual(want, got);
}

/** OpenSSH host patterns: `*` any run, `?` one character; case-insensitive like host names. */
function globMatches(pattern: string, name: string): boolean {
  const re = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${re}$`, 'i').test(name);
}
