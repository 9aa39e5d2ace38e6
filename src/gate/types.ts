/**
 * The gate's public data shapes: options, ports (store), answers (`WaitOutcome`, `Authorization`) and
 * the events an approver UI listens to. Kept apart from the gate's logic so UIs can depend on them alone.
 */
import type { AuditRecorder } from '../audit/events.js';
import type { Clock } from '../trust/clock.js';
import type { Classification } from '../trust/types.js';
import type { Action } from './action.js';
import type { ApprovalCard, ApprovalScope } from './card.js';
import type { Grant } from './grants.js';
import type { GateSnapshot } from './snapshot.js';

/**
 * Where the gate persists its state after every change; `consume` waits for it before returning.
 * @example
 * const store: GateStore = { save: (s) => fs.writeFileSync(path, JSON.stringify(s)) }
 */
export interface GateStore {
  save(snapshot: GateSnapshot): void | Promise<void>;
}

/**
 * What the decision said when it asked (shown on the card).
 * @example
 * await gate.request(call, classification, { reason: d.reason, rule: d.rule })
 */
export interface RequestInfo {
  readonly reason?: string;
  readonly rule?: string;
}

/**
 * Options of `createGate` and `restoreGate`.
 * @example
 * createGate({ audit: log, org: 'acme', runId, ttlMs: 600_000, warnBeforeMs: 60_000, classify, store })
 */
export interface GateOptions {
  readonly audit?: AuditRecorder;
  /** Org and run stamped on audit events (`org` defaults to `default`). */
  readonly org?: string;
  readonly runId?: string;
  readonly clock?: Clock;
  /** How long a pending approval waits for an answer (default 15 minutes); unanswered means expired. */
  readonly ttlMs?: number;
  /** How long before expiry the `expiring` warning fires (default 60 s, capped at half the TTL). */
  readonly warnBeforeMs?: number;
  /** How long a granted approval stays usable before it must be consumed (default: `ttlMs`). */
  readonly usableForMs?: number;
  readonly store?: GateStore;
  /** Re-classifies edited actions (required for approve-with-edit) and double-checks grant use. */
  readonly classify?: (action: Action) => Classification | Promise<Classification>;
  /** Applies the policy to an edited action; a `deny` refuses the edit. */
  readonly check?: (action: Action, classification: Classification) => { readonly decision: string };
  /** Key for HMAC snapshot integrity; without it the tag is a plain SHA-256. */
  readonly integrityKey?: Uint8Array;
  /** Most approvals held (default 10 000): a runaway agent cannot grow the gate without bound. */
  readonly maxApprovals?: number;
  readonly newId?: (prefix: 'apr' | 'pln' | 'grt') => string;
}

/**
 * How an approval ended, as `wait` reports it.
 * @example
 * const outcome: WaitOutcome = await gate.wait(card.approvalId)
 */
export type WaitOutcome = 'allowed' | 'denied' | 'expired';

/**
 * Proof that the executor may run this exact action now, once.
 * @example
 * const { actionHash } = await gate.consume(card.approvalId, action)
 */
export interface Authorization {
  readonly approvalId: string;
  readonly actionHash: string;
  readonly via: 'approval' | 'plan' | 'grant';
}

/**
 * The answer of `authorize`: data, not an exception.
 * @example
 * const r = await gate.authorize(action, classification); if (!r.authorized) log(r.reason)
 */
export type AuthorizeResult =
  | ({ readonly authorized: true } & Authorization)
  | { readonly authorized: false; readonly reason: string };

/**
 * Options of `approve`.
 * @example
 * await gate.approve(id, { by: 'alice', edit: changed, scope: 'once' })
 */
export interface ApproveOptions {
  readonly by: string;
  /** Approve a changed action instead: it is re-classified and the approval re-bound to it. */
  readonly edit?: Action;
  /** `once` (default) or `similar-for-run`. */
  readonly scope?: Exclude<ApprovalScope, 'plan'>;
  /** For `similar-for-run`: the command pattern covered (default: the same command only). */
  readonly similarCommand?: string;
}

/**
 * A staged batch: one card per action, approved or denied as a whole.
 * @example
 * const { planId, approvals } = await gate.requestPlan(steps)
 */
export interface PlanCard {
  readonly planId: string;
  readonly approvals: readonly ApprovalCard[];
}

/**
 * Events an approver UI listens to.
 * @example
 * gate.on('expiring', (card) => page(card.approvalId))
 */
export interface GateEvents {
  requested: (card: ApprovalCard) => void;
  expiring: (card: ApprovalCard) => void;
  granted: (card: ApprovalCard) => void;
  denied: (card: ApprovalCard) => void;
  expired: (card: ApprovalCard) => void;
  consumed: (card: ApprovalCard) => void;
  'grant.created': (grant: Grant) => void;
  'grant.revoked': (grant: Grant) => void;
  /** An audit or store failure in a timer-driven change (expiry); method calls reject instead. */
  error: (error: unknown) => void;
}
