/**
 * CLI keyword resolution with abbreviations, as IOS, Junos and RouterOS accept them (`sh run`,
 * `req sys reb`, `/ip addr pr`). An ambiguous token resolves to every candidate so that callers can take
 * the riskiest reading.
 */

/** A keyword and the shortest prefix the classifier accepts for it. */
export type KeywordTable = ReadonlyArray<readonly [keyword: string, minPrefix: number]>;

/**
 * Keywords `token` may stand for: the exact match alone, else every keyword it abbreviates.
 * @example
 * resolveKeyword('sh', [['show', 2], ['shutdown', 4]]) // ['show']
 */
export function resolveKeyword(token: string, table: KeywordTable): string[] {
  const t = token.toLowerCase();
  const out: string[] = [];
  for (const [kw, min] of table) {
    if (kw === t) return [kw];
    if (t.length >= min && t.length < kw.length && kw.startsWith(t)) out.push(kw);
  }
  return out;
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
