import { describe, expect, it } from 'vitest';
import {
  type AuditEventInput,
  type AuditSink,
  createAuditLog,
  createEd25519Signer,
  createEventRedactor,
  createMemorySink,
  fallbackTextRedactor,
  generateAuditKeyPair,
  hashLeaf,
  type LoggedEntry,
  parseLine,
  verifyConsistency,
  verifyInclusion,
  verifyLog,
} from '../../src/audit/index.js';
import { isAirlockError } from '../../src/errors.js';
import { deterministic, sampleEvent } from './helpers.js';

const fromHex = (h: string) => Buffer.from(h, 'hex');

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}

describe('createAuditLog', () => {
  it('stamps v, id and time, and writes one canonical line per event that verifies', async () => {
    const sink = createMemorySink();
    const log = createAuditLog({ sink, ...deterministic() });
    const e = await log.append(sampleEvent(1));
    expect(e.index).toBe(0);
    expect(e.event).toMatchObject({ v: 1, id: 'ev-1', time: '2026-11-26T20:00:01.000Z', type: 'run.paused' });
    await log.record(sampleEvent(2));
    expect(sink.lines).toHaveLength(2);
    const parsed = parseLine(sink.lines[1]!);
    expect(parsed.ok && parsed.entry.index).toBe(1);
    expect(await verifyLog(sink.lines)).toMatchObject({ ok: true, size: 2, root: log.root() });
  });

  it('an invalid event is a typed error and nothing is written', async () => {
    const sink = createMemorySink();
    const log = createAuditLog({ sink });
    const actor = { kind: 'user', id: 'alice' };
    const bad: unknown[] = [
      null,
      'run.paused',
      42,
      {},
      { type: 'run.paused', org: 'acme', actor },
      { type: 'no.such', org: 'acme', actor, data: {} },
      { type: 'run.paused', org: '', actor, data: {} },
      { type: 'run.paused', org: 'acme', actor: { kind: 'robot', id: 'x' }, data: {} },
      { type: 'run.paused', org: 'acme', actor, data: { reason: 7 } },
      {
        type: 'command.executed',
        org: 'acme',
        actor,
        data: { target: 'r1', exitStatus: 0, durationMs: 1, outputBytes: 2, output: 'secret' },
      },
      { type: 'run.paused', org: 'acme', actor, data: {}, extra: true },
      { type: 'run.paused', org: 'acme', actor, data: {}, id: 'mine' },
      { type: 'run.paused', org: 'acme', actor, data: {}, v: 1 },
    ];
    for (const ev of bad) {
      const err = await rejection(log.record(ev as AuditEventInput));
      expect(isAirlockError(err, 'AUDIT_INVALID_EVENT'), JSON.stringify(ev)).toBe(true);
      // The message names paths and codes, never a value.
      expect((err as Error).message).not.toContain('secret');
    }
    // Free-form tool arguments that JSON cannot carry canonically.
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    for (const args of [{ n: Number.NaN }, { n: 10n }, { f: () => 1 }, cyclic]) {
      const ev = { type: 'tool.proposed', org: 'acme', actor, data: { tool: 'exec', args } };
      const err = await rejection(log.record(ev as AuditEventInput));
      expect(
        isAirlockError(err) && ['AUDIT_INVALID_EVENT', 'AUDIT_REDACTION_FAILED'].includes(err.code),
      ).toBe(true);
    }
    await log.flush();
    expect(sink.lines).toHaveLength(0);
    expect(log.size).toBe(0);
  });

  it('a log bound to an org refuses events of another org', async () => {
    const sink = createMemorySink();
    const log = createAuditLog({ sink, org: 'acme' });
    const err = await rejection(log.record({ ...sampleEvent(1), org: 'globex' }));
    expect(isAirlockError(err, 'AUDIT_WRONG_ORG')).toBe(true);
    await log.record(sampleEvent(1));
    expect(sink.lines).toHaveLength(1);
  });

  it('the default redaction hook keeps a password in a redirect instruction out of the sink', async () => {
    const sink = createMemorySink();
    const log = createAuditLog({ sink });
    await log.record({
      type: 'run.redirected',
      org: 'acme',
      actor: { kind: 'user', id: 'alice' },
      data: { instruction: 'log in with password=hunter2xyz and retry' },
    });
    await log.record({
      type: 'tool.proposed',
      org: 'acme',
      actor: { kind: 'agent', id: 'a' },
      data: {
        tool: 'exec',
        args: {
          cmd: ['snmp-server community s3cr3tc0mm RO'],
          nested: { t: 'enable secret 5 $1$mERr$hx5rVt7rPNoS4wqbXKX7m0' },
        },
      },
    });
    const text = sink.lines.join('\n');
    for (const secret of ['hunter2xyz', 's3cr3tc0mm', 'hx5rVt7rPNoS4wqbXKX7m0'])
      expect(text).not.toContain(secret);
    expect(text).toContain('password=__SECRET_PASSWORD_');
  });

  it('the built-in fallback redactor masks common secret shapes', () => {
    const cases: [string, string][] = [
      ['password=hunter2xyz', 'hunter2xyz'],
      ['username admin password 7 0822455D0A16', '0822455D0A16'],
      ['snmp-server community s3cr3tc0mm RO', 's3cr3tc0mm'],
      ['Authorization: Bearer abcdef.ghijkl', 'abcdef.ghijkl'],
      ['key AKIAABCDEFGHIJKLMNOP here', 'AKIAABCDEFGHIJKLMNOP'],
      ['https://bob:pa55word@host/x', 'pa55word'],
      ['-----BEGIN RSA PRIVATE KEY-----\nMIIEabc\n-----END RSA PRIVATE KEY-----', 'MIIEabc'],
    ];
    for (const [input, secret] of cases)
      expect(fallbackTextRedactor.redact(input).text).not.toContain(secret);
    expect(fallbackTextRedactor.redact('show ip route').text).toBe('show ip route');
  });

  it('a custom redactor sees every event first; one that throws means nothing is written', async () => {
    const sink = createMemorySink();
    const seen: string[] = [];
    const log = createAuditLog({
      sink,
      redact: createEventRedactor({
        redact: (t) => {
          seen.push(t);
          return { text: t.replaceAll('pause', 'p***e') };
        },
      }),
    });
    await log.record(sampleEvent(1));
    expect(sink.lines[0]).toContain('p***e 1');
    expect(seen).toContain('pause 1');
    const throwing = createAuditLog({
      sink,
      redact: () => {
        throw new Error('boom hunter2');
      },
    });
    const err = await rejection(throwing.record(sampleEvent(1)));
    expect(isAirlockError(err, 'AUDIT_REDACTION_FAILED')).toBe(true);
    expect((err as Error).message).not.toContain('hunter2');
    // A redactor that breaks the schema is caught by the stored-event validation.
    const breaking = createAuditLog({ sink, redact: (e) => ({ ...e, data: { reason: 1 } }) as never });
    expect(isAirlockError(await rejection(breaking.record(sampleEvent(1))), 'AUDIT_INVALID_EVENT')).toBe(
      true,
    );
    expect(sink.lines).toHaveLength(1);
  });

  it('concurrent records are group-committed: one sink append carries many lines, in index order', async () => {
    const batches: number[] = [];
    const inner = createMemorySink();
    const sink: AuditSink = {
      append: async (lines) => {
        batches.push(lines.length);
        await inner.append(lines);
      },
    };
    const log = createAuditLog({ sink });
    const entries = await Promise.all(Array.from({ length: 50 }, (_, i) => log.append(sampleEvent(i))));
    expect(entries.map((e) => e.index)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(batches.length).toBeLessThan(50);
    expect(batches.reduce((a, b) => a + b, 0)).toBe(50);
    expect((await verifyLog(inner.lines)).ok).toBe(true);
  });

  it('records resolve only after the sink acknowledged them', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const sink: AuditSink = { append: () => gate };
    const log = createAuditLog({ sink });
    let done = false;
    const p = log.record(sampleEvent(0)).then(() => (done = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(done).toBe(false);
    release();
    await p;
    expect(done).toBe(true);
  });

  it('after a sink failure the log fails closed: pending and later records reject', async () => {
    let calls = 0;
    const sink: AuditSink = {
      append: async () => {
        calls++;
        throw new Error('disk full');
      },
    };
    const log = createAuditLog({ sink });
    const errs = await Promise.all([log.record(sampleEvent(0)), log.record(sampleEvent(1))].map(rejection));
    for (const e of errs) expect(isAirlockError(e, 'AUDIT_SINK_FAILED')).toBe(true);
    expect(isAirlockError(await rejection(log.record(sampleEvent(2))), 'AUDIT_SINK_FAILED')).toBe(true);
    expect(isAirlockError(await rejection(log.flush()), 'AUDIT_SINK_FAILED')).toBe(true);
    expect(calls).toBe(1);
  });

  it('subscribers get each durable entry in order; a throwing subscriber harms nobody', async () => {
    const log = createAuditLog({ sink: createMemorySink() });
    const got: LoggedEntry[] = [];
    log.subscribe(() => {
      throw new Error('bad subscriber');
    });
    const off = log.subscribe((e) => got.push(e));
    await Promise.all([0, 1, 2].map((i) => log.record(sampleEvent(i))));
    off();
    await log.record(sampleEvent(3));
    expect(got.map((e) => e.index)).toEqual([0, 1, 2]);
    expect(got[0]!.event.type).toBe('command.executed');
  });

  it('reopening a sink continues the same tree and chain', async () => {
    const sink = createMemorySink();
    const a = createAuditLog({ sink });
    for (let i = 0; i < 5; i++) await a.record(sampleEvent(i));
    const b = createAuditLog({ sink });
    const e = await b.append(sampleEvent(5));
    expect(e.index).toBe(5);
    expect(await verifyLog(sink.lines)).toMatchObject({ ok: true, size: 6 });
  });

  it('refuses to append to a sink whose stored entries do not verify', async () => {
    const good = createMemorySink();
    const a = createAuditLog({ sink: good });
    for (let i = 0; i < 3; i++) await a.record(sampleEvent(i));
    const tampered = createMemorySink([good.lines[0]!, good.lines[2]!]);
    const b = createAuditLog({ sink: tampered });
    const err = await rejection(b.record(sampleEvent(9)));
    expect(isAirlockError(err, 'AUDIT_LOG_CORRUPT')).toBe(true);
    expect((err as { details: Record<string, unknown> }).details).toMatchObject({
      index: 1,
      reason: 'INDEX_MISMATCH',
    });
    expect(tampered.lines).toHaveLength(2);
  });

  it('signed checkpoints pin the durable head; proofs from the log verify against them', async () => {
    const kp = generateAuditKeyPair();
    const sink = createMemorySink();
    const log = createAuditLog({ sink, signer: createEd25519Signer(kp.privateKeyPem), origin: 'acme-prod' });
    for (let i = 0; i < 7; i++) await log.record(sampleEvent(i));
    const cp7 = await log.checkpoint();
    for (let i = 7; i < 13; i++) await log.record(sampleEvent(i));
    const cp13 = await log.checkpoint();
    expect(cp7).toMatchObject({ origin: 'acme-prod', size: 7, keyId: kp.keyId });
    const leaf = (i: number) => {
      const p = parseLine(sink.lines[i]!);
      if (!p.ok) throw new Error('bad line');
      return hashLeaf(p.entryJson);
    };
    expect(verifyInclusion(leaf(4), 4, 13, log.inclusionProof(4).map(fromHex), fromHex(cp13.root))).toBe(
      true,
    );
    expect(verifyInclusion(leaf(4), 4, 7, log.inclusionProof(4, 7).map(fromHex), fromHex(cp7.root))).toBe(
      true,
    );
    expect(
      verifyConsistency(
        7,
        13,
        fromHex(cp7.root),
        fromHex(cp13.root),
        log.consistencyProof(7, 13).map(fromHex),
      ),
    ).toBe(true);
    expect(await verifyLog(sink.lines, { checkpoint: cp7.text, publicKey: kp.publicKeyPem })).toMatchObject({
      ok: true,
      signedSize: 7,
      size: 13,
    });
  });

  it('misuse is typed: no signer, closed log, bad sink', async () => {
    const log = createAuditLog({ sink: createMemorySink() });
    expect(isAirlockError(await rejection(log.checkpoint()), 'AUDIT_NO_SIGNER')).toBe(true);
    await log.close();
    expect(isAirlockError(await rejection(log.record(sampleEvent(0))), 'AUDIT_LOG_CLOSED')).toBe(true);
    expect(() => createAuditLog({ sink: {} as AuditSink })).toThrow(/append/);
  });
});
