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

/** Candidate offsets of one group, ascending by offset and then by tag. */
export interface Candidates {
  readonly starts: readonly number[];
  readonly tags: readonly number[];
}

const NONE: Candidates = { starts: [], tags: [] };

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

/** The candidates of one text, by group. */
export class AnchorHits {
  readonly #starts: Array<number[] | undefined>;
  readonly #tags: Array<number[] | undefined>;
  readonly #gates: readonly string[];
  /** True when registered values were searched by the automaton (else the caller searches them). */
  readonly knownIncluded: boolean;

  /** @internal Built by `AnchorScanner.scan`. */
  constructor(
    starts: Array<number[] | undefined>,
    tags: Array<number[] | undefined>,
    gates: readonly string[],
    knownIncluded: boolean,
  ) {
    this.#starts = starts;
    this.#tags = tags;
    this.#gates = gates;
    this.knownIncluded = knownIncluded;
  }

  /** Candidates of `group`, sorted by offset, then tag. */
  of(group: number): Candidates {
    const starts = this.#starts[group];
    if (starts === undefined) return NONE;
    const tags = this.#tags[group]!;
    sortPairs(starts, tags);
    return { starts, tags };
  }

  /** True when the text holds the gate literal exactly (see `gate`). */
  hasGate(literal: string): boolean {
    const tags = this.#tags[GROUP.gate];
    if (tags === undefined) return false;
    const tag = this.#gates.indexOf(literal);
    return tag >= 0 && tags.includes(tag);
  }
}

/** Sorts the pairs by (start, tag) in place; hits arrive almost sorted, so this is usually one check. */
function sortPairs(starts: number[], tags: number[]): void {
  // Insertion sort: stable, and linear on the almost sorted input.
  for (let i = 1; i < starts.length; i++) {
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
  readonly #starts: readonly number[];
  #k = 0;

  constructor(candidates: Candidates) {
    this.#starts = candidates.starts;
  }

  /** First candidate at or after `from` (never called with a smaller `from` than before), or -1. */
  next(from: number): number {
    const starts = this.#starts;
    while (this.#k < starts.length && starts[this.#k]! < from) this.#k++;
    return this.#k < starts.length ? starts[this.#k]! : -1;
  }
}
