// Each kind of tampering the verifier must detect, as a fast-check property over generated logs.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AuditEventInput,
  type Checkpoint,
  createAuditLog,
  createEd25519Signer,
  createMemorySink,
  generateAuditKeyPair,
  signCheckpoint,
  verifyLogText,
} from '../../src/audit/index.js';
import { deterministic, eventArb, sampleEvent } from './helpers.js';

const key = generateAuditKeyPair();
const signer = createEd25519Signer(key.privateKeyPem);
const other = generateAuditKeyPair();

async function buildLog(
  events: readonly AuditEventInput[],
  s = signer,
): Promise<{ lines: string[]; cp: Checkpoint }> {
  const sink = createMemorySink();
  const log = createAuditLog({ sink, signer: s, ...deterministic() });
  for (const e of events) await log.record(e);
  return { lines: [...sink.lines], cp: await log.checkpoint() };
}

const text = (lines: readonly string[]) => lines.map((l) => `${l}\n`).join('');
const withKey = (cp: Checkpoint | string) => ({
  checkpoint: typeof cp === 'string' ? cp : cp.text,
  publicKey: key.publicKeyPem,
});
const logArb = fc.array(eventArb, { minLength: 1, maxLength: 10 });
const runs = { numRuns: 60 };

describe('verifyLog detects tampering (properties)', () => {
  it('an untouched log verifies, with and without its checkpoint', async () => {
    await fc.assert(
      fc.asyncProperty(logArb, async (events) => {
        const { lines, cp } = await buildLog(events);
        expect(verifyLogText(text(lines))).toMatchObject({ ok: true, size: events.length });
        expect(verifyLogText(text(lines), withKey(cp))).toMatchObject({
          ok: true,
          signedSize: events.length,
        });
      }),
      { seed: 1, ...runs },
    );
  });

  it('any modified byte is detected, at or before the line that holds it', async () => {
    await fc.assert(
      fc.asyncProperty(logArb, fc.nat(), fc.integer({ min: 0x20, max: 0x7e }), async (events, at, code) => {
        const { lines, cp } = await buildLog(events);
        const original = text(lines);
        const pos = at % original.length;
        fc.pre(original.charCodeAt(pos) !== code);
        const tampered = original.slice(0, pos) + String.fromCharCode(code) + original.slice(pos + 1);
        const line = original.slice(0, pos).split('\n').length - 1;
        const r = verifyLogText(tampered, withKey(cp));
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.index).toBeLessThanOrEqual(line);
        // Without the checkpoint the chain alone still catches it.
        expect(verifyLogText(tampered).ok).toBe(false);
      }),
      { seed: 2, numRuns: 100 },
    );
  });

  it('a deleted entry is detected (a deleted last entry against the checkpoint)', async () => {
    await fc.assert(
      fc.asyncProperty(logArb, fc.nat(), async (events, at) => {
        const { lines, cp } = await buildLog(events);
        const i = at % lines.length;
        const r = verifyLogText(text(lines.filter((_, x) => x !== i)), withKey(cp));
        expect(r).toMatchObject({
          ok: false,
          index: i,
          reason: i === lines.length - 1 ? 'TRUNCATED' : 'INDEX_MISMATCH',
        });
      }),
      { seed: 3, ...runs },
    );
  });

  it('an inserted entry is detected, whether copied from this log or crafted with a valid chain', async () => {
    await fc.assert(
      fc.asyncProperty(logArb, fc.nat(), fc.nat(), eventArb, async (events, at, from, extra) => {
        const { lines, cp } = await buildLog(events);
        const i = at % (lines.length + 1);
        const copied = [...lines.slice(0, i), lines[from % lines.length]!, ...lines.slice(i)];
        const r1 = verifyLogText(text(copied), withKey(cp));
        // Inserting a copy right before (or after) itself changes the log first one line later.
        const firstDiff = copied.findIndex((l, x) => l !== lines[x]);
        expect(r1).toMatchObject({ ok: false, index: firstDiff });
        // A forger who rebuilds the chain after the insertion still cannot match the signed root. (An
        // entry added after the signed size is an append, which only a later checkpoint can vouch for.)
        const j = at % lines.length;
        fc.pre(JSON.stringify(extra) !== JSON.stringify(events[j]));
        const forged = await buildLog([...events.slice(0, j), extra, ...events.slice(j)], signer);
        const r2 = verifyLogText(text(forged.lines), withKey(cp));
        expect(r2.ok).toBe(false);
      }),
      { seed: 4, ...runs },
    );
  });

  it('counterexample kept: a copy inserted right after itself is caught on the next line', async () => {
    // Found by the insertion property (seed 4): the duplicate sits where the original was, so line i is
    // unchanged and the first bad line is i + 1.
    const { lines, cp } = await buildLog([sampleEvent(0), sampleEvent(1)]);
    const doubled = [lines[0]!, lines[0]!, lines[1]!];
    expect(verifyLogText(text(doubled), withKey(cp))).toMatchObject({
      ok: false,
      index: 1,
      reason: 'INDEX_MISMATCH',
    });
  });

  it('reordered entries are detected at the first moved position', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(eventArb, { minLength: 2, maxLength: 10 }),
        fc.nat(),
        fc.nat(),
        async (events, a, b) => {
          const { lines, cp } = await buildLog(events);
          const i = a % lines.length;
          const j = b % lines.length;
          fc.pre(i !== j);
          const swapped = [...lines];
          [swapped[i], swapped[j]] = [swapped[j]!, swapped[i]!];
          expect(verifyLogText(text(swapped), withKey(cp))).toMatchObject({
            ok: false,
            index: Math.min(i, j),
          });
        },
      ),
      { seed: 5, ...runs },
    );
  });

  it('a truncated tail is detected against the checkpoint, cut at a line or mid-line', async () => {
    await fc.assert(
      fc.asyncProperty(logArb, fc.nat(), fc.nat(), async (events, k, cut) => {
        const { lines, cp } = await buildLog(events);
        const keep = k % lines.length;
        expect(verifyLogText(text(lines.slice(0, keep)), withKey(cp))).toMatchObject({
          ok: false,
          index: keep,
          reason: 'TRUNCATED',
        });
        const full = text(lines);
        const torn = full.slice(0, full.length - 1 - (cut % lines[lines.length - 1]!.length));
        expect(verifyLogText(torn, withKey(cp))).toMatchObject({ ok: false, reason: 'TORN_TAIL' });
        expect(verifyLogText(torn, { ...withKey(cp), allowTornTail: true })).toMatchObject({
          ok: false,
          reason: 'TRUNCATED',
        });
      }),
      { seed: 6, ...runs },
    );
  });

  it('a forged checkpoint is rejected: edited fields, another key, or a borrowed key id', async () => {
    await fc.assert(
      fc.asyncProperty(logArb, fc.nat(), async (events, n) => {
        const { lines, cp } = await buildLog(events);
        const log = text(lines);
        // Claim a smaller size (to hide a truncation) with the original signature.
        const shrunk = cp.text.replace(`size ${cp.size}\n`, `size ${n % cp.size}\n`);
        expect(verifyLogText(log, withKey(shrunk))).toMatchObject({
          ok: false,
          index: null,
          reason: 'BAD_SIGNATURE',
        });
        const reRooted = cp.text.replace(cp.root, 'f'.repeat(64));
        expect(verifyLogText(log, withKey(reRooted))).toMatchObject({ ok: false, reason: 'BAD_SIGNATURE' });
        const foreign = await signCheckpoint(cp, createEd25519Signer(other.privateKeyPem));
        expect(verifyLogText(log, withKey(foreign))).toMatchObject({ ok: false, reason: 'KEY_MISMATCH' });
        const borrowed = foreign.text.replace(`key ${other.keyId}`, `key ${key.keyId}`);
        expect(verifyLogText(log, withKey(borrowed))).toMatchObject({ ok: false, reason: 'BAD_SIGNATURE' });
      }),
      { seed: 7, numRuns: 30 },
    );
  });

  it('a log rewritten from scratch without the signing key is rejected', async () => {
    await fc.assert(
      fc.asyncProperty(logArb, logArb, async (events, replacement) => {
        const honest = await buildLog(events);
        const attacker = createEd25519Signer(other.privateKeyPem);
        const rewritten = await buildLog([...replacement, ...events], attacker);
        // Internally consistent: the chain alone cannot tell.
        expect(verifyLogText(text(rewritten.lines)).ok).toBe(true);
        // The honest checkpoint does not match it, and the attacker's does not verify under the real key.
        expect(verifyLogText(text(rewritten.lines), withKey(honest.cp))).toMatchObject({
          ok: false,
          reason: 'CHECKPOINT_MISMATCH',
        });
        expect(verifyLogText(text(rewritten.lines), withKey(rewritten.cp))).toMatchObject({
          ok: false,
          reason: 'KEY_MISMATCH',
        });
      }),
      { seed: 8, numRuns: 30 },
    );
  });
});
