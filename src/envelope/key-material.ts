/**
 * A write-once, zeroable container for secret key bytes. The container owns its bytes: it is filled once at
 * construction, can be read while live, and `zero()` overwrites it so an evicted or discarded key does not
 * linger in memory longer than the garbage collector makes it.
 */
import { invalidInput } from './errors.js';

/**
 * Secret key bytes with an explicit end of life.
 * @example
 * const k = KeyMaterial.take(randomBytes(32)); use(k.bytes); k.zero(); k.zeroed // true
 */
export class KeyMaterial {
  #bytes: Uint8Array;
  #zeroed = false;

  private constructor(bytes: Uint8Array) {
    this.#bytes = bytes;
  }

  /** Takes ownership of `bytes` (the caller must not keep using them). */
  static take(bytes: Uint8Array): KeyMaterial {
    if (!(bytes instanceof Uint8Array) || bytes.length === 0) {
      throw invalidInput('key material expected a non-empty Uint8Array');
    }
    return new KeyMaterial(bytes);
  }

  /** Copies `bytes` into a new container; the caller keeps (and should zero) its own copy. */
  static copyOf(bytes: Uint8Array): KeyMaterial {
    return KeyMaterial.take(Uint8Array.from(bytes));
  }

  /** The live key bytes. Throws once zeroed, so a zeroed key is never used as an all-zero key. */
  get bytes(): Uint8Array {
    if (this.#zeroed) throw invalidInput('key material was zeroed and can no longer be used');
    return this.#bytes;
  }

  get length(): number {
    return this.#bytes.length;
  }

  get zeroed(): boolean {
    return this.#zeroed;
  }

  /** Overwrites the bytes with zeros. Idempotent. */
  zero(): void {
    this.#bytes.fill(0);
    this.#zeroed = true;
  }

  /** Keeps key bytes out of logs and JSON. */
  toJSON(): string {
    return `KeyMaterial(${this.#bytes.length})`;
  }
}
