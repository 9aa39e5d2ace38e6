/**
 * `airlock/gate`: the approval gate (cards, single-use approvals bound to the action's hash, expiry,
 * edits, "similar for this run" grants, plans), its versioned persistence, and the operator's run
 * controls (stop, pause/resume, redirect, trust changes).
 */
export { ACTION_HASH_VERSION, type Action, hashAction, normalizeAction } from './action.js';
export {
  type ApprovalCard,
  type ApprovalRecord,
  type ApprovalScope,
  type ApprovalStatus,
  toCard,
} from './card.js';
export {
  createRunControl,
  type Operator,
  type RunControl,
  type RunControlEvents,
  type RunControlOptions,
  type RunState,
  type StopStatus,
} from './control.js';
export {
  type ApproveOptions,
  type Authorization,
  type AuthorizeResult,
  createGate,
  type Gate,
  type GateEvents,
  type GateOptions,
  type GateStore,
  type PlanCard,
  type RequestInfo,
  type WaitOutcome,
} from './gate.js';
export type { Grant } from './grants.js';
export { restoreGate } from './restore.js';
export { GATE_STATE_VERSION, type GateSnapshot, GateSnapshotSchemaV1 } from './snapshot.js';
