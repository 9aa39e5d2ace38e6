/**
 * Validation of the event the log is about to store, with the same verdict and output as
 * `AuditEventSchema.safeParse`. The envelope (v, id, time, type, org, actor, run and tool-call ids) is
 * checked by hand, `data` by its type's own zod schema; anything the hand checks are not sure of goes
 * to the full schema, so they can only be stricter, never looser, and errors always come from zod.
 */
import type { z } from 'zod';
import { AUDIT_EVENT_VERSION, type AuditEvent, AuditEventSchema, EventData } from './events.js';

type ParseResult = { success: true; data: AuditEvent } | { success: false; error: z.ZodError };

const ENVELOPE_KEYS = new Set(['v', 'id', 'time', 'type', 'org', 'actor', 'runId', 'toolCallId', 'data']);
const ACTOR_KINDS = new Set(['user', 'agent', 'system']);
// The schema's own `time` check (ISO 8601 UTC), taken from the schema so the two cannot drift apart.
const timeSchema = (AuditEventSchema.options[0] as unknown as { shape: { time: z.ZodType } }).shape.time;

/**
 * Parses a candidate stored event. Equivalent to `AuditEventSchema.safeParse(candidate)` (checked by
 * a property test); `lastTime` lets a caller skip re-checking a time string it validated before.
 * @example
 * const r = createStoredEventParser()({ ...input, v: 1, id, time }); if (!r.success) fail(r.error)
 */
export function createStoredEventParser(): (candidate: Record<string, unknown>) => ParseResult {
  // Many events share one millisecond: its time string is checked once.
  let lastTime: string | undefined;
  const full = (candidate: unknown) => AuditEventSchema.safeParse(candidate) as ParseResult;

  return (ev) => {
    const { v, id, time, type, org, actor, data } = ev;
    if (v !== AUDIT_EVENT_VERSION || !isId(id) || !isId(org) || typeof time !== 'string') return full(ev);
    if (typeof type !== 'string' || !Object.hasOwn(EventData, type)) return full(ev);
    if (!isPlainObject(actor) || !isId(actor.id) || !ACTOR_KINDS.has(actor.kind as string)) return full(ev);
    for (const k in actor) if (k !== 'kind' && k !== 'id') return full(ev);
    // `for…in`, like zod's strict check: any other enumerable key, own or inherited, is refused.
    for (const k in ev) if (!ENVELOPE_KEYS.has(k)) return full(ev);
    const hasRun = 'runId' in ev;
    const hasTool = 'toolCallId' in ev;
    if (
      (hasRun && ev.runId !== undefined && !isId(ev.runId)) ||
      (hasTool && ev.toolCallId !== undefined && !isId(ev.toolCallId))
    )
      return full(ev);
    if (time !== lastTime) {
      if (!timeSchema.safeParse(time).success) return full(ev);
      lastTime = time;
    }
    const parsedData = EventData[type as keyof typeof EventData].safeParse(data);
    if (!parsedData.success) return full(ev);
    // A fresh object in the schema's key order, as zod returns it: the caller's objects are not kept.
    const out: Record<string, unknown> = {
      v,
      id,
      time,
      type,
      org,
      actor: { kind: actor.kind, id: actor.id },
    };
    if (hasRun) out.runId = ev.runId;
    if (hasTool) out.toolCallId = ev.toolCallId;
    out.data = parsedData.data;
    return { success: true, data: out as AuditEvent };
  };
}

// The schema's `id`: z.string().min(1).max(256), lengths in UTF-16 code units as zod counts them.
function isId(s: unknown): s is string {
  return typeof s === 'string' && s.length >= 1 && s.length <= 256;
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (typeof x !== 'object' || x === null) return false;
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}
