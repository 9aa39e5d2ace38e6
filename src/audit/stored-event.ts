/**
 * Validation of the event the log is about to store, with the same verdict and output as
 * `AuditEventSchema.safeParse`. The envelope (v, id, time, type, org, actor, run and tool-call ids) is
 * checked by hand, `data` by its type's own zod schema; anything the hand checks are not sure of goes
 * to the full schema, so they can only be stricter, never looser, and errors always come from zod.
 */
import type { z } from 'zod';
import { AUDIT_EVENT_VERSION, type AuditEvent, AuditEventSchema, EventData } from './events.js';

type ParseResult = { success: true; data: AuditEvent } | { success: false; error: z.ZodError };

const ACTOR_KINDS = new Set(['user', 'agent', 'system']);
// The schema's own `time` check (ISO 8601 UTC), taken from the schema so the two cannot drift apart.
const timeSchema = (AuditEventSchema.options[0] as unknown as { shape: { time: z.ZodType } }).shape.time;

/**
 * Makes a parser of the event the log stores, `{ ...redacted, v: 1, id, time }`: equivalent to
 * `AuditEventSchema.safeParse` of that object (checked by a property test), without building it.
 * @example
 * const r = createStoredEventParser()(redacted, id, time); if (!r.success) fail(r.error)
 */
export function createStoredEventParser(): (redacted: object, id: unknown, time: unknown) => ParseResult {
  // Many events share one millisecond: its time string is checked once.
  let lastTime: string | undefined;

  return (redacted, id, time) => {
    // For a plain object, `for…in` sees its own enumerable keys (what the spread copies) plus any
    // enumerable key inherited from Object.prototype, which zod's strict check on the spread sees too.
    if (Object.getPrototypeOf(redacted) !== Object.prototype) return fullParse(redacted, id, time);
    const r = redacted as Record<string, unknown>;
    let type: unknown;
    let org: unknown;
    let actor: unknown;
    let data: unknown;
    let runId: unknown;
    let toolCallId: unknown;
    let hasType = false;
    let hasRun = false;
    let hasTool = false;
    for (const k in r) {
      switch (k) {
        case 'type':
          type = r[k];
          hasType = true;
          break;
        case 'org':
          org = r[k];
          break;
        case 'actor':
          actor = r[k];
          break;
        case 'data':
          data = r[k];
          break;
        case 'runId':
          runId = r[k];
          hasRun = true;
          break;
        case 'toolCallId':
          toolCallId = r[k];
          hasTool = true;
          break;
        case 'v':
        case 'id':
        case 'time':
          // The stamp overrides these, as it does in the spread.
          break;
        default:
          return fullParse(redacted, id, time);
      }
    }
    if (!hasType || typeof type !== 'string' || !Object.hasOwn(EventData, type))
      return fullParse(redacted, id, time);
    if (!isId(id) || !isId(org) || typeof time !== 'string') return fullParse(redacted, id, time);
    if (typeof actor !== 'object' || actor === null || Object.getPrototypeOf(actor) !== Object.prototype)
      return fullParse(redacted, id, time);
    const a = actor as Record<string, unknown>;
    for (const k in a) if (k !== 'kind' && k !== 'id') return fullParse(redacted, id, time);
    if (!isId(a.id) || typeof a.kind !== 'string' || !ACTOR_KINDS.has(a.kind))
      return fullParse(redacted, id, time);
    if (
      (hasRun && runId !== undefined && !isId(runId)) ||
      (hasTool && toolCallId !== undefined && !isId(toolCallId))
    )
      return fullParse(redacted, id, time);
    if (time !== lastTime) {
      if (!timeSchema.safeParse(time).success) return fullParse(redacted, id, time);
      lastTime = time;
    }
    const parsedData = EventData[type as keyof typeof EventData].safeParse(data);
    if (!parsedData.success) return fullParse(redacted, id, time);
    // A fresh object in the schema's key order, as zod returns it: the caller's objects are not kept.
    const out: Record<string, unknown> = {
      v: AUDIT_EVENT_VERSION,
      id,
      time,
      type,
      org,
      actor: { kind: a.kind, id: a.id },
    };
    if (hasRun) out.runId = runId;
    if (hasTool) out.toolCallId = toolCallId;
    out.data = parsedData.data;
    return { success: true, data: out as AuditEvent };
  };
}

function fullParse(redacted: object, id: unknown, time: unknown): ParseResult {
  return AuditEventSchema.safeParse({ ...redacted, v: AUDIT_EVENT_VERSION, id, time }) as ParseResult;
}

// The schema's `id`: z.string().min(1).max(256), lengths in UTF-16 code units as zod counts them.
function isId(s: unknown): s is string {
  return typeof s === 'string' && s.length >= 1 && s.length <= 256;
}
