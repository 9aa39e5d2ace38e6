/**
 * Glue from the sibling modules to the runner's ports, so an app wires the real primitives in one line
 * each. Kept apart from the core so the ports stay structural and testable with plain objects.
 */
import { classifyCommand, type RiskOverride, type Vendor } from '../classifier/index.js';
import type { Gate } from '../gate/index.js';
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
 * The runner's `ApprovalGate` on `airlock/gate`: `request` opens a card and waits for the operator
 * (or expiry, or the run's stop signal); `consume` burns the approval for the exact call and reports
 * any refusal (used, expired, another action, an edited action) as false, so nothing runs.
 * @example
 * const gate = createGate({ audit, org: 'acme' });
 * createAgentRun({ gate: gateApprovals(gate), ... });
 * gate.on('requested', (card) => ui.show(card));
 */
export function gateApprovals(gate: Pick<Gate, 'request' | 'wait' | 'consume'>): ApprovalGate {
  return {
    async request(req) {
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
      try {
        await gate.consume(approvalId, call);
        return true;
      } catch {
        return false;
      }
    },
  };
}
