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
  // The fast path covers plain JSON data; anything else (toJSON, holes, deep nesting, values that
  // must throw) takes the reference path, which alone decides odd cases and names error paths.
  return fastSerialize(value, 0) ?? serialize(value, new Set(), '$');
}

/**
 * The reference serializer alone (Set-based cycle tracking, error paths). Same output as
 * `canonicalJson`; kept so tests can check the fast path against it.
 * @example
 * canonicalJsonReference({ b: 1, a: 2 }) === canonicalJson({ b: 1, a: 2 }) // true
 */
export function canonicalJsonReference(value: unknown): string {
  return serialize(value, new Set(), '$');
}

// Characters `JSON.stringify` escapes or may escape: '"', '\\', C0 controls, and surrogates (a lone
// one is escaped by well-formed JSON.stringify; a pair is not, so both go to JSON.stringify).
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/**
 * A string as a JSON string literal, byte-identical to `JSON.stringify(s)`.
 * @example
 * jsonString('a"b') // '"a\\"b"'
 */
export function jsonString(s: string): string {
  return NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : `"${s}"`;
}

// Nesting deeper than this leaves the fast path: without a `seen` set, depth is what stops a cycle.
const MAX_FAST_DEPTH = 100;

/** Canonical text of plain JSON data, or undefined when the reference path must decide. */
function fastSerialize(value: unknown, depth: number): string | undefined {
  switch (typeof value) {
    case 'string':
      return jsonString(value);
    case 'number':
      // String(n) is Number::toString, as JSON.stringify uses for finite numbers (-0 gives "0").
      return Number.isFinite(value) ? `${value}` : undefined;
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      break;
    default:
      return undefined;
  }
  if (value === null) return 'null';
  if (depth >= MAX_FAST_DEPTH) return undefined;
  if (Array.isArray(value)) {
    const n = value.length;
    if (n === 0) return '[]';
    let out = '[';
    for (let i = 0; i < n; i++) {
      const v: unknown = value[i];
      let s: string | undefined;
      if (v === undefined) {
        // A hole is not an undefined element for `Array.prototype.map`: the reference decides.
        if (!(i in value)) return undefined;
        s = 'null';
      } else {
        s = fastSerialize(v, depth + 1);
        if (s === undefined) return undefined;
      }
      out += i === 0 ? s : `,${s}`;
    }
    return `${out}]`;
  }
  const obj = value as Record<string, unknown>;
  if (typeof obj.toJSON === 'function') return undefined;
  const keys = Object.keys(obj);
  sortKeys(keys);
  let out = '{';
  let first = true;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const v = obj[k];
    if (v === undefined) continue;
    const s = fastSerialize(v, depth + 1);
    if (s === undefined) return undefined;
    out += first ? `${jsonString(k)}:${s}` : `,${jsonString(k)}:${s}`;
    first = false;
  }
  return `${out}}`;
}

// Insertion sort by UTF-16 code units (plain `>` on strings) for the few keys of typical objects, where
// it beats a comparator sort; many keys go to the default sort (also code-unit order), so a large
// object costs O(n log n), not O(n^2).
function sortKeys(keys: string[]): void {
  if (keys.length > 16) {
    keys.sort();
    return;
  }
  for (let i = 1; i < keys.length; i++) {
    const k = keys[i]!;
    let j = i - 1;
    while (j >= 0 && keys[j]! > k) {
      keys[j + 1] = keys[j]!;
      j--;
    }
    keys[j + 1] = k;
  }
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
