/**
 * The default redaction hook of the audit log. Until `airlock/redact` exports `createRedactor`, it is
 * the conservative built-in fallback over every string leaf of `data`.
 */
import { createEventRedactor, type EventRedactor, fallbackTextRedactor } from './redaction.js';

/**
 * The event redactor a log uses when none is given.
 * @example
 * createAuditLog({ sink, redact: defaultEventRedactor() }) // same as the default
 */
export function defaultEventRedactor(): EventRedactor {
  return createEventRedactor(fallbackTextRedactor);
}
