import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAirlockError } from '../../src/errors.js';
import { canonicalJson } from '../../src/internal/canonical-json.js';

describe('canonicalJson (RFC 8785)', () => {
  it('matches the RFC 8785 known-answer examples', () => {
    // RFC 8785 §3.2.2.3 number samples and §3.2.3 key ordering.
    expect(canonicalJson([1e30, 4.5, 0.002, 1e-27, -0, 333333333.3333333])).toBe(
      '[1e+30,4.5,0.002,1e-27,0,333333333.3333333]',
    );
    expect(
      canonicalJson({
        '\u20ac': 'Euro Sign',
        '\r': 'Carriage Return',
        '\ufb33': 'Hebrew',
        '1': 'One',
        '\ud83d\ude00': 'Emoji',
        '\u0080': 'Control',
        '\u00f6': 'Latin',
      }),
    ).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin","\u20ac":"Euro Sign","\ud83d\ude00":"Emoji","\ufb33":"Hebrew"}',
    );
    expect(canonicalJson({ b: 1, a: [true, null, 'x'], c: { z: 1, y: undefined } })).toBe(
      '{"a":[true,null,"x"],"b":1,"c":{"z":1}}',
    );
  });

  it('is independent of key insertion order (property)', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (obj) => {
        const reversed = Object.fromEntries(Object.entries(obj).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(obj));
        expect(JSON.parse(canonicalJson(obj))).toEqual(JSON.parse(JSON.stringify(obj)));
      }),
      { seed: 8785, numRuns: 300 },
    );
  });

  it('rejects values JSON cannot carry with a typed error that names no value', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, 1n, () => 1, Symbol('s'), cyclic, { k: 10n }]) {
      try {
        canonicalJson(bad);
        expect.unreachable();
      } catch (e) {
        expect(isAirlockError(e, 'NOT_CANONICALIZABLE')).toBe(true);
      }
    }
  });
});
