/** Deterministic ports for known-answer fixtures: a keyring with one fixed data key and a counter RNG. */
import type { Keyring, Random } from '../../../src/envelope/ports.js';

export const FIXED_DEK_HEX = '11'.repeat(32);

export function fixedKeyring(): Keyring {
  const dek = () => new Uint8Array(Buffer.from(FIXED_DEK_HEX, 'hex'));
  return {
    id: 'fixed',
    generateDataKey: async () => ({ plaintext: dek(), wrapped: new Uint8Array([1]) }),
    unwrapDataKey: async () => dek(),
    rewrapDataKey: async () => new Uint8Array([1]),
    shred: async () => undefined,
  };
}

/** Returns bytes 0,1,2,... so key references and IVs are reproducible. */
export function counterRandom(): Random {
  let n = 0;
  return {
    bytes: (length) => {
      const out = new Uint8Array(length);
      for (let i = 0; i < length; i++) out[i] = n++ & 0xff;
      return out;
    },
  };
}
