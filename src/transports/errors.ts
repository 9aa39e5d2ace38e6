/**
 * Typed errors of the transports. Codes are stable strings; messages name the target and the
 * failure, never a credential or device output (which may carry secrets).
 */
import { ConfigError, RemoteError, UsageError } from '../errors.js';

/**
 * Stable error codes thrown by `airlock/transports`.
 * @example
 * if (isAirlockError(e, 'HOST_KEY_MISMATCH' satisfies TransportErrorCode)) page()
 */
export type TransportErrorCode =
  | 'DEVICE_UNREACHABLE'
  | 'CONNECT_TIMEOUT'
  | 'AUTH_FAILED'
  | 'HOST_KEY_MISMATCH'
  | 'HOST_KEY_UNKNOWN'
  | 'HOST_KEY_REVOKED'
  | 'TLS_CERT_UNTRUSTED'
  | 'EXEC_TIMEOUT'
  | 'ABORTED'
  | 'OUTPUT_LIMIT'
  | 'OUTPUT_HANDLER_FAILED'
  | 'TRANSPORT_CLOSED'
  | 'CHANNEL_FAILED'
  | 'PROTOCOL_ERROR'
  | 'DEVICE_ERROR';

/** Makes a remote-side transport error (the device or network failed or refused). */
export function remoteError(
  code: TransportErrorCode,
  message: string,
  details: Record<string, string | number | boolean | null> = {},
  cause?: unknown,
): RemoteError {
  // The cause of a library error is kept only by its class name: ssh2 messages can echo config.
  const safeCause =
    cause instanceof Error ? { name: cause.name, code: (cause as { code?: unknown }).code } : cause;
  return new RemoteError(
    code,
    message,
    safeCause === undefined ? { details } : { details, cause: safeCause },
  );
}

/** Makes a caller-misuse error (bad option type or value). */
export function usageError(message: string): UsageError {
  return new UsageError('TRANSPORT_BAD_OPTION', message);
}

/** Makes a configuration error (unreadable known_hosts, missing credential...). */
export function configError(code: string, message: string): ConfigError {
  return new ConfigError(code, message);
}
