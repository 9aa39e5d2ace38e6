/**
 * Byte helpers: strict base64url (one encoding per byte string, so a changed trailing character can never
 * decode to the same bytes) and concatenation.
 */

const B64URL = /^[A-Za-z0-9_-]*$/;

/** Encodes bytes as unpadded base64url. */
export function toBase64Url(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
}

/**
 * Decodes unpadded base64url, or returns undefined if the text is not the canonical encoding of some bytes
 * (foreign characters, impossible length, non-zero unused bits). Node's decoder alone is lenient.
 */
export function fromBase64Url(text: string): Uint8Array | undefined {
  if (!B64URL.test(text) || text.length % 4 === 1) return undefined;
  const buf = Buffer.from(text, 'base64url');
  if (buf.toString('base64url') !== text) return undefined;
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}

/** Strict standard base64 (with padding), for key material in environment variables and files. */
export function fromBase64(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) return undefined;
  const buf = Buffer.from(text, 'base64');
  if (buf.toString('base64') !== text) return undefined;
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}

/** Concatenates byte arrays into a new one. */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let total = 0;
  for (const p of parts) total += p.length;
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Constant-time equality of two byte arrays of public length. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}
