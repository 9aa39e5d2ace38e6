import { describe, expect, it } from 'vitest';
import { AuditEventInputSchema } from '../../src/audit/events.js';
import { decide, decidedEvent, parsePolicy, policyChangedEvent } from '../../src/trust/index.js';

describe('evidence', () => {
  const policy = parsePolicy({ v: 1, rules: [{ id: 'no-reload', effect: 'deny', command: 'reload.*' }] });
  const scope = {
    org: 'acme',
    actor: { kind: 'system' as const, id: 'airlock' },
    runId: 'run-1',
    toolCallId: 'tc-1',
  };

  it('every decision becomes a valid tool.decided event carrying its reason and rule', () => {
    const call = { tool: 'ssh', target: 'r1', args: { command: 'reload' } };
    const d = decide(call, { risk: 'dangerous', reasons: ['reload'] }, 'autonomous', policy);
    const e = decidedEvent(call, d, 'autonomous', scope);
    expect(AuditEventInputSchema.parse(e)).toEqual({
      type: 'tool.decided',
      ...scope,
      data: {
        tool: 'ssh',
        decision: 'deny',
        trust: 'autonomous',
        risk: 'dangerous',
        reason: d.reason,
        rule: 'no-reload',
      },
    });
  });

  it('a loaded policy becomes a valid policy.changed event with its hash', () => {
    const e = policyChangedEvent(policy, { org: 'acme', actor: { kind: 'user', id: 'alice' } });
    expect(AuditEventInputSchema.parse(e)).toMatchObject({ data: { policyHash: policy.hash, rules: 1 } });
  });
});
