/**
 * AES-256-GCM backends behind one small interface: `node:crypto` (fast, Node only) and `@noble/ciphers`
 * (portable: browsers, Electron renderers). Both produce ciphertext||tag with a 128-bit tag and must agree
 * byte for byte; tests cross-check them. A failed check throws `DECRYPT_FAILED` and returns nothing.
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { gcm } from '@noble/ciphers/aes.js';
import { decryptFailed } from './errors.js';
import { TAG_BYTES } from './format.js';

/** An AEAD with a 32-byte key and a 12-byte IV, returning ciphertext followed by a 16-byte tag. */
export interface Aead {
  readonly id: string;
  /**
   * Returns `headroom` zero bytes followed by ciphertext and tag; the headroom lets a caller write a header
   * in place instead of copying a large ciphertext once more.
   */
  seal(
    key: Uint8Array,
    iv: Uint8Array,
    plaintext: Uint8Array,
    aad: Uint8Array,
    headroom?: number,
  ): Uint8Array;
  /** Throws `DECRYPT_FAILED` on any authentication failure. */
  open(key: Uint8Array, iv: Uint8Array, sealed: Uint8Array, aad: Uint8Array): Uint8Array;
}

/**
 * AES-256-GCM on `node:crypto` (OpenSSL).
 * @example
 * const ct = nodeAead.seal(key, iv, utf8('x'), aad); nodeAead.open(key, iv, ct, aad)
 */
export const nodeAead: Aead = {
  id: 'node:aes-256-gcm',
  seal(key, iv, plaintext, aad, headroom = 0) {
    const c = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    c.setAAD(aad);
    const head = c.update(plaintext);
    const tail = c.final();
    const tag = c.getAuthTag();
    const out = new Uint8Array(headroom + head.length + tail.length + tag.length);
    out.set(head, headroom);
    out.set(tail, headroom + head.length);
    out.set(tag, headroom + head.length + tail.length);
    return out;
  },
  open(key, iv, sealed, aad) {
    if (sealed.length < TAG_BYTES) throw decryptFailed();
    const d = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    d.setAAD(aad);
    d.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    const head = d.update(sealed.subarray(0, sealed.length - TAG_BYTES));
    try {
      const tail = d.final();
      if (tail.length === 0) return new Uint8Array(head.buffer, head.byteOffset, head.length);
      const out = new Uint8Array(head.length + tail.length);
      out.set(head, 0);
      out.set(tail, head.length);
      head.fill(0);
      return out;
    } catch {
      // Unauthenticated plaintext never leaves this function.
      head.fill(0);
      throw decryptFailed();
    }
  },
};

/**
 * AES-256-GCM on `@noble/ciphers` (pure JS, audited), for runtimes without `node:crypto`.
 * @example
 * createEnvelope({ keyring, store, aead: nobleAead })
 */
export const nobleAead: Aead = {
  id: 'noble:aes-256-gcm',
  seal(key, iv, plaintext, aad, headroom = 0) {
    const sealed = gcm(key, iv, aad).encrypt(plaintext);
    if (headroom === 0) return sealed;
    const out = new Uint8Array(headroom + sealed.length);
    out.set(sealed, headroom);
    return out;
  },
  open(key, iv, sealed, aad) {
    try {
      return gcm(key, iv, aad).decrypt(sealed);
    } catch {
      throw decryptFailed();
    }
  },
};
