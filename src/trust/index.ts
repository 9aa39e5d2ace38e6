/**
 * `airlock/trust`: trust levels, the policy format, the pure `decide` function and the hard ceilings
 * that hold at every trust level. The gate (`airlock/gate`) enforces the decisions made here.
 */
export {
  type CeilingLimits,
  CeilingLimitsSchema,
  type CeilingName,
  type CeilingStatus,
  type Ceilings,
  type CeilingsOptions,
  type CeilingUsage,
  createCeilings,
} from './ceilings.js';
export { type Clock, systemClock } from './clock.js';
export { BUILTIN_RULES, commandOf, type Decision, type DecisionResult, decide } from './decide.js';
export { decidedEvent, type EventScope, policyChangedEvent } from './evidence.js';
export { matchGlob } from './glob.js';
export {
  assertTrustLevel,
  DEFAULT_TRUST_LEVEL,
  isTrustLevel,
  TRUST_LEVELS,
  type TrustLevel,
} from './levels.js';
export {
  type CommandPattern,
  compileCommandPattern,
  MAX_COMMAND_LENGTH,
  MAX_PATTERN_LENGTH,
  MAX_REPEATS,
} from './pattern.js';
export {
  EMPTY_POLICY,
  isPolicy,
  MAX_POLICY_RULES,
  POLICY_VERSION,
  type Policy,
  type PolicyDocument,
  type PolicyRule,
  type PolicyRuleDocument,
  PolicyRuleSchema,
  PolicySchema,
  parsePolicy,
} from './policy.js';
export {
  type Classification,
  type DecisionContext,
  normalizeRisk,
  RISKS,
  type Risk,
  riskRank,
  type ToolCall,
} from './types.js';
