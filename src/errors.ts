/**
 * Airlock's error model: one base class with a stable string `code`, split by who is at fault.
 * Messages say what was expected and what came, never the value (it may be a secret): use
 * `describeValue` to name a value's type and size. `isAirlockError` works across ESM and CJS copies
 * because it checks a global-registry symbol, not `instanceof`.
 */

const BRAND: unique symbol = Symbol.for('airlock.error') as never;

/** Who is at fault: the caller, the configuration, a remote system, tampering, or Airlock itself. */
export type Fault = 'caller' | 'config' | 'remote' | 'tamper' | 'internal';

/** Safe, non-secret details attached to an error (lengths, indexes, codes, ids). */
export type ErrorDetails = Readonly<Record<string, string | number | boolean | null>>;

export interface AirlockErrorOptions {
  readonly cause?: unknown;
  readonly details?: ErrorDetails;
}

/**
 * Base class of every error Airlock throws.
 * @example
 * try { open(sealed, slot) } catch (e) { if (isAirlockError(e, 'ORG_SHREDDED')) purge() }
 */
export class AirlockError extends Error {
  readonly [BRAND] = true;
  /** Stable machine-readable code, e.g. `APPROVAL_EXPIRED`. Never changes meaning across versions. */
  readonly code: string;
  readonly fault: Fault;
  readonly details: ErrorDetails;

  constructor(code: string, message: string, options: AirlockErrorOptions = {}, fault: Fault = 'internal') {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.fault = fault;
    this.details = Object.freeze({ ...(options.details ?? {}) });
  }

  toJSON(): { name: string; code: string; fault: Fault; message: string; details: ErrorDetails } {
    return {
      name: this.name,
      code: this.code,
      fault: this.fault,
      message: this.message,
      details: this.details,
    };
  }
}

/** The caller passed something invalid (wrong type, wrong slot, expired approval...). */
export class UsageError extends AirlockError {
  constructor(code: string, message: string, options?: AirlockErrorOptions) {
    super(code, message, options, 'caller');
  }
}

/** The configuration is invalid or incomplete (missing key file, bad policy, disallowed model...). */
export class ConfigError extends AirlockError {
  constructor(code: string, message: string, options?: AirlockErrorOptions) {
    super(code, message, options, 'config');
  }
}

/** A remote system failed or refused (KMS outage, device unreachable, throttling...). */
export class RemoteError extends AirlockError {
  constructor(code: string, message: string, options?: AirlockErrorOptions) {
    super(code, message, options, 'remote');
  }
}

/** Data failed an integrity check: a modified ciphertext, a broken audit chain, a forged checkpoint. */
export class TamperError extends AirlockError {
  constructor(code: string, message: string, options?: AirlockErrorOptions) {
    super(code, message, options, 'tamper');
  }
}

/**
 * True for any Airlock error, from any copy of the package (ESM or CJS); optionally of one code.
 * @example
 * if (isAirlockError(err, 'KMS_UNAVAILABLE')) retryLater()
 */
export function isAirlockError(value: unknown, code?: string): value is AirlockError {
  if (typeof value !== 'object' || value === null) return false;
  if ((value as Record<symbol, unknown>)[BRAND] !== true) return false;
  return code === undefined || (value as { code?: unknown }).code === code;
}

/**
 * Names a value's type and size without revealing it, for error messages:
 * `string(12)`, `Uint8Array(32)`, `number`, `array(3)`, `object`, `null`.
 * @example
 * throw new UsageError('BAD_SLOT', `"slot.org" expected a non-empty string, got ${describeValue(org)}`)
 */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return `string(${value.length})`;
  if (value instanceof Uint8Array) return `${value.constructor.name}(${value.length})`;
  if (Array.isArray(value)) return `array(${value.length})`;
  if (typeof value === 'object') return 'object';
  return typeof value;
}
