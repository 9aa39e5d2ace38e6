import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAirlockError } from '../../src/errors.js';
import { createSshTransport, knownHostsLine } from '../../src/transports/index.js';
import { hostKeyPair } from '../../src/transports/simulator/ssh-server.js';

// A hostile or broken SSH peer built on ssh2's Server: behaviours a real device shows on a bad day.
type Behaviour = 'drop-mid-command' | 'refuse-exec' | 'flood' | 'no-exit-status';

describe('SSH transport against a misbehaving server', () => {
  let port = 0;
  let hostKey = '';
  let close: () => Promise<void>;

  beforeAll(async () => {
    const ssh2 = await import('ssh2');
    const keys = hostKeyPair(ssh2);
    const clients = new Set<{ end(): void }>();
    const server = new ssh2.Server({ hostKeys: [keys.private] }, (client) => {
      clients.add(client);
      client.on('error', () => {});
      client.on('authentication', (ctx) =>
        ctx.method === 'password' && ctx.password === 'pw' ? ctx.accept() : ctx.reject(['password']),
      );
      client.on('session', (accept) => {
        accept().on('exec', (ok, reject, info) => {
          const behaviour = info.command as Behaviour;
          if (behaviour === 'refuse-exec') return reject();
          const ch = ok();
          if (behaviour === 'drop-mid-command') {
            ch.write('partial output\n');
            setTimeout(() => client.end(), 50);
          } else if (behaviour === 'flood') {
            const chunk = 'x'.repeat(16 * 1024);
            const pump = () => {
              while (ch.writable && ch.write(chunk)) {
                /* keep writing until backpressure */
              }
            };
            ch.on('drain', pump);
            pump();
          } else {
            ch.write('done\n');
            ch.end();
          }
        });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
    hostKey = knownHostsLine('127.0.0.1', port, keys.public);
    close = () =>
      new Promise((resolve) => {
        for (const c of clients) c.end();
        server.close(() => resolve());
      });
  });
  afterAll(async () => close?.());

  const transport = () =>
    createSshTransport({
      host: '127.0.0.1',
      port,
      username: 'u',
      password: 'pw',
      knownHosts: { content: hostKey },
    });

  it('a session that drops mid-command rejects with DEVICE_UNREACHABLE, not a short success', async () => {
    const t = transport();
    const seen: string[] = [];
    const err = await t.exec('drop-mid-command', { onData: (c) => seen.push(c) }).catch((e: unknown) => e);
    expect(isAirlockError(err, 'DEVICE_UNREACHABLE')).toBe(true);
    expect(seen.join('')).toBe('partial output\n');
    await t.close();
  });

  it('a refused exec channel is CHANNEL_FAILED', async () => {
    const t = transport();
    const err = await t.exec('refuse-exec').catch((e: unknown) => e);
    expect(isAirlockError(err, 'CHANNEL_FAILED')).toBe(true);
    await t.close();
  });

  it('a flooding device costs at most maxOutputBytes and the command ends', async () => {
    const t = transport();
    const r = await t.exec('flood', { maxOutputBytes: 100_000 });
    expect(r.truncated).toBe(true);
    expect(r.output.length).toBe(100_000);
    await t.close();
  });

  it('a device that never sends an exit status yields exitStatus null', async () => {
    const t = transport();
    const r = await t.exec('no-exit-status');
    expect(r).toMatchObject({ output: 'done\n', exitStatus: null, truncated: false });
    await t.close();
  });

  it('an onData handler that throws stops the command and rejects (the caller never gets unredacted output)', async () => {
    const t = transport();
    const err = await t
      .exec('flood', {
        onData: () => {
          throw new Error('redactor broke');
        },
      })
      .catch((e: unknown) => e);
    expect(isAirlockError(err, 'OUTPUT_HANDLER_FAILED')).toBe(true);
    await t.close();
  });
});

describe('simulator host keys', () => {
  it('are always keys ssh2 can load (its own generator makes a malformed one about once in 200)', async () => {
    const ssh2 = await import('ssh2');
    for (let i = 0; i < 2000; i++) {
      const keys = hostKeyPair(ssh2);
      expect(ssh2.utils.parseKey(keys.private)).not.toBeInstanceOf(Error);
    }
  });
});
