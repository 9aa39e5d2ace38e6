/**
 * Where any of a set of values may start, in one pass: a rolling hash of every eight units, looked up
 * in a bitmap of the values' prefix hashes (WebAssembly; a JavaScript loop without it). The caller
 * confirms each candidate; an occurrence of a value is never missed.
 */
import { getEngine, prefixHash, ROLL_BITS, ROLL_OUT, ROLL_UNITS, TEXT, WINDOW } from './dfa-wasm.js';

/** Bytes of the prefix-hash bitmap (2^16 bits). */
export const BITMAP_BYTES = 8192;

/** Sets the bit of the prefix hash of `value` (at least `ROLL_UNITS` units) in `bitmap`. */
export function addPrefix(bitmap: Uint8Array, value: string): void {
  setBit(bitmap, prefixHash(value, 0));
}

/** Sets the bit of a prefix hash (see `prefixHash`) in `bitmap`. */
export function setBit(bitmap: Uint8Array, hash: number): void {
  const bit = hash >>> 16;
  bitmap[bit >>> 3]! |= 1 << (bit & 7);
}

/**
 * Every offset `p` (ascending) whose `ROLL_UNITS` units from `p` hash to a bit set in `bitmap`: a
 * superset of the offsets where one of the values behind the bitmap starts.
 */
export function prefixCandidates(text: string, bitmap: Uint8Array): number[] {
  if (text.length < ROLL_UNITS) return [];
  const e = getEngine();
  if (e === null) return prefixCandidatesPortable(text, bitmap);
  const out: number[] = [];
  let written = 0;
  e.u8.set(bitmap, ROLL_BITS);
  try {
    // Windows overlap by ROLL_UNITS - 1 units: an offset is reported by exactly one window.
    for (let from = 0; ; from += WINDOW - (ROLL_UNITS - 1)) {
      const n = Math.min(WINDOW, text.length - from);
      e.buffer.write(n === text.length ? text : text.slice(from, from + n), TEXT, 'utf16le');
      written = Math.max(written, n);
      const count = e.rollscan(TEXT, n, ROLL_BITS, ROLL_OUT);
      const words = e.i32;
      for (let k = 0; k < count; k++) out.push(from + words[(ROLL_OUT >> 2) + k]!);
      if (from + n >= text.length) break;
    }
  } finally {
    // The window held plaintext and the bitmap hashes of secrets.
    e.u8.fill(0, TEXT, TEXT + 2 * written);
    e.u8.fill(0, ROLL_BITS, ROLL_BITS + BITMAP_BYTES);
  }
  return out;
}

/** The same scan as a JavaScript loop (without WebAssembly, and the reference the tests compare with). */
export function prefixCandidatesPortable(text: string, bitmap: Uint8Array): number[] {
  const out: number[] = [];
  for (let p = 0; p + ROLL_UNITS <= text.length; p++) {
    const bit = prefixHash(text, p) >>> 16;
    if ((bitmap[bit >>> 3]! & (1 << (bit & 7))) !== 0) out.push(p);
  }
  return out;
}
