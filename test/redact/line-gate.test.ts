import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TextIndex } from '../../src/redact/lines.js';
import { findPatterns } from '../../src/redact/patterns.js';
import type { Span } from '../../src/redact/span.js';
import { loadCorpus } from './corpus.js';

// Large texts run each pattern rule only on the lines holding its needle. That prefilter is an
// optimisation only: it must find exactly what one plain pass per rule over the whole text finds.
function both(text: string): [Span[], Span[]] {
  const gated: Span[] = [];
  const plain: Span[] = [];
  findPatterns(text, gated, new TextIndex(text), 0);
  findPatterns(text, plain, new TextIndex(text), Number.POSITIVE_INFINITY);
  return [gated, plain];
}

const corpusLines = loadCorpus().flatMap((f) => f.text.split('\n'));
const fragments = [
  'root:$6$abcdefgh$ijklmnopqrstu:19000:0:99999:7:::',
  'user:x:1:2:3:4:',
  'curl -u bob:hunter2-x https://h',
  'docker login -u ci -p Zq7-pass',
  'smbclient -U admin%S3cret-x //h/s',
  'AUTHORIZATION: Bearer abcdefghij',
  'snmp-server host 10.0.0.1 version 2c C0mmunity',
  'https://u:p4ss@h/x',
  '\r',
  '\\',
  ' ',
  'İ',
];

describe('line-gated pattern rules', () => {
  it('find exactly what plain per-rule passes find, on every corpus file and their concatenation', () => {
    const files = loadCorpus().map((f) => f.text);
    for (const text of [...files, files.join('\n')]) {
      const [gated, plain] = both(text);
      expect(gated).toEqual(plain);
    }
  });

  it('find exactly what plain per-rule passes find, for any mix of corpus lines and fragments', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constantFrom(...corpusLines), fc.constantFrom(...fragments), fc.string()), {
          maxLength: 60,
        }),
        fc.constantFrom('\n', '\r\n', '', ' '),
        (parts, sep) => {
          const [gated, plain] = both(parts.join(sep));
          expect(gated).toEqual(plain);
        },
      ),
      { seed: 6106, numRuns: 300 },
    );
  });
});
