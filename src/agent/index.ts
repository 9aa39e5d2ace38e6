/**
 * `airlock/agent`: a Bedrock tool loop in which every tool call is proposed, classified, decided (and
 * gated), executed with secrets substituted only inside the executor, redacted, audited and returned to
 * the model. Ports keep the model, the device and the sibling modules swappable.
 */
export { commandClassifier, gateApprovals, trustDecider } from './adapters.js';
export { type BedrockModelOptions, type BedrockSendClient, createBedrockModel } from './bedrock.js';
export {
  type CachePlacement,
  type CachePlan,
  type CachePlanInput,
  type CacheTier,
  type CacheTiers,
  type CacheWarning,
  estimateTokens,
  MAX_CACHE_POINTS,
  planCachePoints,
} from './cache-planner.js';
export type { RunEvent, RunEventType, RunStatus } from './events.js';
export type { CallOutcome } from './execute-call.js';
export {
  type CachePointBlock,
  type ContentBlock,
  type Message,
  type ModelClient,
  type ModelRequest,
  type ModelStreamSink,
  type ModelTurn,
  type ProposedToolUse,
  type SystemBlock,
  type TokenUsage,
  type ToolCatalogBlock,
  type ToolResultBlock,
  type ToolSpec,
  type ToolUseBlock,
  ZERO_USAGE,
} from './model.js';
export { estimateCost, KNOWN_MODELS, lookupModel, type ModelInfo, type ModelPrices } from './models.js';
export { assertPinned, DEFAULT_REGION, isCrossRegionProfile, type ModelPin } from './pinning.js';
export type {
  ApprovalGate,
  ApprovalOutcome,
  ApprovalRequest,
  AuditRecorder,
  CallClassifier,
  CallDecider,
  CallDecision,
  Classification,
  CommandExecOptions,
  CommandExecResult,
  CommandTransport,
  OutputRedactor,
  RedactionFinding,
  RedactionStream,
  Risk,
  SecretSubstituter,
  ToolCall,
  TrustLevel,
} from './ports.js';
export { defineProcedure, type Procedure, type ProcedureOutcome, renderProcedure } from './procedure.js';
export { isRetryable, type RetryHooks, type RetryPolicy, raceAbort, sleep, withRetry } from './retry.js';
export { AgentRun, type AgentRunOptions, createAgentRun, type RunResult } from './run.js';
export {
  lastToolResult,
  type ScriptContext,
  ScriptedModel,
  type ScriptedToolUse,
  type ScriptedTurn,
  type ScriptStep,
} from './scripted-model.js';
export { checkToolInput, type ToolInputCheck, type ToolInputErrorCode } from './tool-input.js';
export {
  type AgentTool,
  defineTool,
  MAX_COMMAND_CHARS,
  runCommandTool,
  type ToolContext,
  toToolSpec,
} from './tools.js';
