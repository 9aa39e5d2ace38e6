/**
 * The substitution table: the only place where placeholders map back to secret values. The redactor
 * fills it; only the executor reads it (after approval) to build the real command. It never shows a
 * value through `toJSON`, `util.inspect`, `String()` or an error: those report counts only.
 */
import { AirlockError, UsageError } from '../errors.js';
import { detached } from './chars.js';
import { formatPlaceholder, PLACEHOLDER_PATTERN, placeholderId } from './placeholder.js';

/** What `substitute` and `restore` return: the text and the placeholders that were replaced. */
export interface SubstitutionResult {
  readonly text: string;
  /** Distinct placeholders replaced, in order of first appearance (never values). */
  readonly placeholders: readonly string[];
}

interface Entry {
  readonly value: string;
  readonly kind: string;
  readonly name: string | undefined;
}

const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/**
 * Maps placeholders to values for one org key. Created by `createRedactor` (see `redactor.table`).
 * @example
 * const r = createRedactor({ key, org: 'acme' });
 * const { text } = r.redact('password=hunter2-x');
 * r.table.substitute(text).text // 'password=hunter2-x'
 */
export class SubstitutionTable {
  readonly #orgKey: Uint8Array;
  readonly #limit: number;
  /** placeholder -> entry; insertion order doubles as age for eviction. */
  readonly #byPlaceholder = new Map<string, Entry>();
  /** ID -> value: detects truncated-HMAC collisions between distinct values. */
  readonly #byId = new Map<string, string>();
  /** value -> ID cache, so the HMAC runs once per distinct value. */
  readonly #idOf = new Map<string, string>();
  /** ID -> number of placeholders (kinds) using it, so eviction can drop the ID with its last user. */
  readonly #refs = new Map<string, number>();
  /** kind -> value -> placeholder held in the table: a repeated secret costs two lookups, no HMAC. */
  readonly #known = new Map<string, Map<string, string>>();

  readonly #id: (orgKey: Uint8Array, value: string) => string;

  /** @internal Use `createRedactor(...).table`. `idFn` exists so tests can force a collision. */
  constructor(
    orgKey: Uint8Array,
    limit: number,
    idFn: (orgKey: Uint8Array, value: string) => string = placeholderId,
  ) {
    this.#orgKey = orgKey;
    this.#limit = limit;
    this.#id = idFn;
  }

  /** Number of placeholders held. */
  get size(): number {
    return this.#byPlaceholder.size;
  }

  /**
   * Returns the placeholder for `value` under `kind`, recording it. Throws `PLACEHOLDER_COLLISION`
   * (fail closed) if a distinct value already owns the same 65-bit ID.
   * @example
   * table.placeholderFor('hunter2-x', 'PASSWORD') // '__SECRET_PASSWORD_…__'
   */
  placeholderFor(found: string, kind: string, name?: string): string {
    const byValue = this.#known.get(kind);
    if (name === undefined && byValue !== undefined) {
      const cached = byValue.get(found);
      if (cached !== undefined) return cached;
    }
    // Held from here on: a copy, so the table does not keep the whole text the value was cut from.
    const value = detached(found);
    let id = this.#idOf.get(value);
    if (id === undefined) {
      id = this.#id(this.#orgKey, value);
      const owner = this.#byId.get(id);
      if (owner !== undefined && owner !== value) {
        throw new AirlockError(
          'PLACEHOLDER_COLLISION',
          `two distinct secrets (string(${owner.length}), string(${value.length})) share one placeholder ID`,
        );
      }
      this.#byId.set(id, value);
      this.#idOf.set(value, id);
    }
    const placeholder = formatPlaceholder(kind, id);
    const existing = this.#byPlaceholder.get(placeholder);
    if (existing === undefined) {
      this.#byPlaceholder.set(placeholder, { value, kind, name });
      this.#refs.set(id, (this.#refs.get(id) ?? 0) + 1);
      if (byValue === undefined) this.#known.set(kind, new Map([[value, placeholder]]));
      else byValue.set(value, placeholder);
      this.#evict();
    } else if (name !== undefined && existing.name === undefined) {
      this.#byPlaceholder.set(placeholder, { value, kind, name });
    }
    return placeholder;
  }

  /**
   * True when the table holds this placeholder.
   * @example
   * table.has('__SECRET_PSK_ABCDEFGHIJKLM__') // false
   */
  has(placeholder: string): boolean {
    return this.#byPlaceholder.has(placeholder);
  }

  /**
   * The registered name of a placeholder (e.g. a vault path), never its value.
   * @example
   * table.nameOf(p) // 'vault:routers/r1/admin'
   */
  nameOf(placeholder: string): string | undefined {
    return this.#byPlaceholder.get(placeholder)?.name;
  }

  /**
   * Replaces every placeholder with its value for execution. Fails closed: any placeholder-shaped token
   * this table does not hold throws `UNKNOWN_PLACEHOLDER` (a typo or another org's placeholder must not
   * reach a device as literal text). Only the executor calls this, after approval.
   * @example
   * table.substitute('snmp-server community __SECRET_SNMP_ABCDEFGHIJKLM__ RO').text
   */
  substitute(text: string): SubstitutionResult {
    if (typeof text !== 'string') {
      throw new UsageError('REDACT_BAD_INPUT', `"text" expected a string, got ${typeof text}`);
    }
    return this.#replace(text, true);
  }

  /**
   * Inverse of `redact`: replaces the placeholders this table holds and leaves unknown ones as they are
   * (they were in the original text), so `restore(redact(x).text).text === x` for any `x` that held
   * none of this table's placeholders.
   * @example
   * table.restore(redactor.redact(x).text).text === x // true
   */
  restore(text: string): SubstitutionResult {
    if (typeof text !== 'string') {
      throw new UsageError('REDACT_BAD_INPUT', `"text" expected a string, got ${typeof text}`);
    }
    return this.#replace(text, false);
  }

  /**
   * Drops every entry (e.g. at the end of a run).
   * @example
   * table.clear()
   */
  clear(): void {
    this.#byPlaceholder.clear();
    this.#byId.clear();
    this.#idOf.clear();
    this.#refs.clear();
    this.#known.clear();
  }

  /** Counts only: a table must never serialize its values. */
  toJSON(): { type: 'SubstitutionTable'; size: number } {
    return { type: 'SubstitutionTable', size: this.size };
  }

  toString(): string {
    return `SubstitutionTable(size=${this.size})`;
  }

  [INSPECT](): string {
    return this.toString();
  }

  #replace(text: string, strict: boolean): SubstitutionResult {
    const used: string[] = [];
    const seen = new Set<string>();
    let unknownAt = -1;
    const out = text.replace(
      PLACEHOLDER_PATTERN,
      (placeholder: string, _k: string, _id: string, at: number) => {
        const entry = this.#byPlaceholder.get(placeholder);
        if (entry === undefined) {
          if (strict && unknownAt < 0) unknownAt = at;
          return placeholder;
        }
        if (!seen.has(placeholder)) {
          seen.add(placeholder);
          used.push(placeholder);
        }
        return entry.value;
      },
    );
    if (unknownAt >= 0) {
      throw new UsageError('UNKNOWN_PLACEHOLDER', `text holds a placeholder this table does not know`, {
        details: { index: unknownAt },
      });
    }
    return { text: out, placeholders: used };
  }

  #evict(): void {
    // Bounded memory for long-lived default redactors (the audit hook): the oldest mappings go first.
    // Redaction is unaffected; only substitution of an evicted placeholder fails (closed).
    while (this.#byPlaceholder.size > this.#limit) {
      const oldest = this.#byPlaceholder.keys().next();
      if (oldest.done) return;
      const entry = this.#byPlaceholder.get(oldest.value)!;
      this.#byPlaceholder.delete(oldest.value);
      this.#known.get(entry.kind)?.delete(entry.value);
      const id = this.#idOf.get(entry.value);
      if (id === undefined) continue;
      const refs = (this.#refs.get(id) ?? 1) - 1;
      if (refs > 0) {
        this.#refs.set(id, refs);
      } else {
        this.#refs.delete(id);
        this.#idOf.delete(entry.value);
        this.#byId.delete(id);
      }
    }
  }
}
