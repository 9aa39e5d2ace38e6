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
/** One hit buffer per lane, each large enough for a hit at every offset of a window: it never fills. */
const HITS_A = CLASSES + 2 * 65_536;
const HITS_B = HITS_A + 8 * WINDOW;
const TEXT = HITS_B + 8 * WINDOW;
const SLOTS_BASE = TEXT + 2 * WINDOW;
/** Largest transition table a slot holds; a larger automaton is refused (`fits` is false). */
const SLOT_BYTES = 512 * 1024;
const SLOT_COUNT = 4;

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

// scan(textA, nA, textB, nB, classes, stateA, stateB, firstAccepting, reportFromB) runs two independent
// lanes of the DFA in one loop (two dependency chains the CPU overlaps). A state is the byte address of
// its row; states at or after `firstAccepting` have outputs, and each lane records (offset, state) for
// them. Lane B records only from offset `reportFromB` on. nB <= nA. The scratch words receive the hit
// counts and final states of both lanes.
const [TA, NA, TB, NB, CL, SA, SB, ACC, FROM_B, I, KA, KB] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const get = (l: number) => [0x20, l];
const i32 = (v: number) => [0x41, ...sleb(v)];
const ADD = 0x6a;
const SHL = 0x74;
const GE_U = 0x4f;
const LT_U = 0x49;
const LOAD16 = [0x2f, 1, 0];
const STORE = (offset: number) => [0x36, 2, offset];

/** state = table[state + classes[text[i]]]; if accepting (and `extra`), hits[k++] = (i, state). */
function step(text: number, state: number, hits: number, k: number, extra: number[] = []): number[] {
  const slot = [...i32(hits), ...get(k), ...i32(3), SHL, ADD];
  return [
    ...get(state),
    ...get(CL),
    ...get(text),
    ...get(I),
    ...i32(1),
    SHL,
    ADD,
    ...LOAD16,
    ...i32(1),
    SHL,
    ADD,
    ...LOAD16,
    ADD,
    0x28,
    2,
    0,
    0x21,
    state,
    ...get(state),
    ...get(ACC),
    GE_U,
    ...extra,
    0x04,
    0x40,
    ...slot,
    ...get(I),
    ...STORE(0),
    ...slot,
    ...get(state),
    ...STORE(4),
    ...get(k),
    ...i32(1),
    ADD,
    0x21,
    k,
    0x0b,
  ];
}

// biome-ignore format: one instruction group per line
const BODY = [
  0x02, 0x40, 0x03, 0x40,
  ...get(I), ...get(NA), GE_U, 0x0d, 1,
  ...step(TA, SA, HITS_A, KA),
  ...get(I), ...get(NB), LT_U, 0x04, 0x40,
  ...step(TB, SB, HITS_B, KB, [...get(I), ...get(FROM_B), GE_U, 0x71]),
  0x0b,
  ...get(I), ...i32(1), ADD, 0x21, I, 0x0c, 0,
  0x0b, 0x0b,
  ...i32(SCRATCH), ...get(KA), ...STORE(0),
  ...i32(SCRATCH), ...get(KB), ...STORE(4),
  ...i32(SCRATCH), ...get(SA), ...STORE(8),
  ...i32(SCRATCH), ...get(SB), ...STORE(12),
  0x0b,
];

function moduleBytes(): Uint8Array {
  const fn = [1, 3, 0x7f, ...BODY]; // locals: i, kA, kB (i32)
  const code = [1, ...uleb(fn.length), ...fn];
  const sections = [
    [1, [1, 0x60, 9, ...new Array<number>(9).fill(0x7f), 0]], // type (9 x i32) -> ()
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
  readonly scan: (...args: number[]) => void;
  readonly memory: WasmMemory;
  /** Views are re-created after the memory grows. */
  u8: Uint8Array;
  u32: Uint32Array;
  i32: Int32Array;
  buffer: Buffer;
  /** Automaton held by each slot, most recently used last. */
  readonly slots: Array<Automaton | undefined>;
  readonly lru: number[];
}

let engine: Engine | undefined;

function getEngine(): Engine {
  if (engine !== undefined) return engine;
  const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
  const instance = new wasm.Instance(new wasm.Module(moduleBytes()), {});
  const memory = instance.exports.mem as WasmMemory;
  const e: Engine = {
    scan: instance.exports.scan as (...args: number[]) => void,
    memory,
    u8: new Uint8Array(0),
    u32: new Uint32Array(0),
    i32: new Int32Array(0),
    buffer: Buffer.alloc(0),
    slots: new Array<Automaton | undefined>(SLOT_COUNT).fill(undefined),
    lru: [0, 1, 2, 3],
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
    const outFrom = this.#outFrom;
    for (let r = 0; r < records; r++) {
      const end = origin + words[at + 2 * r]!;
      const s = (words[at + 2 * r + 1]! - this.#base) / ROW_BYTES;
      for (let o = outFrom[s]!; o < outFrom[s + 1]!; o++) {
        if (this.count === this.starts.length) this.#grow();
        const id = this.#outIds[o]!;
        this.starts[this.count] = end - this.#lengths[id]! + 1;
        this.ids[this.count++] = id;
      }
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
  readonly #maxLength: number;

  /** @param patterns non-empty strings; an empty list gives an automaton that finds nothing. */
  constructor(patterns: readonly string[]) {
    this.patterns = patterns;
    this.#lengths = Int32Array.from(patterns, (p) => p.length);
    this.#maxLength = Math.max(1, ...this.#lengths);
    // Trie over classes.
    const edges: Array<Map<number, number>> = [new Map()];
    const outputs: number[][] = [[]];
    patterns.forEach((p, id) => {
      let s = 0;
      for (let i = 0; i < p.length; i++) {
        const c = classOf(p.charCodeAt(i));
        let t = edges[s]!.get(c);
        if (t === undefined) {
          t = edges.length;
          edges.push(new Map());
          outputs.push([]);
          edges[s]!.set(c, t);
        }
        s = t;
      }
      outputs[s]!.push(id);
    });
    // Failure links, breadth first; outputs inherit along them; then the full transition function.
    const n = edges.length;
    const fail = new Int32Array(n);
    const delta = new Int32Array(n * CLASS_COUNT);
    const queue: number[] = [];
    for (let c = 0; c < CLASS_COUNT; c++) {
      const t = edges[0]!.get(c);
      delta[c] = t ?? 0;
      if (t !== undefined) queue.push(t);
    }
    for (let q = 0; q < queue.length; q++) {
      const s = queue[q]!;
      const f = fail[s]!;
      outputs[s] = [...outputs[s]!, ...outputs[f]!];
      for (let c = 0; c < CLASS_COUNT; c++) {
        const t = edges[s]!.get(c);
        if (t === undefined) delta[s * CLASS_COUNT + c] = delta[f * CLASS_COUNT + c]!;
        else {
          fail[t] = delta[f * CLASS_COUNT + c]!;
          delta[s * CLASS_COUNT + c] = t;
          queue.push(t);
        }
      }
    }
    // Renumber so that states with outputs come last: one comparison tells the scan to record a hit.
    const order = [...Array(n).keys()].sort(
      (a, b) => Number(outputs[a]!.length > 0) - Number(outputs[b]!.length > 0) || a - b,
    );
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
    const base = this.#load(e);
    const out = sharedHits.reset(this.#outFrom, this.#outIds, this.#lengths, base);
    // Lane B starts `overlap` units early from the start state: by the middle it is in the state lane A
    // would be in, since a state only depends on the last `overlap` units.
    const overlap = this.#maxLength - 1;
    let state = base + this.#start;
    const accepting = base + this.#firstAccepting * ROW_BYTES;
    for (let from = 0; from < text.length; from += WINDOW) {
      const n = Math.min(WINDOW, text.length - from);
      e.buffer.write(n === text.length ? text : text.slice(from, from + n), TEXT, 'utf16le');
      const split = n >= 4 * overlap + 64;
      const nA = split ? Math.ceil((n + overlap) / 2) : n;
      const bFrom = split ? nA - overlap : n;
      e.scan(TEXT, nA, TEXT + 2 * bFrom, n - bFrom, CLASSES, state, base + this.#start, accepting, overlap);
      const words = e.i32;
      out.add(words, HITS_A >> 2, words[SCRATCH >> 2]!, from);
      out.add(words, HITS_B >> 2, words[(SCRATCH >> 2) + 1]!, from + bFrom);
      state = words[(SCRATCH >> 2) + (split ? 3 : 2)]!;
    }
    return out;
  }

  /** Puts the table in a slot (least recently used first) and returns the slot's base address. */
  #load(e: Engine): number {
    let slot = e.slots.indexOf(this);
    if (slot < 0) {
      slot = e.lru[0]!;
      const base = SLOTS_BASE + slot * SLOT_BYTES;
      const needed = Math.ceil((base + SLOT_BYTES) / PAGE) - e.memory.buffer.byteLength / PAGE;
      if (needed > 0) {
        e.memory.grow(needed);
        refreshViews(e);
      }
      const table = this.#table;
      const u32 = e.u32;
      const at = base >> 2;
      for (let i = 0; i < table.length; i++) u32[at + i] = base + table[i]!;
      e.slots[slot] = this;
    }
    const i = e.lru.indexOf(slot);
    if (i !== e.lru.length - 1) {
      e.lru.splice(i, 1);
      e.lru.push(slot);
    }
    return SLOTS_BASE + slot * SLOT_BYTES;
  }
}
