import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAirlockError } from '../../src/errors.js';
import {
  createAsciicastRecorder,
  createSshTransport,
  recordTransport,
  SEEDED_SECRETS,
  type SimulatedRouterOS,
  startSimulatedRouterOS,
} from '../../src/transports/index.js';

function fakeClock(stepsMs: number[]): () => number {
  let i = 0;
  return () => 1_700_000_000_000 + (stepsMs[Math.min(i++, stepsMs.length - 1)] ?? 0);
}

describe('asciicast v2 recording', () => {
  it('writes the v2 header and [t, kind, data] events (known answer)', () => {
    const rec = createAsciicastRecorder({
      width: 80,
      height: 24,
      title: 'r1',
      clock: fakeClock([0, 500, 1250]),
    });
    rec.input('/interface print\r\n');
    rec.output('Flags: X\r\n');
    expect(rec.toString()).toBe(
      '{"version":2,"width":80,"height":24,"timestamp":1700000000,"title":"r1","env":{"TERM":"xterm-256color","SHELL":"/bin/sh"}}\n' +
        '[0.5,"i","/interface print\\r\\n"]\n' +
        '[1.25,"o","Flags: X\\r\\n"]\n',
    );
  });

  it('every line of a recording is valid JSON and events are in time order', () => {
    const rec = createAsciicastRecorder();
    for (let i = 0; i < 50; i++) rec.output(`line ${i} "quoted" \u001b[1mbold\u001b[0m\n`);
    const lines = rec
      .toString()
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as unknown);
    expect((lines[0] as { version: number }).version).toBe(2);
    const times = lines.slice(1).map((e) => (e as [number])[0]);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('a recording never grows past maxBytes; later events are dropped and flagged', () => {
    const rec = createAsciicastRecorder({ maxBytes: 400 });
    for (let i = 0; i < 100; i++) rec.output('x'.repeat(50));
    expect(rec.bytes().length).toBeLessThanOrEqual(400);
    expect(rec.truncated).toBe(true);
  });

  it('seal hands the exact recording bytes to the port and returns its sealed string', async () => {
    const key = randomBytes(32);
    const sealer = {
      async seal(bytes: Uint8Array) {
        const iv = randomBytes(12);
        const c = createCipheriv('aes-256-gcm', key, iv);
        const ct = Buffer.concat([c.update(bytes), c.final()]);
        return Buffer.concat([iv, c.getAuthTag(), ct]).toString('base64');
      },
    };
    const rec = createAsciicastRecorder();
    rec.output(`wpa2-pre-shared-key=${SEEDED_SECRETS.wpaPsk}`);
    const sealed = await rec.seal(sealer);
    expect(sealed).not.toContain(SEEDED_SECRETS.wpaPsk);
    const raw = Buffer.from(sealed, 'base64');
    const d = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
    d.setAuthTag(raw.subarray(12, 28));
    expect(Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString()).toBe(rec.toString());
  });

  it.each([[{ width: 0 }], [{ height: -1 }], [{ maxBytes: 1.5 }]])(
    'invalid recorder options are refused: %j',
    (opts) => {
      expect(() => createAsciicastRecorder(opts)).toThrow(
        expect.objectContaining({ code: 'TRANSPORT_BAD_OPTION' }),
      );
    },
  );

  it('a sealer that returns nothing is a typed error', async () => {
    const rec = createAsciicastRecorder();
    const err = await rec.seal({ seal: async () => '' }).catch((e: unknown) => e);
    expect(isAirlockError(err, 'RECORDING_SEAL_FAILED')).toBe(true);
  });
});

describe('recording a live session with the simulated device', () => {
  let dev: SimulatedRouterOS;
  beforeAll(async () => {
    dev = await startSimulatedRouterOS({ users: [{ name: 'admin', password: 'Rec-Pass-1' }] });
  });
  afterAll(async () => dev?.close());

  it('records commands as input and streamed output as output, redacted when asked', async () => {
    const rec = createAsciicastRecorder();
    const inner = createSshTransport({
      host: dev.host,
      port: dev.port,
      username: 'admin',
      password: 'Rec-Pass-1',
      knownHosts: dev.hostKey,
    });
    const t = recordTransport(inner, rec, {
      prompt: '[admin@core-rtr-01] > ',
      redact: (s) => s.replaceAll(SEEDED_SECRETS.pppPassword, '[REDACTED]'),
    });
    const seen: string[] = [];
    await t.exec('/ppp secret print show-sensitive', { onData: (c) => seen.push(c) });
    await t.close();
    const events = rec
      .toString()
      .trimEnd()
      .split('\n')
      .slice(1)
      .map((l) => JSON.parse(l) as [number, string, string]);
    expect(events[1]).toEqual([expect.any(Number), 'i', '/ppp secret print show-sensitive\r\n']);
    const out = events
      .filter((e) => e[1] === 'o')
      .map((e) => e[2])
      .join('');
    expect(out).toContain('[REDACTED]');
    expect(rec.toString()).not.toContain(SEEDED_SECRETS.pppPassword);
    // The caller's own stream is untouched: redaction for the model is the caller's job.
    expect(seen.join('')).toContain(SEEDED_SECRETS.pppPassword);
  });
});
