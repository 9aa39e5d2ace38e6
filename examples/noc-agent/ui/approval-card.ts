/**
 * Renders a pending approval as a card a network engineer can judge at a glance: what would run,
 * where, how risky the classifier thinks it is and why, and which rule asked. Only placeholders are
 * ever shown for secrets; the card is built from the gate's data, which never holds plaintext.
 */
import type { Style } from './style.js';
import { sanitize } from './terminal.js';

/** The fields of an approval card the terminal shows (mapped from the gate's card). */
export interface CardView {
  readonly approvalId: string;
  readonly tool: string;
  readonly target: string;
  /** The exact command (or arguments) that will run, secrets as `__SECRET_<KIND>_<ID>__`. */
  readonly command: string;
  readonly risk: string;
  readonly reasons: readonly string[];
  readonly rule: string | undefined;
  /** Why the decision asked (trust level and policy), in words. */
  readonly reason: string | undefined;
  readonly credentialRefs: readonly string[];
  readonly expiresAt: string | undefined;
}

/**
 * Formats a card as lines (no trailing newline).
 * @example
 * term.line(renderApprovalCard(view, term.style))
 */
export function renderApprovalCard(card: CardView, style: Style, now: Date = new Date()): string {
  const riskText = card.risk.toUpperCase();
  const risk =
    card.risk === 'dangerous'
      ? style.bold(style.red(riskText))
      : card.risk === 'read'
        ? style.green(riskText)
        : style.bold(style.yellow(riskText));
  const edge = card.risk === 'dangerous' ? style.red : style.yellow;
  const rows: [string, string][] = [
    ['tool', sanitize(card.tool)],
    ['target', sanitize(card.target)],
    ['command', style.bold(sanitize(card.command))],
    ['risk', risk],
  ];
  const reasons = card.reasons.length === 0 ? ['(none given)'] : card.reasons;
  reasons.forEach((r, i) => {
    rows.push([i === 0 ? 'why' : '', `· ${sanitize(r)}`]);
  });
  if (card.rule !== undefined) rows.push(['rule', sanitize(card.rule)]);
  if (card.reason !== undefined) rows.push(['asks', sanitize(card.reason)]);
  if (card.credentialRefs.length > 0) rows.push(['secrets', card.credentialRefs.map(sanitize).join(', ')]);
  if (card.expiresAt !== undefined) rows.push(['expires', expiresIn(card.expiresAt, now)]);
  rows.push(['id', style.dim(card.approvalId)]);
  const title = card.risk === 'dangerous' ? ' approval needed: DANGEROUS ' : ' approval needed ';
  const lines = [edge(`┌─${title}${'─'.repeat(Math.max(4, 60 - title.length))}`)];
  for (const [k, v] of rows) lines.push(`${edge('│')} ${style.dim(k.padEnd(8))} ${v}`);
  lines.push(edge(`└${'─'.repeat(61)}`));
  return lines.join('\n');
}

function expiresIn(iso: string, now: Date): string {
  const ms = Date.parse(iso) - now.getTime();
  if (!Number.isFinite(ms)) return iso;
  if (ms <= 0) return 'now (an unanswered approval is denied)';
  const s = Math.round(ms / 1000);
  const text = s >= 120 ? `${Math.round(s / 60)} min` : `${s} s`;
  return `in ${text} (an unanswered approval is denied)`;
}
