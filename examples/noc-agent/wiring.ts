/**
 * Glue between the primitives and the runner's ports, the part a team copies into its own tool: the
 * classifier judges the command, trust and policy decide, ceilings hold at every trust level, and the
 * gate turns an "ask" into an approval card that a person (or the demo script) answers. The gate, not
 * this file, binds the approval to the action hash and burns it on use.
 */
import type {
  ApprovalGate,
  ApprovalOutcome,
  ApprovalRequest,
  CallClassifier,
  CallDecider,
  ToolCall,
} from '../../src/agent/index.js';
import { trustDecider } from '../../src/agent/index.js';
import { classifyCommand } from '../../src/classifier/index.js';
import type { ApprovalCard, Gate } from '../../src/gate/index.js';
import { type Ceilings, commandOf, EMPTY_POLICY, type Policy } from '../../src/trust/index.js';
import type { Approver } from './approvers.js';
import type { Vendor } from './flags.js';
import type { CardView } from './ui/approval-card.js';

/**
 * Classifies `run_command` calls with `airlock/classifier` for the device's vendor. A call without a
 * command is `unknown` (fail closed: it asks).
 * @example
 * const classifier = commandClassifier('routeros')
 */
export function commandClassifier(vendor: Vendor): CallClassifier {
  return {
    classify(call: ToolCall) {
      const command = commandOf(call);
      if (command === undefined) {
        return { risk: 'unknown', reasons: ['the call carries no command'], rule: 'noc-agent/no-command' };
      }
      const c = classifyCommand(command, { vendor });
      return { risk: c.risk, reasons: c.reasons, ...(c.rule === undefined ? {} : { rule: c.rule }) };
    },
  };
}

/**
 * The trust decision with hard ceilings in front: once a ceiling is reached every later call is
 * denied and `onCeiling` stops the run.
 * @example
 * const decider = ceilingDecider(createCeilings({ maxToolCalls: 20 }), 'routeros', () => run.stop())
 */
export function ceilingDecider(
  ceilings: Ceilings,
  vendor: Vendor,
  onCeiling: (what: string) => void,
  policy: Policy = EMPTY_POLICY,
): CallDecider {
  const inner = trustDecider(policy, { vendor });
  return {
    async decide(call, classification, trust) {
      const status = ceilings.beforeToolCall(classification.risk);
      if (status.reached) {
        const what = `${status.ceiling} ceiling reached (${status.value} of ${status.limit})`;
        onCeiling(what);
        return { decision: 'deny', reason: what, rule: `noc-agent/ceiling.${status.ceiling}` };
      }
      return inner.decide(call, classification, trust);
    },
  };
}

/** Callbacks the gate adapter reports through, for the terminal. */
export interface GateUi {
  showCard(card: CardView): void;
  showAnswer(card: CardView, approved: boolean, by: string, note: string): void;
}

/**
 * The runner's `ApprovalGate` port over `airlock/gate`: opens a card, asks the approver, grants or
 * denies it in the gate, and lets the gate consume it (hash-bound, single use) right before execution.
 * @example
 * const gate = approvalGate(createGate({ audit: log, org }), approver, ui)
 */
export function approvalGate(gate: Gate, approver: Approver, ui: GateUi): ApprovalGate {
  return {
    async request(req: ApprovalRequest): Promise<ApprovalOutcome> {
      const card = await gate.request(req.call, req.classification, {
        reason: req.reason,
        ...(req.rule === undefined ? {} : { rule: req.rule }),
      });
      const view = toCardView(card);
      ui.showCard(view);
      let answer: Awaited<ReturnType<Approver['answer']>>;
      try {
        answer = await approver.answer(view, req.signal);
      } catch {
        answer = { approved: false, by: approver.label, note: 'the approver failed' };
      }
      // The card may have expired while the operator read it: the gate has the last word.
      if (gate.get(card.approvalId)?.status === 'expired') {
        ui.showAnswer(view, false, 'gate', 'the approval expired before an answer');
        return { status: 'expired', approvalId: card.approvalId };
      }
      if (answer.approved) {
        const granted = await gate.approve(card.approvalId, { by: answer.by });
        if (granted.status === 'granted') {
          ui.showAnswer(view, true, answer.by, answer.note);
          return { status: 'granted', approvalId: card.approvalId };
        }
      }
      await gate.deny(card.approvalId, { by: answer.by, reason: answer.note });
      ui.showAnswer(view, false, answer.by, answer.note);
      return { status: 'denied', approvalId: card.approvalId, reason: answer.note };
    },
    async consume(approvalId: string, call: ToolCall): Promise<boolean> {
      try {
        await gate.consume(approvalId, call);
        return true;
      } catch {
        return false;
      }
    },
  };
}

/**
 * Maps the gate's approval card to what the terminal shows.
 * @example
 * renderApprovalCard(toCardView(card), style)
 */
export function toCardView(card: ApprovalCard): CardView {
  const command = typeof card.args.command === 'string' ? card.args.command : JSON.stringify(card.args);
  return {
    approvalId: card.approvalId,
    tool: card.tool,
    target: card.target ?? '(none)',
    command,
    risk: card.risk,
    reasons: card.reasons,
    rule: card.rule,
    reason: card.reason,
    credentialRefs: card.credentialRefs,
    expiresAt: card.expiresAt,
  };
}
