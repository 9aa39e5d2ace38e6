/**
 * Hand loops over a part of a text, without slicing it: short parts (names, anchors, repeated secret
 * values) compare and hash faster this way than through a builtin call on a fresh substring.
 */

/** An ASCII upper-case letter as lower case (what a non-Unicode `/i` regex folds); any other unit as is. */
export function foldAscii(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

/** True when `text[from, to)` equals `s`. */
export function sameChars(s: string, text: string, from: number, to: number): boolean {
  if (s.length !== to - from) return false;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) !== text.charCodeAt(from + i)) return false;
  return true;
}

/** A 32-bit hash of `text[from, to)` for direct-mapped memories (`& (slots - 1)` picks the slot). */
export function hashChars(text: string, from: number, to: number): number {
  let h = to - from;
  for (let i = from; i < to; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x9e3779b1);
  return h ^ (h >>> 15);
}
