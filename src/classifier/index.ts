/**
 * `airlock/classifier`: deterministic, offline, explainable risk classification of device commands,
 * shell commands and tool calls. Fail-closed: what is not proven read is never read.
 */

export type { ClassifyOptions } from './classify-command.js';
export { classifyCommand, MAX_COMMAND_LENGTH } from './classify-command.js';
export type { NormalizedInput } from './normalize.js';
export { normalizeCommand } from './normalize.js';
export type { CompiledOverride, RiskOverride } from './overrides.js';
export { compileOverrides } from './overrides.js';
export type { ClassifierStatus } from './prepare.js';
export { classifierStatus, prepareClassifier } from './prepare.js';
export type { Risk } from './risk.js';
export { isRisk, maxRisk, RISKS, riskAtLeast, riskRank } from './risk.js';
export type {
  ClassifyToolOptions,
  CommandToolEntry,
  HttpToolEntry,
  McpAnnotations,
  McpToolEntry,
  ToolCall,
  ToolCatalog,
  ToolCatalogEntry,
} from './tool-call.js';
export { classifyToolCall } from './tool-call.js';
export type { Classification, Segment, Vendor } from './types.js';
export { VENDORS } from './types.js';
