// The log's fast paths (hand-ordered entry encoding, the canonicalizer's fast path, the hand-checked
// envelope) must give exactly what the reference implementations give: same bytes, same verdicts.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeStoredEntry } from '../../src/audit/entry.js';
import { type AuditEvent, AuditEventSchema, encodeEntry } from '../../src/audit/index.js';
import { sha256 } from '../../src/audit/merkle.js';
import { createStoredEventParser } from '../../src/audit/stored-event.js';
import { canonicalJson, canonicalJsonReference, jsonString } from '../../src/internal/canonical-json.js';

function outcome(f: () => string): { ok: string } | { code: unknown; message: string } {
  try {
    return { ok: f() };
  } catch (e) {
    return { code: (e as { code?: unknown }).code, message: (e as Error).message };
  }
}

const text = fc.string({ unit: 'binary', maxLength: 30 });
const idText = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom('acme', 'alice', 'run-1', 'tc-"7"', 'é\u2028', '\ud83d\ude00') },
  { weight: 6, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 8 }) },
  { weight: 1, arbitrary: fc.constantFrom('', 'x'.repeat(256), 'x'.repeat(257)) },
);
const validPairs: fc.Arbitrary<[string, unknown]> = fc.oneof(
  fc.constant(['run.resumed', {}] as [string, unknown]),
  text.map((reason): [string, unknown] => ['run.paused', { reason }]),
  text.map((instruction): [string, unknown] => ['run.redirected', { instruction }]),
  fc
    .record({ exitStatus: fc.option(fc.integer()), durationMs: fc.double({ min: 0, max: 1e6, noNaN: true }) })
    .map((d): [string, unknown] => ['command.executed', { target: 'r1', outputBytes: 3, ...d }]),
  fc
    .dictionary(text, fc.jsonValue(), { maxKeys: 5 })
    .map((args): [string, unknown] => ['tool.proposed', { tool: 'exec', args }]),
  fc
    .array(text, { maxLength: 3 })
    .map((reasons): [string, unknown] => ['tool.classified', { tool: 'exec', risk: 'read', reasons }]),
  fc
    .dictionary(fc.string({ maxLength: 5 }), fc.nat())
    .map((counts): [string, unknown] => ['output.redacted', { counts, total: 1 }]),
);
const anyPair: fc.Arbitrary<[string, unknown]> = fc.tuple(
  fc.constantFrom('run.paused', 'run.resumed', 'tool.proposed', 'nope', '__proto__', 'toString'),
  fc.anything({ maxDepth: 2 }),
);
const timeArb = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .date({ min: new Date(Date.UTC(1970, 0, 1)), max: new Date(Date.UTC(9999, 0, 1)), noInvalidDate: true })
      .map((d) => d.toISOString()),
  },
  fc.constantFrom('2026-02-29T00:00:00.000Z', '2024-02-29T00:00:00Z', '2026-11-26T20:00:00+01:00', '', 'now'),
  fc.string({ maxLength: 30 }),
);
const actorArb = fc.oneof(
  { weight: 12, arbitrary: fc.record({ kind: fc.constantFrom('user', 'agent', 'system'), id: idText }) },
  fc.record({ kind: fc.constantFrom('user', 'robot'), id: idText, extra: fc.constant(1) }),
  fc.record({ kind: fc.constant('user') }),
  fc.constant(Object.assign(Object.create(null), { kind: 'agent', id: 'a' })),
  fc.anything({ maxDepth: 1 }),
);
// What the redaction hook hands to the log, plus the id and time the log stamps: keys may be missing,
// undefined, wrong or extra, the hook may even return v, id or time (the stamp overrides them).
const candidateArb = fc
  .record(
    {
      pair: fc.oneof({ weight: 8, arbitrary: validPairs }, { weight: 1, arbitrary: anyPair }),
      v: fc.anything(),
      id: idText,
      time: timeArb,
      org: idText,
      actor: actorArb,
      runId: fc.oneof({ weight: 8, arbitrary: idText }, fc.constant(undefined), fc.integer()),
      toolCallId: fc.oneof(idText, fc.constant(undefined)),
      extra: fc.anything({ maxDepth: 0 }),
    },
    { requiredKeys: ['pair', 'org', 'actor'] },
  )
  .chain((c) =>
    fc.record({ n: fc.nat(19), id: idText, time: timeArb }).map(({ n, id, time }) => {
      // Most carry no extra key; some do (refused), some are not plain objects (the spread decides).
      const { extra, pair, ...rest } = c;
      const body: Record<string, unknown> = { ...rest, type: pair[0], data: pair[1] };
      if (n === 0 && 'extra' in c) body.extra = extra;
      let redacted: object = body;
      if (n === 1) redacted = Object.assign(Object.create(null), body);
      if (n === 2) redacted = Object.assign(Object.create({ org: 'inherited' }), body);
      return { redacted, id: id as unknown, time: time as unknown };
    }),
  );
const stamp = (c: { redacted: object; id: unknown; time: unknown }) => ({
  ...c.redacted,
  v: 1,
  id: c.id,
  time: c.time,
});

describe('audit fast paths agree with the reference implementations', () => {
  it('the canonicalizer fast path gives the reference bytes, or the reference error, for any value', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.jsonValue(),
          fc.anything({
            withBigInt: true,
            withBoxedValues: true,
            withDate: true,
            withMap: true,
            withNullPrototype: true,
            withObjectString: true,
            withSparseArray: true,
            withTypedArray: true,
            withUnicodeString: true,
          }),
          fc.dictionary(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), { maxKeys: 40 }),
        ),
        (value) => {
          expect(outcome(() => canonicalJson(value))).toEqual(outcome(() => canonicalJsonReference(value)));
        },
      ),
      { seed: 20261126, numRuns: 1000 },
    );
  });

  it('sha256 through a latin1 digest gives the bytes of node:crypto createHash, for text and bytes', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.uint8Array({ maxLength: 200 })), (data) => {
        expect(sha256(data).equals(createHash('sha256').update(data).digest())).toBe(true);
      }),
      { seed: 256, numRuns: 500 },
    );
  });

  it('jsonString is JSON.stringify for every string, lone surrogates included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(jsonString(s)).toBe(JSON.stringify(s));
      }),
      { seed: 3, numRuns: 2000 },
    );
    for (const s of ['"', '\\', '\u0000', '\u001f', '\u007f', '\ud800', '\udfff', '\ud83d\ude00', '\u2028'])
      expect(jsonString(s)).toBe(JSON.stringify(s));
  });

  it('deep, cyclic, sparse and toJSON values leave the fast path with the reference outcome', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 300; i++) deep = i % 2 ? [deep] : { k: deep };
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.b = { c: cyclic };
    // biome-ignore lint/suspicious/noSparseArray: a hole is the case under test
    const sparse = [1, , 3];
    for (const v of [
      deep,
      cyclic,
      sparse,
      { d: new Date(0) },
      [undefined, () => 1],
      { x: undefined },
      undefined,
    ])
      expect(outcome(() => canonicalJson(v))).toEqual(outcome(() => canonicalJsonReference(v)));
  });

  it('the stored-event check accepts exactly what AuditEventSchema accepts, and returns the same event', () => {
    const parse = createStoredEventParser();
    let accepted = 0;
    fc.assert(
      fc.property(candidateArb, (candidate) => {
        const fast = parse(candidate.redacted, candidate.id, candidate.time);
        const ref = AuditEventSchema.safeParse(stamp(candidate));
        expect(fast.success).toBe(ref.success);
        if (fast.success && ref.success) {
          accepted++;
          expect(fast.data).toStrictEqual(ref.data);
          expect(Object.keys(fast.data)).toEqual(Object.keys(ref.data));
          expect(fast.data).not.toBe(candidate.redacted);
          expect(fast.data.actor).not.toBe((candidate.redacted as { actor?: unknown }).actor);
        } else if (!fast.success && !ref.success) {
          expect(fast.error.issues).toEqual(ref.error.issues);
        }
      }),
      { seed: 6962, numRuns: 1500 },
    );
    // The generator must reach the accepting side too, or the property says little.
    expect(accepted).toBeGreaterThan(150);
  });

  it('the hand-ordered entry encoding is byte-identical to RFC 8785 canonicalJson of the entry', () => {
    const parse = createStoredEventParser();
    fc.assert(
      fc.property(candidateArb, fc.nat(), (candidate, index) => {
        const r = parse(candidate.redacted, candidate.id, candidate.time);
        if (!r.success) return;
        const event: AuditEvent = r.data;
        expect(encodeStoredEntry(index, event)).toBe(encodeEntry({ v: 1, index, event }));
      }),
      { seed: 8785, numRuns: 1500 },
    );
  });
});
