import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAirlockError } from '../../src/errors.js';
import {
  BUILTIN_RULES,
  type Classification,
  decide,
  EMPTY_POLICY,
  parsePolicy,
  type Risk,
  type ToolCall,
  type TrustLevel,
} from '../../src/trust/index.js';

const call = (command: string, target = 'lab-sw1'): ToolCall => ({ tool: 'ssh', target, args: { command } });
const cls = (risk: Risk): Classification => ({ risk, reasons: [`${risk} test`] });

const policy = parsePolicy({
  v: 1,
  rules: [
    { id: 'no-reload', effect: 'deny', command: 'reload.*' },
    { id: 'ask-core', effect: 'ask', target: 'core-*' },
    { id: 'lab-ifaces', effect: 'allow', tool: 'ssh', target: 'lab-*', command: 'interface .*' },
    { id: 'allow-everything', effect: 'allow', tool: 'ssh', risk: ['moderate', 'dangerous'] },
    { id: 'unknown-ok-in-sandbox', effect: 'allow', target: 'sandbox', risk: 'unknown' },
  ],
});

describe('decide', () => {
  const table: [TrustLevel, Risk, string, string, 'allow' | 'ask' | 'deny', string][] = [
    // trust, risk, command, target, expected, rule
    ['manual', 'read', 'show version', 'lab-sw1', 'ask', BUILTIN_RULES.manual],
    ['manual', 'dangerous', 'reload', 'lab-sw1', 'deny', 'no-reload'],
    ['supervised', 'read', 'show version', 'lab-sw1', 'allow', BUILTIN_RULES.read],
    ['supervised', 'moderate', 'interface ge-0/0/1', 'lab-sw1', 'ask', BUILTIN_RULES.supervised],
    ['supervised', 'unknown', 'frobnicate', 'lab-sw1', 'ask', BUILTIN_RULES.supervised],
    ['supervised', 'read', 'show version', 'core-1', 'ask', 'ask-core'],
    ['autonomous', 'read', 'show version', 'lab-sw1', 'allow', BUILTIN_RULES.read],
    ['autonomous', 'moderate', 'interface ge-0/0/1', 'lab-sw1', 'allow', 'lab-ifaces'],
    ['autonomous', 'moderate', 'interface ge-0/0/1', 'core-1', 'ask', 'ask-core'],
    ['autonomous', 'dangerous', 'write erase', 'lab-sw1', 'ask', BUILTIN_RULES.dangerous],
    ['autonomous', 'dangerous', 'reload in 5', 'lab-sw1', 'deny', 'no-reload'],
    ['autonomous', 'unknown', 'frobnicate', 'lab-sw1', 'ask', BUILTIN_RULES.unknownNeedsRule],
    ['autonomous', 'unknown', 'frobnicate', 'sandbox', 'allow', 'unknown-ok-in-sandbox'],
  ];
  it.each(table)('%s + %s "%s" on %s → %s (%s)', (trust, risk, command, target, expected, rule) => {
    const r = decide(call(command, target), cls(risk), trust, policy);
    expect(r.decision).toBe(expected);
    expect(r.rule).toBe(rule);
    expect(r.reason.length).toBeGreaterThan(0);
  });

  it('autonomous with no policy asks for moderate calls', () => {
    expect(decide(call('interface x'), cls('moderate'), 'autonomous', EMPTY_POLICY).rule).toBe(
      BUILTIN_RULES.moderateNeedsRule,
    );
  });

  it('an unrecognized risk is treated as unknown (fails closed)', () => {
    const r = decide(call('x'), { risk: 'harmless' as Risk, reasons: [] }, 'autonomous', policy);
    expect(r.risk).toBe('unknown');
    expect(r.decision).toBe('ask');
  });

  it.each([
    ['no tool', { args: {} }, 'supervised', EMPTY_POLICY, 'ACTION_INVALID'],
    ['bad trust', call('x'), 'yolo', EMPTY_POLICY, 'TRUST_LEVEL_INVALID'],
    ['raw policy', call('x'), 'supervised', { v: 1, rules: [] }, 'POLICY_NOT_COMPILED'],
  ])('rejects %s with a typed error', (_n, c, trust, p, code) => {
    expect(() => decide(c as ToolCall, cls('read'), trust as TrustLevel, p as typeof EMPTY_POLICY)).toThrow(
      expect.objectContaining({ code }),
    );
    try {
      decide(c as ToolCall, cls('read'), trust as TrustLevel, p as typeof EMPTY_POLICY);
    } catch (e) {
      expect(isAirlockError(e, code)).toBe(true);
    }
  });

  const arbRule = fc.record(
    {
      id: fc.string({ minLength: 1, maxLength: 8 }),
      effect: fc.constantFrom('allow', 'ask', 'deny'),
      tool: fc.constantFrom('ssh', 'http'),
      target: fc.constantFrom('lab-*', '*', 'core-?'),
      risk: fc.subarray(['read', 'moderate', 'dangerous', 'unknown'] as const, { minLength: 1 }),
      command: fc.constantFrom('show .*', 'reload.*', 'interface .*', '.*'),
    },
    { requiredKeys: ['id', 'effect'] },
  );
  const arbPolicy = fc
    .uniqueArray(arbRule, { selector: (r) => r.id, maxLength: 6 })
    .filter((rules) => rules.every((r) => Object.keys(r).length > 2))
    .map((rules) => parsePolicy({ v: 1, rules }));
  const arbCall = fc.record({
    tool: fc.constantFrom('ssh', 'http'),
    target: fc.constantFrom('lab-sw1', 'core-1', 'sandbox'),
    args: fc.record({ command: fc.constantFrom('show version', 'reload', 'interface ge-1', 'rm -rf /') }),
  });
  const arbRisk = fc.constantFrom<Risk>('read', 'moderate', 'dangerous', 'unknown');
  const arbTrust = fc.constantFrom<TrustLevel>('manual', 'supervised', 'autonomous');

  it('a dangerous action never runs on trust level or policy alone (any policy, any trust)', () => {
    fc.assert(
      fc.property(arbCall, arbTrust, arbPolicy, (c, trust, p) => {
        expect(decide(c, cls('dangerous'), trust, p).decision).not.toBe('allow');
      }),
      { seed: 5150, numRuns: 200 },
    );
  });

  it('under manual and supervised, nothing but read is ever allowed; manual allows nothing', () => {
    fc.assert(
      fc.property(arbCall, arbRisk, arbPolicy, (c, risk, p) => {
        expect(decide(c, cls(risk), 'manual', p).decision).not.toBe('allow');
        if (risk !== 'read') expect(decide(c, cls(risk), 'supervised', p).decision).not.toBe('allow');
      }),
      { seed: 5151, numRuns: 200 },
    );
  });

  it('deny wins: a matching deny rule denies at every trust level, whatever other rules say', () => {
    fc.assert(
      fc.property(arbCall, arbRisk, arbTrust, arbPolicy, (c, risk, trust, p) => {
        const withDeny = parsePolicy({
          v: 1,
          rules: [
            ...p.rules.map((r) => ({ id: r.id, effect: r.effect, tool: r.tools?.[0] ?? 'ssh' })),
            { id: '__deny', effect: 'deny', tool: c.tool },
          ],
        });
        expect(decide(c, cls(risk), trust, withDeny).decision).toBe('deny');
      }),
      { seed: 5152, numRuns: 200 },
    );
  });

  it('raising the trust level never turns an allow into an ask or deny (monotone in trust)', () => {
    fc.assert(
      fc.property(arbCall, arbRisk, arbPolicy, (c, risk, p) => {
        const rank = { deny: 0, ask: 1, allow: 2 } as const;
        const m = rank[decide(c, cls(risk), 'manual', p).decision];
        const s = rank[decide(c, cls(risk), 'supervised', p).decision];
        const a = rank[decide(c, cls(risk), 'autonomous', p).decision];
        expect(m <= s && s <= a).toBe(true);
      }),
      { seed: 5153, numRuns: 300 },
    );
  });
});
