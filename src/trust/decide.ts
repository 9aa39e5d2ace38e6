/**
 * `decide`: the pure function that turns a tool call, its classification, the run's trust level and
 * the policy into allow / ask / deny, with the reason and the rule that decided. Deny rules win at
 * every level; a dangerous action never runs on trust level or policy alone (it always asks); an
 * unknown risk is treated as at least moderate.
 */
import { describeValue, UsageError } from '../errors.js';
import { matchGlob } from './glob.js';
import { assertTrustLevel, type TrustLevel } from './levels.js';
import { EMPTY_POLICY, isPolicy, type Policy, type PolicyRule } from './policy.js';
import {
  type Classification,
  type DecisionContext,
  normalizeRisk,
  type Risk,
  type ToolCall,
} from './types.js';

/**
 * The three outcomes: run it, ask an operator, or refuse.
 * @example
 * if (decide(call, c, trust, policy).decision === 'deny') return
 */
export type Decision = 'allow' | 'ask' | 'deny';

/**
 * A decision as data: what, why, and which rule (a policy rule id or a built-in `airlock/…` rule).
 * @example
 * const { decision, reason, rule } = decide(call, c, trust, policy)
 */
export interface DecisionResult {
  readonly decision: Decision;
  readonly reason: string;
  readonly rule: string;
  /** The risk the decision used (the classification's, with anything unrecognized read as `unknown`). */
  readonly risk: Risk;
}

/**
 * Ids of the built-in rules, as they appear in `DecisionResult.rule` and audit events.
 * @example
 * decide(call, c, 'manual').rule === BUILTIN_RULES.manual // true
 */
export const BUILTIN_RULES = Object.freeze({
  manual: 'airlock/manual-asks',
  dangerous: 'airlock/dangerous-asks',
  read: 'airlock/read-runs',
  supervised: 'airlock/supervised-asks',
  moderateNeedsRule: 'airlock/autonomous-moderate-needs-rule',
  unknownNeedsRule: 'airlock/autonomous-unknown-needs-rule',
});

/**
 * Decides what happens to a tool call. Pure: same inputs, same result; no I/O.
 *
 * Order: a matching deny rule denies; `manual` asks; `dangerous` asks; a matching ask rule asks;
 * `read` allows; `supervised` asks; under `autonomous`, `moderate` needs a matching allow rule and
 * `unknown` needs an allow rule that names `risk: 'unknown'` explicitly, otherwise they ask.
 * @example
 * const r = decide({ tool: 'ssh', target: 'lab-sw1', args: { command: 'show version' } },
 *   { risk: 'read', reasons: ['show command'] }, 'supervised', policy)
 * // r.decision === 'allow', r.rule === 'airlock/read-runs'
 */
export function decide(
  call: ToolCall,
  classification: Classification,
  trust: TrustLevel,
  policy: Policy = EMPTY_POLICY,
  context: DecisionContext = {},
): DecisionResult {
  if (typeof call !== 'object' || call === null || typeof call.tool !== 'string' || call.tool === '') {
    throw new UsageError(
      'ACTION_INVALID',
      `"call.tool" expected a non-empty string, got ${describeValue(call?.tool)}`,
    );
  }
  assertTrustLevel(trust);
  if (!isPolicy(policy)) {
    throw new UsageError(
      'POLICY_NOT_COMPILED',
      '"policy" expected the result of parsePolicy, got a raw value',
    );
  }
  const risk = normalizeRisk(classification?.risk);
  const matched = policy.rules.filter((r) => ruleMatches(r, call, risk, context));

  const deny = matched.find((r) => r.effect === 'deny');
  if (deny)
    return { decision: 'deny', reason: `policy rule "${deny.id}" denies this call`, rule: deny.id, risk };

  if (trust === 'manual') {
    return {
      decision: 'ask',
      reason: 'trust level manual asks for every call',
      rule: BUILTIN_RULES.manual,
      risk,
    };
  }
  if (risk === 'dangerous') {
    return {
      decision: 'ask',
      reason: 'a dangerous action never runs on trust level or policy alone',
      rule: BUILTIN_RULES.dangerous,
      risk,
    };
  }
  const ask = matched.find((r) => r.effect === 'ask');
  if (ask)
    return { decision: 'ask', reason: `policy rule "${ask.id}" asks for this call`, rule: ask.id, risk };

  if (risk === 'read') {
    return {
      decision: 'allow',
      reason: `read-only calls run under trust level ${trust}`,
      rule: BUILTIN_RULES.read,
      risk,
    };
  }
  if (trust === 'supervised') {
    return {
      decision: 'ask',
      reason: `trust level supervised asks for ${risk} calls`,
      rule: BUILTIN_RULES.supervised,
      risk,
    };
  }
  if (risk === 'moderate') {
    const allow = matched.find((r) => r.effect === 'allow');
    if (allow)
      return {
        decision: 'allow',
        reason: `policy rule "${allow.id}" allows this call`,
        rule: allow.id,
        risk,
      };
    return {
      decision: 'ask',
      reason: 'no policy rule allows this moderate call',
      rule: BUILTIN_RULES.moderateNeedsRule,
      risk,
    };
  }
  // unknown: only a rule that names the unknown risk explicitly may let it run.
  const allow = matched.find((r) => r.effect === 'allow' && r.risks?.includes('unknown') === true);
  if (allow)
    return { decision: 'allow', reason: `policy rule "${allow.id}" allows this call`, rule: allow.id, risk };
  return {
    decision: 'ask',
    reason: 'unknown risk asks unless a policy rule explicitly allows risk "unknown"',
    rule: BUILTIN_RULES.unknownNeedsRule,
    risk,
  };
}

/**
 * The command text policy patterns match: `args.command` when it is a string.
 * @example
 * commandOf({ tool: 'ssh', args: { command: 'show ip route' } }) // 'show ip route'
 */
export function commandOf(call: ToolCall): string | undefined {
  const command = call.args?.command;
  return typeof command === 'string' ? command : undefined;
}

// Every field a rule names must match. When a field cannot be evaluated (no target, no vendor, a
// command too long to test), a restricting rule (deny, ask) applies and a permitting one does not.
function ruleMatches(rule: PolicyRule, call: ToolCall, risk: Risk, context: DecisionContext): boolean {
  const restricting = rule.effect !== 'allow';
  if (rule.tools && !rule.tools.includes(call.tool)) return false;
  if (rule.risks && !rule.risks.includes(risk)) return false;
  if (rule.targets) {
    const target = call.target;
    if (typeof target !== 'string') return false;
    if (!rule.targets.some((g) => matchGlob(g, target))) return false;
  }
  if (rule.vendors) {
    if (context.vendor === undefined || !rule.vendors.includes(context.vendor)) return false;
  }
  if (rule.command) {
    const command = commandOf(call);
    if (command === undefined) return false;
    const hit = rule.command.test(command);
    if (hit === undefined) return restricting;
    if (!hit) return false;
  }
  return true;
}
