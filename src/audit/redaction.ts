/**
 * The redaction hook: every event passes through it before it is hashed or written, so a secret that a
 * caller put into free text (a redirect instruction, a tool argument, a reason) is never persisted.
 * The default runs a text redactor over every string leaf of `data`. A log line is forever: the
 * fallback patterns below are deliberately broad, and the `airlock/redact` redactor replaces them.
 */
import type { AuditEventInput } from './events.js';

/** Structural port of `airlock/redact`'s redactor: text in, redacted text out. */
export interface TextRedactor {
  redact(text: string): { text: string };
}

/** Turns an event into the event that may be persisted. Must not throw for valid events. */
export type EventRedactor = (event: AuditEventInput) => AuditEventInput;

// Each pattern keeps a harmless prefix (the key name) and masks what follows.
const FALLBACK_PATTERNS: ReadonlyArray<readonly [RegExp, string]> = [
  [
    /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/g,
    '[REDACTED:private-key]',
  ],
  [/\b(eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*)/g, '[REDACTED:jwt]'],
  [/\b(AKIA|ASIA)[0-9A-Z]{16}\b/g, '[REDACTED:aws-key]'],
  [/\b(gh[pousr]_[A-Za-z0-9]{20,}|xox[abposr]-[A-Za-z0-9-]{10,}|sk-[A-Za-z0-9_-]{20,})/g, '[REDACTED:token]'],
  [/(\bbearer\s+)[A-Za-z0-9._~+/=-]+/gi, '$1[REDACTED]'],
  [/(:\/\/[^\s:/@]+:)[^\s@/]+@/g, '$1[REDACTED]@'],
  // key=value / key: value with a secret-ish key name.
  [
    /\b((?:[A-Za-z0-9_.-]*(?:passw(?:or)?d|passphrase|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credential|auth|community|psk|pre-shared-key|key-string)[A-Za-z0-9_.-]*)\s*[=:]\s*)("[^"]*"|'[^']*'|\S+)/gi,
    '$1[REDACTED]',
  ],
  // Network-config style: `password 7 0822455D0A16`, `enable secret 5 $1$abc`, `snmp-server community x`.
  [
    /\b((?:password|passwd|secret|community|key-string|pre-shared-key|psk|auth-key|md5|authentication-key)\s+(?:\d{1,2}\s+)?)(?!\[REDACTED)\S+/gi,
    '$1[REDACTED]',
  ],
];

const TRIGGER =
  /pass|pwd|secret|token|key|cred|auth|community|psk|md5|bearer|eyJ|AKIA|ASIA|gh[pousr]_|xox|sk-|:\/\/|PRIVATE/i;

/**
 * The built-in conservative text redactor used until `airlock/redact` is wired in.
 * @example
 * fallbackTextRedactor.redact('password=hunter2').text // 'password=[REDACTED]'
 */
export const fallbackTextRedactor: TextRedactor = {
  redact(text: string) {
    // Cheap gate: every pattern below needs one of these substrings, and most strings have none.
    if (!TRIGGER.test(text)) return { text };
    let out = text;
    for (const [re, replacement] of FALLBACK_PATTERNS) out = out.replace(re, replacement);
    return { text: out };
  },
};

/**
 * An event redactor that applies `text` to every string leaf of `event.data` (at any depth, object
 * keys included), leaving the envelope (org, actor, ids) alone.
 * @example
 * createAuditLog({ sink, redact: createEventRedactor(createRedactor({})) })
 */
export function createEventRedactor(text: TextRedactor): EventRedactor {
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') return text.redact(value).text;
    if (Array.isArray(value)) return value.map(walk);
    if (typeof value === 'object' && value !== null) {
      const out: Record<string, unknown> = {};
      const obj = value as Record<string, unknown>;
      // Object.keys: the same own enumerable keys, in the same order, as Object.entries, without the pairs.
      const keys = Object.keys(obj);
      for (let i = 0; i < keys.length; i++) {
        const k = keys[i]!;
        out[text.redact(k).text] = walk(obj[k]);
      }
      return out;
    }
    return value;
  };
  return (event) => ({ ...event, data: walk(event.data) }) as AuditEventInput;
}
