/**
 * Repeats: a value found once is redacted again wherever it recurs later in the text, or in a later part
 * of a stream ("PrivateKey = X" in a config, then X alone in the output of "wg show"). One rolling-hash
 * pass (rolling.ts) finds the candidates; each is confirmed in full, at token boundaries.
 */
import { detached, isAsciiWordUnit } from './chars.js';
import { prefixIndex } from './dfa-wasm.js';
import { prefixCandidates } from './rolling.js';
import type { Span } from './span.js';

/** Shortest found value that is looked for again elsewhere (the rolling hash covers eight units). */
const REPEAT_MIN = 8;
/**
 * Longest value looked for again: longer ones (key material, JWTs) have detectors of their own, and a
 * bound keeps checking candidates linear on adversarial text.
 */
const REPEAT_MAX = 128;
/** Values a stream remembers (the most recent first found ones). */
const REPEAT_MEMORY = 256;

/**
 * Where a found value occurs again later in the text, or a value found earlier in the stream occurs in
 * this part: "PrivateKey = X" in a config, then X alone in the output of "wg show". Only later
 * occurrences, so a whole text and the same text streamed agree. Values shorter than `REPEAT_MIN`, or
 * made of one class of characters (a word, a number), are not looked for: they occur by chance.
 */
export function findRepeats(text: string, merged: readonly Span[], found: FoundValues): Span[] {
  for (const s of merged) {
    const length = s.end - s.start;
    if (s.detector === 'known' || length < REPEAT_MIN || length > REPEAT_MAX) continue;
    const value = text.slice(s.start, s.end);
    if (found.has(value) || !isMixed(value)) continue;
    found.add(value, s.kind, s.end);
  }
  if (found.size === 0) return [];
  const candidates = prefixCandidates(text, found.indices());
  const out: Span[] = [];
  let last = -1;
  // Found spans, walked along with the ascending candidates: a candidate inside one is found already.
  let covered = 0;
  for (const p of candidates) {
    // (Candidates start tokens.)
    if (p < last) continue;
    while (covered < merged.length && merged[covered]!.end <= p) covered++;
    if (covered < merged.length && merged[covered]!.start <= p) continue;
    const list = found.at(prefixIndex(text, p));
    if (list === undefined) continue;
    for (const w of list) {
      const end = p + w.value.length;
      if (p < w.from || !text.startsWith(w.value, p)) continue;
      if (isAsciiWordUnit(text.charCodeAt(end))) continue;
      out.push({ start: p, end, kind: w.kind, detector: 'repeat' });
      last = end;
      break;
    }
  }
  found.settle();
  if (out.length === 0) return out;
  // Occurrences inside a span already found stay part of it.
  return out.filter((r) => !overlapsAny(merged, r));
}

/** A value looked for again, from offset `from` of the current text. */
interface Wanted {
  readonly value: string;
  readonly kind: string;
  from: number;
}

/**
 * The values found so far in a text or stream, indexed by the prefix index the repeat scan reports, so a
 * stream's next part does not rebuild the index. A stream's memory keeps copies (`detached`) and at most
 * `REPEAT_MEMORY` values, the oldest going first.
 */
export class FoundValues {
  readonly #byValue = new Map<string, Wanted>();
  readonly #byIndex = new Map<number, Wanted[]>();
  readonly #lasting: boolean;

  constructor(lasting: boolean) {
    this.#lasting = lasting;
  }

  get size(): number {
    return this.#byValue.size;
  }

  has(value: string): boolean {
    return this.#byValue.has(value);
  }

  /** Remembers `value`, looked for from `from` in the current text and from 0 in later ones. */
  add(found: string, kind: string, from: number): void {
    if (this.#lasting && this.#byValue.size >= REPEAT_MEMORY) this.#forgetOldest();
    const value = this.#lasting ? detached(found) : found;
    const w: Wanted = { value, kind, from };
    this.#byValue.set(value, w);
    const ix = prefixIndex(value, 0);
    const list = this.#byIndex.get(ix);
    if (list === undefined) this.#byIndex.set(ix, [w]);
    else list.push(w);
  }

  indices(): number[] {
    return [...this.#byIndex.keys()];
  }

  at(index: number): readonly Wanted[] | undefined {
    return this.#byIndex.get(index);
  }

  /** After a text: in the next part of a stream, every value is looked for from its start. */
  settle(): void {
    for (const w of this.#byValue.values()) w.from = 0;
  }

  #forgetOldest(): void {
    const oldest = this.#byValue.values().next().value!;
    this.#byValue.delete(oldest.value);
    const ix = prefixIndex(oldest.value, 0);
    const list = this.#byIndex.get(ix)!.filter((w) => w !== oldest);
    if (list.length === 0) this.#byIndex.delete(ix);
    else this.#byIndex.set(ix, list);
  }
}

/** True when `value` mixes classes: letters and digits, or either with other characters. */
function isMixed(value: string): boolean {
  let letters = false;
  let digits = false;
  let other = false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) letters = true;
    else if (c >= 48 && c <= 57) digits = true;
    else other = true;
  }
  return (letters ? 1 : 0) + (digits ? 1 : 0) + (other ? 1 : 0) >= 2;
}

/** True when `r` overlaps a span of `sorted` (disjoint, by start). */
function overlapsAny(sorted: readonly Span[], r: Span): boolean {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]!.end <= r.start) lo = mid + 1;
    else hi = mid;
  }
  return lo < sorted.length && sorted[lo]!.start < r.end;
}
