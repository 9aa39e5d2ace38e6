import { describe, expect, it } from 'vitest';
import { isAirlockError } from '../../src/errors.js';
import { createRedactor, type RedactorOptions } from '../../src/redact/index.js';

const bad: Array<[string, unknown]> = [
  ['undefined', undefined],
  ['null', null],
  ['number', 42],
  ['object', { toString: () => 'password=x' }],
  ['array', ['password=x']],
  ['Uint8Array', new Uint8Array(4)],
];

function code(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    expect(isAirlockError(e)).toBe(true);
    return (e as { code: string }).code;
  }
  return undefined;
}

describe('invalid input against every public function', () => {
  const r = createRedactor({ key: new Uint8Array(32) });

  it.each(bad)('redact(%s) throws REDACT_BAD_INPUT', (_name, value) => {
    expect(code(() => r.redact(value as string))).toBe('REDACT_BAD_INPUT');
  });

  it.each(bad)('table.substitute(%s) and table.restore(%s) throw REDACT_BAD_INPUT', (_name, value) => {
    expect(code(() => r.table.substitute(value as string))).toBe('REDACT_BAD_INPUT');
    expect(code(() => r.table.restore(value as string))).toBe('REDACT_BAD_INPUT');
  });

  it.each(bad)('stream.push(%s) throws REDACT_BAD_INPUT', (_name, value) => {
    expect(code(() => r.createStream().push(value as string))).toBe('REDACT_BAD_INPUT');
  });

  it.each([...bad, ['short string', 'abc'], ['empty', '']] as Array<[string, unknown]>)(
    'register(%s) throws REDACT_SECRET_TOO_SHORT',
    (_name, value) => {
      expect(code(() => r.register(value as string))).toBe('REDACT_SECRET_TOO_SHORT');
    },
  );

  it('register refuses placeholder-shaped values, bad kinds and bad names, and leaves the table unchanged', () => {
    const before = r.table.size;
    expect(code(() => r.register('x__SECRET_PSK_AAAAAAAAAAAAA__y'))).toBe('REDACT_SECRET_IS_PLACEHOLDER');
    expect(code(() => r.register('valid-secret', { kind: 'lower' }))).toBe('REDACT_BAD_KIND');
    expect(code(() => r.register('valid-secret', { kind: 'A_B' }))).toBe('REDACT_BAD_KIND');
    expect(code(() => r.register('valid-secret', { name: 5 as unknown as string }))).toBe('REDACT_BAD_NAME');
    expect(r.table.size).toBe(before);
  });

  it.each([
    ['key too short', { key: new Uint8Array(8) }, 'REDACT_BAD_KEY'],
    ['key not bytes', { key: 'k'.repeat(32) as unknown as Uint8Array }, 'REDACT_BAD_KEY'],
    ['org not a string', { org: 7 as unknown as string }, 'REDACT_BAD_ORG'],
    ['entropy out of range', { entropyThreshold: 9 }, 'REDACT_BAD_OPTIONS'],
    ['entropy NaN', { entropyThreshold: Number.NaN }, 'REDACT_BAD_OPTIONS'],
    ['tableLimit zero', { tableLimit: 0 }, 'REDACT_BAD_OPTIONS'],
    ['secret too short', { secrets: ['ab'] }, 'REDACT_SECRET_TOO_SHORT'],
    ['secret not a string', { secrets: [5 as unknown as string] }, 'REDACT_SECRET_TOO_SHORT'],
  ] as Array<[string, RedactorOptions, string]>)(
    'createRedactor with %s throws %s',
    (_name, options, expected) => {
      expect(code(() => createRedactor(options))).toBe(expected);
    },
  );

  it('createRedactor(null) throws REDACT_BAD_OPTIONS', () => {
    expect(code(() => createRedactor(null as unknown as RedactorOptions))).toBe('REDACT_BAD_OPTIONS');
  });

  it('error messages name type and length, never the value', () => {
    try {
      r.register('abc');
    } catch (e) {
      expect((e as Error).message).toContain('string(3)');
      expect((e as Error).message).not.toContain('abc');
    }
  });
});
