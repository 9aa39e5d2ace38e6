/**
 * Glue from the sibling modules to the runner's ports, so an app wires the real primitives in one line
 * each. Kept apart from the core so the ports stay structural and testable with plain objects.
 */
import { type DecisionContext, decide, EMPTY_POLICY, type Policy } from '../trust/index.js';
import type { CallDecider } from './ports.js';

/**
 * A `CallDecider` backed by `airlock/trust`'s pure `decide` with a compiled policy.
 * @example
 * const decider = trustDecider(parsePolicy(doc), { vendor: 'routeros' });
 */
export function trustDecider(policy: Policy = EMPTY_POLICY, context: DecisionContext = {}): CallDecider {
  return { decide: (call, classification, trust) => decide(call, classification, trust, policy, context) };
}
