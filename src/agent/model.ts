/**
 * The model port: what the runner needs from a model, in Bedrock Converse's shapes so the Bedrock
 * adapter is a thin mapping and a scripted model (tests, offline demo) fills it with plain objects.
 * Tool-use input stays raw JSON text here: the runner parses and validates it, never the adapter.
 */

/** A Converse cache point marker. */
export interface CachePointBlock {
  readonly cachePoint: { readonly type: 'default' };
}

export type SystemBlock = { readonly text: string } | CachePointBlock;

export interface ToolUseBlock {
  readonly toolUse: { readonly toolUseId: string; readonly name: string; readonly input: unknown };
}

export interface ToolResultBlock {
  readonly toolResult: {
    readonly toolUseId: string;
    readonly content: ReadonlyArray<{ readonly text: string }>;
    readonly status: 'success' | 'error';
  };
}

export type ContentBlock = { readonly text: string } | ToolUseBlock | ToolResultBlock | CachePointBlock;

export interface Message {
  readonly role: 'user' | 'assistant';
  readonly content: readonly ContentBlock[];
}

/** A tool as the model sees it: name, description and the JSON Schema of its input. */
export interface ToolSpec {
  readonly name: string;
  readonly description: string;
  readonly inputSchema: { readonly json: Record<string, unknown> };
}

export type ToolCatalogBlock = { readonly toolSpec: ToolSpec } | CachePointBlock;

/** One request to the model: everything that will be sent, already planned (cache points placed). */
export interface ModelRequest {
  readonly modelId: string;
  readonly system: readonly SystemBlock[];
  readonly messages: readonly Message[];
  readonly tools: readonly ToolCatalogBlock[];
  readonly maxTokens?: number;
  readonly signal?: AbortSignal;
}

/** A tool use as the model produced it; `input` is the raw JSON text, unparsed. */
export interface ProposedToolUse {
  readonly toolUseId: string;
  readonly name: string;
  readonly input: string;
  /** Set when the adapter stopped accumulating an oversized input; such a call is never executed. */
  readonly inputTruncated?: boolean;
}

export interface TokenUsage {
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly cacheReadInputTokens: number;
  readonly cacheWriteInputTokens: number;
}

/** A complete assistant turn. */
export interface ModelTurn {
  readonly text: string;
  readonly toolUses: readonly ProposedToolUse[];
  readonly stopReason: string;
  readonly usage: TokenUsage;
}

/** Receives text as it streams; the runner forwards it as `text` events. */
export interface ModelStreamSink {
  onText(delta: string): void;
  /** Non-fatal notices from the adapter, e.g. a fallback from streaming to Converse. */
  onWarning?(code: string, message: string): void;
}

/**
 * The port every model implements. `converse` sends one request and resolves with the whole turn,
 * calling `sink.onText` as text arrives. It throws `RemoteError` with `details.retryable` for faults.
 * @example
 * const model: ModelClient = { modelId: 'm', region: 'us-east-1', async converse() {
 *   return { text: 'done', toolUses: [], stopReason: 'end_turn', usage: ZERO_USAGE } } };
 */
export interface ModelClient {
  readonly modelId: string;
  /** The region requests go to; checked against the pin before any request. */
  readonly region: string;
  converse(request: ModelRequest, sink?: ModelStreamSink): Promise<ModelTurn>;
}

/**
 * Usage of a turn that reported none.
 * @example
 * const usage = { ...ZERO_USAGE, inputTokens: 10 };
 */
export const ZERO_USAGE: TokenUsage = Object.freeze({
  inputTokens: 0,
  outputTokens: 0,
  cacheReadInputTokens: 0,
  cacheWriteInputTokens: 0,
});
