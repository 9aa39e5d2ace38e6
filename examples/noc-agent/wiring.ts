/**
 * Glue a team copies into its own tool: ceilings in front of the trust decision (they hold at every
 * trust level), and the answerer that puts the gate's approval cards to a person (or the demo
 * script). The gate, not this file, binds an approval to the action hash and burns it on use.
 */
import { type CallDecider, trustDecider } from 'airlock/agent';
import type { ApprovalCard, Gate } from 'airlock/gate';
import { type Ceilings, EMPTY_POLICY, type Policy } from 'airlock/trust';
import type { Approver } from './approvers.js';
import type { Vendor } from './flags.js';
import type { CardView } from './ui/approval-card.js';

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

/** Callbacks the card answerer reports through, for the terminal. */
export interface GateUi {
  showCard(card: CardView): void;
  showAnswer(card: CardView, approved: boolean, by: string, note: string): void;
}

/**
 * Answers the gate's approval cards: each `requested` card is shown and put to the approver, and the
 * answer goes back through the gate's own API (`approve` / `deny`), exactly as a chat bot or a web
 * console would. The runner only waits on the gate (`gateApprovals`), so who answers is swappable.
 * An expired card closes its prompt. Returns the function that detaches it.
 * @example
 * const detach = answerCards(gate, promptApprover(process.stdin, process.stdout), ui)
 */
export function answerCards(gate: Gate, approver: Approver, ui: GateUi): () => void {
  const open = new Map<string, AbortController>();
  const onRequested = (card: ApprovalCard): void => {
    const view = toCardView(card);
    const abort = new AbortController();
    open.set(card.approvalId, abort);
    ui.showCard(view);
    void (async () => {
      let answer: Awaited<ReturnType<Approver['answer']>>;
      try {
        answer = await approver.answer(view, abort.signal);
      } catch {
        answer = { approved: false, by: approver.label, note: 'the approver failed' };
      }
      open.delete(card.approvalId);
      if (abort.signal.aborted) return;
      try {
        if (answer.approved) await gate.approve(card.approvalId, { by: answer.by });
        else await gate.deny(card.approvalId, { by: answer.by, reason: answer.note });
        ui.showAnswer(view, answer.approved, answer.by, answer.note);
      } catch {
        // The card left `pending` meanwhile (expired, run stopped): the gate had the last word.
        ui.showAnswer(view, false, 'gate', 'the approval was no longer pending');
      }
    })();
  };
  const onExpired = (card: ApprovalCard): void => {
    const abort = open.get(card.approvalId);
    if (abort === undefined) return;
    open.delete(card.approvalId);
    abort.abort();
    ui.showAnswer(toCardView(card), false, 'gate', 'expired: an unanswered approval is denied');
  };
  gate.on('requested', onRequested);
  gate.on('expired', onExpired);
  return () => {
    gate.off('requested', onRequested);
    gate.off('expired', onExpired);
    for (const abort of open.values()) abort.abort();
    open.clear();
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
