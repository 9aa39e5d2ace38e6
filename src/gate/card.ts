/**
 * Approvals as data. An `ApprovalRecord` is the gate's internal, serializable state for one
 * requested action; an `ApprovalCard` is what an approver sees: the exact action (secrets only as
 * placeholders, credentials by reference), its risk, the reasons, and the rule that asked.
 */
import type { Risk } from '../trust/types.js';
import type { Action } from './action.js';

/**
 * Lifecycle: pending → granted → consumed, or pending → denied / expired (granted → expired when unused).
 * @example
 * if (gate.get(id)?.status === 'expired') notify('nobody answered')
 */
export type ApprovalStatus = 'pending' | 'granted' | 'denied' | 'expired' | 'consumed';

/**
 * How far an approval reaches: this action once, similar actions for the run, or one item of a plan.
 * @example
 * await gate.approve(id, { by: 'alice', scope: 'similar-for-run' })
 */
export type ApprovalScope = 'once' | 'similar-for-run' | 'plan';

/**
 * One approval's state, as stored in snapshots. Times are epoch milliseconds.
 * @example
 * const records = gate.snapshot().approvals // ApprovalRecord[]
 */
export interface ApprovalRecord {
  approvalId: string;
  status: ApprovalStatus;
  action: Action;
  actionHash: string;
  risk: Risk;
  reasons: string[];
  rule?: string;
  reason?: string;
  requestedAt: number;
  expiresAt: number;
  planId?: string;
  scope?: ApprovalScope;
  resolvedBy?: string;
  resolvedAt?: number;
  denyReason?: string;
  edited?: boolean;
  /** Until when a granted approval may be consumed. */
  usableUntil?: number;
  consumedAt?: number;
  warned?: boolean;
  /** Re-asked after a restore (it had been granted but not consumed before the restart). */
  restored?: boolean;
}

/**
 * What an approver sees and answers. Plain data; safe to send to a UI or log (placeholders only).
 * @example
 * gate.on('requested', (card) => ui.show(card.tool, card.target, card.args, card.risk, card.reasons))
 */
export interface ApprovalCard {
  readonly approvalId: string;
  readonly status: ApprovalStatus;
  readonly tool: string;
  readonly target: string | undefined;
  /** The exact arguments, secrets shown as `__SECRET_<KIND>_<ID>__` placeholders. */
  readonly args: Readonly<Record<string, unknown>>;
  readonly credentialRefs: readonly string[];
  readonly risk: Risk;
  readonly reasons: readonly string[];
  /** The rule that asked (a policy rule id or a built-in `airlock/…` rule). */
  readonly rule: string | undefined;
  /** Why it asked, in words. */
  readonly reason: string | undefined;
  readonly actionHash: string;
  readonly requestedAt: string;
  readonly expiresAt: string;
  readonly planId: string | undefined;
  readonly scope: ApprovalScope | undefined;
  readonly edited: boolean;
  readonly restored: boolean;
  /** The action itself, for the executor to run after `consume` (the edited one after an edit). */
  readonly action: Action;
}

/**
 * Builds the card of a record.
 * @example
 * gate.on('requested', (card) => ui.show(card))
 */
export function toCard(r: ApprovalRecord): ApprovalCard {
  return Object.freeze({
    approvalId: r.approvalId,
    status: r.status,
    tool: r.action.tool,
    target: r.action.target,
    args: r.action.args,
    credentialRefs: r.action.credentialRefs ?? [],
    risk: r.risk,
    reasons: Object.freeze([...r.reasons]),
    rule: r.rule,
    reason: r.reason,
    actionHash: r.actionHash,
    requestedAt: new Date(r.requestedAt).toISOString(),
    expiresAt: new Date(r.expiresAt).toISOString(),
    planId: r.planId,
    scope: r.scope,
    edited: r.edited === true,
    restored: r.restored === true,
    action: r.action,
  });
}
