/**
 * The ports the runner drives, written as the smallest structural interfaces so that the real modules
 * (`airlock/classifier`, `airlock/trust`, `airlock/gate`, `airlock/redact`, `airlock/transports`,
 * `airlock/audit`) satisfy them as they are, and tests can fill them with plain objects. Nothing here
 * holds a secret value except `SecretSubstituter`, which only the executor calls.
 */
import type { Classification, Risk, ToolCall, TrustLevel } from '../trust/index.js';

export type { AuditRecorder } from '../audit/events.js';
export type { Classification, Risk, ToolCall, TrustLevel };

/** Classifies a proposed call (for `run_command`, the command text with placeholders). */
export interface CallClassifier {
  classify(call: ToolCall): Classification | Promise<Classification>;
}

/** allow / ask / deny, with the reason and rule; `airlock/trust`'s `decide` result satisfies it. */
export interface CallDecision {
  readonly decision: 'allow' | 'ask' | 'deny';
  readonly reason: string;
  readonly rule?: string | undefined;
}

/** Decides a classified call under the run's current trust level. */
export interface CallDecider {
  decide(
    call: ToolCall,
    classification: Classification,
    trust: TrustLevel,
  ): CallDecision | Promise<CallDecision>;
}

/** What an operator is asked to approve: the exact action (placeholders only) and why it asks. */
export interface ApprovalRequest {
  readonly runId: string;
  readonly toolCallId: string;
  readonly call: ToolCall;
  /** `airlock/gate`'s `hashAction(call)`. */
  readonly actionHash: string;
  readonly classification: Classification;
  readonly reason: string;
  readonly rule?: string | undefined;
  readonly signal?: AbortSignal;
}

export type ApprovalOutcome =
  | { readonly status: 'granted'; readonly approvalId: string }
  | { readonly status: 'denied' | 'expired'; readonly approvalId: string; readonly reason?: string };

/**
 * The approval gate as the runner uses it: ask an operator, then, right before execution, consume the
 * approval for the exact call. `consume` resolves false (or rejects) when the approval is unknown,
 * spent, expired or bound to another action; the runner then does not execute (what was approved is
 * what runs, once). `gateApprovals(gate)` adapts `airlock/gate`'s `Gate`.
 */
export interface ApprovalGate {
  request(request: ApprovalRequest): Promise<ApprovalOutcome>;
  consume(approvalId: string, call: ToolCall): boolean | Promise<boolean>;
}

/** A redaction finding as the runner counts it (`airlock/redact`'s `Finding` satisfies it). */
export interface RedactionFinding {
  readonly kind: string;
}

/** A streaming redactor for one output; `airlock/redact`'s stream satisfies it. */
export interface RedactionStream {
  /** Redacted text safe to release now (a tail that could start a secret is held back). */
  push(chunk: string): string;
  /** Flushes the held-back tail, redacted. */
  end(): string;
}

/** `airlock/redact`'s `Redactor` satisfies it. */
export interface OutputRedactor {
  createStream(options?: { onFinding?: (finding: RedactionFinding) => void }): RedactionStream;
}

/**
 * Replaces placeholders with secret values (`airlock/redact`'s `SubstitutionTable`). Called only inside
 * the executor, right before `exec`; it may throw (e.g. an unknown placeholder), and then nothing runs.
 */
export interface SecretSubstituter {
  substitute(text: string): { readonly text: string; readonly placeholders: readonly string[] };
}

/** Options of one device command (a subset of `airlock/transports`' `ExecOptions`). */
export interface CommandExecOptions {
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
  readonly maxOutputBytes?: number;
  readonly onData?: (chunk: string, stream: 'stdout' | 'stderr') => void;
}

export interface CommandExecResult {
  readonly output: string;
  readonly exitStatus: number | null;
  readonly durationMs: number;
  readonly truncated: boolean;
  readonly outputBytes: number;
}

/** Where commands run; `airlock/transports`' `DeviceTransport` satisfies it. */
export interface CommandTransport {
  /** Credential-free name of the device. */
  readonly target: string;
  exec(command: string, options?: CommandExecOptions): Promise<CommandExecResult>;
}
