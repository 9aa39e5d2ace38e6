/**
 * `airlock/redact`: secrets out of the model's context, back in only at execution. `createRedactor`
 * replaces secrets with typed per-org placeholders (`__SECRET_<KIND>_<ID>__`); the `SubstitutionTable`
 * maps them back for the executor after approval; streams redact chunked output with bounded buffering.
 */

export { shannonEntropy } from './entropy.js';
export {
  isPlaceholder,
  PLACEHOLDER_ID_LENGTH,
  PLACEHOLDER_PATTERN,
  parsePlaceholder,
} from './placeholder.js';
export type { Finding, RedactionResult, Redactor, RedactorOptions, SecretInput } from './redactor.js';
export { createRedactor, MIN_SECRET_LENGTH } from './redactor.js';
export type { DetectorSwitches } from './scan.js';
export type { RedactionStream, StreamOptions } from './stream.js';
export type { SubstitutionResult } from './table.js';
export { SubstitutionTable } from './table.js';
