/**
 * The data `decide` and the gate reason about: a tool call (the action an agent proposes) and the
 * classifier's verdict on it. Structural on purpose, so `airlock/classifier`'s result satisfies
 * `Classification` without this module importing the classifier.
 */

/**
 * Risk classes, from harmless to destructive; `unknown` is at least `moderate`.
 * @example
 * const risk: Risk = classification.risk
 */
export type Risk = 'read' | 'moderate' | 'dangerous' | 'unknown';

/**
 * Every risk class, in rank order.
 * @example
 * RISKS.filter((r) => riskRank(r) <= riskRank('moderate')) // ['read', 'moderate']
 */
export const RISKS: readonly Risk[] = Object.freeze(['read', 'moderate', 'unknown', 'dangerous']);

/**
 * Rank of a risk for "at most as risky as" comparisons: read < moderate < unknown < dangerous.
 * Anything that is not a known risk ranks as `unknown` (fail closed).
 * @example
 * riskRank('read') < riskRank('moderate') // true
 */
export function riskRank(risk: unknown): number {
  switch (risk) {
    case 'read':
      return 0;
    case 'moderate':
      return 1;
    case 'dangerous':
      return 3;
    default:
      return 2;
  }
}

/**
 * Normalizes an untrusted risk value: anything that is not one of the four classes becomes `unknown`.
 * @example
 * normalizeRisk('weird') // 'unknown'
 */
export function normalizeRisk(risk: unknown): Risk {
  return risk === 'read' || risk === 'moderate' || risk === 'dangerous' ? risk : 'unknown';
}

/**
 * The classifier's verdict, structurally: what `decide` and the gate need from it.
 * @example
 * const c: Classification = { risk: 'moderate', reasons: ['interface change'] }
 */
export interface Classification {
  readonly risk: Risk;
  readonly reasons: readonly string[];
  readonly rule?: string | undefined;
}

/**
 * A tool call the agent proposes. `args` carry secrets only as placeholders (`__SECRET_<KIND>_<ID>__`);
 * `credentialRefs` name the credentials the executor will substitute, never their values.
 * @example
 * const call: ToolCall = { tool: 'ssh', target: 'r1', args: { command: 'show run' }, credentialRefs: ['r1-admin'] }
 */
export interface ToolCall {
  readonly tool: string;
  readonly target?: string | undefined;
  readonly args: Readonly<Record<string, unknown>>;
  readonly credentialRefs?: readonly string[] | undefined;
}

/**
 * What a policy rule can match on besides the call itself: the target's vendor (e.g. `cisco-ios`).
 * @example
 * decide(call, c, 'autonomous', policy, { vendor: 'cisco-ios' })
 */
export interface DecisionContext {
  readonly vendor?: string | undefined;
}
