import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRedactor } from '../../src/redact/index.js';
import { loadCorpus, scoreCorpus } from './corpus.js';

const files = loadCorpus();

function chunked(text: string, cuts: number[], redactor = createRedactor()): string {
  const stream = redactor.createStream();
  const points = [...new Set(cuts.map((c) => Math.floor(c * text.length)))].sort((a, b) => a - b);
  let out = '';
  let prev = 0;
  for (const p of points) {
    out += stream.push(text.slice(prev, p));
    prev = p;
  }
  out += stream.push(text.slice(prev));
  return out + stream.end();
}

describe('labelled corpus', () => {
  it('has files for every vendor family, with secrets and must-keep tokens', () => {
    expect(files.length).toBeGreaterThanOrEqual(8);
    expect(files.reduce((n, f) => n + f.secrets.length, 0)).toBeGreaterThan(150);
    expect(files.reduce((n, f) => n + f.keep.length, 0)).toBeGreaterThan(150);
  });

  it('removes every labelled secret value and keeps every must-keep token (whole text)', () => {
    const result = scoreCorpus(createRedactor(), files);
    const report = result.rows.map(
      (r) =>
        `${r.file.name}: ${r.score.removed}/${r.score.secrets} removed, ${r.score.kept}/${r.score.keep} kept`,
    );
    console.log(
      `corpus recall ${(result.recall * 100).toFixed(2)} %, keep ${(result.keepRate * 100).toFixed(2)} %\n${report.join('\n')}`,
    );
    for (const r of result.rows) {
      // Values are never printed: only their lengths, so a failing run does not leak test secrets into CI logs.
      expect({
        file: r.file.name,
        missedLengths: r.score.missed.map((v) => v.length),
        lost: r.score.lost,
      }).toEqual({
        file: r.file.name,
        missedLengths: [],
        lost: [],
      });
    }
    expect(result.recall).toBeGreaterThanOrEqual(0.995);
    expect(result.keepRate).toBeGreaterThanOrEqual(0.98);
  });

  it('a stream catches every labelled secret for any chunking, and gives the same text as redact', () => {
    const redactor = createRedactor();
    fc.assert(
      fc.property(
        fc.constantFrom(...files),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 40 }),
        (file, cuts) => {
          const out = chunked(file.text, cuts, redactor);
          for (const v of file.secrets) expect(out.includes(v)).toBe(false);
          expect(out).toBe(redactor.redact(file.text).text);
        },
      ),
      { seed: 6006, numRuns: 60 },
    );
  });

  it('a stream fed one character at a time catches every labelled secret', () => {
    const redactor = createRedactor();
    for (const file of files) {
      const stream = redactor.createStream();
      let out = '';
      for (const ch of file.text) out += stream.push(ch);
      out += stream.end();
      expect(out).toBe(redactor.redact(file.text).text);
    }
  });

  it('restore(redact(x)) = x on every corpus file, and redaction is idempotent', () => {
    const redactor = createRedactor();
    for (const file of files) {
      const { text } = redactor.redact(file.text);
      expect(redactor.table.restore(text).text).toBe(file.text);
      expect(redactor.redact(text).text).toBe(text);
    }
  });
});
