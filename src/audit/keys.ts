/**
 * Ed25519 keys for signing checkpoints, on node:crypto: generation to PEM, loading from PEM, a key id
 * (first 8 bytes of SHA-256 over the SPKI DER, hex) and the `CheckpointSigner` port, so a KMS or HSM
 * signer can replace the in-process one.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
} from 'node:crypto';
import { chmod, writeFile } from 'node:fs/promises';
import { ConfigError, describeValue, UsageError } from '../errors.js';

/** Signs checkpoint bodies. `keyId` must match `auditKeyId` of the public key verifiers hold. */
export interface CheckpointSigner {
  readonly keyId: string;
  sign(message: Uint8Array): Uint8Array | Promise<Uint8Array>;
}

/** A fresh key pair in PEM (PKCS#8 private, SPKI public). */
export interface AuditKeyPair {
  readonly privateKeyPem: string;
  readonly publicKeyPem: string;
  readonly keyId: string;
}

/**
 * Generates an Ed25519 key pair for checkpoint signing.
 * @example
 * const { privateKeyPem, publicKeyPem, keyId } = generateAuditKeyPair()
 */
export function generateAuditKeyPair(): AuditKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    keyId: auditKeyId(publicKey),
  };
}

/**
 * Writes a new key pair to `<prefix>.key` (mode 0600) and `<prefix>.pub`; refuses to overwrite.
 * @example
 * await writeAuditKeyPair('/etc/airlock/audit') // audit.key + audit.pub
 */
export async function writeAuditKeyPair(
  prefix: string,
): Promise<AuditKeyPair & { privateKeyPath: string; publicKeyPath: string }> {
  const pair = generateAuditKeyPair();
  const privateKeyPath = `${prefix}.key`;
  const publicKeyPath = `${prefix}.pub`;
  try {
    await writeFile(privateKeyPath, pair.privateKeyPem, { flag: 'wx', mode: 0o600 });
    await chmod(privateKeyPath, 0o600);
    await writeFile(publicKeyPath, pair.publicKeyPem, { flag: 'wx', mode: 0o644 });
  } catch (cause) {
    throw new ConfigError(
      'AUDIT_KEY_WRITE_FAILED',
      'could not create the key files (they must not exist yet)',
      {
        cause,
      },
    );
  }
  return { ...pair, privateKeyPath, publicKeyPath };
}

/**
 * The key id of an Ed25519 public key: hex of the first 8 bytes of SHA-256(SPKI DER).
 * @example
 * auditKeyId(publicKeyPem) // '3f1c0a9e5b7d2468'
 */
export function auditKeyId(publicKey: string | KeyObject): string {
  const key = loadAuditPublicKey(publicKey);
  const der = key.export({ format: 'der', type: 'spki' });
  return createHash('sha256').update(der).digest('hex').slice(0, 16);
}

/**
 * Loads an Ed25519 public key from PEM (or a private key's PEM, deriving its public half).
 * @example
 * const key = loadAuditPublicKey(readFileSync('audit.pub', 'utf8'))
 */
export function loadAuditPublicKey(key: string | KeyObject): KeyObject {
  let obj: KeyObject;
  try {
    obj =
      typeof key === 'string' ? createPublicKey(key) : key.type === 'private' ? createPublicKey(key) : key;
  } catch (cause) {
    throw new ConfigError('AUDIT_BAD_KEY', `public key expected an Ed25519 PEM, got ${describeValue(key)}`, {
      cause,
    });
  }
  if (obj.asymmetricKeyType !== 'ed25519') {
    throw new ConfigError(
      'AUDIT_BAD_KEY',
      `public key expected type ed25519, got ${obj.asymmetricKeyType ?? 'secret'}`,
    );
  }
  return obj;
}

/**
 * A signer over an Ed25519 private key (PEM or KeyObject), in process.
 * @example
 * const signer = createEd25519Signer(readFileSync('audit.key', 'utf8'))
 */
export function createEd25519Signer(privateKey: string | KeyObject): CheckpointSigner {
  let key: KeyObject;
  try {
    key = typeof privateKey === 'string' ? createPrivateKey(privateKey) : privateKey;
  } catch (cause) {
    // The cause of a PEM parse failure may quote the input; keep only its code.
    throw new ConfigError(
      'AUDIT_BAD_KEY',
      `private key expected an Ed25519 PEM, got ${describeValue(privateKey)}`,
      {
        details: { cause: (cause as { code?: string }).code ?? 'parse' },
      },
    );
  }
  if (key.type !== 'private' || key.asymmetricKeyType !== 'ed25519') {
    throw new UsageError('AUDIT_BAD_KEY', `private key expected a private ed25519 key, got ${key.type}`);
  }
  const keyId = auditKeyId(createPublicKey(key));
  return { keyId, sign: (message) => new Uint8Array(sign(null, message, key)) };
}
