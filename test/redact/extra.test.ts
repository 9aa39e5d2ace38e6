/**
 * Two labelled sets written after the detectors, as held-out checks are (network devices; Linux hosts
 * and applications). Unlike the main corpus they are not all passed: the test pins the rates reached,
 * so a change that loses a secret or a must-keep token fails, and the misses are listed in the output.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRedactor } from '../../src/redact/index.js';
import { loadCorpus, scoreCorpus } from './corpus.js';

const KEY = new Uint8Array(32).fill(7);

const SETS = [
  { dir: 'network', recall: 421 / 422, keep: 1 },
  { dir: 'hosts', recall: 379 / 386, keep: 401 / 406 },
] as const;

/** A seeded generator of chunk sizes (1 to 200 units). */
function chunker(seed: number): () => number {
  let s = seed;
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return 1 + (s % 200);
  };
}

describe.each(SETS)('held-out style set "$dir"', ({ dir, recall, keep }) => {
  const files = loadCorpus(join(import.meta.dirname, 'extra', dir));

  it('keeps its recall and keep rate (whole text)', () => {
    const r = createRedactor({ key: KEY, org: 'eval' });
    const { rows, total, recall: got, keepRate } = scoreCorpus(r, files);
    for (const row of rows)
      if (row.score.missed.length > 0 || row.score.lost.length > 0)
        console.log(`${row.file.name}: ${row.score.missed.length} missed, ${row.score.lost.length} lost`);
    console.log(`${dir}: ${total.removed}/${total.secrets} removed, ${total.kept}/${total.keep} kept`);
    expect(files.length).toBeGreaterThanOrEqual(13);
    expect(got).toBeGreaterThanOrEqual(recall);
    expect(keepRate).toBeGreaterThanOrEqual(keep);
  });

  it('gives the same text streamed in random chunks as whole', () => {
    for (const [i, f] of files.entries()) {
      const whole = createRedactor({ key: KEY, org: 'eval' }).redact(f.text).text;
      for (let run = 0; run < 3; run++) {
        const next = chunker(1000 * i + run);
        const s = createRedactor({ key: KEY, org: 'eval' }).createStream();
        let out = '';
        for (let at = 0; at < f.text.length; ) {
          const n = next();
          out += s.push(f.text.slice(at, at + n));
          at += n;
        }
        out += s.end();
        expect(out).toBe(whole);
      }
    }
  });
});
