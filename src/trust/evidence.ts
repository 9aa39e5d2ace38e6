/**
 * Evidence builders: `decide` is pure, so it cannot record anything itself. These turn its result
 * (and a policy change) into the audit events the runner records, so every decision is evidence with
 * its reason and rule, in the shared v1 vocabulary.
 */
import type { Actor, AuditEventInput } from '../audit/events.js';
import type { DecisionResult } from './decide.js';
import type { TrustLevel } from './levels.js';
import type { Policy } from './policy.js';
import type { ToolCall } from './types.js';

/** Where an event belongs: org, actor and correlation ids. */
export interface EventScope {
  readonly org: string;
  readonly actor: Actor;
  readonly runId?: string;
  readonly toolCallId?: string;
}

/**
 * The `tool.decided` audit event of a decision.
 * @example
 * const d = decide(call, c, trust, policy)
 * await audit.record(decidedEvent(call, d, trust, { org, actor: { kind: 'system', id: 'airlock' }, runId }))
 */
export function decidedEvent(
  call: ToolCall,
  result: DecisionResult,
  trust: TrustLevel,
  scope: EventScope,
): AuditEventInput {
  return {
    type: 'tool.decided',
    ...envelope(scope),
    data: {
      tool: call.tool,
      decision: result.decision,
      trust,
      risk: result.risk,
      reason: result.reason.slice(0, 4096),
      rule: result.rule.slice(0, 256),
    },
  };
}

/**
 * The `policy.changed` audit event for a newly loaded policy (its hash and rule count).
 * @example
 * const policy = parsePolicy(doc)
 * await audit.record(policyChangedEvent(policy, { org, actor: { kind: 'user', id: 'alice' } }))
 */
export function policyChangedEvent(policy: Policy, scope: EventScope): AuditEventInput {
  return {
    type: 'policy.changed',
    ...envelope(scope),
    data: { policyHash: policy.hash, rules: policy.rules.length },
  };
}

function envelope(scope: EventScope) {
  return {
    org: scope.org,
    actor: scope.actor,
    ...(scope.runId === undefined ? {} : { runId: scope.runId }),
    ...(scope.toolCallId === undefined ? {} : { toolCallId: scope.toolCallId }),
  };
}
