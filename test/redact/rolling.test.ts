import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { startsToken } from '../../src/redact/chars.js';
import { getEngine, prefixIndex, WINDOW } from '../../src/redact/dfa-wasm.js';
import { prefixCandidates, prefixCandidatesPortable } from '../../src/redact/rolling.js';

/** Where `value` occurs at the start of a token (what the scan reports). */
function occurrences(text: string, value: string): number[] {
  const out: number[] = [];
  for (let i = text.indexOf(value); i >= 0; i = text.indexOf(value, i + 1))
    if (startsToken(text, i)) out.push(i);
  return out;
}

describe('prefix candidates (the rolling hash behind repeated values)', () => {
  it('WebAssembly runs here', () => {
    expect(getEngine()).not.toBeNull();
  });

  it('every occurrence of every value is a candidate, and WebAssembly agrees with the JavaScript loop', () => {
    const unit = fc.constantFrom(...'ab1!xK9 \n=:\u00e9\u4e2d');
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit, minLength: 8, maxLength: 20 }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.string({ unit, maxLength: 60 }), { maxLength: 12 }),
        (values, fillers) => {
          const text = fillers.map((f, i) => f + values[i % values.length]!).join('');
          const indices = [...new Set(values.map((v) => prefixIndex(v, 0)))];
          const candidates = prefixCandidates(text, indices);
          expect(candidates).toEqual(prefixCandidatesPortable(text, indices));
          const set = new Set(candidates);
          for (const v of values) for (const at of occurrences(text, v)) expect(set.has(at)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('finds occurrences on both sides of every window edge of a long text', () => {
    const value = 'Zq8!vR2m#Lp4xT9w';
    const filler = 'interface Gi0/1 description uplink\n';
    // The value every 17 to 23 units over four windows: some occurrence straddles every window edge,
    // wherever the edges are.
    let text = '';
    const at: number[] = [];
    for (let k = 0; text.length < 4 * WINDOW; k++) {
      text += ' '.repeat(1 + (k % 7));
      at.push(text.length);
      text += value;
    }
    text += filler;
    const indices = [prefixIndex(value, 0)];
    const set = new Set(prefixCandidates(text, indices));
    for (const p of occurrences(text, value)) expect(set.has(p)).toBe(true);
    expect(occurrences(text, value)).toEqual(at);
    expect(prefixCandidates(text, indices)).toEqual(prefixCandidatesPortable(text, indices));
  });
});
