import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAirlockError } from '../../src/errors.js';
import type { DeviceTransport } from '../../src/transports/index.js';
import { createSshTransport, hashKnownHostsName } from '../../src/transports/index.js';
import { type SshdFixture, sshdAvailable, startSshd } from './support/sshd.js';

const available = sshdAvailable();

describe.skipIf(!available)('SSH transport against a real OpenSSH sshd', () => {
  let sshd: SshdFixture;
  let t: DeviceTransport;

  beforeAll(async () => {
    sshd = await startSshd();
    t = createSshTransport({
      host: '127.0.0.1',
      port: sshd.port,
      username: sshd.username,
      privateKey: () => sshd.clientKey,
      knownHosts: { content: sshd.knownHostsLine },
    });
  });
  afterAll(async () => {
    await t?.close();
    await sshd?.stop();
  });

  function transport(extra: Partial<Parameters<typeof createSshTransport>[0]>): DeviceTransport {
    return createSshTransport({
      host: '127.0.0.1',
      port: sshd.port,
      username: sshd.username,
      privateKey: sshd.clientKey,
      knownHosts: { content: sshd.knownHostsLine },
      ...extra,
    } as Parameters<typeof createSshTransport>[0]);
  }

  it('runs real commands with key auth and reports output and exit status', async () => {
    const r = await t.exec('echo hello; uname -s');
    expect(r.output).toBe('hello\nLinux\n');
    expect(r.exitStatus).toBe(0);
    expect(r.truncated).toBe(false);
    expect(r.outputBytes).toBe(12);
  });

  it('reports non-zero exit statuses and interleaves stderr', async () => {
    const r = await t.exec('echo out; echo err 1>&2; exit 3');
    expect(r.exitStatus).toBe(3);
    expect(r.output).toContain('out\n');
    expect(r.output).toContain('err\n');
  });

  it('streams output chunks to onData as they arrive, tagged by stream', async () => {
    const chunks: Array<[string, string]> = [];
    const r = await t.exec('printf a; sleep 0.2; printf b 1>&2', { onData: (c, s) => chunks.push([c, s]) });
    expect(chunks.map((c) => c[0]).join('')).toBe(r.output);
    expect(chunks).toContainEqual(['a', 'stdout']);
    expect(chunks).toContainEqual(['b', 'stderr']);
  });

  it('reuses one connection for concurrent commands', async () => {
    const rs = await Promise.all([t.exec('echo 1'), t.exec('echo 2'), t.exec('echo 3')]);
    expect(rs.map((r) => r.output)).toEqual(['1\n', '2\n', '3\n']);
  });

  it('a command past its timeout rejects with EXEC_TIMEOUT and the transport stays usable', async () => {
    const err = await t.exec('sleep 20', { timeoutMs: 300 }).catch((e: unknown) => e);
    expect(isAirlockError(err, 'EXEC_TIMEOUT')).toBe(true);
    expect((await t.exec('echo after')).output).toBe('after\n');
  });

  it('aborting kills the channel and rejects with ABORTED', async () => {
    const ac = new AbortController();
    const p = t.exec('sleep 20', { signal: ac.signal });
    setTimeout(() => ac.abort(), 200);
    const err = await p.catch((e: unknown) => e);
    expect(isAirlockError(err, 'ABORTED')).toBe(true);
  });

  it('an already-aborted signal rejects before anything is sent', async () => {
    const err = await t.exec('echo no', { signal: AbortSignal.abort() }).catch((e: unknown) => e);
    expect(isAirlockError(err, 'ABORTED')).toBe(true);
  });

  it('output past maxOutputBytes is truncated at the cap and the channel closed', async () => {
    const r = await t.exec('yes airlock | head -c 1000000', { maxOutputBytes: 1000 });
    expect(r.truncated).toBe(true);
    expect(Buffer.byteLength(r.output)).toBe(1000);
    expect(r.exitStatus).toBeNull();
    expect(r.outputBytes).toBeGreaterThanOrEqual(1000);
  });

  it("onOutputLimit 'error' rejects with OUTPUT_LIMIT", async () => {
    const err = await t
      .exec('yes | head -c 100000', { maxOutputBytes: 100, onOutputLimit: 'error' })
      .catch((e: unknown) => e);
    expect(isAirlockError(err, 'OUTPUT_LIMIT')).toBe(true);
  });

  it('a multi-byte character split by the cap is dropped, never half-decoded', async () => {
    const r = await t.exec("printf 'a\\xc3\\xa9\\xc3\\xa9'", { maxOutputBytes: 2 });
    expect(r.output).toBe('a');
    expect(r.truncated).toBe(true);
  });

  it('a hashed known_hosts entry pins the host key', async () => {
    const [, type, b64] = sshd.knownHostsLine.split(' ');
    const hashed = `${hashKnownHostsName(`[127.0.0.1]:${sshd.port}`, randomBytes(20))} ${type} ${b64}`;
    const h = transport({ knownHosts: { content: `${hashed}\n` } });
    expect((await h.exec('echo pinned')).output).toBe('pinned\n');
    await h.close();
  });

  it('a different pinned key is refused with HOST_KEY_MISMATCH before authenticating', async () => {
    const h = transport({ knownHosts: { content: sshd.otherKnownHostsLine } });
    const err = await h.exec('echo no').catch((e: unknown) => e);
    expect(isAirlockError(err, 'HOST_KEY_MISMATCH')).toBe(true);
    await h.close();
  });

  it('an unlisted host is refused with HOST_KEY_UNKNOWN', async () => {
    const h = transport({
      knownHosts: { content: '[10.9.9.9]:22 ' + sshd.knownHostsLine.split(' ').slice(1).join(' ') },
    });
    const err = await h.exec('echo no').catch((e: unknown) => e);
    expect(isAirlockError(err, 'HOST_KEY_UNKNOWN')).toBe(true);
    await h.close();
  });

  it('a @revoked key is refused even when also pinned', async () => {
    const revoked = `@revoked * ${sshd.knownHostsLine.split(' ').slice(1).join(' ')}`;
    const h = transport({ knownHosts: { content: `${sshd.knownHostsLine}\n${revoked}\n` } });
    const err = await h.exec('echo no').catch((e: unknown) => e);
    expect(isAirlockError(err, 'HOST_KEY_REVOKED')).toBe(true);
    await h.close();
  });

  it('insecureAcceptAnyHostKey connects without known_hosts', async () => {
    const h = createSshTransport({
      host: '127.0.0.1',
      port: sshd.port,
      username: sshd.username,
      privateKey: sshd.clientKey,
      insecureAcceptAnyHostKey: true,
    });
    expect((await h.exec('echo any')).output).toBe('any\n');
    await h.close();
  });

  it('a wrong password is AUTH_FAILED and the error never contains the password', async () => {
    const password = 'hunter2-Sup3rSecret!';
    const h = createSshTransport({
      host: '127.0.0.1',
      port: sshd.port,
      username: sshd.username,
      password,
      knownHosts: { content: sshd.knownHostsLine },
    });
    const err = await h.exec('echo no').catch((e: unknown) => e);
    expect(isAirlockError(err, 'AUTH_FAILED')).toBe(true);
    const dump =
      JSON.stringify(err) + String((err as Error).stack) + JSON.stringify((err as Error).cause ?? null);
    expect(dump).not.toContain(password);
    await h.close();
  });

  it('the legacy algorithm preset still negotiates with a modern server', async () => {
    const h = transport({ algorithms: 'legacy' });
    expect((await h.exec('echo legacy')).exitStatus).toBe(0);
    await h.close();
  });

  it('emits connect and close lifecycle events; exec after close is TRANSPORT_CLOSED', async () => {
    const h = transport({});
    const events: string[] = [];
    h.on('connect', () => events.push('connect')).on('close', () => events.push('close'));
    await h.exec('true');
    await h.close();
    expect(events).toEqual(['connect', 'close']);
    const err = await h.exec('true').catch((e: unknown) => e);
    expect(isAirlockError(err, 'TRANSPORT_CLOSED')).toBe(true);
  });

  it.skipIf(!existsSync('/usr/bin/ssh-agent'))(
    'authenticates through ssh-agent without the key in the process',
    async () => {
      const sock = join(sshd.dir, 'agent.sock');
      const agent = spawn('/usr/bin/ssh-agent', ['-D', '-a', sock], { stdio: 'ignore' });
      for (let i = 0; i < 100 && !existsSync(sock); i++) await new Promise((r) => setTimeout(r, 20));
      execFileSync('ssh-add', ['-q', join(sshd.dir, 'client_key')], {
        env: { ...process.env, SSH_AUTH_SOCK: sock },
      });
      try {
        const t = createSshTransport({
          host: '127.0.0.1',
          port: sshd.port,
          username: sshd.username,
          agent: sock,
          knownHosts: { content: sshd.knownHostsLine },
        });
        expect((await t.exec('echo via-agent')).output).toBe('via-agent\n');
        await t.close();
      } finally {
        agent.kill();
      }
    },
  );

  it('a passphrase-protected key works with its passphrase and fails closed without the right one', async () => {
    execFileSync('ssh-keygen', [
      '-q',
      '-p',
      '-a',
      '1',
      '-P',
      '',
      '-N',
      'Key-Phrase-55',
      '-f',
      join(sshd.dir, 'client_key'),
    ]);
    const key = readFileSync(join(sshd.dir, 'client_key'));
    const base = {
      host: '127.0.0.1',
      port: sshd.port,
      username: sshd.username,
      privateKey: new Uint8Array(key),
      knownHosts: { content: sshd.knownHostsLine },
    };
    const ok = createSshTransport({ ...base, passphrase: () => 'Key-Phrase-55' });
    expect((await ok.exec('echo unlocked')).output).toBe('unlocked\n');
    await ok.close();
    const bad = createSshTransport({ ...base, passphrase: 'wrong-phrase' });
    const err = await bad.exec('true').catch((e: unknown) => e);
    expect(isAirlockError(err, 'PRIVATE_KEY_UNUSABLE')).toBe(true);
    expect(JSON.stringify(err) + String(err)).not.toContain('wrong-phrase');
    await bad.close();
  });
});
