import { describe, expect, it } from 'vitest';
import { AUDIT_EVENT_TYPES, AuditEventInputSchema, AuditEventSchema } from '../../src/audit/index.js';

describe('audit event schema v1', () => {
  it('covers every event type the pipeline emits', () => {
    for (const t of [
      'run.started',
      'run.stopped',
      'run.paused',
      'run.resumed',
      'run.redirected',
      'trust.changed',
      'tool.proposed',
      'tool.classified',
      'approval.requested',
      'approval.granted',
      'approval.denied',
      'approval.expired',
      'secret.substituted',
      'command.executed',
      'output.redacted',
      'key.generated',
      'key.unwrapped',
      'key.rotated',
      'key.shared',
      'key.revoked',
      'field.decrypted',
      'org.shredded',
      'policy.changed',
      'ceiling.reached',
    ]) {
      expect(AUDIT_EVENT_TYPES).toContain(t);
    }
  });

  it('a command.executed event cannot carry the device output', () => {
    const base = {
      type: 'command.executed',
      org: 'acme',
      actor: { kind: 'agent', id: 'noc-agent' },
      data: { target: 'r1', exitStatus: 0, durationMs: 12, outputBytes: 2048 },
    };
    expect(AuditEventInputSchema.safeParse(base).success).toBe(true);
    const leaky = { ...base, data: { ...base.data, output: 'secret=hunter2' } };
    expect(AuditEventInputSchema.safeParse(leaky).success).toBe(false);
  });

  it('a stored event needs version, id and an ISO time', () => {
    const ev = {
      v: 1,
      id: 'e1',
      time: '2026-11-26T20:00:00.000Z',
      type: 'run.paused',
      org: 'acme',
      actor: { kind: 'user', id: 'alice' },
      data: {},
    };
    expect(AuditEventSchema.safeParse(ev).success).toBe(true);
    expect(AuditEventSchema.safeParse({ ...ev, v: 2 }).success).toBe(false);
    expect(AuditEventSchema.safeParse({ ...ev, time: 'yesterday' }).success).toBe(false);
  });
});
