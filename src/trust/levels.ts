/**
 * Trust levels: how far an operator lets a run act without asking. The trust level moves the
 * threshold; the classifier's risk moves the floor; `decide` combines both with the policy.
 */
import { describeValue, UsageError } from '../errors.js';

/**
 * `manual` asks for every call; `supervised` runs reads only; `autonomous` also runs policy-permitted moderate calls.
 * @example
 * const trust: TrustLevel = 'supervised'
 */
export type TrustLevel = 'manual' | 'supervised' | 'autonomous';

/**
 * Every trust level, from most to least cautious.
 * @example
 * TRUST_LEVELS.includes(input as TrustLevel)
 */
export const TRUST_LEVELS: readonly TrustLevel[] = Object.freeze(['manual', 'supervised', 'autonomous']);

/**
 * The level a run starts at unless configured otherwise.
 * @example
 * createRunControl({ trust: DEFAULT_TRUST_LEVEL })
 */
export const DEFAULT_TRUST_LEVEL: TrustLevel = 'supervised';

/**
 * True when `value` is one of the three trust levels.
 * @example
 * isTrustLevel('autonomous') // true
 */
export function isTrustLevel(value: unknown): value is TrustLevel {
  return value === 'manual' || value === 'supervised' || value === 'autonomous';
}

/**
 * Returns `value` as a trust level or throws `TRUST_LEVEL_INVALID` (never falls back to a looser level).
 * @example
 * const trust = assertTrustLevel(process.env.AIRLOCK_TRUST ?? 'supervised')
 */
export function assertTrustLevel(value: unknown, name = 'trust'): TrustLevel {
  if (!isTrustLevel(value)) {
    throw new UsageError(
      'TRUST_LEVEL_INVALID',
      `"${name}" expected one of manual, supervised, autonomous, got ${describeValue(value)}`,
    );
  }
  return value;
}
