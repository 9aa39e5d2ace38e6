import { describe, expect, it } from 'vitest';
import { createRedactor } from '../../src/redact/index.js';

const KEY = new Uint8Array(32).fill(7);

describe('a secret whose name is on the line before', () => {
  const text = [
    '        env:',
    '          - name: LOG_LEVEL',
    '            value: "info"',
    '          - name: API_SIGNING_KEY',
    '            value: "Fp0u+Wrfan8I8kUd0kqZjlRw4GDpNbzPrNv4RkTXQbNE"',
    '',
  ].join('\n');

  it('is redacted in a whole text, and the neighbouring values stay', () => {
    const out = createRedactor({ key: KEY }).redact(text).text;
    expect(out).not.toContain('Fp0u+Wrfan8I8kUd0kqZjlRw4GDpNbzPrNv4RkTXQbNE');
    expect(out).toContain('value: "info"');
  });

  it('is redacted when a stream is cut at any offset, with the same result', () => {
    const whole = createRedactor({ key: KEY }).redact(text).text;
    for (let cut = 1; cut < text.length; cut++) {
      const s = createRedactor({ key: KEY }).createStream();
      expect(s.push(text.slice(0, cut)) + s.push(text.slice(cut)) + s.end()).toBe(whole);
    }
  });
});
