/**
 * The DFA of an anchor automaton as a WebAssembly function (assembled here, a few hundred bytes), with
 * its memory layout: the class table, two hit buffers, the text window and eight table slots. Where
 * WebAssembly is unavailable `getEngine` returns null and the automaton runs its JavaScript loop.
 */

import { foldAscii } from './chars.js';

/** One memory page of WebAssembly. */
export const PAGE = 65_536;
/** Scratch words: hits written per lane and the lanes' final states. */
export const SCRATCH = 0;
/** Class table: one u16 per UTF-16 unit, holding class * 4 (the byte offset of the class in a row). */
export const CLASSES = 64;
/** Text window (UTF-16LE): a longer text is scanned window by window, the state carried over. */
export const WINDOW = 32_768;
/**
 * Lanes the scan runs side by side (two measured fastest; `Automaton.scan` passes exactly two); one hit
 * buffer each, large enough for a hit at every offset of a window.
 */
export const LANES = 2;
export const HITS = CLASSES + 2 * 65_536;
export const TEXT = HITS + LANES * 8 * WINDOW;
export const SLOTS_BASE = TEXT + 2 * WINDOW;
/**
 * `rollscan` reuses the hit buffers (copied out after every DFA scan): a map of one byte per prefix
 * index (2^16), then one word per reported offset (at most one per unit of a window).
 */
export const ROLL_INDEX_BITS = 16;
export const ROLL_MAP = HITS;
export const ROLL_OUT = HITS + (1 << ROLL_INDEX_BITS);
/** Units hashed at each offset by `rollscan` (and by `prefixHash`). */
export const ROLL_UNITS = 8;
/**
 * The hash `rollscan` computes over `ROLL_UNITS` units from `at`, as the index of its map entry: a cyclic
 * hash, h = rotl(h, 5) xor unit per unit, folded to `ROLL_INDEX_BITS` bits. After eight units a unit's term is rotated by
 * 40 = 8 (mod 32) bits, which is what the scan xors out again.
 * @example
 * prefixIndex('hunter22', 0) // 0 to 65535
 */
export function prefixIndex(text: string, at: number): number {
  let h = 0;
  for (let j = 0; j < ROLL_UNITS; j++) h = ((h << 5) | (h >>> 27)) ^ text.charCodeAt(at + j);
  return (h ^ (h >>> (32 - ROLL_INDEX_BITS))) & ((1 << ROLL_INDEX_BITS) - 1);
}
/** Largest transition table a slot holds; a larger automaton is refused (`fits` is false). */
export const SLOT_BYTES = 1024 * 1024;
export const SLOT_COUNT = 8;

/** Class of a UTF-16 unit: 1 for tab, one per printable ASCII character (letters folded), else 0. */
export function classOf(c: number): number {
  if (c === 9) return 1;
  if (c === 0x212a) return classOf(107); // KELVIN SIGN lower-cases to "k"
  if (c < 32 || c > 126) return 0;
  const folded = foldAscii(c);
  // 32..64 -> 2..34, 91..126 -> 35..70 (65..90 fold onto 97..122).
  return folded <= 64 ? folded - 30 : folded - 56;
}
export const CLASS_COUNT = 71;
export const ROW_BYTES = CLASS_COUNT * 4;
/** Most states of an automaton whose table fits a slot. */
export const MAX_STATES = Math.floor(SLOT_BYTES / ROW_BYTES);

// scan(text0, n0, state0, text1, n1, state1, classes, firstAccepting, reportFrom) runs LANES (two) lanes
// of the DFA in one loop: independent dependency chains the CPU overlaps. A state is the byte address of
// its row; states at or after `firstAccepting` have outputs, and each lane records (offset, state) for
// them, lanes after the first only from offset `reportFrom` on. n0 >= every other n. The scratch words
// receive each lane's hit count, then each lane's final state.
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

/**
 * rollscan(text, n, map, out) -> count: for every offset p with p + 8 <= n whose eight UTF-16 units have
 * a non-zero map entry at their `prefixIndex`, writes p to out; returns how many (a few entries may be
 * negative: offsets before the text, which the caller skips). The 16 bytes before `text` must be zero:
 * they are the units "before" the text that the first offsets xor out. Locals: at (the address of the
 * unit leaving the hash), end, h, count.
 */
function rollBody(): number[] {
  const [TXT, N, MAP, OUT, AT, END, H, KK] = [0, 1, 2, 3, 4, 5, 6, 7];
  const XOR = 0x73;
  const ROTL = 0x77;
  const SUB = 0x6b;
  const SHR_U = 0x76;
  const AND = 0x71;
  const NE = 0x47;
  const unit = (offset: number) => [...get(AT), 0x2f, 1, offset];
  // biome-ignore format: block structure
  return [
    ...get(TXT), ...i32(16), SUB, 0x21, AT,
    ...get(AT), ...get(N), ...i32(1), SHL, ADD, 0x21, END,
    ...get(N), 0x04, 0x40 /* if n != 0 */,
    0x02, 0x40, 0x03, 0x40,
    // h = rotl(h, 5) ^ unit(i) ^ rotl(unit(i - 8), 8); index = (h ^ h >>> 16) & 0xffff
    ...get(H), ...i32(5), ROTL, ...unit(16), XOR, ...unit(0), ...i32(8), ROTL, XOR, 0x22, H,
    ...get(H), ...i32(32 - ROLL_INDEX_BITS), SHR_U, XOR, ...i32((1 << ROLL_INDEX_BITS) - 1), AND,
    ...get(MAP), ADD, 0x2d, 0, 0,
    0x04, 0x40,
    // out[count++] = (at - text) / 2 + 1  (the offset where the eight units start)
    ...get(OUT), ...get(KK), ...i32(2), SHL, ADD,
    ...get(AT), ...get(TXT), SUB, ...i32(1), 0x75 /* shr_s */, ...i32(1), ADD, ...STORE(0),
    ...get(KK), ...i32(1), ADD, 0x21, KK,
    0x0b,
    ...get(AT), ...i32(2), ADD, 0x22, AT, ...get(END), NE, 0x0d, 0,
    0x0b, 0x0b,
    0x0b,
    ...get(KK),
    0x0b,
  ];
}

function moduleBytes(): Uint8Array {
  const scan = [1, 1 + LANES, 0x7f, ...body()]; // locals: i and one hit count per lane (i32)
  const roll = [1, 4, 0x7f, ...rollBody()]; // locals: at, end, h, count (i32)
  const code = [2, ...uleb(scan.length), ...scan, ...uleb(roll.length), ...roll];
  const name = (text: string) => [text.length, ...[...text].map((c) => c.charCodeAt(0))];
  const i32s = (n: number) => new Array<number>(n).fill(0x7f);
  const sections = [
    // type 0: (i32 ...) -> (); type 1: (i32 i32 i32 i32) -> i32
    [1, [2, 0x60, FROM + 1, ...i32s(FROM + 1), 0, 0x60, 4, ...i32s(4), 1, 0x7f]],
    [3, [2, 0, 1]], // function 0 has type 0, function 1 type 1
    [5, [1, 0, ...uleb(Math.ceil(SLOTS_BASE / PAGE))]], // memory
    [7, [3, ...name('scan'), 0, 0, ...name('rollscan'), 0, 1, ...name('mem'), 2, 0]], // exports
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

export interface Engine {
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
  /** Offsets whose eight units have a map entry (see `prefixIndex`); returns their number. */
  readonly rollscan: (text: number, n: number, map: number, out: number) => number;
  readonly memory: WasmMemory;
  /** Views are re-created after the memory grows. */
  u8: Uint8Array;
  u32: Uint32Array;
  i32: Int32Array;
  buffer: Buffer;
  /** The automaton whose table each slot holds. */
  readonly slots: Array<object | undefined>;
}

/** The WebAssembly engine; null where WebAssembly is unavailable (`node --jitless`, strict CSP). */
let engine: Engine | null | undefined;

export function getEngine(): Engine | null {
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
    rollscan: instance.exports.rollscan as Engine['rollscan'],
    memory,
    u8: new Uint8Array(0),
    u32: new Uint32Array(0),
    i32: new Int32Array(0),
    buffer: Buffer.alloc(0),
    slots: new Array<object | undefined>(SLOT_COUNT).fill(undefined),
  };
  refreshViews(e);
  const classes = new Uint16Array(65_536);
  for (let c = 0; c < 65_536; c++) classes[c] = classOf(c) * 4;
  e.u8.set(new Uint8Array(classes.buffer), CLASSES);
  engine = e;
  return e;
}

export function refreshViews(e: Engine): void {
  e.u8 = new Uint8Array(e.memory.buffer);
  e.u32 = new Uint32Array(e.memory.buffer);
  e.i32 = new Int32Array(e.memory.buffer);
  e.buffer = Buffer.from(e.memory.buffer);
}
