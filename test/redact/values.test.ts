import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { wordMatcher } from '../../src/redact/values.js';

const WORDS = new Set(['true', 'off', 'n/a', 'changeme?', 'key', 'keys', 'not-set', 'kk']);
const matches = wordMatcher(WORDS);
const reference = (v: string) => WORDS.has(v.toLowerCase());

describe('word matcher', () => {
  it('rests on a fact of Unicode: outside ASCII only the KELVIN SIGN lower-cases into ASCII', () => {
    const intoAscii: number[] = [];
    for (let cp = 128; cp <= 0x10ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const lower = String.fromCodePoint(cp).toLowerCase();
      let ascii = true;
      for (let i = 0; i < lower.length && ascii; i++) ascii = lower.charCodeAt(i) < 128;
      if (ascii) intoAscii.push(cp);
    }
    expect(intoAscii).toEqual([0x212a]);
  });

  it('answers set.has(v.toLowerCase()) for any value, without lower-casing it', () => {
    const unit = fc.constantFrom(...'tTrRuUeEoOfFkKyYsSnN/aA-?', '\u212a', '\u0130', 'ß', 'é', '\uD83D');
    const variant = fc
      .tuple(fc.constantFrom(...WORDS), fc.array(fc.boolean(), { maxLength: 12 }))
      .map(([w, up]) =>
        [...w].map((c, i) => (up[i] ? (c === 'k' && i % 2 ? '\u212a' : c.toUpperCase()) : c)).join(''),
      );
    fc.assert(
      fc.property(fc.oneof(variant, fc.string({ unit, maxLength: 10 })), (v) => {
        expect(matches(v)).toBe(reference(v));
      }),
      { numRuns: 3000 },
    );
    expect(matches('\u212aEY')).toBe(true);
    expect(matches('K\u212a')).toBe(true);
    expect(matches('\u0130')).toBe(false);
  });

  it('refuses words it could not match without lower-casing', () => {
    expect(() => wordMatcher(new Set(['Key']))).toThrow();
    expect(() => wordMatcher(new Set(['clé']))).toThrow();
  });
});
