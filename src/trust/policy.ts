/**
 * A policy is data: an ordered list of rules matching a tool call by tool, target (glob), vendor, risk
 * and command pattern, each with an effect (allow, ask, deny). `parsePolicy` validates it with zod and
 * compiles it; a policy that does not parse is a `ConfigError`, never an empty allow-all.
 */
import { z } from 'zod';
import { ConfigError } from '../errors.js';
import { hashCanonical } from '../internal/hash.js';
import { type CommandPattern, compileCommandPattern } from './pattern.js';
import type { Risk } from './types.js';

/**
 * Version of the policy document format.
 * @example
 * parsePolicy({ v: POLICY_VERSION, rules: [] })
 */
export const POLICY_VERSION = 1 as const;
/**
 * Most rules in one policy: a bound on the work `decide` does per call.
 * @example
 * if (rules.length > MAX_POLICY_RULES) split(rules)
 */
export const MAX_POLICY_RULES = 1000;

const name = z.string().min(1).max(256);
const oneOrMany = z.union([name, z.array(name).min(1).max(64)]);
const risk = z.enum(['read', 'moderate', 'dangerous', 'unknown']);

/**
 * Schema of one rule. Every field it names must match for the rule to apply; it must name at least one.
 * @example
 * PolicyRuleSchema.safeParse({ id: 'r', effect: 'deny', command: 'reload.*' }).success // true
 */
export const PolicyRuleSchema = z
  .strictObject({
    id: name,
    effect: z.enum(['allow', 'ask', 'deny']),
    tool: oneOrMany.optional(),
    /** Glob over the target (`*`, `?`). */
    target: oneOrMany.optional(),
    vendor: oneOrMany.optional(),
    risk: z.union([risk, z.array(risk).min(1).max(4)]).optional(),
    /** Regular expression source matched against the whole command (`args.command`). */
    command: z.string().min(1).max(256).optional(),
    description: z.string().max(1024).optional(),
  })
  .refine(
    (r) =>
      r.tool !== undefined ||
      r.target !== undefined ||
      r.vendor !== undefined ||
      r.risk !== undefined ||
      r.command !== undefined,
    { message: 'a rule must match on at least one of tool, target, vendor, risk, command' },
  );

/**
 * Schema of a policy document.
 * @example
 * PolicySchema.safeParse(JSON.parse(text)).success
 */
export const PolicySchema = z.strictObject({
  v: z.literal(POLICY_VERSION),
  rules: z.array(PolicyRuleSchema).max(MAX_POLICY_RULES),
});

/**
 * A policy document as written (JSON/YAML-loaded data).
 * @example
 * const doc: PolicyDocument = { v: 1, rules: [{ id: 'ro', effect: 'allow', risk: 'read' }] }
 */
export type PolicyDocument = z.input<typeof PolicySchema>;
/**
 * One rule as written.
 * @example
 * const rule: PolicyRuleDocument = { id: 'no-core', effect: 'ask', target: 'core-*' }
 */
export type PolicyRuleDocument = z.input<typeof PolicyRuleSchema>;

/**
 * A rule after validation, with its command pattern compiled.
 * @example
 * parsePolicy(doc).rules.map((r) => r.id)
 */
export interface PolicyRule {
  readonly id: string;
  readonly effect: 'allow' | 'ask' | 'deny';
  readonly tools?: readonly string[];
  readonly targets?: readonly string[];
  readonly vendors?: readonly string[];
  readonly risks?: readonly Risk[];
  readonly command?: CommandPattern;
}

const COMPILED: unique symbol = Symbol('airlock.policy');

/**
 * A validated, compiled policy, ready for `decide`. Build it with `parsePolicy`.
 * @example
 * const policy: Policy = parsePolicy(doc)
 */
export interface Policy {
  readonly [COMPILED]: true;
  readonly rules: readonly PolicyRule[];
  /** SHA-256 of the canonical policy document, for `policy.changed` audit events. */
  readonly hash: string;
}

/**
 * Validates and compiles a policy document. Throws `POLICY_INVALID` or `POLICY_PATTERN_INVALID`
 * (both `ConfigError`); the messages name the failing path, never a value.
 * @example
 * const policy = parsePolicy({ v: 1, rules: [
 *   { id: 'no-reload', effect: 'deny', command: 'reload.*' },
 *   { id: 'ifaces', effect: 'allow', tool: 'ssh', target: 'lab-*', command: 'interface .*' },
 * ] })
 */
export function parsePolicy(document: unknown): Policy {
  const parsed = PolicySchema.safeParse(document);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue === undefined ? '' : issue.path.map(String).join('.');
    throw new ConfigError(
      'POLICY_INVALID',
      `policy${path === '' ? '' : `.${path}`}: ${issue?.message ?? 'invalid'}`,
      { details: { issues: parsed.error.issues.length } },
    );
  }
  const seen = new Set<string>();
  const rules = parsed.data.rules.map((r, i): PolicyRule => {
    if (seen.has(r.id)) {
      throw new ConfigError('POLICY_INVALID', `policy.rules.${i}.id: duplicate rule id`);
    }
    seen.add(r.id);
    return Object.freeze({
      id: r.id,
      effect: r.effect,
      ...(r.tool === undefined ? {} : { tools: list(r.tool) }),
      ...(r.target === undefined ? {} : { targets: list(r.target) }),
      ...(r.vendor === undefined ? {} : { vendors: list(r.vendor) }),
      ...(r.risk === undefined ? {} : { risks: list(r.risk) }),
      ...(r.command === undefined
        ? {}
        : { command: compileCommandPattern(r.command, `policy.rules.${i}.command`) }),
    });
  });
  return Object.freeze({
    [COMPILED]: true as const,
    rules: Object.freeze(rules),
    hash: hashCanonical({ domain: 'airlock.policy', v: POLICY_VERSION, document: parsed.data }),
  });
}

/**
 * True for a policy built by `parsePolicy` (not a raw document that merely looks like one).
 * @example
 * if (!isPolicy(p)) p = parsePolicy(p)
 */
export function isPolicy(value: unknown): value is Policy {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[COMPILED] === true;
}

/**
 * The policy with no rules: trust levels and risk alone decide.
 * @example
 * decide(call, classification, 'supervised', EMPTY_POLICY)
 */
export const EMPTY_POLICY: Policy = Object.freeze({
  [COMPILED]: true as const,
  rules: Object.freeze([]),
  // Precomputed: hashCanonical({ domain: 'airlock.policy', v: 1, document: { v: 1, rules: [] } }).
  hash: '433fc5c95a3f7d34300f728c96495f8ab9d88e818dfc2503fe54982516ff49de',
});

function list<T>(v: T | readonly T[]): readonly T[] {
  return Object.freeze(Array.isArray(v) ? [...(v as readonly T[])] : [v as T]);
}
