/**
 * The default redaction hook of the audit log: `airlock/redact`'s redactor (every detector on) over
 * every string leaf of `data`. One redactor per process, made on first use, with a one-slot
 * substitution table: the audit path needs placeholders, not a store of the plaintexts it replaced.
 */
import { createRedactor } from '../redact/index.js';
import { createEventRedactor, type EventRedactor, type TextRedactor } from './redaction.js';

let shared: TextRedactor | undefined;

// Bounds of the memo of clean strings: at most CLEAN_LIMIT strings of at most CLEAN_MAX_LENGTH.
const CLEAN_LIMIT = 4096;
const CLEAN_MAX_LENGTH = 128;

/**
 * Remembers the strings the redactor left unchanged, so the keys, enums, targets and reasons that
 * events repeat are scanned once. Sound only for a redactor whose output depends on the text alone:
 * `Redactor.redact` is "stateless apart from filling the table" with deterministic placeholders,
 * and its output changes with state only through `register`, which nothing calls on the private
 * default redactor. Only unchanged text is kept: it is exactly what gets written, never a plaintext
 * that was replaced.
 */
function rememberClean(redactor: TextRedactor): TextRedactor {
  const clean = new Set<string>();
  return {
    redact(text) {
      if (clean.has(text)) return { text };
      const out = redactor.redact(text);
      if (out.text === text && text.length <= CLEAN_MAX_LENGTH) {
        if (clean.size >= CLEAN_LIMIT) clean.clear();
        clean.add(text);
      }
      return out;
    },
  };
}

/**
 * The event redactor a log uses when none is given.
 * @example
 * createAuditLog({ sink, redact: defaultEventRedactor() }) // same as the default
 */
export function defaultEventRedactor(): EventRedactor {
  shared ??= rememberClean(createRedactor({ tableLimit: 1 }));
  return createEventRedactor(shared);
}
