/**
 * The risk scale every classification lands on. Order for gating: read < moderate < unknown < dangerous:
 * "unknown" sits above "moderate" because an unproven command may be anything short of what we have
 * positively recognised as dangerous, and the gate must treat it as at least moderate.
 */

/** One of the four risk classes. */
export type Risk = 'read' | 'moderate' | 'unknown' | 'dangerous';

/** Every risk class, lowest first. */
export const RISKS: readonly Risk[] = Object.freeze(['read', 'moderate', 'unknown', 'dangerous']);

const RANK: Readonly<Record<Risk, number>> = { read: 0, moderate: 1, unknown: 2, dangerous: 3 };

/**
 * Rank of a risk on the gating scale (read 0 … dangerous 3).
 * @example
 * riskRank('unknown') // 2
 */
export function riskRank(risk: Risk): number {
  return RANK[risk];
}

/**
 * True when `risk` is at least `floor` on the gating scale.
 * @example
 * riskAtLeast('unknown', 'moderate') // true
 */
export function riskAtLeast(risk: Risk, floor: Risk): boolean {
  return RANK[risk] >= RANK[floor];
}

/**
 * The higher of the given risks; `read` for none (a compound command is as risky as its riskiest part).
 * @example
 * maxRisk('read', 'dangerous', 'moderate') // 'dangerous'
 */
export function maxRisk(...risks: Risk[]): Risk {
  let best: Risk = 'read';
  for (const r of risks) if (RANK[r] > RANK[best]) best = r;
  return best;
}

/**
 * The higher of two risks: `maxRisk` for exactly two, without building an argument array (hot path).
 * @example
 * higherRisk('moderate', 'unknown') // 'unknown'
 */
export function higherRisk(a: Risk, b: Risk): Risk {
  return RANK[b] > RANK[a] ? b : a;
}

/**
 * True for the four risk strings (used to validate untrusted policy input).
 * @example
 * isRisk('moderate') // true
 */
export function isRisk(value: unknown): value is Risk {
  return typeof value === 'string' && Object.hasOwn(RANK, value);
}
