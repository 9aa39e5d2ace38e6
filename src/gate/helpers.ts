/**
 * Small helpers of the gate: argument checks with the house message grammar, timing defaults, and
 * the mapping from an approval's status to what `wait` reports.
 */
import type { AuditEventInput } from '../audit/events.js';
import { describeValue, UsageError } from '../errors.js';
import type { ApprovalRecord } from './card.js';
import type { ActiveGrant, Grant } from './grants.js';
import type { WaitOutcome } from './types.js';

export const DEFAULT_TTL_MS = 15 * 60_000;
export const DEFAULT_WARN_MS = 60_000;

export function outcome(r: ApprovalRecord): WaitOutcome | undefined {
  switch (r.status) {
    case 'granted':
    case 'consumed':
      return 'allowed';
    case 'denied':
      return 'denied';
    case 'expired':
      return 'expired';
    default:
      return undefined;
  }
}

export function publicGrant(g: ActiveGrant): Grant {
  const { pattern: _pattern, otherArgs: _otherArgs, ...rest } = g;
  return Object.freeze({ ...rest });
}

export function approver(by: unknown): string {
  if (typeof by !== 'string' || by.length === 0 || by.length > 256) {
    throw new UsageError(
      'APPROVER_INVALID',
      `"by" expected a string of 1..256 characters, got ${describeValue(by)}`,
    );
  }
  return by;
}

export function user(id: string): AuditEventInput['actor'] {
  return { kind: 'user', id };
}

export function positive(v: number | undefined, fallback: number, name: string): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
    throw new UsageError(
      'GATE_OPTION_INVALID',
      `"${name}" expected a positive finite number, got ${describeValue(v)}`,
    );
  }
  return v;
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

export function aborted(): UsageError {
  return new UsageError('WAIT_ABORTED', 'waiting for the approval was aborted');
}

/**
 * Reasons as the card and the snapshot schema accept them (at most 64, each at most 4096 characters),
 * so a verbose classifier cannot make the saved state unrestorable.
 */
export function boundedReasons(reasons: unknown): string[] {
  if (!Array.isArray(reasons)) return [];
  return reasons.slice(0, 64).map((x) => String(x).slice(0, 4096));
}
