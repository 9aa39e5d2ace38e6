/**
 * The sealed-field format, version 1. String form `alk1.<keyRef>.<iv>.<ciphertext+tag>` (unpadded,
 * canonical base64url) for databases and JSON; bytes form `"alk" 0x01 <keyRef length u8> <keyRef ASCII>
 * <iv 12> <ciphertext+tag>`. Both carry the data-key reference, so a value says which key opens it; neither
 * carries the slot, which the caller supplies and the AAD checks.
 */
import { describeValue } from '../errors.js';
import { fromBase64Url, toBase64Url } from './bytes.js';
import { EnvelopeErrorCode, sealedMalformed, usageError } from './errors.js';

/** A parsed sealed field. */
export interface SealedParts {
  readonly version: 1;
  readonly keyRef: string;
  readonly iv: Uint8Array;
  /** Ciphertext followed by the 16-byte GCM tag. */
  readonly ciphertext: Uint8Array;
}

export const SEALED_VERSION = 1;
export const IV_BYTES = 12;
export const TAG_BYTES = 16;
const STRING_PREFIX = 'alk';
const MAGIC = [0x61, 0x6c, 0x6b] as const; // "alk"
const KEY_REF = /^[A-Za-z0-9_-]{1,64}$/;
/** Largest sealed value accepted (64 MiB of plaintext plus overhead): every buffer is bounded. */
export const MAX_SEALED_BYTES = 64 * 1024 * 1024 + 1024;

/** True when `ref` is a syntactically valid data-key reference. */
export function isKeyRef(ref: unknown): ref is string {
  return typeof ref === 'string' && KEY_REF.test(ref);
}

/** Encodes the string form. */
export function formatSealed(parts: Omit<SealedParts, 'version'>): string {
  return `${STRING_PREFIX}${SEALED_VERSION}.${parts.keyRef}.${toBase64Url(parts.iv)}.${toBase64Url(parts.ciphertext)}`;
}

/** Encodes the bytes form. */
export function formatSealedBytes(parts: Omit<SealedParts, 'version'>): Uint8Array {
  const ref = Buffer.from(parts.keyRef, 'ascii');
  const out = new Uint8Array(5 + ref.length + parts.iv.length + parts.ciphertext.length);
  out.set(MAGIC, 0);
  out[3] = SEALED_VERSION;
  out[4] = ref.length;
  out.set(ref, 5);
  out.set(parts.iv, 5 + ref.length);
  out.set(parts.ciphertext, 5 + ref.length + parts.iv.length);
  return out;
}

/** Bytes before the ciphertext in the bytes form, for a key reference of `keyRefLength` characters. */
export function sealedBytesHeaderLength(keyRefLength: number): number {
  return 5 + keyRefLength + IV_BYTES;
}

/** Writes the bytes-form header into `out`, whose ciphertext already sits after the header. */
export function writeSealedBytesHeader(out: Uint8Array, keyRef: string, iv: Uint8Array): Uint8Array {
  out.set(MAGIC, 0);
  out[3] = SEALED_VERSION;
  out[4] = keyRef.length;
  out.set(Buffer.from(keyRef, 'ascii'), 5);
  out.set(iv, 5 + keyRef.length);
  return out;
}

/** Parses either form; throws `SEALED_MALFORMED` or `SEALED_VERSION_UNSUPPORTED`. */
export function parseSealed(sealed: unknown): SealedParts {
  if (typeof sealed === 'string') return parseString(sealed);
  if (sealed instanceof Uint8Array) return parseBytes(sealed);
  throw sealedMalformed(`sealed value expected a string or Uint8Array, got ${describeValue(sealed)}`);
}

function unsupported(version: string): never {
  throw usageError(
    EnvelopeErrorCode.SEALED_VERSION_UNSUPPORTED,
    `sealed value has format version ${version}; this build reads version ${SEALED_VERSION}`,
  );
}

function parseString(text: string): SealedParts {
  if (text.length > (MAX_SEALED_BYTES * 4) / 3 + 128) {
    throw sealedMalformed(`sealed string is too long (${text.length} characters)`);
  }
  const parts = text.split('.');
  const head = parts[0] ?? '';
  const m = /^alk([0-9]{1,3})$/.exec(head);
  if (!m)
    throw sealedMalformed(`sealed string expected prefix "alk${SEALED_VERSION}", got ${describeValue(text)}`);
  if (m[1] !== String(SEALED_VERSION)) unsupported(m[1]!);
  if (parts.length !== 4)
    throw sealedMalformed(`sealed string expected 4 dot-separated parts, got ${parts.length}`);
  const keyRef = parts[1]!;
  if (!isKeyRef(keyRef)) throw sealedMalformed('sealed string has an invalid key reference');
  const iv = fromBase64Url(parts[2]!);
  const ciphertext = fromBase64Url(parts[3]!);
  if (!iv || iv.length !== IV_BYTES) throw sealedMalformed(`sealed string expected a ${IV_BYTES}-byte IV`);
  if (!ciphertext || ciphertext.length < TAG_BYTES) {
    throw sealedMalformed(`sealed string expected at least ${TAG_BYTES} bytes of ciphertext and tag`);
  }
  return { version: 1, keyRef, iv, ciphertext };
}

function parseBytes(bytes: Uint8Array): SealedParts {
  if (bytes.length > MAX_SEALED_BYTES) throw sealedMalformed(`sealed bytes are too long (${bytes.length})`);
  if (bytes.length < 5 || bytes[0] !== MAGIC[0] || bytes[1] !== MAGIC[1] || bytes[2] !== MAGIC[2]) {
    throw sealedMalformed(`sealed bytes expected the "alk" magic, got ${describeValue(bytes)}`);
  }
  if (bytes[3] !== SEALED_VERSION) unsupported(String(bytes[3]));
  const refLen = bytes[4]!;
  if (bytes.length < 5 + refLen + IV_BYTES + TAG_BYTES) {
    throw sealedMalformed(`sealed bytes are truncated (${bytes.length} bytes)`);
  }
  const keyRef = Buffer.from(bytes.subarray(5, 5 + refLen)).toString('latin1');
  if (!isKeyRef(keyRef)) throw sealedMalformed('sealed bytes have an invalid key reference');
  // Views, not copies: a 1 MiB field is not copied just to be parsed. The caller's bytes are only read.
  const iv = bytes.subarray(5 + refLen, 5 + refLen + IV_BYTES);
  const ciphertext = bytes.subarray(5 + refLen + IV_BYTES);
  return { version: 1, keyRef, iv, ciphertext };
}
