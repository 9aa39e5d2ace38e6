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
