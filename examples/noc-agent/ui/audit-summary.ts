/**
 * Summarises an audit trail for the end of a run: one row per tool call (command, risk, decision,
 * what happened), then counts by event type. Built only from audit events, so what the operator
 * reads is exactly what the log holds; events never carry device output or secret values.
 */
import type { AuditEvent } from 'airlock/audit';
import type { Style } from './style.js';
import { sanitize } from './terminal.js';

/** One tool call as the audit trail tells it. */
export interface ToolCallRow {
  readonly toolCallId: string;
  readonly command: string;
  risk: string;
  decision: string;
  approval: 'granted' | 'denied' | 'expired' | undefined;
  approvedBy: string | undefined;
  executed: boolean;
  exitStatus: number | null | undefined;
  outputBytes: number;
  redacted: number;
  substituted: number;
}

/** What `summarizeAudit` returns. */
export interface AuditSummary {
  readonly calls: readonly ToolCallRow[];
  readonly counts: ReadonlyMap<string, number>;
  readonly total: number;
  readonly runStatus: string | undefined;
}

/**
 * Folds audit events into per-call rows and per-type counts.
 * @example
 * const summary = summarizeAudit(events)
 */
export function summarizeAudit(events: readonly AuditEvent[]): AuditSummary {
  const calls = new Map<string, ToolCallRow>();
  const counts = new Map<string, number>();
  let runStatus: string | undefined;
  // The gate's approval events carry the approval id and action hash, not the tool call id: map them
  // back through the hash the runner recorded on `tool.proposed`.
  const byHash = new Map<string, string>();
  const byApproval = new Map<string, string>();
  const row = (id: string | undefined): ToolCallRow | undefined =>
    id === undefined ? undefined : calls.get(id);
  const approvalRow = (e: AuditEvent, approvalId: string): ToolCallRow | undefined =>
    row(e.toolCallId) ?? row(byApproval.get(approvalId));
  for (const e of events) {
    counts.set(e.type, (counts.get(e.type) ?? 0) + 1);
    switch (e.type) {
      case 'tool.proposed': {
        if (e.toolCallId === undefined || calls.has(e.toolCallId)) break;
        if (e.data.actionHash !== undefined) byHash.set(e.data.actionHash, e.toolCallId);
        const args = e.data.args as Record<string, unknown>;
        const command = typeof args.command === 'string' ? args.command : JSON.stringify(args);
        calls.set(e.toolCallId, {
          toolCallId: e.toolCallId,
          command,
          risk: '?',
          decision: '?',
          approval: undefined,
          approvedBy: undefined,
          executed: false,
          exitStatus: undefined,
          outputBytes: 0,
          redacted: 0,
          substituted: 0,
        });
        break;
      }
      case 'tool.classified': {
        const r = row(e.toolCallId);
        if (r) r.risk = e.data.risk;
        break;
      }
      case 'tool.decided': {
        const r = row(e.toolCallId);
        if (r) r.decision = e.data.decision;
        break;
      }
      case 'approval.requested': {
        const id = e.toolCallId ?? byHash.get(e.data.actionHash);
        if (id !== undefined) byApproval.set(e.data.approvalId, id);
        break;
      }
      case 'approval.granted':
      case 'approval.denied':
      case 'approval.expired': {
        const r = approvalRow(e, e.data.approvalId);
        if (r) {
          r.approval =
            e.type === 'approval.granted' ? 'granted' : e.type === 'approval.denied' ? 'denied' : 'expired';
          r.approvedBy = e.actor.id;
        }
        break;
      }
      case 'command.executed': {
        const r = row(e.toolCallId);
        if (r) {
          r.executed = true;
          r.exitStatus = e.data.exitStatus;
          r.outputBytes += e.data.outputBytes;
        }
        break;
      }
      case 'output.redacted': {
        const r = row(e.toolCallId);
        if (r) r.redacted += e.data.total;
        break;
      }
      case 'secret.substituted': {
        const r = row(e.toolCallId);
        if (r) r.substituted += e.data.placeholders.length;
        break;
      }
      case 'run.stopped':
        runStatus = e.data.status;
        break;
      default:
        break;
    }
  }
  return { calls: [...calls.values()], counts, total: events.length, runStatus };
}

/**
 * Renders the summary as a table.
 * @example
 * term.line(renderAuditSummary(summarizeAudit(events), term.style))
 */
export function renderAuditSummary(summary: AuditSummary, style: Style, width = 100): string {
  const cmdWidth = Math.max(24, Math.min(48, width - 52));
  const lines: string[] = [];
  lines.push(
    style.dim(
      ` ${'#'.padStart(2)}  ${'command'.padEnd(cmdWidth)}  ${'risk'.padEnd(9)}  ${'decision'.padEnd(18)}  outcome`,
    ),
  );
  summary.calls.forEach((c, i) => {
    const cmd = fitWidth(sanitize(c.command).replace(/\n/g, ' ⏎ '), cmdWidth);
    const risk = paintRisk(c.risk, style, c.risk.padEnd(9));
    const decisionText =
      c.decision === 'ask'
        ? `ask → ${c.approval ?? 'unanswered'}`
        : c.decision === 'allow'
          ? 'allowed'
          : c.decision === 'deny'
            ? 'denied by rule'
            : c.decision;
    const decision =
      c.approval === 'denied' || c.approval === 'expired' || c.decision === 'deny'
        ? style.red(decisionText.padEnd(18))
        : c.approval === 'granted'
          ? style.yellow(decisionText.padEnd(18))
          : decisionText.padEnd(18);
    const outcome: string[] = [];
    if (c.executed) {
      outcome.push(`ran, exit ${c.exitStatus ?? '?'}, ${formatBytes(c.outputBytes)}`);
      if (c.redacted > 0)
        outcome.push(style.magenta(`${c.redacted} secret${c.redacted === 1 ? '' : 's'} redacted`));
      if (c.substituted > 0) outcome.push(`${c.substituted} substituted`);
    } else {
      outcome.push(style.dim('not run'));
    }
    lines.push(` ${String(i + 1).padStart(2)}  ${cmd}  ${risk}  ${decision}  ${outcome.join(', ')}`);
  });
  if (summary.calls.length === 0) lines.push(style.dim('  (no tool calls)'));
  const counts = [...summary.counts.entries()].map(([t, n]) => `${t} ${n}`).join(', ');
  lines.push('');
  lines.push(`${summary.total} events: ${style.dim(counts)}`);
  return lines.join('\n');
}

function paintRisk(risk: string, style: Style, text: string): string {
  if (risk === 'dangerous') return style.red(text);
  if (risk === 'moderate' || risk === 'unknown') return style.yellow(text);
  if (risk === 'read') return style.green(text);
  return text;
}

function fitWidth(s: string, width: number): string {
  return s.length > width ? `${s.slice(0, width - 1)}…` : s.padEnd(width);
}

function formatBytes(n: number): string {
  return n < 1024 ? `${n} B` : `${(n / 1024).toFixed(1)} KiB`;
}
