import ssh2 from 'ssh2';

const { utils } = ssh2;

export type SshKeyType = 'ed25519' | 'ecdsa' | 'rsa';

/**
 * A fresh SSH key pair (OpenSSH private key, `type base64 comment` public line) that ssh2 itself can
 * read back. ssh2's generator strips leading zero bytes from ed25519 public keys, so about one key in
 * 256 comes out malformed (mscdex/ssh2#1390, #1513): generate until both halves parse whole. For the
 * lab's simulated switches and the tests' SSH servers and clients; never for production keys.
 */
export function generateSshKeyPair(type: SshKeyType = 'ed25519', bits?: number): { private: string; public: string } {
  for (let i = 0; i < 20; i++) {
    const pair = type === 'ed25519' ? utils.generateKeyPairSync('ed25519') : utils.generateKeyPairSync(type, { bits: bits ?? (type === 'rsa' ? 2048 : 256) });
    const priv = utils.parseKey(pair.private);
    const pub = utils.parseKey(pair.public);
    if (priv instanceof Error || pub instanceof Error) continue;
    // A stripped ed25519 key can still parse, one byte short: 4 + 11 ("ssh-ed25519") + 4 + 32 bytes.
    if (type === 'ed25519' && priv.getPublicSSH().length !== 51) continue;
    return pair;
  }
  throw new Error(`could not generate a readable ${type} key pair`);
}
