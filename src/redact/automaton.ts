/**
 * One pass for every detector: an Aho–Corasick automaton over the detectors' anchors (keywords, token
 * prefixes, registered values), run as a DFA by a few hundred bytes of WebAssembly, so each detector runs
 * its regexes only where one of its anchors is instead of making its own pass over the text.
 * Hits are a superset: ASCII letters fold, every character outside printable ASCII (and tab) shares one
 * class, so callers confirm each hit; an occurrence of an anchor is never missed.
 */

/** One memory page of WebAssembly. */
const PAGE = 65_536;
/** Scratch words: hits written per lane and the lanes' final states. */
const SCRATCH = 0;
/** Class table: one u16 per UTF-16 unit, holding class * 4 (the byte offset of the class in a row). */
const CLASSES = 64;
/** Text window (UTF-16LE): a longer text is scanned window by window, the state carried over. */
const WINDOW = 32_768;
/** Lanes the scan runs side by side; one hit buffer each, large enough for a hit at every offset. */
const LANES = 2;
const HITS = CLASSES + 2 * 65_536;
const TEXT = HITS + LANES * 8 * WINDOW;
const SLOTS_BASE = TEXT + 2 * WINDOW;
/** Largest transition table a slot holds; a larger automaton is refused (`fits` is false). */
const SLOT_BYTES = 1024 * 1024;
const SLOT_COUNT = 8;

/** Class of a UTF-16 unit: 1 for tab, one per printable ASCII character (letters folded), else 0. */
function classOf(c: number): number {
  if (c === 9) return 1;
  if (c === 0x212a) return classOf(107); // KELVIN SIGN lower-cases to "k"
  if (c < 32 || c > 126) return 0;
  const folded = c >= 65 && c <= 90 ? c + 32 : c;
  // 32..64 -> 2..34, 91..126 -> 35..70 (65..90 fold onto 97..122).
  return folded <= 64 ? folded - 30 : folded - 56;
}
const CLASS_COUNT = 71;
const ROW_BYTES = CLASS_COUNT * 4;

// scan(text0, n0, state0, …, text3, n3, state3, classes, firstAccepting, reportFrom) runs four lanes of
// the DFA in one loop: four independent dependency chains the CPU overlaps. A state is the byte address
// of its row; states at or after `firstAccepting` have outputs, and each lane records (offset, state)
// for them, lanes after the first only from offset `reportFrom` on. n0 >= every other n. The scratch
// words receive each lane's hit count, then each lane's final state.
const lane = (k: number) => ({ text: 3 * k, n: 3 * k + 1, state: 3 * k + 2, hits: HITS + k * 8 * WINDOW });
const CL = 3 * LANES;
const ACC = CL + 1;
const FROM = CL + 2;
const I = CL + 3;
const K = (k: number) => I + 1 + k;
const get = (l: number) => [0x20, l];
const i32 = (v: number) => [0x41, ...sleb(v)];
const ADD = 0x6a;
const SHL = 0x74;
const GE_U = 0x4f;
const LT_U = 0x49;
const LOAD16 = [0x2f, 1, 0];
const STORE = (offset: number) => [0x36, 2, offset];

/** state = table[state + classes[text[i]]]; if accepting (and `extra`), hits[k++] = (i, state). */
function step(k: number, extra: number[] = []): number[] {
  const { text, state, hits } = lane(k);
  const slot = [...i32(hits), ...get(K(k)), ...i32(3), SHL, ADD];
  // biome-ignore format: one instruction per group
  return [
    ...get(state),
    ...get(CL), ...get(text), ...get(I), ...i32(1), SHL, ADD, ...LOAD16, ...i32(1), SHL, ADD, ...LOAD16,
    ADD, 0x28, 2, 0, 0x21, state,
    ...get(state), ...get(ACC), GE_U, ...extra, 0x04, 0x40,
    ...slot, ...get(I), ...STORE(0),
    ...slot, ...get(state), ...STORE(4),
    ...get(K(k)), ...i32(1), ADD, 0x21, K(k),
    0x0b,
  ];
}

function body(): number[] {
  const lanes: number[] = [];
  for (let k = 1; k < LANES; k++) {
    lanes.push(...get(I), ...get(lane(k).n), LT_U, 0x04, 0x40);
    lanes.push(...step(k, [...get(I), ...get(FROM), GE_U, 0x71]), 0x0b);
  }
  const results: number[] = [];
  for (let k = 0; k < LANES; k++) {
    results.push(...i32(SCRATCH), ...get(K(k)), ...STORE(4 * k));
    results.push(...i32(SCRATCH), ...get(lane(k).state), ...STORE(4 * (LANES + k)));
  }
  // biome-ignore format: block structure
  return [
    0x02, 0x40, 0x03, 0x40,
    ...get(I), ...get(lane(0).n), GE_U, 0x0d, 1,
    ...step(0),
    ...lanes,
    ...get(I), ...i32(1), ADD, 0x21, I, 0x0c, 0,
    0x0b, 0x0b,
    ...results,
    0x0b,
  ];
}

function moduleBytes(): Uint8Array {
  const fn = [1, 1 + LANES, 0x7f, ...body()]; // locals: i and one hit count per lane (i32)
  const code = [1, ...uleb(fn.length), ...fn];
  const sections = [
    [1, [1, 0x60, FROM + 1, ...new Array<number>(FROM + 1).fill(0x7f), 0]], // type (i32 ...) -> ()
    [3, [1, 0]], // function 0 has type 0
    [5, [1, 0, ...uleb(Math.ceil(SLOTS_BASE / PAGE))]], // memory
    [7, [2, 4, 0x73, 0x63, 0x61, 0x6e, 0, 0, 3, 0x6d, 0x65, 0x6d, 2, 0]], // export "scan", "mem"
    [10, code],
  ] as const;
  const out = [0, 0x61, 0x73, 0x6d, 1, 0, 0, 0];
  for (const [id, body] of sections) out.push(id, ...uleb(body.length), ...body);
  return new Uint8Array(out);
}

function sleb(n: number): number[] {
  const out: number[] = [];
  let v = n;
  for (;;) {
    const b = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

function uleb(n: number): number[] {
  const out: number[] = [];
  let v = n;
  do {
    let b = v & 0x7f;
    v >>>= 7;
    if (v !== 0) b |= 0x80;
    out.push(b);
  } while (v !== 0);
  return out;
}

/** The part of the WebAssembly API used here (the compiler's lib has no DOM types). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}

interface Engine {
  readonly scan: (
    text0: number,
    n0: number,
    state0: number,
    text1: number,
    n1: number,
    state1: number,
    classes: number,
    firstAccepting: number,
    reportFrom: number,
  ) => void;
  readonly memory: WasmMemory;
  /** Views are re-created after the memory grows. */
  u8: Uint8Array;
  u32: Uint32Array;
  i32: Int32Array;
  buffer: Buffer;
  /** Automaton whose table each slot holds. */
  readonly slots: Array<Automaton | undefined>;
}

/** The WebAssembly engine; null where WebAssembly is unavailable (`node --jitless`, strict CSP). */
let engine: Engine | null | undefined;

function getEngine(): Engine | null {
  if (engine !== undefined) return engine;
  const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
  let instance: { exports: Record<string, unknown> };
  try {
    if (wasm === undefined) throw new Error('no WebAssembly');
    instance = new wasm.Instance(new wasm.Module(moduleBytes()), {});
  } catch {
    // The same automaton then runs as a JavaScript loop (same hits, about twice the time).
    engine = null;
    return null;
  }
  const memory = instance.exports.mem as WasmMemory;
  const e: Engine = {
    scan: instance.exports.scan as Engine['scan'],
    memory,
    u8: new Uint8Array(0),
    u32: new Uint32Array(0),
    i32: new Int32Array(0),
    buffer: Buffer.alloc(0),
    slots: new Array<Automaton | undefined>(SLOT_COUNT).fill(undefined),
  };
  refreshViews(e);
  const classes = new Uint16Array(65_536);
  for (let c = 0; c < 65_536; c++) classes[c] = classOf(c) * 4;
  e.u8.set(new Uint8Array(classes.buffer), CLASSES);
  engine = e;
  return e;
}

function refreshViews(e: Engine): void {
  e.u8 = new Uint8Array(e.memory.buffer);
  e.u32 = new Uint32Array(e.memory.buffer);
  e.i32 = new Int32Array(e.memory.buffer);
  e.buffer = Buffer.from(e.memory.buffer);
}

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
    const starts = new Int32Array(this.count * 2);
    starts.set(this.starts);
    this.starts = starts;
    const ids = new Int32Array(this.count * 2);
    ids.set(this.ids);
    this.ids = ids;
  }
}

let nextSlot = 0;

/** Scans are synchronous and their hits are read before the next one, so one list serves them all. */
const sharedHits = new HitList();

/** An automaton over a fixed list of patterns (matched with ASCII case folded). */
export class Automaton {
  readonly patterns: readonly string[];
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
    this.patterns = patterns;
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
    const out = sharedHits.reset(this.#outFrom, this.#outIds, this.#lengths, base);
    // Lanes after the first start `overlap` units early from the start state: by their first reported
    // offset they are in the state one lane would be in, since a state only depends on the last
    // `overlap` units.
    const overlap = this.#maxLength - 1;
    const start = base + this.#start;
    let state = start;
    const accepting = base + this.#firstAccepting * ROW_BYTES;
    for (let from = 0; from < text.length; from += WINDOW) {
      const n = Math.min(WINDOW, text.length - from);
      e.buffer.write(n === text.length ? text : text.slice(from, from + n), TEXT, 'utf16le');
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

  /** Copies the table into this automaton's slot unless it is there already; returns the slot's base. */
  #load(e: Engine): number {
    const base = SLOTS_BASE + this.#slot * SLOT_BYTES;
    if (e.slots[this.#slot] !== this) {
      const needed = Math.ceil((base + SLOT_BYTES) / PAGE) - e.memory.buffer.byteLength / PAGE;
      if (needed > 0) {
        e.memory.grow(needed);
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
