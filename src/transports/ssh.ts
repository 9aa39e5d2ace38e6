/**
 * SSH device transport on `ssh2`: one lazily opened, reused connection; one exec channel per
 * command. Host keys are pinned from known_hosts unless `insecureAcceptAnyHostKey: true`. `ssh2` is
 * loaded with a dynamic import on first connect, so importing `airlock/transports` never loads it.
 */
import { readFileSync } from 'node:fs';
import type { Client, ClientChannel, ConnectConfig } from 'ssh2';
import { ConfigError, isAirlockError } from '../errors.js';
import { algorithmPreset, preferHostKeyTypes, type SshAlgorithms } from './algorithms.js';
import { resolveCredential } from './credentials.js';
import { checkEndpoint } from './endpoint.js';
import { remoteError, usageError } from './errors.js';
import {
  type HostKeyVerdict,
  type KnownHostEntry,
  knownKeyTypes,
  parseKnownHosts,
  verifyHostKey,
} from './known-hosts.js';
import { TransportLifecycle } from './lifecycle.js';
import { checkExecArgs, OutputCollector } from './output.js';
import { SharedConnection } from './shared-connection.js';
import {
  type Credential,
  type DeviceTransport,
  EXEC_DEFAULTS,
  type ExecOptions,
  type ExecResult,
} from './types.js';

/**
 * Where pinned host keys come from: file path, or known_hosts text.
 * @example
 * const pinned: KnownHostsSource = { path: '/etc/airlock/known_hosts' }
 */
export type KnownHostsSource = { readonly path: string } | { readonly content: string } | string;

/**
 * Options of {@link createSshTransport}.
 * @example
 * const o: SshTransportOptions = { host: '10.0.0.1', username: 'noc', agent: true, knownHosts: { path: kh } }
 */
export interface SshTransportOptions {
  readonly host: string;
  /** Default 22. */
  readonly port?: number;
  readonly username: string;
  readonly password?: Credential;
  /** An OpenSSH or PEM private key. */
  readonly privateKey?: Credential;
  readonly passphrase?: Credential;
  /** An ssh-agent socket path, or `true` for `$SSH_AUTH_SOCK`. */
  readonly agent?: string | true;
  /**
   * Pinned host keys: `{ path }`, `{ content }`, or a string (a path when it has no whitespace,
   * otherwise known_hosts text). Required unless `insecureAcceptAnyHostKey` is `true`.
   */
  readonly knownHosts?: KnownHostsSource;
  /** Accepts any host key: a man-in-the-middle then receives the credentials. For labs only. */
  readonly insecureAcceptAnyHostKey?: true;
  /** `'modern'` (default), `'legacy'` for old gear, or explicit lists. */
  readonly algorithms?: 'modern' | 'legacy' | SshAlgorithms;
  /** Keepalive interval (default 15 000 ms); the session is dropped after 3 unanswered. 0 disables. */
  readonly keepaliveIntervalMs?: number;
  /** Bound on TCP connect, handshake and authentication together (default 10 000 ms). */
  readonly readyTimeoutMs?: number;
  /** Request a pseudo-terminal for exec (some network OSes need one). Default false. */
  readonly pty?: boolean;
  /** Default exec limits for this transport. */
  readonly execDefaults?: { readonly timeoutMs?: number; readonly maxOutputBytes?: number };
}

type Ssh2Module = typeof import('ssh2');

/**
 * Creates an SSH transport. Nothing connects until the first `exec`.
 * @example
 * const t = createSshTransport({ host: '10.0.0.1', username: 'admin', privateKey: () => vault.open('key'),
 *   knownHosts: { path: '/etc/airlock/known_hosts' } })
 * const { output, exitStatus } = await t.exec('uname -a', { timeoutMs: 5_000 })
 */
export function createSshTransport(options: SshTransportOptions): DeviceTransport {
  return new SshTransport(options);
}

class SshTransport extends TransportLifecycle implements DeviceTransport {
  readonly target: string;
  private readonly port: number;
  private readonly knownHosts: readonly KnownHostEntry[] | null;
  private readonly limits: { timeoutMs: number; maxOutputBytes: number };
  private readonly connection = new SharedConnection<Client>(() => this.open());
  private closed = false;

  constructor(private readonly options: SshTransportOptions) {
    super();
    this.port = checkEndpoint(options, 22);
    if (options.password === undefined && options.privateKey === undefined && options.agent === undefined) {
      throw usageError('one of "password", "privateKey" or "agent" is required');
    }
    if (options.insecureAcceptAnyHostKey === true) {
      this.knownHosts = null;
    } else if (options.insecureAcceptAnyHostKey !== undefined) {
      throw usageError('"insecureAcceptAnyHostKey" expected true or undefined');
    } else if (options.knownHosts === undefined) {
      throw usageError('"knownHosts" is required unless "insecureAcceptAnyHostKey" is true');
    } else {
      this.knownHosts = parseKnownHosts(readKnownHosts(options.knownHosts));
    }
    const limits = checkExecArgs(
      'x',
      options.execDefaults ?? {},
      { timeoutMs: EXEC_DEFAULTS.timeoutMs, maxOutputBytes: EXEC_DEFAULTS.maxOutputBytes },
      usageError,
    );
    this.limits = { ...limits };
    this.target = `ssh://${options.username}@${options.host}:${this.port}`;
  }

  async exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    const { timeoutMs, maxOutputBytes } = checkExecArgs(command, options, this.limits, usageError);
    if (this.closed) throw remoteError('TRANSPORT_CLOSED', `${this.target}: transport is closed`);
    const { signal } = options;
    if (signal?.aborted) throw remoteError('ABORTED', `${this.target}: aborted before start`);
    const started = performance.now();
    const client = await raceAbort(this.connection.get(), signal, this.target);
    return new Promise<ExecResult>((resolve, reject) => {
      const collector = new OutputCollector(maxOutputBytes, options.onData);
      let channel: ClientChannel | null = null;
      let exitStatus: number | null = null;
      let settled = false;
      const finish = (error: Error | null): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        client.off('close', onLost);
        if (channel !== null) killChannel(channel);
        const output = collector.finish();
        if (error !== null) {
          reject(error);
          return;
        }
        if (collector.handlerFailed) {
          reject(remoteError('OUTPUT_HANDLER_FAILED', `${this.target}: onData threw; command stopped`));
          return;
        }
        if (collector.overflowed && options.onOutputLimit === 'error') {
          reject(
            remoteError('OUTPUT_LIMIT', `${this.target}: output passed ${maxOutputBytes} bytes`, {
              maxOutputBytes,
            }),
          );
          return;
        }
        resolve({
          output,
          exitStatus: collector.overflowed ? null : exitStatus,
          durationMs: performance.now() - started,
          truncated: collector.overflowed,
          outputBytes: collector.received,
        });
      };
      const onAbort = (): void =>
        finish(
          remoteError('ABORTED', `${this.target}: command aborted`, { outputBytes: collector.received }),
        );
      const timer = setTimeout(
        () =>
          finish(
            remoteError('EXEC_TIMEOUT', `${this.target}: command exceeded ${timeoutMs} ms`, {
              timeoutMs,
              outputBytes: collector.received,
            }),
          ),
        timeoutMs,
      );
      signal?.addEventListener('abort', onAbort, { once: true });
      // A session that dies mid-command is a failure, not a command that printed less.
      const onLost = (): void =>
        finish(
          remoteError('DEVICE_UNREACHABLE', `${this.target}: connection lost during command`, {
            outputBytes: collector.received,
          }),
        );
      client.once('close', onLost);
      const execOpts = this.options.pty === true ? { pty: { term: 'vt100', cols: 200, rows: 50 } } : {};
      const onChannel = (err: Error | undefined, stream: ClientChannel): void => {
        if (err) {
          finish(remoteError('CHANNEL_FAILED', `${this.target}: exec channel refused`, {}, err));
          return;
        }
        if (settled) {
          killChannel(stream);
          return;
        }
        channel = stream;
        stream.on('data', (d: Buffer) => {
          if (!settled && !collector.push(d, 'stdout')) finish(null);
        });
        stream.stderr.on('data', (d: Buffer) => {
          if (!settled && !collector.push(d, 'stderr')) finish(null);
        });
        stream.on('exit', (code: number | null) => {
          exitStatus = typeof code === 'number' ? code : null;
        });
        // Deferred one turn so that, when the whole session is dropping, the client's close is seen
        // first and the loss is reported as an error rather than as a short, successful command.
        stream.on('close', () => setImmediate(() => finish(null)));
      };
      try {
        client.exec(command, execOpts, onChannel);
      } catch (cause) {
        // ssh2 throws synchronously when the session ended between connect and exec.
        finish(remoteError('DEVICE_UNREACHABLE', `${this.target}: session not connected`, {}, cause));
      }
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const pending = this.connection.take();
    if (pending === null) return;
    const client = await pending.catch(() => null);
    if (client === null) return;
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, 2_000);
      client.once('close', () => {
        clearTimeout(t);
        resolve();
      });
      client.end();
    });
  }

  private async open(): Promise<Client> {
    const o = this.options;
    const readyTimeout = o.readyTimeoutMs ?? EXEC_DEFAULTS.connectTimeoutMs;
    let ssh2: Ssh2Module;
    try {
      ssh2 = (await import('ssh2')) as Ssh2Module;
    } catch (cause) {
      throw remoteError(
        'DEVICE_UNREACHABLE',
        'the optional peer dependency "ssh2" is not installed',
        {},
        cause,
      );
    }
    const Ssh2Client = ssh2.Client ?? (ssh2 as unknown as { default: Ssh2Module }).default.Client;
    const algorithms =
      typeof o.algorithms === 'object' ? o.algorithms : algorithmPreset(o.algorithms ?? 'modern');
    const pinnedTypes = this.knownHosts === null ? [] : knownKeyTypes(this.knownHosts, o.host, this.port);
    let verdict: HostKeyVerdict | null = null;
    const config: ConnectConfig = {
      host: o.host,
      port: this.port,
      username: o.username,
      readyTimeout,
      keepaliveInterval: o.keepaliveIntervalMs ?? 15_000,
      keepaliveCountMax: 3,
      algorithms: {
        kex: [...algorithms.kex] as never,
        cipher: [...algorithms.cipher] as never,
        serverHostKey: preferHostKeyTypes(algorithms.serverHostKey, pinnedTypes) as never,
        hmac: [...algorithms.hmac] as never,
        compress: ['none'] as never,
      },
      hostVerifier: (key: Buffer) => {
        if (this.knownHosts === null) return true;
        verdict = verifyHostKey(this.knownHosts, o.host, this.port, key);
        return verdict.status === 'trusted';
      },
    };
    if (o.password !== undefined)
      config.password = (await resolveCredential(o.password, 'password')).toString('utf8');
    if (o.privateKey !== undefined) config.privateKey = await resolveCredential(o.privateKey, 'privateKey');
    if (o.passphrase !== undefined) config.passphrase = await resolveCredential(o.passphrase, 'passphrase');
    if (o.agent !== undefined) {
      const sock = o.agent === true ? process.env.SSH_AUTH_SOCK : o.agent;
      if (sock === undefined || sock.length === 0)
        throw usageError('"agent" is true but SSH_AUTH_SOCK is not set');
      config.agent = sock;
    }
    const client = new Ssh2Client();
    return new Promise<Client>((resolve, reject) => {
      let ready = false;
      // ssh2's readyTimeout starts after the socket connects; this one bounds the whole attempt.
      const hardTimer = setTimeout(() => {
        fail(
          remoteError('CONNECT_TIMEOUT', `${this.target}: not ready within ${readyTimeout} ms`, {
            readyTimeout,
          }),
        );
        client.destroy();
      }, readyTimeout + 1_000);
      const fail = (error: Error): void => {
        clearTimeout(hardTimer);
        reject(error);
      };
      // Each concurrent exec watches the session's close; more than Node's default of 10 is normal.
      client.setMaxListeners(0);
      client.on('ready', () => {
        clearTimeout(hardTimer);
        ready = true;
        this.emit('connect', { target: this.target });
        resolve(client);
      });
      client.on('error', (err: Error & { level?: string }) => {
        const mapped = this.mapError(err, verdict, ready);
        if (!ready) fail(mapped);
        else this.emit('error', mapped);
      });
      client.on('close', () => {
        clearTimeout(hardTimer);
        if (!ready)
          fail(remoteError('DEVICE_UNREACHABLE', `${this.target}: connection closed during handshake`));
        this.connection.forget();
        this.emit('close', { target: this.target, hadError: !ready });
      });
      try {
        client.connect(config);
      } catch (cause) {
        // ssh2 throws synchronously on a key it cannot parse or decrypt; its message is not kept.
        clearTimeout(hardTimer);
        reject(
          new ConfigError(
            'PRIVATE_KEY_UNUSABLE',
            `${this.target}: "privateKey" cannot be parsed or decrypted (wrong passphrase or unsupported format)`,
            { cause: { name: cause instanceof Error ? cause.name : typeof cause } },
          ),
        );
        return;
      }
      // Drop our references to the secrets; ssh2 keeps its own copy for the session's life.
      config.password = undefined as never;
      config.passphrase = undefined as never;
    });
  }

  private mapError(
    err: Error & { level?: string; code?: string },
    verdict: HostKeyVerdict | null,
    ready: boolean,
  ) {
    const t = this.target;
    if (verdict !== null && (verdict as HostKeyVerdict).status !== 'trusted') {
      const v = verdict as HostKeyVerdict;
      if (v.status === 'mismatch') {
        return remoteError(
          'HOST_KEY_MISMATCH',
          `${t}: host key does not match known_hosts (possible interception)`,
          {
            knownTypes: v.knownTypes.join(','),
          },
        );
      }
      if (v.status === 'revoked') {
        return remoteError('HOST_KEY_REVOKED', `${t}: host key is marked @revoked in known_hosts`, {
          line: v.line,
        });
      }
      return remoteError('HOST_KEY_UNKNOWN', `${t}: host is not in known_hosts`);
    }
    if (isAirlockError(err)) return err;
    switch (err.level) {
      case 'client-authentication':
        return remoteError('AUTH_FAILED', `${t}: authentication failed`, {}, err);
      case 'client-timeout':
        return remoteError('CONNECT_TIMEOUT', `${t}: handshake timed out`, {}, err);
      case 'client-socket':
      case 'client-dns':
        return remoteError(
          'DEVICE_UNREACHABLE',
          `${t}: ${ready ? 'connection lost' : 'cannot connect'}`,
          {
            errno: typeof err.code === 'string' ? err.code : null,
          },
          err,
        );
      default:
        return remoteError('PROTOCOL_ERROR', `${t}: SSH ${err.level ?? 'protocol'} failure`, {}, err);
    }
  }
}

function readKnownHosts(source: KnownHostsSource): string {
  if (typeof source === 'string') {
    return /\s/.test(source) ? source : readFile(source);
  }
  if ('content' in source) return source.content;
  return readFile(source.path);
}

function readFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (cause) {
    throw remoteError('HOST_KEY_UNKNOWN', 'known_hosts file cannot be read', { path }, cause);
  }
}

function killChannel(channel: ClientChannel): void {
  try {
    // OpenSSH honours the signal request; network OSes often ignore it, so the channel is closed too.
    channel.signal('KILL');
  } catch {
    /* the channel may already be gone */
  }
  try {
    channel.close();
  } catch {
    /* idem */
  }
}

async function raceAbort<T>(p: Promise<T>, signal: AbortSignal | undefined, target: string): Promise<T> {
  if (signal === undefined) return p;
  let onAbort: () => void = () => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(remoteError('ABORTED', `${target}: aborted while connecting`));
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([p, aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}
