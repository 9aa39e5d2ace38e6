// The tree keeps perfect-subtree roots and folds leaves lazily; roots and proofs must still be the
// plain RFC 6962 recursion over the leaves, whatever the order of appends, settles and queries.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashLeaf, hashNode, MerkleTree, verifyConsistency, verifyInclusion } from '../../src/audit/index.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

// RFC 6962 §2.1 MTH, straight from the definition.
function mth(leaves: readonly Uint8Array[]): Uint8Array {
  if (leaves.length === 1) return leaves[0]!;
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return hashNode(mth(leaves.slice(0, k)), mth(leaves.slice(k)));
}

describe('Merkle tree with stored subtrees and lazy folding', () => {
  it('rootAt, root and proofs equal the RFC 6962 recursion for every prefix, however appends and queries interleave (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constant('append' as const), fc.constant('settle' as const), fc.nat(70)), {
          minLength: 1,
          maxLength: 120,
        }),
        (ops) => {
          const t = new MerkleTree();
          const leaves: Uint8Array[] = [];
          for (const op of ops) {
            if (op === 'append') {
              const leaf = hashLeaf(`leaf ${leaves.length}`);
              leaves.push(leaf);
              t.append(leaf);
            } else if (op === 'settle') {
              t.settle();
            } else if (leaves.length > 0) {
              const size = 1 + (op % leaves.length);
              const root = mth(leaves.slice(0, size));
              expect(hex(t.rootAt(size))).toBe(hex(root));
              const index = op % size;
              expect(verifyInclusion(leaves[index]!, index, size, t.inclusionProof(index, size), root)).toBe(
                true,
              );
              const from = 1 + (op % size);
              expect(
                verifyConsistency(
                  from,
                  size,
                  mth(leaves.slice(0, from)),
                  root,
                  t.consistencyProof(from, size),
                ),
              ).toBe(true);
            }
          }
          if (leaves.length > 0) expect(hex(t.root())).toBe(hex(mth(leaves)));
        },
      ),
      { seed: 962, numRuns: 150 },
    );
  });
});
