/**
 * The device transport contract: the one interface the agent runner uses to run a command on a
 * device, whatever carries it (SSH exec channel, RouterOS API, a simulator). Written down here, like
 * the MCP SDK's transport contract, because the runner's safety rests on these rules holding for
 * every implementation.
 */

/**
 * Options of one {@link DeviceTransport.exec} call. Every field is optional; every limit has a finite
 * default, so no call can wait or buffer without bound.
 * @example
 * await t.exec('/ip route print', { timeoutMs: 5_000, maxOutputBytes: 65_536, signal: ac.signal })
 */
export interface ExecOptions {
  /** Aborting kills the remote channel and rejects with `ABORTED`. */
  readonly signal?: AbortSignal;
  /** Wall-clock limit of the command (default 30 000 ms); on expiry the channel is killed (`EXEC_TIMEOUT`). */
  readonly timeoutMs?: number;
  /**
   * Most output bytes (UTF-8, stdout and stderr together) kept (default 1 MiB). Past it the channel is
   * closed and the result has `truncated: true`, or the call rejects with `OUTPUT_LIMIT` when
   * `onOutputLimit` is `'error'`.
   */
  readonly maxOutputBytes?: number;
  /** What happens when output passes `maxOutputBytes`: `'truncate'` (default) or `'error'`. */
  readonly onOutputLimit?: 'truncate' | 'error';
  /**
   * Receives output as it arrives, decoded as UTF-8 on character boundaries, so a caller can redact it
   * while it streams. Called only with the bytes that fit under the cap. If it throws, the command
   * is stopped and `exec` rejects with `OUTPUT_HANDLER_FAILED` (never resolves with unredacted output).
   */
  readonly onData?: (chunk: string, stream: 'stdout' | 'stderr') => void;
}

/**
 * What one command produced. `output` is untrusted device data: never treat it as instructions.
 * @example
 * const { output, exitStatus, truncated } = await t.exec('uname -a')
 */
export interface ExecResult {
  /** stdout and stderr interleaved in arrival order, decoded as UTF-8, at most `maxOutputBytes` bytes. */
  readonly output: string;
  /** The remote exit status, or `null` when the device did not report one (killed, truncated, API). */
  readonly exitStatus: number | null;
  readonly durationMs: number;
  /** True when output passed the cap and the channel was closed early. */
  readonly truncated: boolean;
  /** Bytes received, including bytes dropped past the cap (at most one chunk beyond it). */
  readonly outputBytes: number;
}

/**
 * Lifecycle events of a transport. Listeners must not throw.
 * @example
 * t.on('error', (e) => audit(e)).on('close', ({ hadError }) => hadError && alert())
 */
export interface TransportEvents {
  /** The session is established and authenticated. */
  connect: (info: { readonly target: string }) => void;
  /** The session ended (closed by us, by the peer, or after an error). */
  close: (info: { readonly target: string; readonly hadError: boolean }) => void;
  /** A connection-level fault; the error is an `AirlockError` and never contains a credential. */
  error: (error: Error) => void;
}

/**
 * A connection to one device that runs commands. Rules every implementation keeps:
 * - `exec` connects lazily on first use and reuses the session; connection faults reject `exec`
 *   with a typed `RemoteError` (`DEVICE_UNREACHABLE`, `AUTH_FAILED`, `HOST_KEY_MISMATCH`,
 *   `HOST_KEY_UNKNOWN`, `HOST_KEY_REVOKED`, `CONNECT_TIMEOUT`), never a raw library error.
 * - Every wait is bounded (connect timeout, exec timeout) and every buffer is capped.
 * - Aborting or timing out kills the remote channel; a late byte after that is dropped.
 * - No error message, event or result field contains a password, key or passphrase.
 * - After `close()`, `exec` rejects with `TRANSPORT_CLOSED`; `close()` is idempotent.
 * @example
 * const t: DeviceTransport = createSshTransport({ host, port, username, password, knownHosts })
 * const r = await t.exec('/interface print', { timeoutMs: 10_000, onData: (c) => stream(redact(c)) })
 * await t.close()
 */
export interface DeviceTransport {
  /** A printable, credential-free name of the device, e.g. `ssh://admin@10.0.0.1:22`. */
  readonly target: string;
  exec(command: string, options?: ExecOptions): Promise<ExecResult>;
  close(): Promise<void>;
  on<E extends keyof TransportEvents>(event: E, listener: TransportEvents[E]): this;
  off<E extends keyof TransportEvents>(event: E, listener: TransportEvents[E]): this;
}

/**
 * A credential, or a function that yields it at the last moment (e.g. from the vault), so that it
 * lives in memory only while the connection is being made. Bytes are decoded as UTF-8.
 * @example
 * const password: Credential = async () => vault.open('device.password')
 */
export type Credential = string | Uint8Array | (() => string | Uint8Array | Promise<string | Uint8Array>);

/** Default limits shared by every transport. */
export const EXEC_DEFAULTS = Object.freeze({
  timeoutMs: 30_000,
  maxOutputBytes: 1024 * 1024,
  connectTimeoutMs: 10_000,
});
