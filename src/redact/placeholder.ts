/**
 * Placeholders stand in for secrets in everything the model, logs and approval cards see:
 * `__SECRET_<KIND>_<ID>__`, where ID is a keyed HMAC-SHA256 of the value (per org), truncated to
 * 65 bits and base32-encoded. Same secret, same org => same ID; nothing about the value is recoverable.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { UsageError } from '../errors.js';

/**
 * Length of the base32 ID: 13 characters = 65 bits of the HMAC.
 * @example
 * parsePlaceholder(p)!.id.length === PLACEHOLDER_ID_LENGTH // true
 */
export const PLACEHOLDER_ID_LENGTH = 13;

/**
 * Matches every placeholder in a text (global flag: reset `lastIndex` or use `matchAll`).
 * Group 1 is the kind, group 2 the ID. Only word characters, so shells and vendor CLIs see one plain word.
 * @example
 * for (const m of text.matchAll(PLACEHOLDER_PATTERN)) console.log(m[1], m[2])
 */
export const PLACEHOLDER_PATTERN: RegExp = /__SECRET_([A-Z0-9]+)_([A-Z2-7]{13})__/g;

const EXACT = /^__SECRET_([A-Z0-9]+)_([A-Z2-7]{13})__$/;
const KIND = /^[A-Z0-9]{1,32}$/;
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/**
 * True when `value` is exactly one placeholder (nothing before or after).
 * @example
 * isPlaceholder('__SECRET_PASSWORD_ABCDEFGHIJKLM__') // true
 */
export function isPlaceholder(value: unknown): value is string {
  return typeof value === 'string' && EXACT.test(value);
}

/**
 * Splits a placeholder into kind and ID, or returns undefined when the text is not exactly one.
 * @example
 * parsePlaceholder('__SECRET_PSK_ABCDEFGHIJKLM__') // { kind: 'PSK', id: 'ABCDEFGHIJKLM' }
 */
export function parsePlaceholder(value: string): { kind: string; id: string } | undefined {
  const m = EXACT.exec(value);
  return m ? { kind: m[1]!, id: m[2]! } : undefined;
}

/** Throws unless `kind` is a valid placeholder kind tag (`[A-Z0-9]{1,32}`). */
export function assertKind(kind: unknown): asserts kind is string {
  if (typeof kind !== 'string' || !KIND.test(kind)) {
    throw new UsageError(
      'REDACT_BAD_KIND',
      `"kind" expected 1-32 characters [A-Z0-9], got ${describe(kind)}`,
    );
  }
}

function describe(v: unknown): string {
  return typeof v === 'string' ? `string(${v.length})` : typeof v;
}

let processKey: Uint8Array | undefined;

/** A random key shared by every redactor in this process that was given none (created on first use). */
export function processPlaceholderKey(): Uint8Array {
  processKey ??= new Uint8Array(randomBytes(32));
  return processKey;
}

/**
 * Derives the per-org HMAC key: HMAC-SHA256(key, label || org). Distinct orgs get unlinkable IDs
 * even when they share the master key.
 */
export function deriveOrgKey(key: Uint8Array, org: string): Buffer {
  return createHmac('sha256', key).update('airlock/redact/placeholder/v1\0').update(org, 'utf8').digest();
}

/** Computes the base32 ID of a value under an org key, truncated to `PLACEHOLDER_ID_LENGTH` characters. */
export function placeholderId(orgKey: Uint8Array, value: string): string {
  const mac = createHmac('sha256', orgKey).update(value, 'utf8').digest();
  // 13 base32 chars need 65 bits: read them 5 at a time from the first 9 bytes.
  let out = '';
  let acc = 0;
  let bits = 0;
  let i = 0;
  while (out.length < PLACEHOLDER_ID_LENGTH) {
    if (bits < 5) {
      acc = ((acc << 8) | mac[i++]!) & 0xffff;
      bits += 8;
    }
    out += BASE32[(acc >>> (bits - 5)) & 31];
    bits -= 5;
  }
  return out;
}

/** Builds the placeholder text for a kind and ID. */
export function formatPlaceholder(kind: string, id: string): string {
  return `__SECRET_${kind}_${id}__`;
}
