/**
 * The v1 log line: `{"chain":"<hex>","entry":{"event":…,"index":n,"v":1}}` in RFC 8785 canonical JSON.
 * The Merkle leaf is the canonical `entry` (its position is hashed with it, so reordering changes the
 * leaves), and `chain` = SHA-256(0x02 || previous chain || leaf hash) links each line to every line
 * before it at the cost of one hash (a running tree head would cost O(log n) hashes per line).
 */
import { z } from 'zod';
import { canonicalJson, jsonString } from '../internal/canonical-json.js';
import { AUDIT_EVENT_VERSION, type AuditEvent, AuditEventSchema } from './events.js';
import { sha256 } from './merkle.js';

/**
 * Version of the log entry format (independent of the event schema version `event.v`).
 * @example
 * if (entry.v !== LOG_ENTRY_VERSION) upgrade(entry)
 */
export const LOG_ENTRY_VERSION = 1 as const;

/** One entry of the log as hashed into the tree. */
export interface LogEntry {
  readonly v: typeof LOG_ENTRY_VERSION;
  readonly index: number;
  readonly event: AuditEvent;
}

/** Why a line is not a valid entry. Stable strings, shared with `verifyLog`. */
export type EntryFault = 'MALFORMED' | 'NOT_CANONICAL' | 'FUTURE_VERSION' | 'SCHEMA';

const EntrySchema = z.strictObject({
  v: z.literal(LOG_ENTRY_VERSION),
  index: z.number().int().nonnegative(),
  event: AuditEventSchema,
});
const LineSchema = z.strictObject({
  chain: z.string().regex(/^[0-9a-f]{64}$/),
  entry: z.unknown(),
});

/** The chain value before the first entry: 32 zero bytes. */
export const GENESIS_CHAIN: Uint8Array = new Uint8Array(32);

/**
 * Next link of the hash chain: SHA-256(0x02 || previous || leafHash). The 0x02 prefix keeps chain
 * values apart from RFC 6962 leaf (0x00) and node (0x01) hashes.
 * @example
 * chainHash(GENESIS_CHAIN, hashLeaf(entryJson))
 */
export function chainHash(previous: Uint8Array, leafHash: Uint8Array): Uint8Array {
  // The common case (two 32-byte hashes) reuses one input buffer: hash() reads it synchronously.
  const buf =
    previous.length === 32 && leafHash.length === 32
      ? CHAIN_INPUT
      : Buffer.allocUnsafe(1 + previous.length + leafHash.length);
  buf[0] = 0x02;
  buf.set(previous, 1);
  buf.set(leafHash, 1 + previous.length);
  return sha256(buf);
}

const CHAIN_INPUT = Buffer.alloc(65);

/**
 * The canonical bytes of an entry: exactly what the Merkle leaf hashes.
 * @example
 * encodeEntry({ v: 1, index: 0, event })
 */
export function encodeEntry(entry: LogEntry): string {
  return canonicalJson(entry);
}

/**
 * `encodeEntry({ v: 1, index, event })` for an event that `AuditEventSchema` accepted, written in
 * RFC 8785 key order by hand: the schema fixes the envelope keys (all strings but `v`), so only
 * `data` needs the generic canonicalizer. Byte-identical to `encodeEntry` (property-tested).
 * @example
 * encodeStoredEntry(0, event) === encodeEntry({ v: 1, index: 0, event }) // true
 */
export function encodeStoredEntry(index: number, event: AuditEvent): string {
  // Sorted by UTF-16 code units: actor < data < id < org < runId < time < toolCallId < type < v,
  // and in the entry: event < index < v; actor: id < kind.
  let out = `{"event":{"actor":{"id":${jsonString(event.actor.id)},"kind":${jsonString(event.actor.kind)}},"data":${canonicalJson(event.data)},"id":${jsonString(event.id)},"org":${jsonString(event.org)}`;
  if (event.runId !== undefined) out += `,"runId":${jsonString(event.runId)}`;
  out += `,"time":${jsonString(event.time)}`;
  if (event.toolCallId !== undefined) out += `,"toolCallId":${jsonString(event.toolCallId)}`;
  return `${out},"type":${jsonString(event.type)},"v":${event.v}},"index":${index},"v":${LOG_ENTRY_VERSION}}`;
}

/**
 * A full log line (without the newline) from the canonical entry and its chain value. Cheap: `chain`
 * sorts before `entry`, so the canonical line is a concatenation, not a second canonicalization.
 * @example
 * encodeLine(encodeEntry(entry), chainHex)
 */
export function encodeLine(entryJson: string, chainHex: string): string {
  return `{"chain":"${chainHex}","entry":${entryJson}}`;
}

/** A parsed line, or why it is not one. */
export type ParsedLine =
  | { ok: true; entry: LogEntry; entryJson: string; chainHex: string }
  | { ok: false; fault: EntryFault; message: string };

/**
 * Parses and strictly checks one line: JSON, canonical form (any changed byte that still parses is
 * caught here or by the hash), versions, and the v1 event schema.
 * @example
 * const p = parseLine(line); if (!p.ok) console.log(p.fault)
 */
export function parseLine(line: string): ParsedLine {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return { ok: false, fault: 'MALFORMED', message: 'line is not JSON' };
  }
  const shape = LineSchema.safeParse(raw);
  if (!shape.success) return { ok: false, fault: 'SCHEMA', message: `line ${describeIssue(shape.error)}` };
  const entryRaw = shape.data.entry as Record<string, unknown> | null;
  if (typeof entryRaw === 'object' && entryRaw !== null) {
    const ev = entryRaw.event as Record<string, unknown> | null | undefined;
    if (isFuture(entryRaw.v, LOG_ENTRY_VERSION)) {
      return { ok: false, fault: 'FUTURE_VERSION', message: 'entry.v is newer than this reader (1)' };
    }
    if (typeof ev === 'object' && ev !== null && isFuture(ev.v, AUDIT_EVENT_VERSION)) {
      return { ok: false, fault: 'FUTURE_VERSION', message: 'event.v is newer than this reader (1)' };
    }
  }
  const entry = EntrySchema.safeParse(entryRaw);
  if (!entry.success) return { ok: false, fault: 'SCHEMA', message: `entry ${describeIssue(entry.error)}` };
  let entryJson: string;
  try {
    entryJson = canonicalJson(entryRaw);
  } catch {
    return { ok: false, fault: 'NOT_CANONICAL', message: 'entry is not canonicalizable' };
  }
  if (encodeLine(entryJson, shape.data.chain) !== line) {
    return { ok: false, fault: 'NOT_CANONICAL', message: 'line is not in RFC 8785 canonical form' };
  }
  return { ok: true, entry: entry.data as LogEntry, entryJson, chainHex: shape.data.chain };
}

function isFuture(v: unknown, current: number): boolean {
  return typeof v === 'number' && Number.isInteger(v) && v > current;
}

/** Names the first issue by path and code only: zod messages may quote input. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return 'is invalid';
  const path = issue.path.map(String).join('.');
  return `${path === '' ? '(root)' : path}: ${issue.code}`;
}
