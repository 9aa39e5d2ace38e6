/**
 * The simulated device's RouterOS API listener (binary API over TCP, like port 8728): `/login`
 * with name and password (the post-6.43 plain login), then `print` as `!re` sentences and other
 * commands through the same command line as SSH, answering `!done`, `!trap` or `!fatal`, with tags.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer, type TlsOptions } from 'node:tls';
import { ApiFramingError, encodeSentence, SentenceDecoder } from '../routeros-api/words.js';
import { runCli } from './cli.js';
import type { RosState } from './state.js';

type CheckPassword = (user: string, password: string) => boolean;

/**
 * Starts the API listener on 127.0.0.1 and an ephemeral port (API-SSL when `tls` is given).
 * @example
 * const { server, port } = await startApiServer(state, check)
 */
export async function startApiServer(
  state: RosState,
  check: CheckPassword,
  tls?: Pick<TlsOptions, 'key' | 'cert'>,
): Promise<{ server: Server; port: number }> {
  const sockets = new Set<Socket>();
  const onSocket = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    serve(state, check, socket);
  };
  const server: Server =
    tls === undefined ? createServer(onSocket) : createTlsServer({ ...tls, minVersion: 'TLSv1.2' }, onSocket);
  server.on('tlsClientError', () => {});
  server.on('close', () => {
    for (const s of sockets) s.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  return { server, port: typeof addr === 'object' && addr !== null ? addr.port : 0 };
}

function serve(state: RosState, check: CheckPassword, socket: Socket): void {
  const decoder = new SentenceDecoder(64 * 1024, 256 * 1024);
  let user: string | null = null;
  // Long-running commands (API ping) by tag, so `/cancel` can stop them as RouterOS does.
  const running = new Map<
    string,
    { timer: NodeJS.Timeout; reply: (type: string, a?: Record<string, string>) => void }
  >();
  socket.on('close', () => {
    for (const r of running.values()) clearTimeout(r.timer);
    running.clear();
  });
  socket.setTimeout(120_000, () => socket.destroy());
  socket.on('error', () => socket.destroy());
  socket.on('data', (chunk: Buffer) => {
    let sentences: string[][];
    try {
      sentences = decoder.push(chunk);
    } catch (e) {
      if (e instanceof ApiFramingError) socket.end(encodeSentence(['!fatal', 'malformed sentence']));
      return;
    }
    for (const words of sentences) {
      if (words.length === 0) continue;
      const [command, ...rest] = words as [string, ...string[]];
      const attrs = new Map<string, string>();
      const queries: Array<[string, string]> = [];
      let tag: string | undefined;
      for (const w of rest) {
        if (w.startsWith('.tag=')) tag = w.slice(5);
        else if (w.startsWith('=')) {
          const eq = w.indexOf('=', 1);
          attrs.set(eq < 0 ? w.slice(1) : w.slice(1, eq), eq < 0 ? '' : w.slice(eq + 1));
        } else if (w.startsWith('?')) {
          const eq = w.indexOf('=', 1);
          if (eq > 0) queries.push([w.slice(1, eq), w.slice(eq + 1)]);
        }
      }
      const reply = (type: string, a: Record<string, string> = {}) =>
        socket.write(
          encodeSentence([
            type,
            ...Object.entries(a).map(([k, v]) => `=${k}=${v}`),
            ...(tag === undefined ? [] : [`.tag=${tag}`]),
          ]),
        );
      if (command === '/quit') {
        socket.end(encodeSentence(['!fatal', 'session terminated on request']));
        return;
      }
      if (user === null) {
        if (command !== '/login') {
          socket.end(encodeSentence(['!fatal', 'not logged in']));
          return;
        }
        const name = attrs.get('name') ?? '';
        if (check(name, attrs.get('password') ?? '')) {
          user = name;
          reply('!done');
        } else {
          reply('!trap', { message: 'invalid user name or password (6)' });
          reply('!done');
        }
        continue;
      }
      state.received.push({
        via: 'api',
        user,
        command: words.filter((w) => !w.startsWith('=password')).join(' '),
      });
      if (command === '/cancel') {
        const target = running.get(attrs.get('tag') ?? '');
        if (target !== undefined) {
          clearTimeout(target.timer);
          running.delete(attrs.get('tag') ?? '');
          target.reply('!trap', { category: '2', message: 'interrupted' });
          target.reply('!done');
        }
        reply('!done');
        continue;
      }
      if (command === '/ping' && tag !== undefined && attrs.has('interval')) {
        startPing(state, attrs, tag, reply, running);
        continue;
      }
      handleApiCommand(state, user, command, attrs, queries, reply);
    }
  });
}

/**
 * Runs one API command against the state, answering through `reply` (shared by the API and REST
 * listeners so both change state exactly as the SSH command line does).
 * @example
 * handleApiCommand(state, 'admin', '/interface/print', new Map(), [], (type, attrs) => rows.push(attrs))
 */
export function handleApiCommand(
  state: RosState,
  user: string,
  command: string,
  attrs: Map<string, string>,
  queries: Array<[string, string]>,
  reply: (type: string, a?: Record<string, string>) => void,
): void {
  const parts = command.split('/').filter((p) => p.length > 0);
  const verb = parts.pop() ?? '';
  const path = parts.join('/');
  const menu = state.menus.get(path);
  if (verb === 'print' && menu !== undefined) {
    const showSensitive = attrs.has('show-sensitive');
    for (const item of menu.items) {
      const props: Record<string, string> = { '.id': item.id };
      for (const [k, v] of Object.entries(item.props)) {
        if (menu.hidden.includes(k) || (!showSensitive && menu.sensitive.includes(k))) continue;
        props[k] = v;
      }
      props.disabled = item.disabled ? 'true' : 'false';
      if (queries.every(([k, v]) => props[k] === v)) reply('!re', props);
    }
    reply('!done');
    return;
  }
  if (verb === 'print' && path === 'system/identity') {
    reply('!re', { name: state.identity });
    reply('!done');
    return;
  }
  if (verb === 'print' && path === 'log') {
    state.log.forEach((l, i) => {
      reply('!re', {
        '.id': `*${i.toString(16).toUpperCase()}`,
        time: l.time,
        topics: l.topics,
        message: l.message,
      });
    });
    reply('!done');
    return;
  }
  // Everything else goes through the same command line as SSH, so both paths change state alike.
  const words = [`/${parts.join(' ')}`, verb];
  for (const [k, v] of attrs) {
    if (k === '.id' || k === 'numbers') words.push(v);
    else if (k === 'address' && verb === 'ping') words.push(v);
    else words.push(`${k}="${v.replace(/["\\]/g, '\\$&')}"`);
  }
  const before = menu?.items.length ?? 0;
  const r = runCli(state, user, words.join(' '));
  if (r.status !== 0) {
    const message = r.output.trim().split('\n').pop() ?? 'failure';
    reply('!trap', { message });
    reply('!done');
    return;
  }
  if (verb === 'add' && menu !== undefined && menu.items.length > before) {
    reply('!done', { ret: menu.items[menu.items.length - 1]!.id });
    return;
  }
  if (r.output.length > 0) reply('!re', { ret: r.output });
  reply('!done');
}

/** API `/ping … =interval=S` streams one `!re` per packet on a real timer until done or cancelled. */
function startPing(
  state: RosState,
  attrs: Map<string, string>,
  tag: string,
  reply: (type: string, a?: Record<string, string>) => void,
  running: Map<string, { timer: NodeJS.Timeout; reply: (type: string, a?: Record<string, string>) => void }>,
): void {
  const address = attrs.get('address') ?? '';
  const count = Math.min(Number(attrs.get('count') ?? '100') || 100, 1000);
  const intervalMs = Math.max(10, Math.min(Number(attrs.get('interval')) * 1000 || 1000, 10_000));
  const reachable =
    !address.startsWith('10.20.0.') ||
    runCli(state, 'api', `/ping ${address} count=1`).output.includes('received=1');
  let seq = 0;
  const tick = () => {
    reply(
      '!re',
      reachable
        ? { seq: String(seq), host: address, size: '56', ttl: '64', time: '0.4ms' }
        : { seq: String(seq), host: address, status: 'timeout' },
    );
    seq++;
    if (seq >= count) {
      running.delete(tag);
      reply('!done');
      return;
    }
    running.set(tag, { timer: setTimeout(tick, intervalMs), reply });
  };
  running.set(tag, { timer: setTimeout(tick, intervalMs), reply });
}
