/**
 * User policy over risk: an ordered list of rules, each matching a vendor, a tool and/or a pattern over
 * the parsed command, that raise or lower the risk. A raising rule always beats a lowering one ("deny
 * beats allow"); a lowering rule only lowers the segments it matches, so `show …; reload` stays dangerous.
 */
import { UsageError } from '../errors.js';
import { isRisk, type Risk, riskRank } from './risk.js';
import { VENDORS, type Vendor } from './types.js';

/** One override rule. */
export interface RiskOverride {
  /** Named in every decision this rule makes (`override:<id>`). */
  readonly id: string;
  /** The risk this rule assigns: above the computed risk it raises, below it lowers. */
  readonly risk: Risk;
  /** Restrict to these vendors (command classification). */
  readonly vendor?: Vendor | readonly Vendor[];
  /** Restrict to these tool names (tool-call classification). */
  readonly tool?: string | readonly string[];
  /**
   * Matched (case-insensitively when given as a string) against each classified segment of the
   * normalised command; a raising rule also matches the whole command. Without a pattern the rule
   * matches every command of its vendor / tool.
   */
  readonly pattern?: RegExp | string;
}

/** A validated rule with its compiled pattern. */
export interface CompiledOverride {
  readonly id: string;
  readonly risk: Risk;
  readonly vendors: readonly Vendor[] | undefined;
  readonly tools: readonly string[] | undefined;
  readonly pattern: RegExp | undefined;
}

const MAX_PATTERN = 1000;

/**
 * Validates and compiles override rules; throws `UsageError` (`CLASSIFIER_BAD_OVERRIDE`) naming the
 * index and field, never the pattern text.
 * @example
 * compileOverrides([{ id: 'lab-reload', vendor: 'ios', pattern: /^reload$/, risk: 'moderate' }])
 */
export function compileOverrides(rules: readonly RiskOverride[]): CompiledOverride[] {
  if (!Array.isArray(rules)) throw bad(-1, 'overrides', 'an array');
  return rules.map((r, i) => {
    if (typeof r !== 'object' || r === null) throw bad(i, 'rule', 'an object');
    if (typeof r.id !== 'string' || r.id.length === 0 || r.id.length > 200)
      throw bad(i, 'id', 'a non-empty string');
    if (!isRisk(r.risk)) throw bad(i, 'risk', 'one of read, moderate, unknown, dangerous');
    const vendors = r.vendor === undefined ? undefined : Array.isArray(r.vendor) ? r.vendor : [r.vendor];
    if (vendors?.some((v: unknown) => !VENDORS.includes(v as Vendor)))
      throw bad(i, 'vendor', 'a known vendor id');
    const tools = r.tool === undefined ? undefined : Array.isArray(r.tool) ? r.tool : [r.tool];
    if (tools?.some((t: unknown) => typeof t !== 'string')) throw bad(i, 'tool', 'a string or string array');
    let pattern: RegExp | undefined;
    if (r.pattern instanceof RegExp)
      pattern = new RegExp(r.pattern.source, r.pattern.flags.replace(/[gy]/g, ''));
    else if (typeof r.pattern === 'string') {
      if (r.pattern.length > MAX_PATTERN) throw bad(i, 'pattern', `at most ${MAX_PATTERN} characters`);
      try {
        pattern = new RegExp(r.pattern, 'i');
      } catch (cause) {
        throw new UsageError(
          'CLASSIFIER_BAD_OVERRIDE',
          `override ${i}: "pattern" expected a valid regular expression`,
          { cause: cause instanceof Error ? cause.name : 'error', details: { index: i } },
        );
      }
    } else if (r.pattern !== undefined) throw bad(i, 'pattern', 'a RegExp or string');
    return {
      id: r.id,
      risk: r.risk,
      vendors: vendors as Vendor[] | undefined,
      tools: tools as string[] | undefined,
      pattern,
    };
  });
}

function bad(i: number, field: string, expected: string): UsageError {
  return new UsageError('CLASSIFIER_BAD_OVERRIDE', `override ${i}: "${field}" expected ${expected}`, {
    details: { index: i, field },
  });
}

/** The scope a rule is checked against. */
export interface OverrideScope {
  readonly vendor?: Vendor;
  readonly tool?: string;
}

/** True when the rule's vendor and tool filters admit this scope. */
export function inScope(r: CompiledOverride, scope: OverrideScope): boolean {
  if (r.vendors && (scope.vendor === undefined || !r.vendors.includes(scope.vendor))) return false;
  if (r.tools && (scope.tool === undefined || !r.tools.includes(scope.tool))) return false;
  return true;
}

/** Rank helper for override decisions. */
export function raises(r: CompiledOverride, base: Risk): boolean {
  return riskRank(r.risk) > riskRank(base);
}
