import { describe, expect, it } from 'vitest';
import type { AuditEventInput } from '../../src/audit/events.js';
import { AuditEventInputSchema } from '../../src/audit/events.js';
import { createCeilings } from '../../src/trust/index.js';

function recorder() {
  const events: AuditEventInput[] = [];
  return {
    events,
    async record(e: AuditEventInput) {
      AuditEventInputSchema.parse(e);
      events.push(e);
    },
  };
}

describe('ceilings', () => {
  it('a tool call that would exceed maxToolCalls is refused, latched and audited once', async () => {
    const audit = recorder();
    const c = createCeilings({ maxToolCalls: 2 }, { audit, org: 'o1', runId: 'r1' });
    expect(c.beforeToolCall('read').reached).toBe(false);
    expect(c.beforeToolCall('moderate').reached).toBe(false);
    expect(c.beforeToolCall('read')).toEqual({ reached: true, ceiling: 'toolCalls', limit: 2, value: 3 });
    expect(c.beforeTurn().reached).toBe(true);
    await c.flush();
    expect(audit.events.map((e) => e.type)).toEqual(['ceiling.reached']);
    expect(c.usage().toolCalls).toBe(2);
  });

  it('maxDangerousCalls counts only dangerous calls (and unknown does not count as dangerous)', () => {
    const c = createCeilings({ maxDangerousCalls: 1 });
    expect(c.beforeToolCall('dangerous').reached).toBe(false);
    expect(c.beforeToolCall('unknown').reached).toBe(false);
    const s = c.beforeToolCall('dangerous');
    expect(s.reached && s.ceiling).toBe('dangerousCalls');
  });

  it('maxDangerousCalls: 0 forbids every dangerous call even under autonomous', () => {
    expect(createCeilings({ maxDangerousCalls: 0 }).beforeToolCall('dangerous').reached).toBe(true);
  });

  it('wall clock, turns, tokens and cost each stop the run', () => {
    let now = 1000;
    const clock = { now: () => now };
    const w = createCeilings({ maxWallClockMs: 50 }, { clock });
    expect(w.check().reached).toBe(false);
    now += 50;
    expect(w.beforeToolCall('read')).toMatchObject({ reached: true, ceiling: 'wallClock' });
    const t = createCeilings({ maxTurns: 1 });
    expect(t.beforeTurn().reached).toBe(false);
    expect(t.beforeTurn()).toMatchObject({ ceiling: 'turns' });
    const k = createCeilings({ maxTokens: 100 });
    expect(k.addUsage({ tokens: 100 }).reached).toBe(false);
    expect(k.addUsage({ tokens: 1 })).toMatchObject({ ceiling: 'tokens', value: 101 });
    const d = createCeilings({ maxCostUsd: 0.5 });
    expect(d.addUsage({ costUsd: 0.6 })).toMatchObject({ ceiling: 'cost' });
  });

  it.each([
    [{ maxTurns: -1 }],
    [{ maxToolCalls: Number.NaN }],
    [{ maxCostUsd: Number.POSITIVE_INFINITY }],
    [{ maxTokens: '10' }],
    [{ maxCalls: 3 }],
  ])('rejects invalid limits %j with CEILING_INVALID', (limits) => {
    expect(() => createCeilings(limits as never)).toThrow(
      expect.objectContaining({ code: 'CEILING_INVALID' }),
    );
  });

  it.each([[{ tokens: -1 }], [{ costUsd: Number.NaN }]])('rejects invalid usage %j', (u) => {
    expect(() => createCeilings().addUsage(u)).toThrow(expect.objectContaining({ code: 'USAGE_INVALID' }));
  });

  it('an audit failure surfaces from flush, the ceiling still holds', async () => {
    const c = createCeilings(
      { maxTurns: 0 },
      { audit: { record: async () => Promise.reject(new Error('disk full')) } },
    );
    expect(c.beforeTurn().reached).toBe(true);
    await expect(c.flush()).rejects.toThrow('disk full');
  });
});
