/**
 * `airlock/audit`: one event schema for the whole pipeline and a tamper-evident log: canonical JSON
 * entries in an RFC 6962 Merkle tree, Ed25519-signed checkpoints, inclusion and consistency proofs,
 * durable JSONL storage with group commit, and a verifier that names the first bad entry.
 */

export type { Checkpoint, CheckpointBody, CheckpointFault } from './checkpoint.js';
export {
  CHECKPOINT_HEADER,
  formatCheckpointBody,
  parseCheckpoint,
  signCheckpoint,
  verifyCheckpointSignature,
} from './checkpoint.js';
export { readCheckpointFile, writeCheckpointFile } from './checkpoint-file.js';
export { defaultEventRedactor } from './default-redactor.js';
export type { EntryFault, LogEntry, ParsedLine } from './entry.js';
export { encodeEntry, LOG_ENTRY_VERSION, parseLine } from './entry.js';
export type { AuditEvent, AuditEventInput, AuditEventType, AuditRecorder } from './events.js';
export {
  Actor,
  AUDIT_EVENT_TYPES,
  AUDIT_EVENT_VERSION,
  AuditEventInputSchema,
  AuditEventSchema,
  EventData,
  Slot,
} from './events.js';
export type { FileSink, FileSinkOptions } from './file-sink.js';
export { createFileSink } from './file-sink.js';
export type { AuditKeyPair, CheckpointSigner } from './keys.js';
export {
  auditKeyId,
  createEd25519Signer,
  generateAuditKeyPair,
  loadAuditPublicKey,
  writeAuditKeyPair,
} from './keys.js';
export type { AuditLog, AuditLogOptions, LoggedEntry } from './log.js';
export { createAuditLog, MAX_LINE_BYTES } from './log.js';
export {
  EMPTY_ROOT,
  hashLeaf,
  hashNode,
  MerkleTree,
  merkleRoot,
  verifyConsistency,
  verifyInclusion,
} from './merkle.js';
export type { EventRedactor, TextRedactor } from './redaction.js';
export { createEventRedactor, fallbackTextRedactor } from './redaction.js';
export type { AuditSink, MemorySink } from './sink.js';
export { createMemorySink } from './sink.js';
export type { VerifyOptions, VerifyReason, VerifyResult } from './verify.js';
export { verifyLog, verifyLogText } from './verify.js';
