/**
 * SSH algorithm presets. `modern` is what current OpenSSH offers by default; `legacy` adds what old
 * network gear still needs (SHA-1 key exchange, `ssh-rsa`, CBC ciphers, HMAC-SHA1/MD5). Legacy is
 * opt-in by name because those algorithms are weak: choosing it is a visible, reviewable decision.
 */
import { getCiphers } from 'node:crypto';

/**
 * Algorithm lists in the order of preference, by SSH name.
 * @example
 * createSshTransport({ ...opts, algorithms: { ...algorithmPreset('modern'), kex: ['curve25519-sha256'] } })
 */
export interface SshAlgorithms {
  readonly kex: readonly string[];
  readonly cipher: readonly string[];
  readonly serverHostKey: readonly string[];
  readonly hmac: readonly string[];
}

const MODERN: SshAlgorithms = {
  kex: [
    'curve25519-sha256',
    'curve25519-sha256@libssh.org',
    'ecdh-sha2-nistp256',
    'ecdh-sha2-nistp384',
    'ecdh-sha2-nistp521',
    'diffie-hellman-group-exchange-sha256',
    'diffie-hellman-group16-sha512',
    'diffie-hellman-group18-sha512',
    'diffie-hellman-group14-sha256',
  ],
  cipher: [
    'chacha20-poly1305@openssh.com',
    'aes128-gcm@openssh.com',
    'aes256-gcm@openssh.com',
    'aes128-ctr',
    'aes192-ctr',
    'aes256-ctr',
  ],
  serverHostKey: [
    'ssh-ed25519',
    'ecdsa-sha2-nistp256',
    'ecdsa-sha2-nistp384',
    'ecdsa-sha2-nistp521',
    'rsa-sha2-512',
    'rsa-sha2-256',
  ],
  hmac: ['hmac-sha2-256-etm@openssh.com', 'hmac-sha2-512-etm@openssh.com', 'hmac-sha2-256', 'hmac-sha2-512'],
};

const LEGACY_EXTRA: SshAlgorithms = {
  kex: ['diffie-hellman-group14-sha1', 'diffie-hellman-group-exchange-sha1', 'diffie-hellman-group1-sha1'],
  cipher: ['aes128-cbc', 'aes192-cbc', 'aes256-cbc', '3des-cbc'],
  serverHostKey: ['ssh-rsa', 'ssh-dss'],
  hmac: ['hmac-sha1', 'hmac-sha1-96', 'hmac-md5'],
};

// The OpenSSL cipher each SSH cipher needs; ones this Node build lacks are left out of the offer.
const OPENSSL_NAME: Readonly<Record<string, string>> = {
  'chacha20-poly1305@openssh.com': 'chacha20',
  '3des-cbc': 'des-ede3-cbc',
};

/**
 * The algorithm lists of a preset, filtered to what this Node build supports.
 * @example
 * algorithmPreset('legacy').kex.includes('diffie-hellman-group1-sha1') // true
 */
export function algorithmPreset(name: 'modern' | 'legacy'): SshAlgorithms {
  const base =
    name === 'modern'
      ? MODERN
      : {
          kex: [...MODERN.kex, ...LEGACY_EXTRA.kex],
          cipher: [...MODERN.cipher, ...LEGACY_EXTRA.cipher],
          serverHostKey: [...MODERN.serverHostKey, ...LEGACY_EXTRA.serverHostKey],
          hmac: [...MODERN.hmac, ...LEGACY_EXTRA.hmac],
        };
  const available = new Set(getCiphers());
  return {
    ...base,
    cipher: base.cipher.filter((c) => {
      const ssl = OPENSSL_NAME[c];
      return ssl === undefined || available.has(ssl);
    }),
  };
}

/**
 * Moves host key algorithms for the pinned key types to the front, as OpenSSH does, so a server
 * with several host keys presents the one known_hosts pins.
 * @example
 * preferHostKeyTypes(algorithmPreset('modern').serverHostKey, ['ssh-rsa'])[0] // 'rsa-sha2-512'
 */
export function preferHostKeyTypes(list: readonly string[], pinnedTypes: readonly string[]): string[] {
  const pinnedAlgs = new Set(
    pinnedTypes.flatMap((t) => (t === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : [t])),
  );
  return [...list.filter((a) => pinnedAlgs.has(a)), ...list.filter((a) => !pinnedAlgs.has(a))];
}
