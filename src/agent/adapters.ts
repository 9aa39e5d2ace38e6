/**
 * Glue from the sibling modules to the runner's ports, so an app wires the real primitives in one line
 * each. Kept apart from the core so the ports stay structural and testable with plain objects.
 */
import { classifyCommand, type RiskOverride, type Vendor } from '../classifier/index.js';
import { type Gate, hashAction } from '../gate/index.js';
import { type DecisionContext, decide, EMPTY_POLICY, type Policy } from '../trust/index.js';
import type { ApprovalGate, CallClassifier, CallDecider } from './ports.js';

/**
 * A `CallClassifier` backed by `airlock/classifier`'s `classifyCommand` for one vendor: the runner
 * passes device tools' calls as `{ command }`, with placeholders, never secret values.
 * @example
 * const classifier = commandClassifier({ vendor: 'routeros' });
 */
export function commandClassifier(options: {
  vendor: Vendor;
  overrides?: readonly RiskOverride[];
}): CallClassifier {
  return {
    classify(call) {
      const command = call.args.command;
      // Not a command: fail closed to `unknown` (it asks) instead of guessing.
      if (typeof command !== 'string') return { risk: 'unknown', reasons: ['no command to classify'] };
      return classifyCommand(command, options);
    },
  };
}

/**
 * A `CallDecider` backed by `airlock/trust`'s pure `decide` with a compiled policy.
 * @example
 * const decider = trustDecider(parsePolicy(doc), { vendor: 'routeros' });
 */
export function trustDecider(policy: Policy = EMPTY_POLICY, context: DecisionContext = {}): CallDecider {
  return { decide: (call, classification, trust) => decide(call, classification, trust, policy, context) };
}

/**
 * The runner's `ApprovalGate` on `airlock/gate`. `request` first asks the gate to `authorize` the exact
 * call (an approval already granted for its hash, e.g. in a plan, or a "similar for this run" grant that
 * covers it); otherwise it opens a card and waits for the operator (or expiry, or the run's stop
 * signal). `consume` burns the approval for the exact call; any refusal (used, expired, another action,
 * an edited action) is false, so nothing runs.
 * @example
 * const gate = createGate({ audit, org: 'acme' });
 * createAgentRun({ gate: gateApprovals(gate), ... });
 * gate.on('requested', (card) => ui.show(card));
 */
export function gateApprovals(gate: Pick<Gate, 'request' | 'wait' | 'consume' | 'authorize'>): ApprovalGate {
  // Authorizations the gate already burned in `authorize`, keyed by id and hash: each is usable once,
  // and only for the action it was checked against.
  const preAuthorized = new Set<string>();
  return {
    async request(req) {
      const auth = await gate.authorize(req.call, req.classification);
      if (auth.authorized) {
        preAuthorized.add(`${auth.approvalId} ${auth.actionHash}`);
        return { status: 'granted', approvalId: auth.approvalId };
      }
      const card = await gate.request(req.call, req.classification, {
        reason: req.reason,
        ...(req.rule === undefined ? {} : { rule: req.rule }),
      });
      const outcome = await gate.wait(
        card.approvalId,
        req.signal === undefined ? {} : { signal: req.signal },
      );
      if (outcome === 'allowed') return { status: 'granted', approvalId: card.approvalId };
      return { status: outcome, approvalId: card.approvalId };
    },
    async consume(approvalId, call) {
      if (preAuthorized.delete(`${approvalId} ${hashAction(call)}`)) return true;
      try {
        await gate.consume(approvalId, call);
        return true;
      } catch {
        return false;
      }
    },
  };
}
