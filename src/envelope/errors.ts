/**
 * Envelope error codes and constructors. Every failure of `airlock/envelope` is one of these stable codes;
 * messages name types and lengths, never a key, a plaintext or a sealed value. Wrong slot, wrong context and
 * a modified ciphertext all report `DECRYPT_FAILED`, so an attacker cannot learn which check failed.
 */

import type { ErrorDetails } from '../errors.js';
import { ConfigError, RemoteError, TamperError, UsageError } from '../errors.js';

/** Stable error codes thrown by `airlock/envelope`. */
export const EnvelopeErrorCode = {
  /** A slot, plaintext, context, purpose or option had the wrong type or size. */
  INVALID_INPUT: 'INVALID_INPUT',
  /** The sealed value is not a well-formed sealed field (truncated, bad encoding, wrong type). */
  SEALED_MALFORMED: 'SEALED_MALFORMED',
  /** The sealed value was written by a format version this build does not read. */
  SEALED_VERSION_UNSUPPORTED: 'SEALED_VERSION_UNSUPPORTED',
  /** Authentication failed: modified ciphertext, wrong slot, wrong context or another org's value. */
  DECRYPT_FAILED: 'DECRYPT_FAILED',
  /** The sealed value names a data key the store does not know. */
  DEK_UNKNOWN: 'DEK_UNKNOWN',
  /** The org was shredded: its fields can never be opened or sealed again. */
  ORG_SHREDDED: 'ORG_SHREDDED',
  /** The acting org holds no wrap of this resource key (never granted, or revoked). */
  NOT_GRANTED: 'NOT_GRANTED',
  /** Only resource keys can be shared; an org's general data keys never are. */
  GRANT_REQUIRES_RESOURCE_KEY: 'GRANT_REQUIRES_RESOURCE_KEY',
  /** The key service could not be reached or failed internally. */
  KMS_UNAVAILABLE: 'KMS_UNAVAILABLE',
  /** The key service throttled the request. */
  KMS_THROTTLED: 'KMS_THROTTLED',
  /** The key service refused the request (permissions). */
  KMS_ACCESS_DENIED: 'KMS_ACCESS_DENIED',
  /** The org's master key is scheduled for deletion. */
  KEY_PENDING_DELETION: 'KEY_PENDING_DELETION',
  /** The org's master key is disabled. */
  KEY_DISABLED: 'KEY_DISABLED',
  /** The org has no master key and the keyring may not create one. */
  KEY_NOT_FOUND: 'KEY_NOT_FOUND',
  /** The root key (environment variable or key file) is missing, malformed or too widely readable. */
  ROOT_KEY_INVALID: 'ROOT_KEY_INVALID',
  /** A key file or the store file failed its integrity check. */
  STORE_CORRUPT: 'STORE_CORRUPT',
  /** The store's cross-process lock could not be taken in time. */
  STORE_LOCK_TIMEOUT: 'STORE_LOCK_TIMEOUT',
  /** The audit recorder refused an event; the plaintext is withheld (fail closed). */
  AUDIT_UNAVAILABLE: 'AUDIT_UNAVAILABLE',
} as const;

export type EnvelopeErrorCode = (typeof EnvelopeErrorCode)[keyof typeof EnvelopeErrorCode];

type Opts = { cause?: unknown; details?: ErrorDetails };

/** Caller misuse: wrong type or size of an argument. */
export function invalidInput(message: string, details?: ErrorDetails): UsageError {
  return new UsageError(EnvelopeErrorCode.INVALID_INPUT, message, details ? { details } : {});
}

/** The sealed value cannot be parsed. */
export function sealedMalformed(message: string, details?: ErrorDetails): TamperError {
  return new TamperError(EnvelopeErrorCode.SEALED_MALFORMED, message, details ? { details } : {});
}

/** One error for every authentication failure, so the cause (slot, context, bit flip) is not revealed. */
export function decryptFailed(): TamperError {
  return new TamperError(
    EnvelopeErrorCode.DECRYPT_FAILED,
    'sealed field failed authentication (modified, or opened in another slot or context)',
  );
}

/** The org was shredded. */
export function orgShredded(): UsageError {
  return new UsageError(EnvelopeErrorCode.ORG_SHREDDED, 'the org was shredded: its fields cannot be opened');
}

/** A remote key-service failure with a stable code. */
export function kmsError(code: EnvelopeErrorCode, message: string, opts: Opts = {}): RemoteError {
  return new RemoteError(code, message, opts);
}

/** A configuration failure with a stable code. */
export function configError(code: EnvelopeErrorCode, message: string, opts: Opts = {}): ConfigError {
  return new ConfigError(code, message, opts);
}

/** An integrity failure with a stable code. */
export function tamperError(code: EnvelopeErrorCode, message: string, opts: Opts = {}): TamperError {
  return new TamperError(code, message, opts);
}

/** A caller-side failure with a stable code. */
export function usageError(code: EnvelopeErrorCode, message: string, opts: Opts = {}): UsageError {
  return new UsageError(code, message, opts);
}
