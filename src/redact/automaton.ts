/**
 * One pass for every detector: an Aho–Corasick automaton over the detectors' anchors (keywords, token
 * prefixes, registered values), run as a DFA by a few hundred bytes of WebAssembly, so each detector runs
 * its regexes only where one of its anchors is instead of making its own pass over the text.
 * Hits are a superset: ASCII letters fold, every character outside printable ASCII (and tab) shares one
 * class, so callers confirm each hit; an occurrence of an anchor is never missed.
 */

/** One memory page of WebAssembly. */
const PAGE = 65_536;
/** Scratch words: where a full hit buffer leaves the resume offset and state. */
const SCRATCH = 0;
/** Class table: one u16 per UTF-16 unit, holding class * 4 (the byte offset of the class in a row). */
const CLASSES = 64;
const HIT_CAPACITY = 8192;
const HITS = CLASSES + 2 * 65_536;
/** Text window (UTF-16LE): a longer text is scanned window by window, the state carried over. */
const WINDOW = 32_768;
const TEXT = HITS + 8 * HIT_CAPACITY;
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

// scan(text, n, classes, hits, capacity, state, firstAccepting) -> hits written. The state is the byte
// address of its row; states at or after `firstAccepting` have outputs. When the hit buffer fills, the
// next offset and the state are left in the scratch words.
// Locals: 0 text, 1 n, 2 classes, 3 hits, 4 capacity, 5 state, 6 firstAccepting, 7 i, 8 k.
const [TX, N, CL, HT, CAP, ST, ACC, I, K] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
// prettier-ignore
const BODY = [
  0x02,
  0x40,
  0x03,
  0x40, // block loop
  0x20,
  I,
  0x20,
  N,
  0x4f,
  0x0d,
  1, // if i >= n: break
  0x20,
  ST, // state +
  0x20,
  CL,
  0x20,
  TX,
  0x20,
  I,
  0x41,
  1,
  0x74,
  0x6a,
  0x2f,
  1,
  0,
  0x41,
  1,
  0x74,
  0x6a,
  0x2f,
  1,
  0, // classes[text[i]]
  0x6a,
  0x28,
  2,
  0,
  0x22,
  ST, // state = load32(state + class)
  0x20,
  ST,
  0x20,
  ACC,
  0x4f,
  0x04,
  0x40, // if state >= firstAccepting
  0x20,
  HT,
  0x20,
  K,
  0x41,
  3,
  0x74,
  0x6a,
  0x20,
  I,
  0x36,
  2,
  0, // hits[k].at = i
  0x20,
  HT,
  0x20,
  K,
  0x41,
  3,
  0x74,
  0x6a,
  0x20,
  ST,
  0x36,
  2,
  4, // hits[k].state = state
  0x20,
  K,
  0x41,
  1,
  0x6a,
  0x22,
  K,
  0x20,
  CAP,
  0x4f,
  0x04,
  0x40, // if ++k >= capacity
  0x41,
  SCRATCH,
  0x20,
  I,
  0x41,
  1,
  0x6a,
  0x36,
  2,
  0, // scratch[0] = i + 1
  0x41,
  SCRATCH,
  0x20,
  ST,
  0x36,
  2,
  4, // scratch[1] = state
  0x20,
  K,
  0x0f, // return k
  0x0b,
  0x0b,
  0x20,
  I,
  0x41,
  1,
  0x6a,
  0x21,
  I,
  0x0c,
  0, // i++; continue
  0x0b,
  0x0b,
  0x41,
  SCRATCH,
  0x20,
  N,
  0x36,
  2,
  0, // scratch[0] = n
  0x41,
  SCRATCH,
  0x20,
  ST,
  0x36,
  2,
  4, // scratch[1] = state
  0x20,
  K,
  0x0b, // return k
];

function moduleBytes(): Uint8Array {
  const fn = [1, 2, 0x7f, ...BODY]; // locals: i, k (i32)
  const code = [1, ...uleb(fn.length), ...fn];
  const sections = [
    [1, [1, 0x60, 7, ...new Array<number>(7).fill(0x7f), 1, 0x7f]], // type (7 x i32) -> i32
    [3, [1, 0]], // function 0 has type 0
    [5, [1, 0, ...uleb(Math.ceil(SLOTS_BASE / PAGE))]], // memory
    [7, [2, 4, 0x73, 0x63, 0x61, 0x6e, 0, 0, 3, 0x6d, 0x65, 0x6d, 2, 0]], // export "scan", "mem"
    [10, code],
  ] as const;
  const out = [0, 0x61, 0x73, 0x6d, 1, 0, 0, 0];
  for (const [id, body] of sections) out.push(id, ...uleb(body.length), ...body);
  return new Uint8Array(out);
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
  readonly scan: (...args: number[]) => number;
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
    scan: instance.exports.scan as (...args: number[]) => number,
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

  /** @param patterns non-empty strings; an empty list gives an automaton that finds nothing. */
  constructor(patterns: readonly string[]) {
    this.patterns = patterns;
    this.#lengths = Int32Array.from(patterns, (p) => p.length);
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

  /** Every candidate occurrence of every pattern in `text`. */
  scan(text: string): Hits {
    if (this.#outIds.length === 0 || text.length === 0) return NO_HITS;
    const e = getEngine();
    const base = this.#load(e);
    let starts = new Int32Array(Math.min(1024, text.length));
    let ids = new Int32Array(starts.length);
    let count = 0;
    const outFrom = this.#outFrom;
    const outIds = this.#outIds;
    const lengths = this.#lengths;
    let state = base + this.#start;
    const accepting = base + this.#firstAccepting * ROW_BYTES;
    for (let from = 0; from < text.length; ) {
      const n = Math.min(WINDOW, text.length - from);
      e.buffer.write(n === text.length ? text : text.slice(from, from + n), TEXT, 'utf16le');
      let at = 0;
      while (at < n) {
        const k = e.scan(TEXT + 2 * at, n - at, CLASSES, HITS, HIT_CAPACITY, state, accepting);
        const i32 = e.i32;
        for (let h = 0; h < k; h++) {
          const end = from + at + i32[(HITS >> 2) + 2 * h]!;
          const s = (i32[(HITS >> 2) + 2 * h + 1]! - base) / ROW_BYTES;
          for (let o = outFrom[s]!; o < outFrom[s + 1]!; o++) {
            if (count === starts.length) {
              const grown = new Int32Array(count * 2);
              grown.set(starts);
              starts = grown;
              const grownIds = new Int32Array(count * 2);
              grownIds.set(ids);
              ids = grownIds;
            }
            const id = outIds[o]!;
            starts[count] = end - lengths[id]! + 1;
            ids[count++] = id;
          }
        }
        at += e.i32[SCRATCH >> 2]!;
        state = e.i32[(SCRATCH >> 2) + 1]!;
      }
      from += n;
    }
    return { count, starts, ids };
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
