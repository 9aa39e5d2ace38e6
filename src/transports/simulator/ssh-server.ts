/**
 * The simulated device's SSH server: a real SSH server (ssh2 `Server`) with a host key generated at
 * start, password authentication, and exec and shell channels speaking the simulated RouterOS
 * command line, so the SSH transport is exercised end to end over a real protocol.
 */
import type { ServerChannel, Server as Ssh2Server } from 'ssh2';
import { AirlockError } from '../../errors.js';
import { runCli } from './cli.js';
import type { RosState } from './state.js';

type CheckPassword = (user: string, password: string) => boolean;

/**
 * Starts the SSH server on 127.0.0.1 and an ephemeral port.
 * @example
 * const { server, port, publicKey } = await startSshServer(state, check)
 */
type Ssh2Module = typeof import('ssh2');

/**
 * An ed25519 host key pair that ssh2 itself can load. ssh2's `generateKeyPairSync('ed25519')` returns a
 * key its own parser rejects about once in 200 calls ("Malformed OpenSSH private key"), which made a
 * simulator start fail at random; a key is generated again until it parses (32 tries at most).
 * @example
 * const { private: hostKey } = hostKeyPair(await import('ssh2'))
 */
export function hostKeyPair(mod: Ssh2Module): { private: string; public: string } {
  for (let attempt = 0; attempt < 32; attempt++) {
    const keys = mod.utils.generateKeyPairSync('ed25519');
    if (!(mod.utils.parseKey(keys.private) instanceof Error)) return keys;
  }
  throw new AirlockError('SIMULATOR_HOST_KEY', 'ssh2 generated no loadable ed25519 host key in 32 tries');
}

export async function startSshServer(
  state: RosState,
  check: CheckPassword,
): Promise<{ server: Ssh2Server; port: number; publicKey: string }> {
  const ssh2 = await import('ssh2');
  const mod = (ssh2 as unknown as { default?: typeof ssh2 }).default ?? ssh2;
  const keys = hostKeyPair(mod);
  const clients = new Set<{ end(): void }>();
  const server = new mod.Server({ hostKeys: [keys.private], ident: 'ROSSSH' }, (client) => {
    let user: string | null = null;
    clients.add(client);
    client.on('close', () => clients.delete(client));
    client.on('error', () => {});
    client.on('authentication', (ctx) => {
      if (ctx.method === 'password' && check(ctx.username, ctx.password)) {
        user = ctx.username;
        ctx.accept();
      } else {
        ctx.reject(['password']);
      }
    });
    client.on('session', (accept) => {
      const session = accept();
      session.on('pty', (ok) => ok?.());
      session.on('window-change', (ok) => ok?.());
      session.on('env', (ok) => ok?.());
      session.on('exec', (ok, _reject, info) => {
        const channel = ok();
        if (user === null) return channel.close();
        state.received.push({ via: 'ssh-exec', user, command: info.command });
        const r = runCli(state, user, info.command);
        channel.write(r.output.replace(/\n/g, '\r\n'));
        channel.exit(r.status);
        channel.end();
      });
      session.on('shell', (ok) => {
        const channel = ok();
        if (user === null) return channel.close();
        runShell(state, user, channel);
      });
    });
  });
  // A closing server ends its sessions, so `close()` never waits on a client that stays connected.
  const close = server.close.bind(server);
  server.close = ((cb?: (err?: Error) => void) => {
    for (const c of clients) c.end();
    return close(cb);
  }) as typeof server.close;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
  return { server, port, publicKey: keys.public };
}

function runShell(state: RosState, user: string, channel: ServerChannel): void {
  const prompt = () => `[${user}@${state.identity}] > `;
  channel.write(
    `\r\n\r\n  MikroTik RouterOS ${state.version.split(' ')[0]} (c) 1999-2024       https://www.mikrotik.com/\r\n\r\n${prompt()}`,
  );
  let line = '';
  channel.on('data', (data: Buffer) => {
    for (const ch of data.toString('utf8')) {
      if (ch === '\r' || ch === '\n') {
        channel.write('\r\n');
        const cmd = line.trim();
        line = '';
        if (cmd === '/quit' || cmd === 'quit') {
          channel.write('interrupted\r\n');
          channel.exit(0);
          channel.end();
          return;
        }
        if (cmd.length > 0) {
          state.received.push({ via: 'ssh-shell', user, command: cmd });
          channel.write(runCli(state, user, cmd).output.replace(/\n/g, '\r\n'));
        }
        channel.write(prompt());
      } else if (ch === '\x7f' || ch === '\b') {
        if (line.length > 0) {
          line = line.slice(0, -1);
          channel.write('\b \b');
        }
      } else if (ch >= ' ' && line.length < 4096) {
        line += ch;
        channel.write(ch);
      }
    }
  });
}
