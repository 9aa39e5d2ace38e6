import { describe, expect, it } from 'vitest';
import { AirlockError, describeValue, isAirlockError, TamperError, UsageError } from '../src/errors.js';

describe('errors', () => {
  it('isAirlockError recognises errors by brand, not instanceof, and filters by code', () => {
    const e = new TamperError('AUDIT_CHAIN_BROKEN', 'entry 3: leaf hash mismatch');
    expect(isAirlockError(e)).toBe(true);
    expect(isAirlockError(e, 'AUDIT_CHAIN_BROKEN')).toBe(true);
    expect(isAirlockError(e, 'OTHER')).toBe(false);
    expect(e.fault).toBe('tamper');
    // A copy from another bundle shares only the global symbol.
    const foreign = Object.assign(new Error('x'), { [Symbol.for('airlock.error')]: true, code: 'X' });
    expect(isAirlockError(foreign, 'X')).toBe(true);
    expect(isAirlockError(new Error('plain'))).toBe(false);
    expect(isAirlockError(null)).toBe(false);
  });

  it('describeValue names type and size, never the value', () => {
    const secret = 'hunter2-very-secret';
    const d = describeValue(secret);
    expect(d).toBe(`string(${secret.length})`);
    expect(d).not.toContain('hunter2');
    expect(describeValue(new Uint8Array(32))).toBe('Uint8Array(32)');
    expect(describeValue([1, 2])).toBe('array(2)');
    expect(describeValue(null)).toBe('null');
    expect(describeValue({ a: 1 })).toBe('object');
    expect(describeValue(5)).toBe('number');
  });

  it('subclasses carry fault and cause', () => {
    const cause = new Error('inner');
    const e = new UsageError('BAD_SLOT', '"slot.org" expected a non-empty string, got number', { cause });
    expect(e).toBeInstanceOf(AirlockError);
    expect(e.cause).toBe(cause);
    expect(e.fault).toBe('caller');
    expect(e.name).toBe('UsageError');
    expect(JSON.parse(JSON.stringify(e)).code).toBe('BAD_SLOT');
  });
});
