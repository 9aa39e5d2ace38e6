import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OutputCollector } from '../../src/transports/output.js';

describe('bounded output collector', () => {
  it('output never exceeds the cap and is always a prefix of the full text, whatever the chunking (bound property)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 200 }),
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 1, max: 9 }),
        (text, cap, step) => {
          const bytes = Buffer.from(text, 'utf8');
          const streamed: string[] = [];
          const c = new OutputCollector(cap, (chunk) => streamed.push(chunk));
          for (let i = 0; i < bytes.length; i += step) c.push(bytes.subarray(i, i + step));
          const out = c.finish();
          expect(Buffer.byteLength(out)).toBeLessThanOrEqual(cap);
          expect(text.startsWith(out)).toBe(true);
          expect(streamed.join('')).toBe(out);
          expect(c.overflowed).toBe(bytes.length > cap);
          expect(c.received).toBe(bytes.length);
          if (bytes.length <= cap) expect(out).toBe(text);
        },
      ),
      { seed: 21, numRuns: 400 },
    );
  });

  it('a throwing onData marks the collector failed and stops further delivery', () => {
    let calls = 0;
    const c = new OutputCollector(1000, () => {
      calls++;
      throw new Error('boom');
    });
    expect(c.push('a')).toBe(false);
    expect(c.push('b')).toBe(false);
    expect(c.handlerFailed).toBe(true);
    expect(calls).toBe(1);
  });
});
