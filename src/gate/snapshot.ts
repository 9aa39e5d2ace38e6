/**
 * The gate's persisted state: versioned, schema-checked and integrity-protected. The integrity tag
 * is SHA-256 over the canonical state (detects corruption and hand edits) or, with an
 * `integrityKey`, HMAC-SHA-256 (also detects an attacker who can write the file but lacks the key).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { describeValue, TamperError, UsageError } from '../errors.js';
import { canonicalJson } from '../internal/canonical-json.js';
import { sha256Hex } from '../internal/hash.js';
import { hashAction } from './action.js';
import type { ApprovalRecord } from './card.js';

/**
 * The snapshot version this code writes; `restoreGate` reads exactly the versions listed here.
 * @example
 * gate.snapshot().v === GATE_STATE_VERSION // true
 */
export const GATE_STATE_VERSION = 1 as const;
const DOMAIN = 'airlock.gate.state';
const MAX_RECORDS = 100_000;

const risk = z.enum(['read', 'moderate', 'dangerous', 'unknown']);
const time = z.number().int().nonnegative();
const text = z.string().max(4096);

const ActionSchema = z.strictObject({
  tool: z.string().min(1).max(256),
  target: z.string().max(512).optional(),
  args: z.record(z.string(), z.unknown()),
  credentialRefs: z.array(z.string().min(1)).optional(),
});

const RecordSchema = z.strictObject({
  approvalId: z.string().min(1).max(256),
  status: z.enum(['pending', 'granted', 'denied', 'expired', 'consumed']),
  action: ActionSchema,
  actionHash: z.string().regex(/^sha256:[0-9a-f]{64}$/),
  risk,
  reasons: z.array(text).max(64),
  rule: z.string().max(256).optional(),
  reason: text.optional(),
  requestedAt: time,
  expiresAt: time,
  planId: z.string().min(1).max(256).optional(),
  scope: z.enum(['once', 'similar-for-run', 'plan']).optional(),
  resolvedBy: z.string().max(256).optional(),
  resolvedAt: time.optional(),
  denyReason: text.optional(),
  edited: z.boolean().optional(),
  usableUntil: time.optional(),
  consumedAt: time.optional(),
  warned: z.boolean().optional(),
  restored: z.boolean().optional(),
});

/**
 * Schema of a v1 snapshot.
 * @example
 * GateSnapshotSchemaV1.safeParse(JSON.parse(text)).success
 */
export const GateSnapshotSchemaV1 = z.strictObject({
  v: z.literal(1),
  kind: z.literal('airlock.gate'),
  savedAt: z.string().max(64),
  approvals: z.array(RecordSchema).max(MAX_RECORDS),
  integrity: z.string().regex(/^(sha256|hmac-sha256):[0-9a-f]{64}$/),
});

/**
 * A serializable gate state (`JSON.stringify` it as is).
 * @example
 * await fs.writeFile(path, JSON.stringify(gate.snapshot() satisfies GateSnapshot))
 */
export type GateSnapshot = z.infer<typeof GateSnapshotSchemaV1>;

/** Seals the records into a snapshot. */
export function sealState(
  approvals: readonly ApprovalRecord[],
  savedAt: number,
  key?: Uint8Array,
): GateSnapshot {
  const body = {
    v: GATE_STATE_VERSION,
    kind: 'airlock.gate' as const,
    savedAt: new Date(savedAt).toISOString(),
    approvals: JSON.parse(canonicalJson(approvals)) as ApprovalRecord[],
  };
  return { ...body, integrity: tag(body, key) } as GateSnapshot;
}

/**
 * Checks a snapshot and returns its records. Throws `GATE_STATE_VERSION_UNSUPPORTED` (UsageError) for
 * another version, `GATE_STATE_INVALID` (TamperError) for a wrong shape, `GATE_STATE_TAMPERED` for a
 * failed integrity check or an action that does not match its hash.
 */
export function openState(snapshot: unknown, key?: Uint8Array): ApprovalRecord[] {
  if (typeof snapshot !== 'object' || snapshot === null || Array.isArray(snapshot)) {
    throw new TamperError(
      'GATE_STATE_INVALID',
      `"snapshot" expected an object, got ${describeValue(snapshot)}`,
    );
  }
  const v = (snapshot as { v?: unknown }).v;
  if (v !== GATE_STATE_VERSION) {
    throw new UsageError(
      'GATE_STATE_VERSION_UNSUPPORTED',
      `"snapshot.v" expected ${GATE_STATE_VERSION}, got ${typeof v === 'number' ? String(v) : describeValue(v)}`,
    );
  }
  const parsed = GateSnapshotSchemaV1.safeParse(snapshot);
  if (!parsed.success) {
    const path = parsed.error.issues[0]?.path.map(String).join('.') ?? '';
    throw new TamperError('GATE_STATE_INVALID', `"snapshot.${path}" does not match the v1 schema`);
  }
  const { integrity, ...body } = parsed.data;
  const expected = tag(body, key);
  // A keyed restore refuses an unkeyed snapshot: otherwise dropping the key would be a downgrade.
  if (!constantTimeEqual(integrity, expected)) {
    throw new TamperError('GATE_STATE_TAMPERED', 'snapshot integrity check failed');
  }
  const records = body.approvals as ApprovalRecord[];
  const ids = new Set<string>();
  for (const r of records) {
    if (ids.has(r.approvalId))
      throw new TamperError('GATE_STATE_TAMPERED', 'snapshot has a duplicate approval id');
    ids.add(r.approvalId);
    if (hashAction(r.action) !== r.actionHash) {
      throw new TamperError('GATE_STATE_TAMPERED', 'snapshot action does not match its hash');
    }
  }
  return records;
}

function tag(body: unknown, key: Uint8Array | undefined): string {
  const text = canonicalJson({ domain: DOMAIN, body });
  if (key === undefined) return `sha256:${sha256Hex(text)}`;
  return `hmac-sha256:${createHmac('sha256', key).update(text).digest('hex')}`;
}

function constantTimeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
