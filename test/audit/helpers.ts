// Shared builders for the audit tests: valid events of several types, and a fast-check arbitrary.
import fc from 'fast-check';
import type { AuditEventInput } from '../../src/audit/index.js';

export function sampleEvent(i: number): AuditEventInput {
  switch (i % 4) {
    case 0:
      return {
        type: 'command.executed',
        org: 'acme',
        actor: { kind: 'agent', id: 'noc-agent' },
        runId: 'run-1',
        toolCallId: `tc-${i}`,
        data: { target: 'r1', exitStatus: 0, durationMs: i, outputBytes: 10 * i },
      };
    case 1:
      return {
        type: 'run.paused',
        org: 'acme',
        actor: { kind: 'user', id: 'alice' },
        data: { reason: `pause ${i}` },
      };
    case 2:
      return {
        type: 'tool.classified',
        org: 'acme',
        actor: { kind: 'system', id: 'classifier' },
        data: { tool: 'exec', risk: 'read', reasons: ['show command'] },
      };
    default:
      return {
        type: 'output.redacted',
        org: 'acme',
        actor: { kind: 'system', id: 'redactor' },
        data: { counts: { password: i }, total: i },
      };
  }
}

/** Arbitrary valid events (a few types, free text included). */
export const eventArb: fc.Arbitrary<AuditEventInput> = fc.oneof(
  fc.record({ n: fc.nat(1000) }).map(({ n }) => sampleEvent(n)),
  fc.string({ maxLength: 40 }).map(
    (instruction): AuditEventInput => ({
      type: 'run.redirected',
      org: 'acme',
      actor: { kind: 'user', id: 'bob' },
      data: { instruction },
    }),
  ),
);

/** A deterministic clock and id generator, so logs built from the same events are byte-identical. */
export function deterministic(): { clock: () => Date; idGenerator: () => string } {
  let t = Date.UTC(2026, 10, 26, 20, 0, 0);
  let n = 0;
  return {
    clock: () => {
      t += 1000;
      return new Date(t);
    },
    idGenerator: () => `ev-${++n}`,
  };
}
