/**
 * RouterOS API transport (binary API over TCP 8728, or TLS 8729): one connection, `/login` with
 * name and password (RouterOS ≥ 6.43 plain login), tagged requests so several commands can share the
 * connection, `/cancel` on abort or timeout. `exec` accepts CLI-style commands; `execApi` takes words.
 */
import { connect as netConnect, type Socket } from 'node:net';
import { type ConnectionOptions, connect as tlsConnect } from 'node:tls';
import { resolveCredential } from '../credentials.js';
import { checkEndpoint } from '../endpoint.js';
import { remoteError, usageError } from '../errors.js';
import { TransportLifecycle } from '../lifecycle.js';
import { checkExecArgs, OutputCollector } from '../output.js';
import { SharedConnection } from '../shared-connection.js';
import {
  type Credential,
  type DeviceTransport,
  EXEC_DEFAULTS,
  type ExecOptions,
  type ExecResult,
} from '../types.js';
import { CliMappingError, cliToApiWords } from './cli-to-api.js';
import { ApiFramingError, encodeSentence, SentenceDecoder } from './words.js';

/**
 * One reply sentence: `!re`, `!done`, `!trap` or `!fatal`, with its `=key=value` attributes.
 * @example
 * (await api.execApi(['/ip/address/print'])).filter((r) => r.type === '!re')
 */
export interface ApiReply {
  readonly type: '!re' | '!done' | '!trap' | '!fatal' | '!empty';
  readonly attributes: Readonly<Record<string, string>>;
}

/**
 * Options of {@link createRouterOsApiTransport}.
 * @example
 * createRouterOsApiTransport({ host: 'r1', username: 'api', password: pw, tls: { ca: deviceCa } })
 */
export interface RouterOsApiOptions {
  readonly host: string;
  /** Default 8728, or 8729 with `tls`. */
  readonly port?: number;
  readonly username: string;
  readonly password: Credential;
  /**
   * TLS (API-SSL). Certificates are verified (give `ca` for a device's own CA); turning verification
   * off needs `insecureAcceptAnyCertificate: true`.
   */
  readonly tls?:
    | true
    | (Pick<ConnectionOptions, 'ca' | 'servername' | 'minVersion'> & {
        readonly insecureAcceptAnyCertificate?: true;
      });
  /** Bound on connect and login together (default 10 000 ms). */
  readonly connectTimeoutMs?: number;
  readonly execDefaults?: { readonly timeoutMs?: number; readonly maxOutputBytes?: number };
}

/** A RouterOS API transport: a {@link DeviceTransport} plus raw API access. */
export interface RouterOsApiTransport extends DeviceTransport {
  /**
   * Sends one API sentence and collects its replies (bounded by count, bytes and time).
   * @example
   * const rows = await api.execApi(['/interface/print', '?type=vlan'])
   */
  execApi(
    words: readonly string[],
    options?: Pick<ExecOptions, 'signal' | 'timeoutMs' | 'maxOutputBytes'>,
  ): Promise<ApiReply[]>;
}

interface Pending {
  readonly replies: ApiReply[];
  bytes: number;
  readonly max: number;
  readonly onReply: (r: ApiReply) => void;
  readonly done: (error: Error | null) => void;
}

/**
 * Creates a RouterOS API transport. Nothing connects until the first command.
 * @example
 * const api = createRouterOsApiTransport({ host: '10.0.0.1', username: 'airlock', password: () => vault.open('api') })
 * const { output } = await api.exec('/ip address print')
 */
export function createRouterOsApiTransport(options: RouterOsApiOptions): RouterOsApiTransport {
  return new ApiTransport(options);
}

class ApiTransport extends TransportLifecycle implements RouterOsApiTransport {
  readonly target: string;
  private readonly port: number;
  private readonly limits: { timeoutMs: number; maxOutputBytes: number };
  private readonly connection = new SharedConnection<Socket>(() => this.open());
  private readonly pending = new Map<string, Pending>();
  private nextTag = 1;
  private closed = false;

  constructor(private readonly options: RouterOsApiOptions) {
    super();
    this.port = checkEndpoint(options, options?.tls === undefined ? 8728 : 8729);
    if (options.password === undefined) throw usageError('"password" is required');
    this.limits = { ...checkExecArgs('x', options.execDefaults ?? {}, EXEC_DEFAULTS, usageError) };
    this.target = `${options.tls === undefined ? 'routeros-api' : 'routeros-api-ssl'}://${options.username}@${options.host}:${this.port}`;
  }

  async exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    const { timeoutMs, maxOutputBytes } = checkExecArgs(command, options, this.limits, usageError);
    let words: string[];
    try {
      words = cliToApiWords(command);
    } catch (e) {
      if (e instanceof CliMappingError)
        throw usageError(`command cannot be sent over the RouterOS API: ${e.message}`);
      throw e;
    }
    const started = performance.now();
    const collector = new OutputCollector(maxOutputBytes, options.onData);
    let index = 0;
    let status: number | null = 0;
    await this.request(words, { ...options, timeoutMs, maxOutputBytes: maxOutputBytes * 4 }, (r) => {
      if (collector.overflowed) return;
      if (r.type === '!re') collector.push(formatRe(index++, r.attributes));
      else if (r.type === '!trap' || r.type === '!fatal') {
        status = 1;
        collector.push(`${r.attributes.message ?? 'failure'}\n`);
      } else if (r.type === '!done' && r.attributes.ret !== undefined)
        collector.push(`${r.attributes.ret}\n`);
    });
    if (collector.handlerFailed) {
      throw remoteError('OUTPUT_HANDLER_FAILED', `${this.target}: onData threw; output withheld`);
    }
    if (collector.overflowed && options.onOutputLimit === 'error') {
      throw remoteError('OUTPUT_LIMIT', `${this.target}: output passed ${maxOutputBytes} bytes`, {
        maxOutputBytes,
      });
    }
    return {
      output: collector.finish(),
      exitStatus: collector.overflowed ? null : status,
      durationMs: performance.now() - started,
      truncated: collector.overflowed,
      outputBytes: collector.received,
    };
  }

  execApi(
    words: readonly string[],
    options: Pick<ExecOptions, 'signal' | 'timeoutMs' | 'maxOutputBytes'> = {},
  ): Promise<ApiReply[]> {
    if (
      !Array.isArray(words) ||
      words.length === 0 ||
      !words.every((w) => typeof w === 'string' && w.length > 0)
    ) {
      throw usageError('"words" expected a non-empty array of non-empty strings');
    }
    if (words.some((w) => w.startsWith('.tag=')))
      throw usageError('"words" must not set .tag (the transport tags requests)');
    const limits = checkExecArgs(words[0], options, this.limits, usageError);
    return this.request(words, { ...options, ...limits }, () => {});
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const pending = this.connection.take();
    const socket = pending === null ? null : await pending.catch(() => null);
    if (socket !== null) {
      socket.end(encodeSentence(['/quit']));
      socket.destroy();
    }
  }

  private async request(
    words: readonly string[],
    options: { signal?: AbortSignal; timeoutMs: number; maxOutputBytes: number },
    onReply: (r: ApiReply) => void,
  ): Promise<ApiReply[]> {
    if (this.closed) throw remoteError('TRANSPORT_CLOSED', `${this.target}: transport is closed`);
    const { signal } = options;
    if (signal?.aborted) throw remoteError('ABORTED', `${this.target}: aborted before start`);
    const socket = await this.connection.get();
    const tag = String(this.nextTag++);
    return new Promise<ApiReply[]>((resolve, reject) => {
      const cancel = () => {
        this.pending.delete(tag);
        // `/cancel` stops a long command (ping, monitor) on the device, not just our wait for it.
        if (!socket.destroyed) socket.write(encodeSentence(['/cancel', `=tag=${tag}`]));
      };
      const finish = (error: Error | null) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        if (this.pending.get(tag) === entry) this.pending.delete(tag);
        if (error === null) resolve(entry.replies);
        else reject(error);
      };
      const onAbort = () => {
        cancel();
        finish(remoteError('ABORTED', `${this.target}: command aborted`));
      };
      const timer = setTimeout(() => {
        cancel();
        finish(
          remoteError('EXEC_TIMEOUT', `${this.target}: command exceeded ${options.timeoutMs} ms`, {
            timeoutMs: options.timeoutMs,
          }),
        );
      }, options.timeoutMs);
      const entry: Pending = { replies: [], bytes: 0, max: options.maxOutputBytes, onReply, done: finish };
      this.pending.set(tag, entry);
      signal?.addEventListener('abort', onAbort, { once: true });
      socket.write(encodeSentence([...words, `.tag=${tag}`]));
    });
  }

  private async open(): Promise<Socket> {
    const o = this.options;
    const timeout = o.connectTimeoutMs ?? EXEC_DEFAULTS.connectTimeoutMs;
    const password = (await resolveCredential(o.password, 'password')).toString('utf8');
    return new Promise<Socket>((resolve, reject) => {
      let loggedIn = false;
      const tlsOpts = o.tls === undefined ? null : o.tls === true ? {} : o.tls;
      const socket: Socket =
        tlsOpts === null
          ? netConnect({ host: o.host, port: this.port })
          : tlsConnect({
              host: o.host,
              port: this.port,
              ...(tlsOpts.ca === undefined ? {} : { ca: tlsOpts.ca }),
              ...(tlsOpts.servername === undefined ? {} : { servername: tlsOpts.servername }),
              minVersion: tlsOpts.minVersion ?? 'TLSv1.2',
              rejectUnauthorized: tlsOpts.insecureAcceptAnyCertificate !== true,
            });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(
          remoteError('CONNECT_TIMEOUT', `${this.target}: not logged in within ${timeout} ms`, { timeout }),
        );
      }, timeout);
      const decoder = new SentenceDecoder(1024 * 1024, 8 * 1024 * 1024);
      const fail = (e: Error) => {
        clearTimeout(timer);
        for (const p of this.pending.values()) p.done(e);
        this.pending.clear();
        if (!loggedIn) reject(e);
        else this.emit('error', e);
        socket.destroy();
      };
      socket.on('error', (err: Error & { code?: string }) =>
        fail(
          /CERT|TLS|SSL/.test(err.code ?? '')
            ? remoteError('TLS_CERT_UNTRUSTED', `${this.target}: TLS certificate not trusted`, {
                code: err.code ?? null,
              })
            : remoteError(
                'DEVICE_UNREACHABLE',
                `${this.target}: ${loggedIn ? 'connection lost' : 'cannot connect'}`,
                { errno: err.code ?? null },
              ),
        ),
      );
      socket.on('close', () => {
        this.connection.forget();
        fail(remoteError('DEVICE_UNREACHABLE', `${this.target}: connection closed`));
        this.emit('close', { target: this.target, hadError: !loggedIn });
      });
      socket.on('data', (chunk: Buffer) => {
        let sentences: string[][];
        try {
          sentences = decoder.push(chunk);
        } catch (e) {
          return fail(
            remoteError(
              'PROTOCOL_ERROR',
              `${this.target}: malformed API reply`,
              {},
              e instanceof ApiFramingError ? e : undefined,
            ),
          );
        }
        for (const words of sentences) {
          const reply = parseReply(words);
          if (!loggedIn) {
            if (reply.type === '!done') {
              loggedIn = true;
              clearTimeout(timer);
              this.emit('connect', { target: this.target });
              resolve(socket);
            } else if (reply.type === '!trap' || reply.type === '!fatal') {
              clearTimeout(timer);
              loggedIn = false;
              socket.destroy();
              reject(remoteError('AUTH_FAILED', `${this.target}: login refused`));
              return;
            }
            continue;
          }
          if (reply.type === '!fatal')
            return fail(remoteError('DEVICE_ERROR', `${this.target}: device ended the session`));
          const tag = reply.tag;
          const p = tag === undefined ? undefined : this.pending.get(tag);
          if (p === undefined) continue;
          p.bytes += words.reduce((n, w) => n + w.length, 0);
          if (p.bytes > p.max * 4 + 65536) {
            // A reply stream far past the cap: stop listening to it rather than buffer it.
            p.done(null);
            continue;
          }
          p.replies.push({ type: reply.type, attributes: reply.attributes });
          p.onReply({ type: reply.type, attributes: reply.attributes });
          if (reply.type === '!done') p.done(null);
        }
      });
      socket.once(tlsOpts === null ? 'connect' : 'secureConnect', () => {
        socket.write(encodeSentence(['/login', `=name=${o.username}`, `=password=${password}`]));
      });
    });
  }
}

function parseReply(words: string[]): ApiReply & { tag?: string } {
  const [type = '', ...rest] = words;
  const attributes: Record<string, string> = {};
  let tag: string | undefined;
  for (const w of rest) {
    if (w.startsWith('.tag=')) tag = w.slice(5);
    else if (w.startsWith('=')) {
      const eq = w.indexOf('=', 1);
      if (eq > 0) attributes[w.slice(1, eq)] = w.slice(eq + 1);
    } else if (type === '!fatal') attributes.message = w;
  }
  const known = ['!re', '!done', '!trap', '!fatal', '!empty'] as const;
  const t = (known as readonly string[]).includes(type) ? (type as ApiReply['type']) : '!fatal';
  return tag === undefined ? { type: t, attributes } : { type: t, attributes, tag };
}

function formatRe(index: number, attrs: Readonly<Record<string, string>>): string {
  const body = Object.entries(attrs)
    .map(([k, v]) => `${k}=${/[\s"]/.test(v) || v === '' ? JSON.stringify(v) : v}`)
    .join(' ');
  return `${String(index).padStart(2)} ${body}\n`;
}
