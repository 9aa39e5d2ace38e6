import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { isAirlockError } from '../../src/errors.js';
import {
  cliToApiWords,
  createRouterOsApiTransport,
  createRouterOsRestTransport,
  encodeSentence,
  type RouterOsApiTransport,
  SEEDED_SECRETS,
  SentenceDecoder,
  type SimulatedRouterOS,
  startSimulatedRouterOS,
} from '../../src/transports/index.js';
import { encodeLength } from '../../src/transports/routeros-api/words.js';

describe('RouterOS API word codec', () => {
  it.each([
    [0, [0x00]],
    [0x7f, [0x7f]],
    [0x80, [0x80, 0x80]],
    [0x3fff, [0xbf, 0xff]],
    [0x4000, [0xc0, 0x40, 0x00]],
    [0x1fffff, [0xdf, 0xff, 0xff]],
    [0x200000, [0xe0, 0x20, 0x00, 0x00]],
    [0xfffffff, [0xef, 0xff, 0xff, 0xff]],
    [0x10000000, [0xf0, 0x10, 0x00, 0x00, 0x00]],
  ])('length %i encodes as the documented prefix', (len, bytes) => {
    expect([...encodeLength(len)]).toEqual(bytes);
  });

  it('any sentence decodes to itself whatever the chunking (codec round-trip property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ minLength: 1, maxLength: 300, unit: 'grapheme' }), {
          minLength: 1,
          maxLength: 8,
        }),
        fc.integer({ min: 1, max: 17 }),
        (words, step) => {
          const bytes = encodeSentence(words);
          const dec = new SentenceDecoder();
          const out: string[][] = [];
          for (let i = 0; i < bytes.length; i += step) out.push(...dec.push(bytes.subarray(i, i + step)));
          expect(out).toEqual([words]);
        },
      ),
      { seed: 7, numRuns: 200 },
    );
  });

  it('a declared word length past the cap is refused before allocating', () => {
    const dec = new SentenceDecoder(1024);
    expect(() => dec.push(Buffer.from([0xf0, 0x7f, 0xff, 0xff, 0xff]))).toThrow(/exceeds/);
    expect(() => new SentenceDecoder().push(Buffer.from([0xf8]))).toThrow(/reserved/);
  });
});

describe('CLI to API mapping', () => {
  it.each([
    ['/ip address print detail', ['/ip/address/print']],
    ['/ip/address/print', ['/ip/address/print']],
    ['/interface enable vlan20', ['/interface/enable', '=numbers=vlan20']],
    [
      '/ip firewall filter set numbers=3 disabled=yes',
      ['/ip/firewall/filter/set', '=numbers=3', '=disabled=yes'],
    ],
    ['/ppp secret print show-sensitive', ['/ppp/secret/print', '=show-sensitive=']],
    ['/ping 10.20.0.10 count=2', ['/ping', '=address=10.20.0.10', '=count=2']],
    [
      '/ip address add address=10.1.1.1/24 comment="a b"',
      ['/ip/address/add', '=address=10.1.1.1/24', '=comment=a b'],
    ],
  ])('%s maps to %j', (cli, words) => {
    expect(cliToApiWords(cli)).toEqual(words);
  });

  it.each([
    '/ip firewall filter disable [find comment="x"]',
    '/interface print; /system reboot',
    ':foreach i in=[/interface find] do={}',
    '/export',
    '/ip address print "unterminated',
  ])('scripting or SSH-only syntax is refused, never guessed: %s', (cli) => {
    expect(() => cliToApiWords(cli)).toThrow();
  });
});

describe('RouterOS API transport against the simulated device', () => {
  let dev: SimulatedRouterOS;
  let api: RouterOsApiTransport;
  const USER = { name: 'api-user', password: 'Api-Pass-7731' };

  beforeAll(async () => {
    dev = await startSimulatedRouterOS({ users: [USER] });
    api = createRouterOsApiTransport({
      host: dev.host,
      port: dev.apiPort,
      username: USER.name,
      password: () => USER.password,
    });
  });
  afterAll(async () => {
    await api?.close();
    await dev?.close();
  });

  it('logs in and returns print rows as !re sentences', async () => {
    const replies = await api.execApi(['/interface/print', '?type=vlan']);
    expect(replies.filter((r) => r.type === '!re').map((r) => r.attributes.name)).toEqual([
      'vlan10',
      'vlan20',
    ]);
    expect(replies.at(-1)?.type).toBe('!done');
  });

  it('exec maps a CLI command and renders rows; secrets stay hidden without show-sensitive', async () => {
    const r = await api.exec('/ppp secret print');
    expect(r.exitStatus).toBe(0);
    expect(r.output).toContain('name=branch-office');
    expect(r.output).not.toContain(SEEDED_SECRETS.pppPassword);
    expect((await api.exec('/ppp secret print show-sensitive')).output).toContain(SEEDED_SECRETS.pppPassword);
  });

  it('a trap becomes exit status 1 with the device message', async () => {
    const r = await api.exec('/interface enable nosuch');
    expect(r.exitStatus).toBe(1);
    expect(r.output).toBe('no such item\n');
  });

  it('the VLAN 20 fix over the API changes the same state SSH sees', async () => {
    expect((await api.exec('/ip firewall filter disable numbers=3')).exitStatus).toBe(0);
    expect(dev.state.menus.get('ip/firewall/filter')!.items[3]!.disabled).toBe(true);
    const add = await api.execApi(['/ip/address/add', '=address=10.40.0.1/24', '=interface=bridge1']);
    expect(add.at(-1)?.attributes.ret).toMatch(/^\*[0-9A-F]+$/);
    expect(dev.state.received.some((c) => c.via === 'api' && c.command.startsWith('/ip/address/add'))).toBe(
      true,
    );
  });

  it('concurrent tagged requests each get their own replies', async () => {
    const [a, b] = await Promise.all([
      api.execApi(['/ip/address/print']),
      api.execApi(['/system/identity/print']),
    ]);
    expect(a.some((r) => r.attributes.address === '10.20.0.1/24')).toBe(true);
    expect(b[0]?.attributes.name).toBe('core-rtr-01');
  });

  it('output past the cap is truncated', async () => {
    const r = await api.exec('/interface print', { maxOutputBytes: 50 });
    expect(r.truncated).toBe(true);
    expect(Buffer.byteLength(r.output)).toBeLessThanOrEqual(50);
  });

  it('a long command past its timeout is cancelled on the device (EXEC_TIMEOUT) and the connection stays usable', async () => {
    const err = await api
      .exec('/ping 10.0.0.1 count=50 interval=0.05', { timeoutMs: 200 })
      .catch((e: unknown) => e);
    expect(isAirlockError(err, 'EXEC_TIMEOUT')).toBe(true);
    // The /cancel is written when the timer fires; the device reads it a moment later.
    await vi.waitFor(() =>
      expect(dev.state.received.some((c) => c.command.startsWith('/cancel'))).toBe(true),
    );
    expect((await api.exec('/system identity print')).exitStatus).toBe(0);
  });

  it('aborting a streaming command rejects with ABORTED after streaming what arrived', async () => {
    const ac = new AbortController();
    const seen: string[] = [];
    const p = api.exec('/ping 10.0.0.1 count=50 interval=0.02', {
      signal: ac.signal,
      onData: (c) => {
        seen.push(c);
        if (seen.length === 2) ac.abort();
      },
    });
    const err = await p.catch((e: unknown) => e);
    expect(isAirlockError(err, 'ABORTED')).toBe(true);
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect(seen[0]).toContain('seq=0');
  });

  it('a wrong password is AUTH_FAILED and the error does not contain it', async () => {
    const bad = createRouterOsApiTransport({
      host: dev.host,
      port: dev.apiPort,
      username: USER.name,
      password: 'Nope-Secret-99',
    });
    const err = await bad.exec('/interface print').catch((e: unknown) => e);
    expect(isAirlockError(err, 'AUTH_FAILED')).toBe(true);
    expect(JSON.stringify(err) + String(err)).not.toContain('Nope-Secret-99');
    await bad.close();
  });

  it('an unreachable port is DEVICE_UNREACHABLE', async () => {
    const t = createRouterOsApiTransport({ host: '127.0.0.1', port: 1, username: 'x', password: 'y' });
    const err = await t.exec('/interface print').catch((e: unknown) => e);
    expect(isAirlockError(err, 'DEVICE_UNREACHABLE')).toBe(true);
  });

  it('a scripting command is refused as caller misuse before anything is sent', async () => {
    const before = dev.state.received.length;
    const err = await Promise.resolve()
      .then(() => api.exec('/system reboot; /interface print'))
      .catch((e: unknown) => e);
    expect(isAirlockError(err, 'TRANSPORT_BAD_OPTION')).toBe(true);
    expect(dev.state.received.length).toBe(before);
  });
});

const openssl = (() => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe.skipIf(!openssl)('RouterOS API-SSL against the simulated device', () => {
  let dev: SimulatedRouterOS;
  let cert: string;
  let dir: string;
  const USER = { name: 'tls-user', password: 'Tls-Pass-4410' };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'airlock-api-tls-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=router.test',
        '-addext',
        'subjectAltName=DNS:router.test',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
    dev = await startSimulatedRouterOS({
      users: [USER],
      apiTls: { key: readFileSync(join(dir, 'key.pem')), cert },
    });
  });
  afterAll(async () => {
    await dev?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('logs in over TLS when the certificate is trusted via ca and servername', async () => {
    const api = createRouterOsApiTransport({
      host: dev.host,
      port: dev.apiTlsPort!,
      username: USER.name,
      password: USER.password,
      tls: { ca: cert, servername: 'router.test' },
    });
    expect(api.target).toMatch(/^routeros-api-ssl:\/\//);
    expect((await api.exec('/system identity print')).output).toContain('name=core-rtr-01');
    await api.close();
  });

  it('REST over HTTPS works with the device CA and is refused without it', async () => {
    const ok = createRouterOsRestTransport({
      host: dev.host,
      port: dev.restPort,
      username: USER.name,
      password: USER.password,
      ca: cert,
      servername: 'router.test',
    });
    expect((await ok.exec('/system identity print')).output).toContain('name=core-rtr-01');
    const before = dev.state.received.length;
    const bad = createRouterOsRestTransport({
      host: dev.host,
      port: dev.restPort,
      username: USER.name,
      password: USER.password,
    });
    const err = await bad.exec('/system identity print').catch((e: unknown) => e);
    expect(isAirlockError(err, 'TLS_CERT_UNTRUSTED')).toBe(true);
    expect(dev.state.received.length).toBe(before);
  });

  it('an untrusted certificate is refused with TLS_CERT_UNTRUSTED before the password is sent', async () => {
    const before = dev.state.received.length;
    const api = createRouterOsApiTransport({
      host: dev.host,
      port: dev.apiTlsPort!,
      username: USER.name,
      password: USER.password,
      tls: true,
    });
    const err = await api.exec('/system identity print').catch((e: unknown) => e);
    expect(isAirlockError(err, 'TLS_CERT_UNTRUSTED')).toBe(true);
    expect(dev.state.received.length).toBe(before);
    await api.close();
  });
});
