/**
 * Anchors and their hits: a detector declares the literals it needs to see before doing any work (token
 * prefixes, name stems, section needles, key block markers) and receives, per text, the sorted offsets
 * where they occur. Every match of a detector contains one of its anchors at a known offset, so running
 * its regex only at those offsets finds exactly what a pass over the whole text finds.
 */

/** One literal to find. `delta` moves the candidate from the anchor's start to where a match starts. */
export interface AnchorSpec {
  readonly text: string;
  readonly group: number;
  readonly tag: number;
  readonly delta: number;
  /** Case-sensitive: the hit is kept only if the text holds the literal exactly. */
  readonly exact: boolean;
}

/**
 * Candidate offsets of one group, ascending by offset and then by tag: entries `[0, length)` of `starts`
 * and `tags`. Valid until the scanner that produced them scans again.
 */
export interface Candidates {
  readonly starts: Int32Array;
  readonly tags: Int32Array;
  readonly length: number;
}

/** Fixed groups; the pattern rules take the groups from `RULE_GROUP_BASE` on, one each. */
export const GROUP = {
  known: 0,
  stem: 1,
  simple: 2,
  jwt: 3,
  snmpCommand: 4,
  pem: 5,
  putty: 6,
  section: 7,
  gate: 8,
  placeholder: 9,
} as const;
export const RULE_GROUP_BASE = 10;

/** A copy of `a` in an array twice as long. */
export function doubled(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const out = new Int32Array(a.length * 2);
  out.set(a);
  return out;
}

/** One group's candidates; its arrays are kept from scan to scan, so a scan allocates nothing. */
class GroupBuffer implements Candidates {
  starts = new Int32Array(16);
  tags = new Int32Array(16);
  length = 0;

  push(at: number, tag: number): void {
    if (this.length === this.starts.length) {
      this.starts = doubled(this.starts);
      this.tags = doubled(this.tags);
    }
    this.starts[this.length] = at;
    this.tags[this.length++] = tag;
  }

  /** Sorts by (start, tag); hits arrive almost sorted, so this is usually one pass of checks. */
  sort(): void {
    const { starts, tags } = this;
    for (let i = 1; i < this.length; i++) {
      const s = starts[i]!;
      const t = tags[i]!;
      let k = i;
      while (k > 0 && (starts[k - 1]! > s || (starts[k - 1] === s && tags[k - 1]! > t))) {
        starts[k] = starts[k - 1]!;
        tags[k] = tags[k - 1]!;
        k--;
      }
      starts[k] = s;
      tags[k] = t;
    }
  }
}

/** The candidates of one text, by group. One object per scanner, refilled by each of its scans. */
export class AnchorHits {
  readonly #groups: GroupBuffer[];
  readonly #gates: readonly string[];
  /** True when registered values were searched by the automaton (else the caller searches them). */
  knownIncluded = false;

  /** @internal Built by `AnchorScanner`. */
  constructor(groups: number, gates: readonly string[]) {
    this.#groups = Array.from({ length: groups }, () => new GroupBuffer());
    this.#gates = gates;
  }

  /** @internal Empties every group before a scan. */
  reset(knownIncluded: boolean): void {
    for (const g of this.#groups) g.length = 0;
    this.knownIncluded = knownIncluded;
  }

  /** @internal Adds a candidate during a scan. */
  add(group: number, at: number, tag: number): void {
    this.#groups[group]!.push(at, tag);
  }

  /** @internal Sorts every group after a scan. */
  finish(): void {
    for (const g of this.#groups) if (g.length > 1) g.sort();
  }

  /** Candidates of `group`, sorted by offset, then tag. */
  of(group: number): Candidates {
    return this.#groups[group]!;
  }

  /**
   * @internal For tests: the offsets of `group` as a plain array.
   * @example
   * hits.offsets(GROUP.stem) // [0, 41]
   */
  offsets(group: number): number[] {
    const g = this.#groups[group]!;
    return Array.from(g.starts.subarray(0, g.length));
  }

  /** True when the text holds the gate literal exactly (see `gate`). */
  hasGate(literal: string): boolean {
    const g = this.#groups[GROUP.gate]!;
    const tag = this.#gates.indexOf(literal);
    if (tag < 0) return false;
    for (let i = 0; i < g.length; i++) if (g.tags[i] === tag) return true;
    return false;
  }
}

/**
 * A gate: `hasGate(text)` is true when the exact literal occurs anywhere in the text.
 * @example
 * const spec = gate(' -p') // then hits.hasGate(' -p')
 */
export function gate(text: string): AnchorSpec {
  return { text, group: GROUP.gate, tag: -1, delta: 0, exact: true };
}

/**
 * Anchors for `literals`, all in one group and tag, case-folded unless `exact`.
 * @example
 * anchors(GROUP.jwt, 0, ['eyJ'], { exact: true })
 */
export function anchors(
  group: number,
  tag: number,
  literals: readonly string[],
  options: { delta?: number; exact?: boolean } = {},
): AnchorSpec[] {
  return literals.map((text) => ({
    text,
    group,
    tag,
    delta: options.delta ?? 0,
    exact: options.exact ?? false,
  }));
}

/** Walks candidates forward: `next(from)` is what `text.indexOf(anchor, from)` gives, for rising `from`. */
export class Cursor {
  readonly #starts: Int32Array;
  readonly #length: number;
  #k = 0;

  constructor(candidates: Candidates) {
    this.#starts = candidates.starts;
    this.#length = candidates.length;
  }

  /** First candidate at or after `from` (never called with a smaller `from` than before), or -1. */
  next(from: number): number {
    const starts = this.#starts;
    while (this.#k < this.#length && starts[this.#k]! < from) this.#k++;
    return this.#k < this.#length ? starts[this.#k]! : -1;
  }
}
