/**
 * The audit event schema (v1): one vocabulary for the whole pipeline, from a run's start to a tenant's
 * shredding. Every event names its org, its actor and its correlation ids (run, tool call). Data schemas
 * are strict on purpose: an event cannot carry a field nobody declared, so device output, plaintext or a
 * key can never ride along by accident. Values in `data` still pass through the log's redaction hook.
 */
import { z } from 'zod';

export const AUDIT_EVENT_VERSION = 1 as const;

const id = z.string().min(1).max(256);
const shortText = z.string().max(4096);
const risk = z.enum(['read', 'moderate', 'dangerous', 'unknown']);
const trustLevel = z.enum(['manual', 'supervised', 'autonomous']);
const decision = z.enum(['allow', 'ask', 'deny']);
const count = z.number().int().nonnegative();

/** Who did it: an operator, the agent (model), or Airlock itself (a timer, a ceiling, a rotation). */
export const Actor = z.strictObject({
  kind: z.enum(['user', 'agent', 'system']),
  id,
});
export type Actor = z.infer<typeof Actor>;

/** The place a sealed field lives in; the same word as in `airlock/envelope`. */
export const Slot = z.strictObject({ org: id, table: id, record: id, field: id });

/** Per-type payloads. `data` of an event must match the schema of its `type`. */
export const EventData = {
  'run.started': z.strictObject({
    trust: trustLevel,
    model: z.string().max(256).optional(),
    task: shortText.optional(),
    procedure: z.string().max(256).optional(),
  }),
  'run.stopped': z.strictObject({
    reason: shortText,
    status: z.enum(['finished', 'stopped', 'denied', 'ceiling', 'error']),
  }),
  'run.paused': z.strictObject({ reason: shortText.optional() }),
  'run.resumed': z.strictObject({}),
  'run.redirected': z.strictObject({ instruction: shortText }),
  'trust.changed': z.strictObject({ from: trustLevel, to: trustLevel }),
  'tool.proposed': z.strictObject({
    tool: id,
    target: z.string().max(512).optional(),
    /** Arguments as the model sent them: placeholders only, never substituted secrets. */
    args: z.record(z.string(), z.unknown()),
    actionHash: z.string().max(128).optional(),
  }),
  'tool.classified': z.strictObject({
    tool: id,
    risk,
    reasons: z.array(shortText).max(64),
    rule: z.string().max(256).optional(),
  }),
  'tool.decided': z.strictObject({
    tool: id,
    decision,
    trust: trustLevel,
    risk,
    reason: shortText,
    rule: z.string().max(256).optional(),
  }),
  'approval.requested': z.strictObject({
    approvalId: id,
    actionHash: z.string().max(128),
    risk,
    expiresAt: z.string().max(64),
  }),
  'approval.expiring': z.strictObject({ approvalId: id, expiresAt: z.string().max(64) }),
  'approval.granted': z.strictObject({
    approvalId: id,
    actionHash: z.string().max(128),
    edited: z.boolean().optional(),
    scope: z.enum(['once', 'similar-for-run', 'plan']).optional(),
  }),
  'approval.denied': z.strictObject({ approvalId: id, reason: shortText.optional() }),
  'approval.expired': z.strictObject({ approvalId: id }),
  'approval.consumed': z.strictObject({ approvalId: id, actionHash: z.string().max(128) }),
  'secret.substituted': z.strictObject({
    /** Placeholder names that were replaced, never the values. */
    placeholders: z.array(z.string().max(256)).max(256),
  }),
  'command.executed': z.strictObject({
    target: z.string().max(512),
    exitStatus: z.number().int().nullable(),
    durationMs: z.number().nonnegative(),
    outputBytes: count,
    truncated: z.boolean().optional(),
    error: z.string().max(128).optional(),
  }),
  'output.redacted': z.strictObject({
    counts: z.record(z.string().max(64), count),
    total: count,
  }),
  'key.generated': z.strictObject({ keyRef: id, keyring: z.string().max(64), reason: shortText.optional() }),
  'key.unwrapped': z.strictObject({ keyRef: id, keyring: z.string().max(64) }),
  'key.rotated': z.strictObject({ from: id.optional(), to: id, reason: shortText }),
  'key.shared': z.strictObject({ keyRef: id, toOrg: id }),
  'key.revoked': z.strictObject({ keyRef: id, fromOrg: id }),
  'field.decrypted': z.strictObject({ slot: Slot, purpose: shortText, keyRef: id.optional() }),
  'org.shredded': z.strictObject({ keyring: z.string().max(64), deletionWindowDays: count.optional() }),
  'policy.changed': z.strictObject({ policyHash: z.string().max(128), rules: count }),
  'ceiling.reached': z.strictObject({ ceiling: z.string().max(64), limit: z.number(), value: z.number() }),
} as const;

export type AuditEventType = keyof typeof EventData;
export const AUDIT_EVENT_TYPES = Object.keys(EventData) as AuditEventType[];

const envelopeShape = {
  org: id,
  actor: Actor,
  runId: id.optional(),
  toolCallId: id.optional(),
};

/** What a module hands to the recorder; the log adds `v`, `id` and `time`. */
export type AuditEventInput = {
  [T in AuditEventType]: {
    type: T;
    org: string;
    actor: Actor;
    runId?: string;
    toolCallId?: string;
    data: z.input<(typeof EventData)[T]>;
  };
}[AuditEventType];

/** A complete, validated event as it is stored. */
export type AuditEvent = AuditEventInput & { v: typeof AUDIT_EVENT_VERSION; id: string; time: string };

const eventVariants = AUDIT_EVENT_TYPES.map((type) =>
  z.strictObject({
    v: z.literal(AUDIT_EVENT_VERSION),
    id,
    time: z.iso.datetime(),
    type: z.literal(type),
    ...envelopeShape,
    data: EventData[type],
  }),
);

/** Schema of a stored event (v1). */
export const AuditEventSchema = z.discriminatedUnion(
  'type',
  eventVariants as unknown as [(typeof eventVariants)[number], ...(typeof eventVariants)[number][]],
);

/** Schema of an event before the log stamps it. */
export const AuditEventInputSchema = z.discriminatedUnion(
  'type',
  AUDIT_EVENT_TYPES.map((type) =>
    z.strictObject({ type: z.literal(type), ...envelopeShape, data: EventData[type] }),
  ) as unknown as [z.ZodObject, ...z.ZodObject[]],
);

/**
 * The port every module writes evidence through. The audit log implements it; tests can fill it with
 * a plain object. `record` resolves once the event is accepted by the sink (durably, for durable sinks).
 */
export interface AuditRecorder {
  record(event: AuditEventInput): Promise<void>;
}
