/**
 * Argument checks for the envelope's public methods: every value is checked for type and size before
 * any key is touched, and messages name types and lengths only (`describeValue`).
 */
import { describeValue } from '../errors.js';
import type { OpenOptions } from './api.js';
import { fromBase64Url } from './bytes.js';
import { EnvelopeErrorCode, invalidInput, tamperError } from './errors.js';
import { assertId } from './slot.js';

const MAX_PLAINTEXT = 64 * 1024 * 1024;
const utf8 = new TextEncoder();

export function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw invalidInput(`"${name}" expected a positive number, got ${describeValue(value)}`);
  }
  return value;
}

export function checkOptions<T extends object>(options: T): T {
  if (typeof options !== 'object' || options === null)
    throw invalidInput(`options expected an object, got ${describeValue(options)}`);
  return options;
}

export function checkOpenOptions(options: OpenOptions): OpenOptions {
  checkOptions(options);
  const purpose = options.purpose as unknown;
  if (typeof purpose !== 'string' || purpose.length === 0 || purpose.length > 4096) {
    throw invalidInput(`"purpose" expected a string of 1..4096 characters, got ${describeValue(purpose)}`);
  }
  if (options.as !== undefined) assertId(options.as, 'as');
  if (options.runId !== undefined) assertId(options.runId, 'runId');
  if (options.toolCallId !== undefined) assertId(options.toolCallId, 'toolCallId');
  return options;
}

export function toPlaintextBytes(plaintext: unknown): Uint8Array {
  let bytes: Uint8Array;
  if (typeof plaintext === 'string') bytes = utf8.encode(plaintext);
  else if (plaintext instanceof Uint8Array) bytes = plaintext;
  else throw invalidInput(`plaintext expected a string or Uint8Array, got ${describeValue(plaintext)}`);
  if (bytes.length > MAX_PLAINTEXT) {
    throw invalidInput(`plaintext expected at most ${MAX_PLAINTEXT} bytes, got ${describeValue(plaintext)}`);
  }
  return bytes;
}

export function decodeWrap(text: string): Uint8Array {
  const bytes = fromBase64Url(text);
  if (!bytes) throw tamperError(EnvelopeErrorCode.STORE_CORRUPT, 'stored wrapped key is not base64url');
  return bytes;
}
