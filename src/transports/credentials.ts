/**
 * Late credential resolution: a credential may be a function called only while connecting, so a
 * vault-held secret lives in process memory for the shortest time Airlock controls.
 */
import { describeValue } from '../errors.js';
import { configError } from './errors.js';
import type { Credential } from './types.js';

/**
 * Resolves a credential to bytes. Errors name only the field and the type that came.
 * @example
 * const pw = await resolveCredential(() => vault.open('pw'), 'password')
 */
export async function resolveCredential(credential: Credential, field: string): Promise<Buffer> {
  let value: unknown = credential;
  if (typeof value === 'function') {
    try {
      value = await (value as () => unknown)();
    } catch {
      // The provider's own error may quote what it fetched; report only that it failed.
      throw configError('CREDENTIAL_UNAVAILABLE', `"${field}" provider failed`);
    }
  }
  if (typeof value === 'string' && value.length > 0) return Buffer.from(value, 'utf8');
  if (value instanceof Uint8Array && value.length > 0) return Buffer.from(value);
  throw configError(
    'CREDENTIAL_UNAVAILABLE',
    `"${field}" expected a non-empty string or Uint8Array, got ${describeValue(value)}`,
  );
}
