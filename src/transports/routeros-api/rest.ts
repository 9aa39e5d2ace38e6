/**
 * RouterOS v7 REST transport: `GET /rest/<menu>` for print, `POST /rest/<menu>/<command>` with a
 * JSON body for everything else, HTTP Basic auth over HTTPS with the certificate verified. Plain HTTP
 * needs `insecurePlainHttp: true`, because Basic auth then sends the password in the clear.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { resolveCredential } from '../credentials.js';
import { checkEndpoint } from '../endpoint.js';
import { remoteError, usageError } from '../errors.js';
import { TransportLifecycle } from '../lifecycle.js';
import { checkExecArgs, OutputCollector } from '../output.js';
import {
  type Credential,
  type DeviceTransport,
  EXEC_DEFAULTS,
  type ExecOptions,
  type ExecResult,
} from '../types.js';
import { CliMappingError, cliToApiWords } from './cli-to-api.js';

/** Options of {@link createRouterOsRestTransport}. */
export interface RouterOsRestOptions {
  readonly host: string;
  /** Default 443 (or 80 with `insecurePlainHttp`). */
  readonly port?: number;
  readonly username: string;
  readonly password: Credential;
  /** PEM CA and expected server name for the device certificate. */
  readonly ca?: string | Buffer;
  readonly servername?: string;
  /** Sends Basic auth over plain HTTP: anyone on the path reads the password. Labs only. */
  readonly insecurePlainHttp?: true;
  readonly execDefaults?: { readonly timeoutMs?: number; readonly maxOutputBytes?: number };
}

/**
 * Creates a RouterOS v7 REST transport. Each command is one HTTP request; there is no session.
 * @example
 * const rest = createRouterOsRestTransport({ host: '10.0.0.1', username: 'api', password: () => vault.open('rest'), ca })
 * await rest.exec('/interface enable vlan20')
 */
export function createRouterOsRestTransport(options: RouterOsRestOptions): DeviceTransport {
  return new RestTransport(options);
}

class RestTransport extends TransportLifecycle implements DeviceTransport {
  readonly target: string;
  private readonly port: number;
  private readonly limits: { timeoutMs: number; maxOutputBytes: number };
  private closed = false;

  constructor(private readonly options: RouterOsRestOptions) {
    super();
    this.port = checkEndpoint(options, options?.insecurePlainHttp === true ? 80 : 443, {
      usernameWithoutColon: true,
    });
    if (options.password === undefined) throw usageError('"password" is required');
    this.limits = { ...checkExecArgs('x', options.execDefaults ?? {}, EXEC_DEFAULTS, usageError) };
    const scheme = options.insecurePlainHttp === true ? 'http' : 'https';
    this.target = `${scheme}://${options.username}@${options.host}:${this.port}/rest`;
  }

  async exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    const { timeoutMs, maxOutputBytes } = checkExecArgs(command, options, this.limits, usageError);
    if (this.closed) throw remoteError('TRANSPORT_CLOSED', `${this.target}: transport is closed`);
    if (options.signal?.aborted) throw remoteError('ABORTED', `${this.target}: aborted before start`);
    let words: string[];
    try {
      words = cliToApiWords(command);
    } catch (e) {
      if (e instanceof CliMappingError)
        throw usageError(`command cannot be sent over RouterOS REST: ${e.message}`);
      throw e;
    }
    const [path = '', ...attrs] = words;
    const verb = path.split('/').pop();
    const body: Record<string, string> = {};
    for (const a of attrs) {
      const eq = a.indexOf('=', 1);
      body[a.slice(1, eq)] = a.slice(eq + 1);
    }
    // A plain print is a GET; print with parameters is `POST …/print` with them as the body.
    const isPrint = verb === 'print' && Object.keys(body).length === 0;
    const url = isPrint ? `/rest${path.slice(0, -'/print'.length)}` : `/rest${path}`;
    const password = (await resolveCredential(this.options.password, 'password')).toString('utf8');
    const auth = `Basic ${Buffer.from(`${this.options.username}:${password}`).toString('base64')}`;
    const started = performance.now();
    const { status, text, truncated, bytes } = await this.send(
      isPrint ? 'GET' : 'POST',
      url,
      auth,
      isPrint ? null : body,
      {
        timeoutMs,
        maxBytes: maxOutputBytes * 4,
        signal: options.signal,
      },
    );
    if (status === 401) throw remoteError('AUTH_FAILED', `${this.target}: authentication failed`);
    const collector = new OutputCollector(maxOutputBytes, options.onData);
    let exitStatus: number | null = status >= 200 && status < 300 ? 0 : 1;
    if (truncated) {
      collector.push(text.slice(0, maxOutputBytes * 4));
      exitStatus = null;
    } else {
      collector.push(renderBody(status, text));
    }
    if (collector.handlerFailed)
      throw remoteError('OUTPUT_HANDLER_FAILED', `${this.target}: onData threw; output withheld`);
    const overflow = collector.overflowed || truncated;
    if (overflow && options.onOutputLimit === 'error') {
      throw remoteError('OUTPUT_LIMIT', `${this.target}: output passed ${maxOutputBytes} bytes`, {
        maxOutputBytes,
      });
    }
    return {
      output: collector.finish(),
      exitStatus: overflow ? null : exitStatus,
      durationMs: performance.now() - started,
      truncated: overflow,
      outputBytes: Math.max(bytes, collector.received),
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.emit('close', { target: this.target, hadError: false });
  }

  private send(
    method: 'GET' | 'POST',
    path: string,
    auth: string,
    body: Record<string, string> | null,
    limits: { timeoutMs: number; maxBytes: number; signal: AbortSignal | undefined },
  ): Promise<{ status: number; text: string; truncated: boolean; bytes: number }> {
    const o = this.options;
    const payload = body === null ? undefined : Buffer.from(JSON.stringify(body));
    return new Promise((resolve, reject) => {
      const common = {
        host: o.host,
        port: this.port,
        method,
        path,
        headers: {
          authorization: auth,
          accept: 'application/json',
          ...(payload === undefined
            ? {}
            : { 'content-type': 'application/json', 'content-length': payload.length }),
        },
        ...(limits.signal === undefined ? {} : { signal: limits.signal }),
      };
      const req =
        o.insecurePlainHttp === true
          ? httpRequest(common)
          : httpsRequest({
              ...common,
              ...(o.ca === undefined ? {} : { ca: o.ca }),
              ...(o.servername === undefined ? {} : { servername: o.servername }),
              rejectUnauthorized: true,
              minVersion: 'TLSv1.2',
            });
      const timer = setTimeout(() => {
        req.destroy();
        reject(
          remoteError('EXEC_TIMEOUT', `${this.target}: request exceeded ${limits.timeoutMs} ms`, {
            timeoutMs: limits.timeoutMs,
          }),
        );
      }, limits.timeoutMs);
      req.on('response', (res) => {
        const parts: Buffer[] = [];
        let bytes = 0;
        let truncated = false;
        res.on('data', (d: Buffer) => {
          bytes += d.length;
          if (truncated) return;
          if (bytes > limits.maxBytes) {
            truncated = true;
            res.destroy();
            clearTimeout(timer);
            resolve({
              status: res.statusCode ?? 0,
              text: Buffer.concat(parts).toString('utf8'),
              truncated,
              bytes,
            });
            return;
          }
          parts.push(d);
        });
        res.on('end', () => {
          clearTimeout(timer);
          resolve({
            status: res.statusCode ?? 0,
            text: Buffer.concat(parts).toString('utf8'),
            truncated,
            bytes,
          });
        });
        res.on('error', () => {});
      });
      req.on('error', (err: Error & { code?: string }) => {
        clearTimeout(timer);
        if (err.name === 'AbortError') reject(remoteError('ABORTED', `${this.target}: command aborted`));
        else if (/CERT|TLS|SSL/.test(err.code ?? '')) {
          reject(
            remoteError('TLS_CERT_UNTRUSTED', `${this.target}: TLS certificate not trusted`, {
              code: err.code ?? null,
            }),
          );
        } else
          reject(
            remoteError('DEVICE_UNREACHABLE', `${this.target}: cannot connect`, { errno: err.code ?? null }),
          );
      });
      req.end(payload);
    });
  }
}

function renderBody(status: number, text: string): string {
  let parsed: unknown;
  try {
    parsed = text.length === 0 ? [] : JSON.parse(text);
  } catch {
    return `${text}\n`;
  }
  if (status >= 400 && parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
    const p = parsed as { detail?: unknown; message?: unknown };
    return `${String(p.detail ?? p.message ?? `HTTP ${status}`)}\n`;
  }
  const rows = Array.isArray(parsed) ? parsed : [parsed];
  return rows
    .map((row, i) => {
      if (row === null || typeof row !== 'object') return `${String(row)}\n`;
      const body = Object.entries(row as Record<string, unknown>)
        .map(
          ([k, v]) =>
            `${k}=${/[\s"]/.test(String(v)) || String(v) === '' ? JSON.stringify(String(v)) : String(v)}`,
        )
        .join(' ');
      return `${String(i).padStart(2)} ${body}\n`;
    })
    .join('');
}
