import { describe, expect, it } from 'vitest';
import { createRedactor } from '../../src/redact/index.js';

// The redactor remembers short texts that held no secret (audit events repeat them). These tests pin
// that the memory never changes an answer: a registration makes a remembered text secret again.
describe('remembered clean texts', () => {
  const key = new Uint8Array(32).fill(9);

  it('a text redacted clean before a registration is redacted after it', () => {
    const r = createRedactor({ key });
    const text = 'deployed build Qx7-unregistered-1 to R1';
    expect(r.redact(text)).toEqual({ text, findings: [] });
    expect(r.redact(text)).toEqual({ text, findings: [] });
    r.register('Qx7-unregistered-1');
    const after = r.redact(text);
    expect(after.text).not.toContain('Qx7-unregistered-1');
    expect(after.findings).toHaveLength(1);
  });

  it('a clean answer is a fresh object each time, and texts with findings are never remembered', () => {
    const r = createRedactor({ key });
    const a = r.redact('interface ether1');
    const b = r.redact('interface ether1');
    expect(a).not.toBe(b);
    expect(a.findings).not.toBe(b.findings);
    const secret = 'password=hunter2-xyz';
    const first = r.redact(secret);
    r.table.clear();
    const second = r.redact(secret);
    expect(second).toEqual(first);
    // The table is filled again: a remembered answer would have skipped it.
    expect(r.table.size).toBe(1);
  });

  it('many distinct clean texts stay bounded and are answered the same as a fresh redactor', () => {
    const r = createRedactor({ key });
    const fresh = createRedactor({ key });
    for (let i = 0; i < 10_000; i++) {
      const t = `status ${i} ok`;
      expect(r.redact(t)).toEqual(fresh.redact(t));
    }
    expect(r.redact('status 1 ok')).toEqual({ text: 'status 1 ok', findings: [] });
  });
});
