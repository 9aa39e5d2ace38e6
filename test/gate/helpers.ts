/** Test ports for the gate: a fake clock driven by `advance`, and an audit recorder that validates. */
import { type AuditEventInput, AuditEventInputSchema } from '../../src/audit/events.js';
import type { Clock } from '../../src/trust/index.js';

export interface FakeClock extends Clock {
  advance(ms: number): void;
  set(ms: number): void;
}

export const T0 = Date.UTC(2026, 10, 26, 12, 0, 0);

export function fakeClock(start = T0): FakeClock {
  let now = start;
  let seq = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const clock: FakeClock = {
    now: () => now,
    setTimeout(fn, ms) {
      const id = ++seq;
      timers.set(id, { at: now + ms, fn });
      return id;
    },
    clearTimeout(h) {
      timers.delete(h as number);
    },
    advance(ms) {
      const end = now + ms;
      for (;;) {
        let next: [number, { at: number; fn: () => void }] | undefined;
        for (const entry of timers)
          if (entry[1].at <= end && (!next || entry[1].at < next[1].at)) next = entry;
        if (!next) break;
        timers.delete(next[0]);
        now = Math.max(now, next[1].at);
        next[1].fn();
      }
      now = end;
    },
    set(ms) {
      clock.advance(ms - now);
    },
  };
  return clock;
}

export function auditLog() {
  const events: AuditEventInput[] = [];
  return {
    events,
    types: () => events.map((e) => e.type),
    async record(e: AuditEventInput) {
      // Every event the gate emits must be valid under the shared v1 schema.
      AuditEventInputSchema.parse(e);
      events.push(e);
    },
  };
}

/** Deterministic ids for fixtures and properties. */
export function seqIds() {
  let n = 0;
  return (prefix: string) => `${prefix}_${String(++n).padStart(4, '0')}`;
}
