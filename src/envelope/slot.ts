/**
 * Slots and additional authenticated data. A sealed field is bound to its slot `{org, table, record, field}`,
 * its data-key reference and the caller's optional context through an unambiguous, length-prefixed
 * encoding: no two different (slot, context) tuples share an AAD, whatever characters the parts contain.
 */

import { describeValue } from '../errors.js';
import { canonicalJson } from '../internal/canonical-json.js';
import { invalidInput } from './errors.js';

/** Where a sealed field lives. The same word and shape as in audit events. */
export interface Slot {
  readonly org: string;
  readonly table: string;
  readonly record: string;
  readonly field: string;
}

/** Caller context bound into the AAD (e.g. `{ deviceId }`); any JSON object, encoded with RFC 8785. */
export type SealContext = Readonly<Record<string, unknown>>;

const MAX_PART = 256;
const MAX_CONTEXT_BYTES = 64 * 1024;
const AAD_VERSION = 1;
const utf8 = new TextEncoder();

/** Validates an identifier (org, table, record, field, resource): non-empty string of at most 256 chars. */
export function assertId(value: unknown, name: string): asserts value is string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_PART) {
    throw invalidInput(
      `"${name}" expected a string of 1..${MAX_PART} characters, got ${describeValue(value)}`,
    );
  }
}

/** Validates a slot and returns a frozen copy of exactly its four parts. */
export function checkSlot(slot: unknown): Slot {
  if (typeof slot !== 'object' || slot === null) {
    throw invalidInput(`"slot" expected an object, got ${describeValue(slot)}`);
  }
  const s = slot as Record<string, unknown>;
  assertId(s.org, 'slot.org');
  assertId(s.table, 'slot.table');
  assertId(s.record, 'slot.record');
  assertId(s.field, 'slot.field');
  return Object.freeze({ org: s.org, table: s.table, record: s.record, field: s.field });
}

/** Canonical UTF-8 bytes of a context, or undefined when there is none. */
export function encodeContext(context: unknown): Uint8Array | undefined {
  if (context === undefined) return undefined;
  if (typeof context !== 'object' || context === null || Array.isArray(context)) {
    throw invalidInput(`"context" expected a plain object, got ${describeValue(context)}`);
  }
  const bytes = utf8.encode(canonicalJson(context));
  if (bytes.length > MAX_CONTEXT_BYTES) {
    throw invalidInput(`"context" expected at most ${MAX_CONTEXT_BYTES} bytes of JSON, got ${bytes.length}`);
  }
  return bytes;
}

/**
 * The AAD of a sealed field: version byte, then u32-length-prefixed keyRef, org, table, record, field,
 * then a presence byte and the length-prefixed canonical context.
 */
export function encodeAad(keyRef: string, slot: Slot, context: Uint8Array | undefined): Uint8Array {
  const parts = [keyRef, slot.org, slot.table, slot.record, slot.field];
  let size = 1 + 1 + (context ? 4 + context.length : 0);
  for (const p of parts) size += 4 + Buffer.byteLength(p, 'utf8');
  // One allocation, strings written in place: this runs on every seal and open.
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  out[at++] = AAD_VERSION;
  for (const p of parts) {
    const len = out.write(p, at + 4, 'utf8');
    out.writeUInt32BE(len, at);
    at += 4 + len;
  }
  out[at++] = context ? 1 : 0;
  if (context) {
    out.writeUInt32BE(context.length, at);
    out.set(context, at + 4);
    at += 4 + context.length;
  }
  return new Uint8Array(out.buffer, out.byteOffset, at);
}
