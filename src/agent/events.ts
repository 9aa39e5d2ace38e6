/**
 * What a run tells the embedding app, as plain data. Every text here is already redacted: tool output
 * arrives only after the redaction stream, and calls carry placeholders, never secret values. The same
 * events go to eventemitter3 listeners and to async iterators (`for await (const ev of run)`).
 */
import type { TokenUsage } from './model.js';
import type { Risk, ToolCall, TrustLevel } from './ports.js';

export type RunStatus = 'finished' | 'stopped' | 'denied' | 'ceiling' | 'error';

export type RunEvent =
  | {
      readonly type: 'run.started';
      readonly runId: string;
      readonly modelId: string;
      readonly trust: TrustLevel;
    }
  | { readonly type: 'text'; readonly delta: string }
  | {
      readonly type: 'tool.proposed';
      readonly toolCallId: string;
      readonly call: ToolCall;
      readonly actionHash: string;
    }
  /** The model's call was malformed (unknown tool, bad JSON, too large, not allowed): it never runs. */
  | {
      readonly type: 'tool.rejected';
      readonly toolCallId: string;
      readonly code: string;
      readonly message: string;
    }
  | {
      readonly type: 'tool.decided';
      readonly toolCallId: string;
      readonly decision: 'allow' | 'ask' | 'deny';
      readonly risk: Risk;
      readonly reason: string;
      readonly rule?: string;
    }
  | {
      readonly type: 'approval.requested';
      readonly toolCallId: string;
      readonly call: ToolCall;
      readonly actionHash: string;
      readonly risk: Risk;
      readonly reasons: readonly string[];
    }
  | {
      readonly type: 'approval.resolved';
      readonly toolCallId: string;
      readonly status: 'granted' | 'denied' | 'expired' | 'invalid';
    }
  /** Redacted device output as it streams. */
  | { readonly type: 'tool.output'; readonly toolCallId: string; readonly chunk: string }
  | {
      readonly type: 'tool.result';
      readonly toolCallId: string;
      readonly status: 'success' | 'error';
      /** What the model receives: redacted and capped. */
      readonly content: string;
      readonly truncated: boolean;
    }
  | {
      readonly type: 'usage';
      readonly turn: number;
      readonly usage: TokenUsage;
      /** Estimated USD for this turn, when the model's prices are known. */
      readonly costUsd?: number;
      readonly cachePoints: number;
    }
  | { readonly type: 'warning'; readonly code: string; readonly message: string }
  | { readonly type: 'paused' }
  | { readonly type: 'resumed' }
  | { readonly type: 'redirected'; readonly instruction: string }
  | { readonly type: 'trust.changed'; readonly from: TrustLevel; readonly to: TrustLevel }
  | { readonly type: 'run.finished'; readonly status: RunStatus; readonly reason: string };

export type RunEventType = RunEvent['type'];
