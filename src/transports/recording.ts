/**
 * Session recording in asciicast v2 (a JSON header line, then `[seconds, "o"|"i", data]` lines),
 * playable with asciinema. A recording holds exactly what crossed the wire, secrets included, so it
 * is meant to leave the process only sealed: `seal()` hands the bytes to an envelope-like port.
 */
import { describeValue } from '../errors.js';
import { configError, usageError } from './errors.js';
import type { DeviceTransport, ExecOptions, ExecResult, TransportEvents } from './types.js';

/**
 * The sealing port: anything that turns bytes into a sealed string (e.g. `airlock/envelope`).
 * @example
 * const sealer: RecordingSealer = { seal: (bytes) => envelope.seal(slot, bytes) }
 */
export interface RecordingSealer {
  seal(bytes: Uint8Array): Promise<string>;
}

/**
 * Options of {@link createAsciicastRecorder}.
 * @example
 * createAsciicastRecorder({ width: 200, height: 50, title: 'core-rtr-01', maxBytes: 1 << 20 })
 */
export interface AsciicastOptions {
  /** Terminal width and height in the header (defaults 120 × 40). */
  readonly width?: number;
  readonly height?: number;
  readonly title?: string;
  /** Milliseconds since the epoch; injectable for reproducible recordings. Default `Date.now`. */
  readonly clock?: () => number;
  /** Most bytes kept (default 8 MiB); past it events are dropped and `truncated` is set. */
  readonly maxBytes?: number;
}

/**
 * An asciicast v2 recorder.
 * @example
 * const rec: AsciicastRecorder = createAsciicastRecorder(); rec.output('ok\r\n')
 */
export interface AsciicastRecorder {
  /** Records terminal output. */
  output(data: string): void;
  /** Records input typed or sent. */
  input(data: string): void;
  /** True once an event was dropped at the cap. */
  readonly truncated: boolean;
  /** The recording as asciicast v2 text (newline-delimited JSON). */
  toString(): string;
  /** The recording as UTF-8 bytes. */
  bytes(): Uint8Array;
  /** Seals the recording through the port and returns the sealed string. */
  seal(sealer: RecordingSealer): Promise<string>;
}

/**
 * Creates an asciicast v2 recorder.
 * @example
 * const rec = createAsciicastRecorder({ title: 'core-rtr-01' })
 * rec.input('/interface print\r\n'); rec.output('Flags: X - DISABLED\r\n')
 * const sealed = await rec.seal({ seal: (b) => envelope.seal(slot, b) })
 */
export function createAsciicastRecorder(options: AsciicastOptions = {}): AsciicastRecorder {
  const width = options.width ?? 120;
  const height = options.height ?? 40;
  const maxBytes = options.maxBytes ?? 8 * 1024 * 1024;
  for (const [k, v] of [
    ['width', width],
    ['height', height],
    ['maxBytes', maxBytes],
  ] as const) {
    if (!Number.isSafeInteger(v) || v <= 0) throw usageError(`"${k}" expected a positive integer`);
  }
  const clock = options.clock ?? Date.now;
  const start = clock();
  const header = JSON.stringify({
    version: 2,
    width,
    height,
    timestamp: Math.floor(start / 1000),
    ...(options.title === undefined ? {} : { title: options.title }),
    env: { TERM: 'xterm-256color', SHELL: '/bin/sh' },
  });
  const lines: string[] = [header];
  let size = Buffer.byteLength(header) + 1;
  let truncated = false;
  const add = (kind: 'o' | 'i', data: string): void => {
    if (typeof data !== 'string') throw usageError('recorded data expected a string');
    if (data.length === 0 || truncated) return;
    // Microsecond-rounded seconds since start, monotonic even if the clock steps back.
    const t = Math.max(0, Math.round((clock() - start) * 1000) / 1_000_000);
    const line = JSON.stringify([t, kind, data]);
    const bytes = Buffer.byteLength(line) + 1;
    if (size + bytes > maxBytes) {
      truncated = true;
      return;
    }
    size += bytes;
    lines.push(line);
  };
  const text = () => `${lines.join('\n')}\n`;
  return {
    output: (data) => add('o', data),
    input: (data) => add('i', data),
    get truncated() {
      return truncated;
    },
    toString: text,
    bytes: () => new TextEncoder().encode(text()),
    async seal(sealer) {
      if (sealer === null || typeof sealer !== 'object' || typeof sealer.seal !== 'function') {
        throw usageError('"sealer" expected an object with a seal(bytes) method');
      }
      const sealed = await sealer.seal(new TextEncoder().encode(text()));
      if (typeof sealed !== 'string' || sealed.length === 0) {
        throw configError(
          'RECORDING_SEAL_FAILED',
          `sealer expected to return a non-empty string, got ${describeValue(sealed)}`,
        );
      }
      return sealed;
    },
  };
}

/**
 * Wraps a transport so every command is recorded as input (`$ command`) and its output, as it
 * streams, as output. Recording the command after secret substitution means the recording holds
 * secrets: seal it, or pass `redact` to record a redacted copy.
 * @example
 * const recorded = recordTransport(transport, rec, { prompt: '[admin@core-rtr-01] > ' })
 * await recorded.exec('/ip address print')
 */
export function recordTransport(
  transport: DeviceTransport,
  recorder: AsciicastRecorder,
  options: { readonly prompt?: string; readonly redact?: (text: string) => string } = {},
): DeviceTransport {
  const prompt = options.prompt ?? '$ ';
  const redact = options.redact ?? ((s: string) => s);
  const wrapper: DeviceTransport = {
    target: transport.target,
    async exec(command: string, execOptions: ExecOptions = {}): Promise<ExecResult> {
      recorder.output(prompt);
      recorder.input(`${redact(command)}\r\n`);
      const onData = execOptions.onData;
      try {
        return await transport.exec(command, {
          ...execOptions,
          onData: (chunk, stream) => {
            recorder.output(redact(chunk).replace(/(?<!\r)\n/g, '\r\n'));
            onData?.(chunk, stream);
          },
        });
      } catch (e) {
        const code = (e as { code?: unknown }).code;
        recorder.output(`\r\n[airlock: ${typeof code === 'string' ? code : 'error'}]\r\n`);
        throw e;
      }
    },
    close: () => transport.close(),
    on<E extends keyof TransportEvents>(event: E, listener: TransportEvents[E]) {
      transport.on(event, listener);
      return wrapper;
    },
    off<E extends keyof TransportEvents>(event: E, listener: TransportEvents[E]) {
      transport.off(event, listener);
      return wrapper;
    },
  };
  return wrapper;
}
