/**
 * RFC 6962 / RFC 9162 Merkle tree hashing: domain-separated leaf (0x00) and node (0x01) hashes so a leaf
 * can never pass for a node (second-preimage), inclusion and consistency proofs, and their verifiers
 * (RFC 9162 §2.1.3.2 and §2.1.4.2). Hashes are 32-byte SHA-256 digests.
 */
import { createHash, hash } from 'node:crypto';
import { UsageError } from '../errors.js';

const LEAF_PREFIX = new Uint8Array([0]);
const HASH_BYTES = 32;
const NODE_INPUT = Buffer.alloc(1 + 2 * HASH_BYTES);

/**
 * SHA-256 as bytes. Node 20's `hash(…, 'buffer')` takes a path about twice as slow as a string
 * digest; 'binary' (latin1) maps each digest byte to one character and back, so the bytes are the same.
 * @example
 * sha256('abc').length // 32
 */
export function sha256(data: string | Uint8Array): Buffer {
  return Buffer.from(hash('sha256', data, 'binary'), 'latin1');
}

/**
 * Root of the empty tree: SHA-256 of the empty string (RFC 6962 §2.1).
 * @example
 * new MerkleTree().root() // equals EMPTY_ROOT
 */
export const EMPTY_ROOT: Uint8Array = createHash('sha256').digest();

/**
 * Leaf hash `SHA-256(0x00 || data)`.
 * @example
 * hashLeaf(Buffer.from('{"a":1}'))
 */
export function hashLeaf(data: string | Uint8Array): Uint8Array {
  // One-shot hashing is ~2x faster than a Hash object; '\u0000' encodes as the single byte 0x00.
  if (typeof data === 'string') return sha256(`\u0000${data}`);
  return sha256(Buffer.concat([LEAF_PREFIX, data]));
}

/**
 * Interior node hash `SHA-256(0x01 || left || right)`.
 * @example
 * hashNode(hashLeaf('a'), hashLeaf('b'))
 */
export function hashNode(left: Uint8Array, right: Uint8Array): Uint8Array {
  // The common case (two 32-byte hashes) reuses one input buffer: hash() reads it synchronously.
  const buf =
    left.length === HASH_BYTES && right.length === HASH_BYTES
      ? NODE_INPUT
      : Buffer.allocUnsafe(1 + left.length + right.length);
  buf[0] = 0x01;
  buf.set(left, 1);
  buf.set(right, 1 + left.length);
  return sha256(buf);
}

/**
 * An append-only Merkle tree that keeps every leaf hash and the root of every perfect subtree it has
 * built (so past roots and proofs cost O(log n) hashes, not O(n)), plus the stack of the current
 * perfect subtrees. Appending only stores the leaf; leaves are folded in when a root or proof is
 * asked for, or when `settle()` is called (the log does it while a sync runs).
 * @example
 * const t = new MerkleTree(); t.append(hashLeaf('x')); t.root()
 */
export class MerkleTree {
  #leaves = new Uint8Array(HASH_BYTES * 64);
  #size = 0;
  // Roots of the perfect subtrees over the first #folded leaves, largest first (one per set bit).
  #stack: Uint8Array[] = [];
  #folded = 0;
  // #levels[h - 1] holds the roots of the perfect subtrees of 2^h leaves, in order: subtree j
  // covers leaves [j * 2^h, (j + 1) * 2^h). About one stored node per leaf in all.
  #levels: Uint8Array[] = [];

  get size(): number {
    return this.#size;
  }

  append(leafHash: Uint8Array): void {
    if (leafHash.length !== HASH_BYTES) throw new UsageError('AUDIT_BAD_HASH', `leaf hash expected 32 bytes`);
    if ((this.#size + 1) * HASH_BYTES > this.#leaves.length) {
      const grown = new Uint8Array(this.#leaves.length * 2);
      grown.set(this.#leaves);
      this.#leaves = grown;
    }
    this.#leaves.set(leafHash, this.#size * HASH_BYTES);
    this.#size++;
  }

  /** Folds every appended leaf into the subtree stack: O(1) amortized hashes per leaf. */
  settle(): void {
    for (; this.#folded < this.#size; this.#folded++) {
      const at = this.#folded * HASH_BYTES;
      let node: Uint8Array = this.#leaves.subarray(at, at + HASH_BYTES);
      // Each trailing one bit of the folded count is a perfect subtree that merges with the new node.
      let h = 0;
      for (let n = this.#folded; n & 1; n >>>= 1) {
        node = hashNode(this.#stack.pop()!, node);
        h++;
        this.#storeNode(h, this.#folded >>> h, node);
      }
      this.#stack.push(node);
    }
  }

  #storeNode(h: number, j: number, node: Uint8Array): void {
    let level = this.#levels[h - 1];
    if (level === undefined) {
      level = new Uint8Array(HASH_BYTES * 8);
      this.#levels[h - 1] = level;
    }
    if ((j + 1) * HASH_BYTES > level.length) {
      const grown = new Uint8Array(level.length * 2);
      grown.set(level);
      level = grown;
      this.#levels[h - 1] = level;
    }
    level.set(node, j * HASH_BYTES);
  }

  /** Root of the whole tree (RFC 6962 MTH). */
  root(): Uint8Array {
    this.settle();
    if (this.#stack.length === 0) return EMPTY_ROOT;
    let r = this.#stack[this.#stack.length - 1]!;
    for (let i = this.#stack.length - 2; i >= 0; i--) r = hashNode(this.#stack[i]!, r);
    return r;
  }

  /** Leaf hash at `index`. */
  leaf(index: number): Uint8Array {
    checkRange('index', index, 0, this.#size - 1);
    return this.#leaves.subarray(index * HASH_BYTES, (index + 1) * HASH_BYTES);
  }

  /** Root of the tree made of the first `size` leaves. */
  rootAt(size: number): Uint8Array {
    checkRange('size', size, 0, this.#size);
    this.settle();
    return size === 0 ? EMPTY_ROOT : this.#subtree(0, size);
  }

  /** Audit path for leaf `index` in the tree of the first `size` leaves (RFC 6962 §2.1.1 PATH). */
  inclusionProof(index: number, size: number = this.#size): Uint8Array[] {
    checkRange('size', size, 1, this.#size);
    checkRange('index', index, 0, size - 1);
    this.settle();
    return this.#path(index, 0, size);
  }

  /** Consistency proof between the trees of the first `from` and `to` leaves (RFC 6962 §2.1.2). */
  consistencyProof(from: number, to: number = this.#size): Uint8Array[] {
    checkRange('to', to, 0, this.#size);
    checkRange('from', from, 0, to);
    if (from === 0 || from === to) return [];
    this.settle();
    return this.#subproof(from, 0, to, true);
  }

  #subtree(start: number, end: number): Uint8Array {
    const n = end - start;
    if (n === 1) return this.leaf(start);
    // RFC 6962's split only ever reaches perfect subtrees at aligned starts: those are stored
    // once every leaf is folded (callers settle first).
    if ((n & (n - 1)) === 0 && start % n === 0 && end <= this.#folded) {
      const h = 31 - Math.clz32(n);
      const at = (start >>> h) * HASH_BYTES;
      return this.#levels[h - 1]!.subarray(at, at + HASH_BYTES);
    }
    const k = largestPowerOfTwoBelow(n);
    return hashNode(this.#subtree(start, start + k), this.#subtree(start + k, end));
  }

  #path(m: number, start: number, end: number): Uint8Array[] {
    const n = end - start;
    if (n === 1) return [];
    const k = largestPowerOfTwoBelow(n);
    if (m < k) return [...this.#path(m, start, start + k), this.#subtree(start + k, end)];
    return [...this.#path(m - k, start + k, end), this.#subtree(start, start + k)];
  }

  #subproof(m: number, start: number, end: number, whole: boolean): Uint8Array[] {
    const n = end - start;
    if (m === n) return whole ? [] : [this.#subtree(start, end)];
    const k = largestPowerOfTwoBelow(n);
    if (m <= k) return [...this.#subproof(m, start, start + k, whole), this.#subtree(start + k, end)];
    return [...this.#subproof(m - k, start + k, end, false), this.#subtree(start, start + k)];
  }
}

/**
 * RFC 6962 root of a list of leaf hashes.
 * @example
 * merkleRoot([hashLeaf('a'), hashLeaf('b')])
 */
export function merkleRoot(leafHashes: readonly Uint8Array[]): Uint8Array {
  const t = new MerkleTree();
  for (const h of leafHashes) t.append(h);
  return t.root();
}

/**
 * Verifies that `leafHash` is leaf `index` of the tree of `size` leaves with root `root`
 * (RFC 9162 §2.1.3.2). Returns false, never throws, for any malformed input.
 * @example
 * verifyInclusion(tree.leaf(3), 3, tree.size, tree.inclusionProof(3), tree.root()) // true
 */
export function verifyInclusion(
  leafHash: Uint8Array,
  index: number,
  size: number,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  if (!isCount(index) || !isCount(size) || index >= size) return false;
  if (!isHash(leafHash) || !isHash(root) || !proof.every(isHash)) return false;
  let fn = index;
  let sn = size - 1;
  let r = leafHash;
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = hashNode(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = hashNode(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && equalBytes(r, root);
}

/**
 * Verifies that the tree of `fromSize` leaves with root `fromRoot` is a prefix of the tree of `toSize`
 * leaves with root `toRoot` (RFC 9162 §2.1.4.2). Returns false, never throws, for malformed input.
 * @example
 * verifyConsistency(3, 7, tree.rootAt(3), tree.rootAt(7), tree.consistencyProof(3, 7)) // true
 */
export function verifyConsistency(
  fromSize: number,
  toSize: number,
  fromRoot: Uint8Array,
  toRoot: Uint8Array,
  proof: readonly Uint8Array[],
): boolean {
  if (!isCount(fromSize) || !isCount(toSize) || fromSize > toSize) return false;
  if (!isHash(fromRoot) || !isHash(toRoot) || !proof.every(isHash)) return false;
  if (fromSize === toSize) return proof.length === 0 && equalBytes(fromRoot, toRoot);
  // Every tree extends the empty tree; the proof is empty by definition.
  if (fromSize === 0) return proof.length === 0 && equalBytes(fromRoot, EMPTY_ROOT);
  if (proof.length === 0) return false;
  const path = isPowerOfTwo(fromSize) ? [fromRoot, ...proof] : [...proof];
  let fn = fromSize - 1;
  let sn = toSize - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr = path[0]!;
  let sr = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = hashNode(c, fr);
      sr = hashNode(c, sr);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else {
      sr = hashNode(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && equalBytes(fr, fromRoot) && equalBytes(sr, toRoot);
}

/** Constant-length byte comparison (hashes are public, so timing is not a concern here). */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function isPowerOfTwo(n: number): boolean {
  return n > 0 && Number.isInteger(Math.log2(n));
}

function isCount(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
}

function isHash(h: unknown): h is Uint8Array {
  return h instanceof Uint8Array && h.length === HASH_BYTES;
}

function checkRange(name: string, value: number, min: number, max: number): void {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError('AUDIT_OUT_OF_RANGE', `"${name}" expected an integer in [${min}, ${max}]`);
  }
}
