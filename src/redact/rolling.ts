/**
 * Where any of a set of values may start, in one pass: a rolling hash of every eight units, looked up
 * in a map of the values' prefix indices (WebAssembly; a JavaScript loop without it). The caller
 * confirms each candidate; an occurrence of a value is never missed.
 */
import { startsToken } from './chars.js';
import { getEngine, prefixIndex, ROLL_MAP, ROLL_OUT, ROLL_UNITS, TEXT, WINDOW } from './dfa-wasm.js';

/**
 * Every offset `p` (ascending) that starts a token (`startsToken`) and whose `ROLL_UNITS` units from `p`
 * have one of `indices` as their `prefixIndex`: a superset of the token starts where a value with one of
 * those prefix indices occurs.
 */
export function prefixCandidates(text: string, indices: readonly number[]): number[] {
  if (text.length < ROLL_UNITS || indices.length === 0) return [];
  const e = getEngine();
  if (e === null) return prefixCandidatesPortable(text, indices);
  const out: number[] = [];
  let written = 0;
  const map = e.u8;
  for (const ix of indices) map[ROLL_MAP + ix] = 1;
  // The units "before" the text are zero (see rollscan).
  map.fill(0, TEXT - 16, TEXT);
  try {
    // Windows overlap by ROLL_UNITS - 1 units: an offset is reported by exactly one window.
    for (let from = 0; ; from += WINDOW - (ROLL_UNITS - 1)) {
      const n = Math.min(WINDOW, text.length - from);
      e.buffer.write(n === text.length ? text : text.slice(from, from + n), TEXT, 'utf16le');
      written = Math.max(written, n);
      const count = e.rollscan(TEXT, n, ROLL_MAP, ROLL_OUT);
      const words = e.i32;
      for (let k = 0; k < count; k++) {
        const p = from + words[(ROLL_OUT >> 2) + k]!;
        if (p >= from && startsToken(text, p)) out.push(p);
      }
      if (from + n >= text.length) break;
    }
  } finally {
    // The window held plaintext, and the map marks prefixes of secrets.
    e.u8.fill(0, TEXT, TEXT + 2 * written);
    for (const ix of indices) e.u8[ROLL_MAP + ix] = 0;
  }
  return out;
}

/** The same scan as a JavaScript loop (without WebAssembly, and the reference the tests compare with). */
export function prefixCandidatesPortable(text: string, indices: readonly number[]): number[] {
  const wanted = new Set(indices);
  const out: number[] = [];
  for (let p = 0; p + ROLL_UNITS <= text.length; p++)
    if (startsToken(text, p) && wanted.has(prefixIndex(text, p))) out.push(p);
  return out;
}
