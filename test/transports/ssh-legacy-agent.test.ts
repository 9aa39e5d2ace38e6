import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAirlockError } from '../../src/errors.js';
import { createSshTransport } from '../../src/transports/index.js';
import { type SshdFixture, sshdAvailable, startSshd } from './support/sshd.js';

const available = sshdAvailable();

// Old gear: only SHA-1 Diffie-Hellman, CBC ciphers, HMAC-SHA1 and an ssh-rsa (SHA-1) host key signature.
const LEGACY_ONLY = [
  'KexAlgorithms diffie-hellman-group14-sha1',
  'Ciphers aes128-cbc',
  'MACs hmac-sha1',
  'HostKeyAlgorithms ssh-rsa',
  'PubkeyAcceptedAlgorithms +ssh-rsa',
];

describe.skipIf(!available)('legacy algorithms against an OpenSSH configured like old gear', () => {
  let sshd: SshdFixture;
  beforeAll(async () => {
    sshd = await startSshd({ extraConfig: LEGACY_ONLY, hostKeyType: 'rsa' });
  });
  afterAll(async () => sshd?.stop());

  const make = (algorithms: 'modern' | 'legacy') =>
    createSshTransport({
      host: '127.0.0.1',
      port: sshd.port,
      username: sshd.username,
      privateKey: sshd.clientKey,
      knownHosts: { content: sshd.knownHostsLine },
      algorithms,
    });

  it('the modern preset refuses to negotiate weak algorithms (PROTOCOL_ERROR)', async () => {
    const t = make('modern');
    const err = await t.exec('true').catch((e: unknown) => e);
    expect(isAirlockError(err, 'PROTOCOL_ERROR')).toBe(true);
    await t.close();
  });

  it('the legacy preset connects, with the host key still pinned', async () => {
    const t = make('legacy');
    expect((await t.exec('echo old-gear')).output).toBe('old-gear\n');
    await t.close();
  });
});

describe.skipIf(!available || !existsSync('/usr/bin/ssh-agent'))('agent and passphrase key auth', () => {
  let sshd: SshdFixture;
  let agent: ChildProcess;
  let sock = '';
  beforeAll(async () => {
    sshd = await startSshd();
    sock = join(sshd.dir, 'agent.sock');
    agent = spawn('/usr/bin/ssh-agent', ['-D', '-a', sock], { stdio: 'ignore' });
    for (let i = 0; i < 100 && !existsSync(sock); i++) await new Promise((r) => setTimeout(r, 20));
    execFileSync('ssh-add', ['-q', join(sshd.dir, 'client_key')], {
      env: { ...process.env, SSH_AUTH_SOCK: sock },
    });
  });
  afterAll(async () => {
    agent?.kill();
    await sshd?.stop();
  });

  it('authenticates through ssh-agent without the key in the process', async () => {
    const t = createSshTransport({
      host: '127.0.0.1',
      port: sshd.port,
      username: sshd.username,
      agent: sock,
      knownHosts: { content: sshd.knownHostsLine },
    });
    expect((await t.exec('echo via-agent')).output).toBe('via-agent\n');
    await t.close();
  });

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
