import { beforeAll, describe, expect, test } from 'vitest';
import { classifyCommand, prepareClassifier } from '../../src/classifier/index.js';

beforeAll(async () => {
  await prepareClassifier();
});

describe('policy overrides', () => {
  test('a lowering rule lowers only the segments it matches: show …; reload stays dangerous', () => {
    const overrides = [{ id: 'lab-show', vendor: 'ios' as const, pattern: /^show /, risk: 'read' as const }];
    expect(classifyCommand('show version\nreload', { vendor: 'ios', overrides }).risk).toBe('dangerous');
    const lab = [
      { id: 'lab-reload', vendor: 'ios' as const, pattern: /^reload$/, risk: 'moderate' as const },
    ];
    const r = classifyCommand('reload', { vendor: 'ios', overrides: lab });
    expect(r.risk).toBe('moderate');
    expect(r.rule).toBe('override:lab-reload');
    expect(r.reasons[0]).toContain('lowered by override lab-reload');
  });

  test('a raising rule (deny) beats a lowering rule (allow) whatever their order', () => {
    const allow = {
      id: 'allow-restart',
      vendor: 'linux' as const,
      pattern: 'systemctl restart',
      risk: 'read' as const,
    };
    const deny = { id: 'no-nginx', vendor: 'linux' as const, pattern: 'nginx', risk: 'dangerous' as const };
    for (const overrides of [
      [allow, deny],
      [deny, allow],
    ]) {
      const r = classifyCommand('systemctl restart nginx', { vendor: 'linux', overrides });
      expect(r.risk).toBe('dangerous');
      expect(r.rule).toBe('override:no-nginx');
    }
  });

  test('a deny rule at the computed risk still beats an allow rule', () => {
    const overrides = [
      { id: 'allow', vendor: 'linux' as const, pattern: /restart/, risk: 'read' as const },
      { id: 'deny', vendor: 'linux' as const, pattern: /nginx/, risk: 'moderate' as const },
    ];
    const r = classifyCommand('systemctl restart nginx', { vendor: 'linux', overrides });
    expect(r.risk).toBe('moderate');
    expect(r.rule).toBe('override:deny');
  });

  test('the first matching lowering rule wins and is named', () => {
    const overrides = [
      { id: 'first', pattern: /restart/, risk: 'read' as const },
      { id: 'second', pattern: /restart/, risk: 'read' as const },
    ];
    expect(classifyCommand('systemctl restart chronyd', { vendor: 'linux', overrides }).rule).toBe(
      'override:first',
    );
  });

  test('vendor-scoped rules do not apply to other vendors', () => {
    const overrides = [{ id: 'junos-only', vendor: 'junos' as const, risk: 'dangerous' as const }];
    expect(classifyCommand('show version', { vendor: 'ios', overrides }).risk).toBe('read');
    expect(classifyCommand('show version', { vendor: 'junos', overrides }).risk).toBe('dangerous');
  });

  test('a rule without a pattern matches every command of its scope; string patterns are case-insensitive', () => {
    expect(
      classifyCommand('ls', { vendor: 'linux', overrides: [{ id: 'all', risk: 'moderate' }] }).risk,
    ).toBe('moderate');
    expect(
      classifyCommand('SHOW RUN', {
        vendor: 'ios',
        overrides: [{ id: 'ci', pattern: 'show run', risk: 'unknown' }],
      }).risk,
    ).toBe('unknown');
  });

  test('a lowering rule cannot hide a nested dangerous part', () => {
    const overrides = [{ id: 'echo-ok', vendor: 'linux' as const, pattern: /^echo/, risk: 'read' as const }];
    expect(classifyCommand('echo $(reboot)', { vendor: 'linux', overrides }).risk).toBe('dangerous');
  });
});
