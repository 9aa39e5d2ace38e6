import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { type KeywordTable, resolveKeyword, table } from '../../src/classifier/keywords.js';
import { normalizeCommand } from '../../src/classifier/normalize.js';
import { words } from '../../src/classifier/vendors/common.js';

// The throughput work replaced a few simple implementations by faster ones; each is pinned here to the
// reference it replaced, so a verdict can never change because of a fast path.

/** The keyword scan `resolveKeyword` used before its per-table index. */
function scanKeyword(token: string, tbl: KeywordTable): string[] {
  const t = token.toLowerCase();
  const out: string[] = [];
  for (const [kw, min] of tbl) {
    if (kw === t) return [kw];
    if (t.length >= min && t.length < kw.length && kw.startsWith(t)) out.push(kw);
  }
  return out;
}

const SPACES = [
  ' ',
  '\t',
  '\n',
  '\r',
  '\v',
  '\f',
  '\u00a0',
  '\u1680',
  '\u2028',
  '\u3000',
  '\ufeff',
  '\u200b',
];

describe('fast paths agree with their references', () => {
  test('words() yields the same tokens as trim/split(/\\s+/)/filter on any string', () => {
    const ref = (l: string): string[] =>
      l
        .trim()
        .split(/\s+/)
        .filter((w) => w.length > 0);
    const unit = fc.oneof(
      fc.constantFrom(...SPACES, 'a', 'Z', '|', '\ud800', '😀'),
      fc.string({ maxLength: 1 }),
    );
    fc.assert(
      fc.property(fc.string({ unit }), (s) => {
        expect(words(s)).toEqual(ref(s));
      }),
      { seed: 4101, numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(words(s)).toEqual(ref(s));
      }),
      { seed: 4102, numRuns: 1000 },
    );
  });

  test('resolveKeyword (prefix index) returns what a scan of the table returns, in table order', () => {
    const tbl: KeywordTable = [
      ...table(2, 'show', 'shutdown', 'shell', 'set'),
      ...table(3, 'reload', 'reset', 'restart', 'show'),
      ['s', 1],
      ['configure', 4],
      ['copy', 2],
    ];
    const token = fc.oneof(
      fc.constantFrom(...tbl.map(([k]) => k)).chain((k) => fc.nat(k.length + 1).map((n) => k.slice(0, n))),
      fc.string({ maxLength: 6 }),
      fc.constantFrom('SH', 'Sh', 'RES', 'conf', 'CONFIGURE', ''),
    );
    fc.assert(
      fc.property(token, (t) => {
        expect([...resolveKeyword(t, tbl)]).toEqual(scanKeyword(t, tbl));
      }),
      { seed: 4103, numRuns: 3000 },
    );
  });

  test('printable ASCII input is left as is and never marked suspicious; anything else takes the full path', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'ab ;|$\t\n~\x7f\r\u00a0е'.split('')) }), (s) => {
        const n = normalizeCommand(s);
        if (/^[\t\n\x20-\x7e]*$/.test(s)) expect(n).toEqual({ text: s, suspicious: undefined });
        else if (/[^\x00-\x7f]|[\x00-\x08\x0b-\x1f\x7f]/.test(s.replace(/\r/g, '')))
          expect(n.suspicious).toBeDefined();
      }),
      { seed: 4104, numRuns: 2000 },
    );
  });
});
