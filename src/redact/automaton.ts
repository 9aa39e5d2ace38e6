/**
 * One pass for every detector: an Aho–Corasick automaton over the detectors' anchors (keywords, token
 * prefixes, registered values), run as a DFA by a few hundred bytes of WebAssembly (`dfa-wasm.ts`), so
 * each detector runs its regexes only where one of its anchors is instead of making its own pass.
 * Hits are a superset: ASCII letters fold, every character outside printable ASCII (and tab) shares one
 * class, so callers confirm each hit; an occurrence of an anchor is never missed.
 */
import { doubled } from './anchor-hits.js';
import {
  CLASS_COUNT,
  CLASSES,
  classOf,
  type Engine,
  getEngine,
  HITS,
  LANES,
  PAGE,
  ROW_BYTES,
  refreshViews,
  SCRATCH,
  SLOT_BYTES,
  SLOT_COUNT,
  SLOTS_BASE,
  TEXT,
  WINDOW,
} from './dfa-wasm.js';

let classTable: Uint8Array | undefined;

/** `classOf` for every UTF-16 unit, for the JavaScript scan. */
function portableClasses(): Uint8Array {
  if (classTable === undefined) {
    classTable = new Uint8Array(65_536);
    for (let c = 0; c < 65_536; c++) classTable[c] = classOf(c);
  }
  return classTable;
}

/** Candidate occurrences from one scan: `starts[i]` is where pattern `ids[i]` may occur, in end order. */
export interface Hits {
  readonly count: number;
  readonly starts: Int32Array;
  readonly ids: Int32Array;
}

const NO_HITS: Hits = { count: 0, starts: new Int32Array(0), ids: new Int32Array(0) };

/** Expands the scanner's (offset, state) records into (start, pattern) pairs. */
class HitList implements Hits {
  count = 0;
  starts = new Int32Array(1024);
  ids = new Int32Array(1024);
  #outFrom: Int32Array = new Int32Array(0);
  #outIds: Int32Array = new Int32Array(0);
  #lengths: Int32Array = new Int32Array(0);
  #base = 0;

  /** Empties the list for a scan by one automaton. */
  reset(outFrom: Int32Array, outIds: Int32Array, lengths: Int32Array, base: number): this {
    this.count = 0;
    this.#outFrom = outFrom;
    this.#outIds = outIds;
    this.#lengths = lengths;
    this.#base = base;
    return this;
  }

  /** Adds `records` (offset, state) pairs read from `words` at `at`; offsets are relative to `origin`. */
  add(words: Int32Array, at: number, records: number, origin: number): void {
    for (let r = 0; r < records; r++) {
      this.addState(origin + words[at + 2 * r]!, (words[at + 2 * r + 1]! - this.#base) / ROW_BYTES);
    }
  }

  /** Adds the outputs of state `s` (its index) reached at offset `end`. */
  addState(end: number, s: number): void {
    const outFrom = this.#outFrom;
    for (let o = outFrom[s]!; o < outFrom[s + 1]!; o++) {
      if (this.count === this.starts.length) this.#grow();
      const id = this.#outIds[o]!;
      this.starts[this.count] = end - this.#lengths[id]! + 1;
      this.ids[this.count++] = id;
    }
  }

  #grow(): void {
    this.starts = doubled(this.starts);
    this.ids = doubled(this.ids);
  }
}

let nextSlot = 0;

/** Scans are synchronous and their hits are read before the next one, so one list serves them all. */
const sharedHits = new HitList();

/** An automaton over a fixed list of patterns (matched with ASCII case folded). */
export class Automaton {
  /** Transition table, one row per state: byte offsets of the next state's row, relative to the table. */
  readonly #table: Uint32Array;
  readonly #firstAccepting: number;
  /** Outputs of state s: `#outIds[#outFrom[s] .. #outFrom[s + 1]]`. */
  readonly #outFrom: Int32Array;
  readonly #outIds: Int32Array;
  readonly #lengths: Int32Array;
  /** Row offset of the start state. */
  readonly #start: number;
  /** The slot this automaton's table is loaded into (automata take slots in turn). */
  readonly #slot = nextSlot++ % SLOT_COUNT;
  #absolute: Uint32Array | undefined;
  #rows: Int32Array | undefined;
  readonly #maxLength: number;

  /** @param patterns non-empty strings; an empty list gives an automaton that finds nothing. */
  constructor(patterns: readonly string[]) {
    this.#lengths = Int32Array.from(patterns, (p) => p.length);
    this.#maxLength = Math.max(1, ...this.#lengths);
    // Trie over classes in one flat table (-1: no edge); a text of L units adds at most L states.
    let capacity = 1;
    for (const p of patterns) capacity += p.length;
    const delta = new Int32Array(capacity * CLASS_COUNT).fill(-1);
    const outputs: number[][] = [[]];
    let n = 1;
    patterns.forEach((p, id) => {
      let s = 0;
      for (let i = 0; i < p.length; i++) {
        const at = s * CLASS_COUNT + classOf(p.charCodeAt(i));
        if (delta[at]! < 0) {
          delta[at] = n++;
          outputs.push([]);
        }
        s = delta[at]!;
      }
      outputs[s]!.push(id);
    });
    // Failure links, breadth first; outputs inherit along them; missing edges become the failure
    // state's transition, in place (a state's failure state is shallower, so it is complete already).
    const fail = new Int32Array(n);
    const queue: number[] = [];
    for (let c = 0; c < CLASS_COUNT; c++) {
      const t = delta[c]!;
      if (t < 0) delta[c] = 0;
      else queue.push(t);
    }
    for (let q = 0; q < queue.length; q++) {
      const s = queue[q]!;
      const f = fail[s]!;
      if (outputs[f]!.length > 0) outputs[s] = [...outputs[s]!, ...outputs[f]!];
      for (let c = 0; c < CLASS_COUNT; c++) {
        const t = delta[s * CLASS_COUNT + c]!;
        if (t < 0) delta[s * CLASS_COUNT + c] = delta[f * CLASS_COUNT + c]!;
        else {
          fail[t] = delta[f * CLASS_COUNT + c]!;
          queue.push(t);
        }
      }
    }
    // Renumber so that states with outputs come last: one comparison tells the scan to record a hit.
    const order: number[] = [];
    for (let st = 0; st < n; st++) if (outputs[st]!.length === 0) order.push(st);
    for (let st = 0; st < n; st++) if (outputs[st]!.length > 0) order.push(st);
    const rank = new Int32Array(n);
    order.forEach((s, r) => {
      rank[s] = r;
    });
    const firstAccepting = order.findIndex((s) => outputs[s]!.length > 0);
    this.#firstAccepting = firstAccepting < 0 ? n : firstAccepting;
    this.#table = new Uint32Array(n * CLASS_COUNT);
    for (let s = 0; s < n; s++) {
      const row = rank[s]! * CLASS_COUNT;
      for (let c = 0; c < CLASS_COUNT; c++)
        this.#table[row + c] = rank[delta[s * CLASS_COUNT + c]!]! * ROW_BYTES;
    }
    this.#outFrom = new Int32Array(n + 1);
    const ids: number[] = [];
    for (let r = 0; r < n; r++) {
      this.#outFrom[r] = ids.length;
      for (const id of outputs[order[r]!]!) ids.push(id);
    }
    this.#outFrom[n] = ids.length;
    this.#outIds = Int32Array.from(ids);
    this.#start = rank[0]! * ROW_BYTES;
  }

  /** False when the automaton is too large for the scanner (the caller falls back to its own search). */
  get fits(): boolean {
    return this.#table.byteLength <= SLOT_BYTES;
  }

  /**
   * Every candidate occurrence of every pattern in `text`, in order of their end. The result is valid
   * until the next scan by any automaton.
   */
  scan(text: string): Hits {
    if (this.#outIds.length === 0 || text.length === 0) return NO_HITS;
    const e = getEngine();
    if (e === null) return this.scanPortable(text);
    const base = this.#load(e);
    if (base < 0) return this.scanPortable(text);
    const out = sharedHits.reset(this.#outFrom, this.#outIds, this.#lengths, base);
    // Lanes after the first start `overlap` units early from the start state: by their first reported
    // offset they are in the state one lane would be in, since a state only depends on the last
    // `overlap` units.
    const overlap = this.#maxLength - 1;
    const start = base + this.#start;
    let state = start;
    const accepting = base + this.#firstAccepting * ROW_BYTES;
    // The window holds plaintext: it is zeroed after the scan, also when the scan throws.
    let written = 0;
    try {
      for (let from = 0; from < text.length; from += WINDOW) {
        const n = Math.min(WINDOW, text.length - from);
        e.buffer.write(n === text.length ? text : text.slice(from, from + n), TEXT, 'utf16le');
        written = Math.max(written, n);
        // Two lanes when the window is long enough for the overlap to be a small part of it.
        const split = n >= LANES * (4 * overlap + 64);
        const length = split ? Math.ceil((n + overlap) / 2) : n;
        const bAt = split ? length - overlap : n;
        e.scan(TEXT, length, state, TEXT + 2 * bAt, n - bAt, start, CLASSES, accepting, overlap);
        const words = e.i32;
        out.add(words, HITS >> 2, words[SCRATCH >> 2]!, from);
        if (split) out.add(words, (HITS + 8 * WINDOW) >> 2, words[(SCRATCH >> 2) + 1]!, from + bAt);
        state = words[(SCRATCH >> 2) + LANES + (split ? 1 : 0)]!;
      }
    } finally {
      e.u8.fill(0, TEXT, TEXT + 2 * written);
    }
    return out;
  }

  /**
   * The same scan as a JavaScript loop: the fallback without WebAssembly, and the independent
   * implementation the tests compare the WebAssembly scan with.
   */
  scanPortable(text: string): Hits {
    if (this.#outIds.length === 0 || text.length === 0) return NO_HITS;
    const out = sharedHits.reset(this.#outFrom, this.#outIds, this.#lengths, 0);
    // Entries are row offsets in units (a state's row starts at state * CLASS_COUNT).
    this.#rows ??= Int32Array.from(this.#table, (v) => v >> 2);
    const rows = this.#rows;
    const classes = portableClasses();
    const accepting = this.#firstAccepting * CLASS_COUNT;
    let row = this.#start >> 2;
    for (let i = 0; i < text.length; i++) {
      row = rows[row + classes[text.charCodeAt(i)]!]!;
      if (row >= accepting) out.addState(i, row / CLASS_COUNT);
    }
    return out;
  }

  /**
   * Copies the table into this automaton's slot unless it is there already; returns the slot's base, or
   * -1 when the memory cannot grow to hold it.
   */
  #load(e: Engine): number {
    const base = SLOTS_BASE + this.#slot * SLOT_BYTES;
    if (e.slots[this.#slot] !== this) {
      const needed = Math.ceil((base + SLOT_BYTES) / PAGE) - e.memory.buffer.byteLength / PAGE;
      if (needed > 0) {
        try {
          e.memory.grow(needed);
        } catch {
          return -1; // no memory for the slot: the JavaScript loop needs none
        }
        refreshViews(e);
      }
      // Rows hold absolute addresses, computed once for the slot: a reload is one copy.
      if (this.#absolute === undefined) {
        this.#absolute = new Uint32Array(this.#table.length);
        for (let i = 0; i < this.#table.length; i++) this.#absolute[i] = base + this.#table[i]!;
      }
      e.u32.set(this.#absolute, base >> 2);
      e.slots[this.#slot] = this;
    }
    return base;
  }
}
