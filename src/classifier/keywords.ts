/**
 * CLI keyword resolution with abbreviations, as IOS, Junos and RouterOS accept them (`sh run`,
 * `req sys reb`, `/ip addr pr`). An ambiguous token resolves to every candidate so that callers can take
 * the riskiest reading.
 */

/** A keyword and the shortest prefix the classifier accepts for it. */
export type KeywordTable = ReadonlyArray<readonly [keyword: string, minPrefix: number]>;

/** Every keyword a token may stand for, precomputed per table (exact matches and accepted prefixes). */
interface KeywordIndex {
  readonly exact: ReadonlyMap<string, readonly string[]>;
  readonly prefixes: ReadonlyMap<string, readonly string[]>;
}

const NONE: readonly string[] = Object.freeze([]);
const indexes = new WeakMap<KeywordTable, KeywordIndex>();

function indexOf(table: KeywordTable): KeywordIndex {
  let idx = indexes.get(table);
  if (idx === undefined) {
    const exact = new Map<string, readonly string[]>();
    const prefixes = new Map<string, string[]>();
    for (const [kw, min] of table) {
      if (!exact.has(kw)) exact.set(kw, Object.freeze([kw]));
      // In table order, so that the candidates come out as a scan of the table would list them.
      for (let n = min; n < kw.length; n++) {
        const p = kw.slice(0, n);
        const list = prefixes.get(p);
        if (list) list.push(kw);
        else prefixes.set(p, [kw]);
      }
    }
    for (const list of prefixes.values()) Object.freeze(list);
    idx = { exact, prefixes };
    indexes.set(table, idx);
  }
  return idx;
}

/**
 * Keywords `token` may stand for: the exact match alone, else every keyword it abbreviates (in table
 * order). The result is shared and frozen.
 * @example
 * resolveKeyword('sh', [['show', 2], ['shutdown', 4]]) // ['show']
 */
export function resolveKeyword(token: string, table: KeywordTable): readonly string[] {
  const t = token.toLowerCase();
  const idx = indexOf(table);
  return idx.exact.get(t) ?? idx.prefixes.get(t) ?? NONE;
}

/**
 * The single keyword `token` stands for, or undefined when unknown or ambiguous.
 * @example
 * uniqueKeyword('conf', [['configure', 4]]) // 'configure'
 */
export function uniqueKeyword(token: string | undefined, table: KeywordTable): string | undefined {
  if (token === undefined) return undefined;
  const r = resolveKeyword(token, table);
  return r.length === 1 ? r[0] : undefined;
}

/** Builds a table where every keyword accepts prefixes of at least `min` characters. */
export function table(min: number, ...keywords: string[]): KeywordTable {
  return keywords.map((k) => [k, Math.min(min, k.length)] as const);
}
