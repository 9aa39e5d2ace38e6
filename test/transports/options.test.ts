import { describe, expect, it } from 'vitest';
import { isAirlockError } from '../../src/errors.js';
import {
  createRouterOsApiTransport,
  createRouterOsRestTransport,
  createSshTransport,
} from '../../src/transports/index.js';

const KH =
  '[127.0.0.1]:2222 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGHdbmXUXn5hS3Uc8j8F0NgXUy0ojS2nDaAdQ0fJ3Vb1';
const base = { host: '127.0.0.1', port: 2222, username: 'admin', password: 'pw', knownHosts: KH };

describe('transport options are validated up front', () => {
  it.each([
    ['no host', { ...base, host: '' }],
    ['host not a string', { ...base, host: 42 }],
    ['port 0', { ...base, port: 0 }],
    ['port 70000', { ...base, port: 70000 }],
    ['no username', { ...base, username: '' }],
    ['no credential', { host: '127.0.0.1', username: 'a', knownHosts: KH }],
    ['no known_hosts and no insecure flag', { host: '127.0.0.1', username: 'a', password: 'p' }],
    [
      'insecure flag must be literally true',
      { host: '127.0.0.1', username: 'a', password: 'p', insecureAcceptAnyHostKey: 1 },
    ],
    ['bad default timeout', { ...base, execDefaults: { timeoutMs: -1 } }],
    ['bad default output cap', { ...base, execDefaults: { maxOutputBytes: 0 } }],
  ])('createSshTransport refuses %s', (_t, opts) => {
    let err: unknown;
    try {
      createSshTransport(opts as never);
    } catch (e) {
      err = e;
    }
    expect(isAirlockError(err, 'TRANSPORT_BAD_OPTION')).toBe(true);
    expect(String((err as Error).message)).not.toContain('pw');
  });

  it.each([
    ['no host', { host: '', username: 'a', password: 'p' }],
    ['no password', { host: 'h', username: 'a' }],
    ['bad port', { host: 'h', username: 'a', password: 'p', port: -1 }],
  ])('createRouterOsApiTransport refuses %s', (_t, opts) => {
    expect(() => createRouterOsApiTransport(opts as never)).toThrow(
      expect.objectContaining({ code: 'TRANSPORT_BAD_OPTION' }),
    );
  });

  it.each([
    ['no host', { host: '', username: 'a', password: 'p' }],
    ['a colon in the username (would corrupt Basic auth)', { host: 'h', username: 'a:b', password: 'p' }],
    ['no password', { host: 'h', username: 'a' }],
    ['bad port', { host: 'h', username: 'a', password: 'p', port: 1.5 }],
  ])('createRouterOsRestTransport refuses %s', (_t, opts) => {
    expect(() => createRouterOsRestTransport(opts as never)).toThrow(
      expect.objectContaining({ code: 'TRANSPORT_BAD_OPTION' }),
    );
  });

  const t = createSshTransport(base);
  it.each([
    ['empty command', '', {}],
    ['non-string command', 7, {}],
    ['zero timeout', 'x', { timeoutMs: 0 }],
    ['infinite timeout', 'x', { timeoutMs: Number.POSITIVE_INFINITY }],
    ['fractional cap', 'x', { maxOutputBytes: 1.5 }],
  ])('exec refuses %s before connecting', async (_t, cmd, opts) => {
    const err = await t.exec(cmd as never, opts as never).catch((e: unknown) => e);
    expect(isAirlockError(err, 'TRANSPORT_BAD_OPTION')).toBe(true);
  });

  it('a credential provider that throws is reported without its message', async () => {
    const s = createSshTransport({
      ...base,
      port: 1,
      password: () => {
        throw new Error('vault said: Sup3r-Secret');
      },
    });
    const err = await s.exec('x').catch((e: unknown) => e);
    expect(isAirlockError(err, 'CREDENTIAL_UNAVAILABLE')).toBe(true);
    expect(JSON.stringify(err) + String(err)).not.toContain('Sup3r-Secret');
  });

  it('a closed port is DEVICE_UNREACHABLE', async () => {
    const s = createSshTransport({ ...base, port: 1 });
    const err = await s.exec('x').catch((e: unknown) => e);
    expect(isAirlockError(err, 'DEVICE_UNREACHABLE')).toBe(true);
  });
});
