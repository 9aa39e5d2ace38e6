/**
 * RFC 8785 JSON Canonicalization Scheme (JCS): one byte sequence per JSON value, so that hashes of
 * audit entries and of approved actions do not depend on key order or number formatting.
 * Object keys are sorted by UTF-16 code units (RFC 8785 §3.2.3); numbers use ECMAScript's
 * Number-to-String (§3.2.2.3), which is what `JSON.stringify` does for finite numbers.
 */
import { UsageError } from '../errors.js';

/**
 * Canonical JSON text of a value. Throws `NOT_CANONICALIZABLE` for values JSON cannot represent
 * (undefined at top level, functions, symbols, bigint, non-finite numbers, cycles).
 * `undefined` object members are omitted, as `JSON.stringify` does.
 * @example
 * canonicalJson({ b: 1, a: [true, null] }) // '{"a":[true,null],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  return serialize(value, new Set(), '$');
}

function serialize(value: unknown, seen: Set<object>, path: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) fail(path, 'a finite number');
      // -0 serializes as 0 (RFC 8785 §3.2.2.3 via ECMAScript Number::toString).
      return JSON.stringify(value);
    case 'object':
      break;
    default:
      fail(path, 'a JSON value');
  }
  const obj = value as object;
  if (seen.has(obj)) fail(path, 'an acyclic value');
  seen.add(obj);
  let out: string;
  if (Array.isArray(obj)) {
    out = `[${obj.map((v, i) => (v === undefined ? 'null' : serialize(v, seen, `${path}[${i}]`))).join(',')}]`;
  } else {
    if (typeof (obj as { toJSON?: unknown }).toJSON === 'function') {
      seen.delete(obj);
      return serialize((obj as { toJSON(): unknown }).toJSON(), seen, path);
    }
    const keys = Object.keys(obj).sort(compareUtf16);
    const parts: string[] = [];
    for (const k of keys) {
      const v = (obj as Record<string, unknown>)[k];
      if (v === undefined) continue;
      parts.push(`${JSON.stringify(k)}:${serialize(v, seen, `${path}.${k}`)}`);
    }
    out = `{${parts.join(',')}}`;
  }
  seen.delete(obj);
  return out;
}

// Plain `<` on JS strings compares UTF-16 code units, which is exactly RFC 8785's order.
function compareUtf16(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function fail(path: string, expected: string): never {
  // The path names keys, which are schema, not values; the value itself is never printed.
  throw new UsageError('NOT_CANONICALIZABLE', `${path} expected ${expected}`);
}
