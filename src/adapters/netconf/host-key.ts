/**
 * Host-key pinning in OpenSSH's fingerprint format: `SHA256:` + base64 (unpadded) of the SHA-256 of
 * the server's public key blob, as `ssh-keygen -lf` prints it. Padding is ignored when comparing.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** Fingerprint of a raw SSH public key blob. */
export function fingerprint(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}

/** Compares two `SHA256:` fingerprints, ignoring base64 padding and surrounding spaces. */
export function sameFingerprint(a: string, b: string): boolean {
  const norm = (s: string): string => s.trim().replace(/=+$/, '');
  return norm(a) === norm(b);
}

/**
 * Fingerprints listed for host:port in a known-hosts-style file. Lines are
 * `<host>:<port> SHA256:<b64>` or `[host]:port SHA256:<b64>`; a bare `<host>` means port 22;
 * '#' starts a comment. Throws when the file cannot be read.
 */
export function knownFingerprints(text: string, host: string, port: number): string[] {
  const wanted = new Set([`${host}:${port}`, `[${host}]:${port}`]);
  if (port === 22) wanted.add(host);
  const out: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*$/, '').trim();
    if (line === '') continue;
    const [hosts, fp] = line.split(/\s+/);
    if (hosts === undefined || fp === undefined || !fp.startsWith('SHA256:')) continue;
    if (hosts.split(',').some((h) => wanted.has(h))) out.push(fp);
  }
  return out;
}

export function readKnownFingerprints(file: string, host: string, port: number): string[] {
  return knownFingerprints(readFileSync(file, 'utf8'), host, port);
}
