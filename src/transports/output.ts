/**
 * A bounded output collector shared by every transport: decodes UTF-8 per stream on character
 * boundaries, streams decoded chunks to `onData`, and stops keeping bytes at the cap, so a device that
 * floods its channel costs at most `maxOutputBytes` of memory.
 */
import { StringDecoder } from 'node:string_decoder';
import type { ExecOptions } from './types.js';

/** Collects one command's output under a byte cap. */
export class OutputCollector {
  private readonly parts: string[] = [];
  private readonly decoders = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };
  private kept = 0;
  /** Bytes received, including bytes past the cap. */
  received = 0;
  /** True once a chunk did not fit. */
  overflowed = false;
  /**
   * Set when `onData` threw. The command is then stopped and rejected: a caller whose redactor
   * failed must not fall back to the unredacted `output`.
   */
  handlerFailed = false;

  constructor(
    private readonly maxBytes: number,
    private readonly onData?: ExecOptions['onData'],
  ) {}

  /**
   * Adds a chunk; returns false when the cap was reached (the caller should close the channel).
   * @example
   * if (!collector.push(buf, 'stdout')) channel.close()
   */
  push(chunk: Uint8Array | string, stream: 'stdout' | 'stderr' = 'stdout'): boolean {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk);
    this.received += bytes.length;
    if (this.overflowed || this.handlerFailed) return false;
    const room = this.maxBytes - this.kept;
    const fits = bytes.length <= room ? bytes : bytes.subarray(0, room);
    if (fits.length < bytes.length) this.overflowed = true;
    this.kept += fits.length;
    // The decoder holds a split multi-byte character back until its remaining bytes arrive.
    const text = this.decoders[stream].write(fits);
    if (text.length > 0) this.emit(text, stream);
    return !this.overflowed && !this.handlerFailed;
  }

  /**
   * Flushes partial characters and returns everything kept.
   * @example
   * const output = collector.finish()
   */
  finish(): string {
    for (const stream of ['stdout', 'stderr'] as const) {
      // A character cut by the cap is dropped rather than replaced, so the output stays valid text.
      const rest = this.overflowed ? '' : this.decoders[stream].end();
      if (rest.length > 0) this.emit(rest, stream);
    }
    return this.parts.join('');
  }

  private emit(text: string, stream: 'stdout' | 'stderr'): void {
    this.parts.push(text);
    if (this.handlerFailed) return;
    try {
      this.onData?.(text, stream);
    } catch {
      this.handlerFailed = true;
    }
  }
}

/** Validated limits of one exec call. */
export interface ExecLimits {
  readonly timeoutMs: number;
  readonly maxOutputBytes: number;
}

/**
 * Checks `command` and the numeric limits of `options`, filling defaults.
 * @example
 * const { timeoutMs, maxOutputBytes } = checkExecArgs(command, options, EXEC_DEFAULTS)
 */
export function checkExecArgs(
  command: unknown,
  options: ExecOptions,
  defaults: ExecLimits,
  fail: (message: string) => Error,
): ExecLimits {
  if (typeof command !== 'string' || command.length === 0 || command.length > 64 * 1024) {
    throw fail(`"command" expected a non-empty string of at most 65536 characters`);
  }
  const timeoutMs = options.timeoutMs ?? defaults.timeoutMs;
  const maxOutputBytes = options.maxOutputBytes ?? defaults.maxOutputBytes;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0 || timeoutMs > 2_147_483_647) {
    throw fail(`"timeoutMs" expected a positive finite number of milliseconds`);
  }
  if (!Number.isSafeInteger(maxOutputBytes) || maxOutputBytes <= 0) {
    throw fail(`"maxOutputBytes" expected a positive integer`);
  }
  return { timeoutMs, maxOutputBytes };
}
