/**
 * `airlock/audit`: one event schema for the whole pipeline and a tamper-evident log.
 */
export {
  Actor,
  AUDIT_EVENT_TYPES,
  AUDIT_EVENT_VERSION,
  AuditEventInputSchema,
  AuditEventSchema,
  EventData,
  Slot,
} from './events.js';
export type { AuditEvent, AuditEventInput, AuditEventType, AuditRecorder } from './events.js';
