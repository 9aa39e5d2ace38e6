/**
 * Line prefilter for the detectors: every pattern is line-local (no match crosses a newline), so a rule
 * only needs to run on the lines that hold one of its literal needles. Needle searches use `indexOf`
 * (memchr speed) and are shared between rules; the lower-cased copy of the text is made at most once.
 */

/** Per-text search state shared by the detectors of one `scan`. */
export class TextIndex {
  readonly text: string;
  #lower: string | undefined;
  /** needle -> line starts; created on first use (short texts never need it). */
  #lineStarts: Map<string, number[]> | undefined;

  constructor(text: string) {
    this.text = text;
  }

  /** `text.toLowerCase()`, computed once. */
  get lower(): string {
    this.#lower ??= this.text.toLowerCase();
    return this.#lower;
  }

  /** True when lower-casing kept every offset (no character changed length). */
  get lowerAligned(): boolean {
    return this.lower.length === this.text.length;
  }

  /**
   * Sorted, distinct starts of the lines that contain `needle` (searched in the lower-cased text when
   * `lower` is set; the caller checks `lowerAligned` first).
   */
  linesWith(needle: string, lower = false): readonly number[] {
    const key = lower ? `\u0000${needle}` : needle;
    this.#lineStarts ??= new Map();
    let starts = this.#lineStarts.get(key);
    if (starts === undefined) {
      starts = [];
      const hay = lower ? this.lower : this.text;
      let p = hay.indexOf(needle);
      while (p >= 0) {
        starts.push(lineStartAt(hay, p));
        const end = lineEndAt(hay, p + needle.length);
        if (end >= hay.length) break;
        p = hay.indexOf(needle, end + 1);
      }
      this.#lineStarts.set(key, starts);
    }
    return starts;
  }

  /** Sorted, distinct starts of the lines that contain any of `needles`. */
  linesWithAny(needles: readonly string[], lower = false): readonly number[] {
    if (needles.length === 1) return this.linesWith(needles[0]!, lower);
    const all: number[] = [];
    for (const n of needles) for (const s of this.linesWith(n, lower)) all.push(s);
    all.sort((a, b) => a - b);
    let k = 0;
    for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[k - 1]) all[k++] = all[i]!;
    all.length = k;
    return all;
  }

  /** End of the line starting at or containing `from` (index of its newline, or the text length). */
  lineEnd(from: number): number {
    return lineEndAt(this.text, from);
  }
}

// Hand loops: lines are short, and a native indexOf/lastIndexOf call costs more than walking them.

/** Start of the line holding `i`. */
export function lineStartAt(text: string, i: number): number {
  let k = i;
  while (k > 0 && text.charCodeAt(k - 1) !== 10) k--;
  return k;
}

/** Index of the newline ending the line holding `i`, or the text length. */
export function lineEndAt(text: string, i: number): number {
  let k = i;
  const n = text.length;
  while (k < n && text.charCodeAt(k) !== 10) k++;
  return k;
}
