import { describe, expect, it } from 'vitest';
import { isAirlockError } from '../../src/errors.js';
import { hashCanonical } from '../../src/internal/hash.js';
import {
  compileCommandPattern,
  EMPTY_POLICY,
  isPolicy,
  matchGlob,
  parsePolicy,
} from '../../src/trust/index.js';

describe('parsePolicy', () => {
  it.each([
    ['null', null],
    ['a string', 'allow all'],
    ['no version', { rules: [] }],
    ['future version', { v: 2, rules: [] }],
    ['rules not an array', { v: 1, rules: {} }],
    ['unknown top-level key', { v: 1, rules: [], default: 'allow' }],
    ['rule without id', { v: 1, rules: [{ effect: 'allow', tool: 'ssh' }] }],
    ['rule with bad effect', { v: 1, rules: [{ id: 'a', effect: 'yes', tool: 'ssh' }] }],
    ['rule matching everything', { v: 1, rules: [{ id: 'a', effect: 'allow' }] }],
    ['rule with unknown key', { v: 1, rules: [{ id: 'a', effect: 'allow', tool: 'ssh', when: 'always' }] }],
    ['rule with bad risk', { v: 1, rules: [{ id: 'a', effect: 'allow', risk: 'low' }] }],
    [
      'duplicate ids',
      {
        v: 1,
        rules: [
          { id: 'a', effect: 'allow', tool: 'x' },
          { id: 'a', effect: 'deny', tool: 'y' },
        ],
      },
    ],
  ])('rejects %s with POLICY_INVALID (a ConfigError, never an allow-all)', (_n, doc) => {
    try {
      parsePolicy(doc);
      expect.unreachable();
    } catch (e) {
      expect(isAirlockError(e, 'POLICY_INVALID')).toBe(true);
      expect((e as { fault: string }).fault).toBe('config');
    }
  });

  it.each([
    ['unbalanced', '(show'],
    ['invalid regex', 'show [a-'],
    ['nested quantifier', '(a+)+'],
    ['quantified alternation', '(a|aa)*'],
    ['quantified optional', '(a?)*'],
    ['backreference', '(a)\\1'],
    ['lookahead', '(?=a)a'],
    ['lookbehind', '(?<!a)b'],
    ['too many repeats', '.*a.*b.*c'],
    ['too long', 'a'.repeat(257)],
  ])('rejects a %s command pattern with POLICY_PATTERN_INVALID', (_n, command) => {
    expect(() => parsePolicy({ v: 1, rules: [{ id: 'r', effect: 'allow', command }] })).toThrow(
      expect.objectContaining({ code: expect.stringMatching(/^POLICY_(PATTERN_)?INVALID$/) }),
    );
  });

  it('errors name the path, never the pattern or a value', () => {
    const secret = '__SECRET_PASSWORD_7__(a+)+';
    try {
      parsePolicy({ v: 1, rules: [{ id: 'r', effect: 'allow', command: secret }] });
    } catch (e) {
      expect(String((e as Error).message)).not.toContain('SECRET');
    }
  });

  it.each([[undefined], [null], [42], [''], [['show .*']], [{ source: 'show' }]])(
    'compileCommandPattern rejects %j with POLICY_PATTERN_INVALID',
    (input) => {
      expect(() => compileCommandPattern(input)).toThrow(
        expect.objectContaining({ code: 'POLICY_PATTERN_INVALID' }),
      );
    },
  );

  it.each([
    ['show .*'],
    ['interface ge-0/0/[0-9]+ shutdown'],
    ['(show|display) version'],
    ['ping \\S+'],
    ['a{2}b'],
  ])('accepts the simple pattern %s', (p) => {
    expect(compileCommandPattern(p).source).toBe(p);
  });

  it('patterns match the whole command (anchored)', () => {
    const p = compileCommandPattern('show .*');
    expect(p.test('show version')).toBe(true);
    expect(p.test('reload; show version')).toBe(false);
    expect(p.test(`show ${'x'.repeat(5000)}`)).toBeUndefined();
  });

  it('a compiled policy is recognized; a raw document is not', () => {
    expect(isPolicy(parsePolicy({ v: 1, rules: [] }))).toBe(true);
    expect(isPolicy({ v: 1, rules: [] })).toBe(false);
  });

  it('EMPTY_POLICY carries the hash of the empty document', () => {
    expect(EMPTY_POLICY.hash).toBe(
      hashCanonical({ domain: 'airlock.policy', v: 1, document: { v: 1, rules: [] } }),
    );
    expect(parsePolicy({ v: 1, rules: [] }).hash).toBe(EMPTY_POLICY.hash);
  });
});

describe('matchGlob', () => {
  it.each([
    ['core-*', 'core-sw1', true],
    ['core-*', 'edge-sw1', false],
    ['fw?.dc1', 'fw1.dc1', true],
    ['fw?.dc1', 'fw12.dc1', false],
    ['*', '', true],
    ['a*b*c', 'aXbYc', true],
    ['a*b*c', 'aXbY', false],
    ['lab-*', 'lab-', true],
  ])('%s vs %s → %s', (g, t, r) => {
    expect(matchGlob(g, t)).toBe(r);
  });
});
