/**
 * The default redaction hook of the audit log: `airlock/redact`'s redactor (every detector on) over
 * every string leaf of `data`. One redactor per process, made on first use, with a one-slot
 * substitution table: the audit path needs placeholders, not a store of the plaintexts it replaced.
 */
import { createRedactor } from '../redact/index.js';
import { createEventRedactor, type EventRedactor, type TextRedactor } from './redaction.js';

let shared: TextRedactor | undefined;

/**
 * The event redactor a log uses when none is given.
 * @example
 * createAuditLog({ sink, redact: defaultEventRedactor() }) // same as the default
 */
export function defaultEventRedactor(): EventRedactor {
  shared ??= createRedactor({ tableLimit: 1 });
  return createEventRedactor(shared);
}
