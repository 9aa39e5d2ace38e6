import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nobleAead, nodeAead } from '../../src/envelope/aead.js';
import { isAirlockError } from '../../src/errors.js';

const hex = (s: string) => new Uint8Array(Buffer.from(s, 'hex'));
const toHex = (b: Uint8Array) => Buffer.from(b).toString('hex');

// McGrew & Viega, "The Galois/Counter Mode of Operation", AES-256 test cases 13 and 14 (zero key and IV).
const vectors = [
  { name: 'GCM test case 13', pt: '', out: '530f8afbc74536b9a963b4f1c4cb738b' },
  {
    name: 'GCM test case 14',
    pt: '00000000000000000000000000000000',
    out: 'cea7403d4d606b6e074ec5d3baf39d18d0d1c8a799996bf0265b98b5d48ab919',
  },
];

describe('AEAD backends', () => {
  for (const aead of [nodeAead, nobleAead]) {
    for (const v of vectors) {
      it(`${aead.id} matches the published ${v.name} vector`, () => {
        const key = new Uint8Array(32);
        const iv = new Uint8Array(12);
        expect(toHex(aead.seal(key, iv, hex(v.pt), new Uint8Array()))).toBe(v.out);
        expect(toHex(aead.open(key, iv, hex(v.out), new Uint8Array()))).toBe(v.pt);
      });
    }
  }

  it('node:crypto and @noble/ciphers produce identical bytes and open each other', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uint8Array({ minLength: 12, maxLength: 12 }),
        fc.uint8Array({ maxLength: 2048 }),
        fc.uint8Array({ maxLength: 256 }),
        (key, iv, pt, aad) => {
          const a = nodeAead.seal(key, iv, pt, aad);
          const b = nobleAead.seal(key, iv, pt, aad);
          expect(toHex(a)).toBe(toHex(b));
          expect(toHex(nobleAead.open(key, iv, a, aad))).toBe(toHex(pt));
          expect(toHex(nodeAead.open(key, iv, b, aad))).toBe(toHex(pt));
        },
      ),
      { seed: 3301, numRuns: 150 },
    );
  });

  for (const aead of [nodeAead, nobleAead]) {
    it(`${aead.id} rejects a modified tag, ciphertext or AAD with DECRYPT_FAILED and returns nothing`, () => {
      const key = new Uint8Array(32).fill(7);
      const iv = new Uint8Array(12).fill(1);
      const aad = new Uint8Array([1, 2, 3]);
      const ct = aead.seal(key, iv, new TextEncoder().encode('secret-value'), aad);
      for (let i = 0; i < ct.length; i++) {
        const bad = ct.slice();
        bad[i]! ^= 0x01;
        expect(() => aead.open(key, iv, bad, aad)).toThrowError(
          expect.objectContaining({ code: 'DECRYPT_FAILED' }),
        );
      }
      let thrown: unknown;
      try {
        aead.open(key, iv, ct, new Uint8Array([1, 2, 4]));
      } catch (e) {
        thrown = e;
      }
      expect(isAirlockError(thrown, 'DECRYPT_FAILED')).toBe(true);
      expect(JSON.stringify(thrown)).not.toContain('secret');
      expect(() => aead.open(key, iv, ct.subarray(0, 15), aad)).toThrowError(
        expect.objectContaining({ code: 'DECRYPT_FAILED' }),
      );
    });
  }
});
