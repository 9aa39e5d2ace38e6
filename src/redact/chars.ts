/**
 * Hand loops over a part of a text, without slicing it: short parts (names, anchors, repeated secret
 * values) compare and hash faster this way than through a builtin call on a fresh substring.
 */

/** An ASCII upper-case letter as lower case (what a non-Unicode `/i` regex folds); any other unit as is. */
export function foldAscii(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

/**
 * A copy of `s` that shares no memory with a longer string it was sliced from. V8 keeps a slice's whole
 * parent alive, so a remembered slice of an input would keep that whole input (and every secret in it)
 * in memory; the copy holds only its own units.
 * @example
 * memory.set(detached(text.slice(s, e)), v)
 */
export function detached(s: string): string {
  // Shorter strings are always copied; a longer one is joined to a unit (a new string once flattened)
  // and cut from it again.
  return s.length < 13 ? s : ` ${s}`.slice(1);
}

/**
 * Resets what the legacy `RegExp` statics (`RegExp.input`, `RegExp.lastMatch`, `RegExp.$1`…) expose:
 * they hold the subject and groups of the last successful match anywhere in the process, which after a
 * detector's regex would be the secret or the text around it.
 */
export function clearRegExpStatics(): void {
  EMPTY_MATCH.exec('');
}
const EMPTY_MATCH = /(?:)/;

/** True when `text[from, to)` equals `s`. */
export function sameChars(s: string, text: string, from: number, to: number): boolean {
  if (s.length !== to - from) return false;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) !== text.charCodeAt(from + i)) return false;
  return true;
}

/**
 * A 32-bit hash of `text[from, to)` for direct-mapped memories (`& (slots - 1)` picks the slot), from
 * the length and four units (first, second, middle, last): names are short and differ there, and the
 * memory compares the whole part on a hit anyway.
 */
export function hashChars(text: string, from: number, to: number): number {
  const n = to - from;
  if (n <= 0) return 0;
  let h = Math.imul(n ^ text.charCodeAt(from), 0x9e3779b1);
  h = Math.imul(h ^ text.charCodeAt(to - 1), 0x85ebca6b);
  h = Math.imul(h ^ text.charCodeAt(from + (n >> 1)), 0xc2b2ae35);
  h = Math.imul(h ^ text.charCodeAt(from + (n > 1 ? 1 : 0)), 0x27d4eb2f);
  return h ^ (h >>> 15);
}

/**
 * True when a value may start at `at`: the text's start, or after a unit that is no ASCII letter or
 * digit (where the repeat scan looks for a value).
 * @example
 * startsToken('a=hunter22', 2) // true
 */
export function startsToken(text: string, at: number): boolean {
  return at === 0 || !isAsciiWordUnit(text.charCodeAt(at - 1));
}

/** An ASCII letter or digit. */
export function isAsciiWordUnit(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/**
 * `words` grouped by length (index = length), for matchers that compare a part of a text in place.
 * @example
 * groupByLength(['key', 'psk', 'secret'])[3] // ['key', 'psk']
 */
export function groupByLength(words: Iterable<string>): string[][] {
  const byLength: string[][] = [];
  for (const w of words) {
    const list = byLength[w.length];
    if (list === undefined) byLength[w.length] = [w];
    else list.push(w);
  }
  return byLength;
}
