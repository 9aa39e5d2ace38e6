import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  EMPTY_ROOT,
  hashLeaf,
  hashNode,
  MerkleTree,
  merkleRoot,
  verifyConsistency,
  verifyInclusion,
} from '../../src/audit/index.js';
import { isAirlockError } from '../../src/errors.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

// The RFC 6962 test leaves and roots used by Certificate Transparency implementations.
const LEAVES = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
];
const ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];

function treeOf(n: number): MerkleTree {
  const t = new MerkleTree();
  for (let i = 0; i < n; i++) t.append(hashLeaf(`leaf ${i}`));
  return t;
}

describe('RFC 6962 Merkle tree', () => {
  it('matches the RFC 6962 known-answer roots for 1..8 leaves', () => {
    const t = new MerkleTree();
    LEAVES.forEach((d, i) => {
      t.append(hashLeaf(Buffer.from(d, 'hex')));
      expect(hex(t.root())).toBe(ROOTS[i]);
      expect(hex(t.rootAt(i + 1))).toBe(ROOTS[i]);
    });
    expect(hex(new MerkleTree().root())).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(hex(merkleRoot([]))).toBe(hex(EMPTY_ROOT));
  });

  it('leaf and node hashes are domain-separated (a node never equals a leaf of the same bytes)', () => {
    const a = hashLeaf('a');
    const b = hashLeaf('b');
    expect(hex(hashNode(a, b))).not.toBe(hex(hashLeaf(Buffer.concat([a, b]))));
    // The string and the byte paths hash the same UTF-8 bytes.
    expect(hex(hashLeaf('é{"x":1}'))).toBe(hex(hashLeaf(Buffer.from('é{"x":1}', 'utf8'))));
  });

  it('every inclusion proof verifies, for every index of every size up to 33', () => {
    const t = treeOf(33);
    for (let n = 1; n <= 33; n++) {
      const root = t.rootAt(n);
      for (let i = 0; i < n; i++) {
        expect(verifyInclusion(t.leaf(i), i, n, t.inclusionProof(i, n), root)).toBe(true);
      }
    }
  });

  it('every consistency proof verifies, for every pair of sizes up to 33', () => {
    const t = treeOf(33);
    for (let n = 0; n <= 33; n++) {
      for (let m = 0; m <= n; m++) {
        expect(verifyConsistency(m, n, t.rootAt(m), t.rootAt(n), t.consistencyProof(m, n))).toBe(true);
      }
    }
  });

  it('a proof for another leaf, index, size or root never verifies (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 40 }), fc.nat(), fc.nat(), fc.nat(), (n, a, b, c) => {
        const t = treeOf(n);
        const i = a % n;
        const proof = t.inclusionProof(i, n);
        const root = t.rootAt(n);
        const j = (i + 1 + (b % (n - 1))) % n;
        expect(verifyInclusion(t.leaf(j), i, n, proof, root)).toBe(false);
        expect(verifyInclusion(t.leaf(i), j, n, proof, root)).toBe(false);
        expect(verifyInclusion(t.leaf(i), i, n, proof, t.rootAt(n - 1 === 0 ? 1 : n - 1))).toBe(false);
        if (proof.length > 0) {
          const k = c % proof.length;
          const bad = proof.map((p, x) => (x === k ? hashLeaf('forged') : p));
          expect(verifyInclusion(t.leaf(i), i, n, bad, root)).toBe(false);
          expect(verifyInclusion(t.leaf(i), i, n, proof.slice(0, -1), root)).toBe(false);
        }
      }),
      { seed: 62, numRuns: 150 },
    );
  });

  it('a consistency proof never links a tree to one that rewrote its prefix (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 30 }),
        fc.nat(),
        (m, extra, at) => {
          const n = m + extra;
          const t = treeOf(n);
          const forked = new MerkleTree();
          for (let i = 0; i < n; i++) forked.append(hashLeaf(i === at % m ? 'rewritten' : `leaf ${i}`));
          // The honest proof does not connect the old head to the forked new head.
          expect(verifyConsistency(m, n, t.rootAt(m), forked.rootAt(n), t.consistencyProof(m, n))).toBe(
            false,
          );
          expect(verifyConsistency(m, n, t.rootAt(m), forked.rootAt(n), forked.consistencyProof(m, n))).toBe(
            false,
          );
        },
      ),
      { seed: 6962, numRuns: 120 },
    );
  });

  it('rejects out-of-range arguments with typed errors, and malformed proofs with false', () => {
    const t = treeOf(4);
    for (const [fn, code] of [
      [() => t.inclusionProof(4, 4), 'AUDIT_OUT_OF_RANGE'],
      [() => t.inclusionProof(0, 5), 'AUDIT_OUT_OF_RANGE'],
      [() => t.inclusionProof(-1, 2), 'AUDIT_OUT_OF_RANGE'],
      [() => t.consistencyProof(3, 2), 'AUDIT_OUT_OF_RANGE'],
      [() => t.rootAt(1.5), 'AUDIT_OUT_OF_RANGE'],
      [() => t.leaf(4), 'AUDIT_OUT_OF_RANGE'],
      [() => t.append(new Uint8Array(31)), 'AUDIT_BAD_HASH'],
    ] as const) {
      let caught: unknown;
      try {
        fn();
      } catch (e) {
        caught = e;
      }
      expect(isAirlockError(caught, code)).toBe(true);
    }
    const root = t.root();
    expect(verifyInclusion(t.leaf(0), 0, 4, [new Uint8Array(3)], root)).toBe(false);
    expect(verifyInclusion(t.leaf(0), 4, 4, t.inclusionProof(0), root)).toBe(false);
    expect(verifyInclusion(t.leaf(0), Number.NaN, 4, t.inclusionProof(0), root)).toBe(false);
    expect(verifyConsistency(2, 1, t.rootAt(2), t.rootAt(1), [])).toBe(false);
    expect(verifyConsistency(2, 4, t.rootAt(2), root, [])).toBe(false);
    expect(verifyConsistency(0, 4, EMPTY_ROOT, root, [root])).toBe(false);
  });
});
