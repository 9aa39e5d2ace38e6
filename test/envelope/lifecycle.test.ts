import { describe, expect, it } from 'vitest';
import { DekCache } from '../../src/envelope/dek-cache.js';
import { createEnvelope, KeyMaterial, MemoryDekStore, parseSealed } from '../../src/envelope/index.js';
import { codeOf, memoryKeyring, memoryRecorder } from './support/helpers.js';

const slot = (record = 'r1', org = 'acme') => ({ org, table: 'devices', record, field: 'password' });
const DAY = 86_400_000;

function setup(rotation = {}, cache = {}) {
  let now = 1_700_000_000_000;
  const clock = { now: () => now };
  const keyring = memoryKeyring();
  const store = new MemoryDekStore();
  const audit = memoryRecorder();
  const envelope = createEnvelope({ keyring, store, audit, clock, rotation, cache });
  return { envelope, keyring, store, audit, advance: (ms: number) => (now += ms) };
}

describe('rotation', () => {
  it('rotates once the active key is older than maxAge; old keys keep opening their fields (decrypt-only)', async () => {
    const { envelope, advance, store, audit } = setup({ maxAgeMs: 30 * DAY });
    const first = await envelope.seal(slot(), 'old');
    advance(29 * DAY);
    expect(parseSealed(await envelope.seal(slot(), 'x')).keyRef).toBe(parseSealed(first).keyRef);
    advance(2 * DAY);
    const second = await envelope.seal(slot(), 'new');
    expect(parseSealed(second).keyRef).not.toBe(parseSealed(first).keyRef);
    expect((await store.getDek(parseSealed(first).keyRef))?.state).toBe('retired');
    expect(await envelope.openText(first, slot(), { purpose: 'p' })).toBe('old');
    expect(
      audit.events.filter((e) => e.type === 'key.rotated').map((e) => (e.data as { reason: string }).reason),
    ).toEqual(['first key for org', 'max age']);
  });

  it('rotates after maxMessages seals, counting reservations in blocks (conservative)', async () => {
    const { envelope, store } = setup({ maxMessages: 10, reserveBlock: 4 });
    const refs = new Set<string>();
    const sealed: string[] = [];
    for (let i = 0; i < 25; i++) {
      const s = await envelope.seal(slot(`r${i}`), `v${i}`);
      sealed.push(s);
      refs.add(parseSealed(s).keyRef);
    }
    expect(refs.size).toBe(3);
    for (const ref of refs) expect((await store.getDek(ref))!.reserved).toBeLessThanOrEqual(10);
    const counts = new Map<string, number>();
    for (const s of sealed) counts.set(parseSealed(s).keyRef, (counts.get(parseSealed(s).keyRef) ?? 0) + 1);
    for (const [ref, n] of counts) expect(n).toBeLessThanOrEqual((await store.getDek(ref))!.reserved);
    for (let i = 0; i < 25; i++)
      expect(await envelope.openText(sealed[i]!, slot(`r${i}`), { purpose: 'p' })).toBe(`v${i}`);
  });

  it('two envelopes on one store share the use budget: together they never exceed maxMessages per key', async () => {
    const keyring = memoryKeyring();
    const store = new MemoryDekStore();
    const a = createEnvelope({ keyring, store, rotation: { maxMessages: 16, reserveBlock: 5 } });
    const b = createEnvelope({ keyring, store, rotation: { maxMessages: 16, reserveBlock: 5 } });
    const perKey = new Map<string, number>();
    await Promise.all(
      Array.from({ length: 60 }, async (_, i) => {
        const s = await (i % 2 ? a : b).seal(slot(`r${i}`), 'v');
        const ref = parseSealed(s).keyRef;
        perKey.set(ref, (perKey.get(ref) ?? 0) + 1);
      }),
    );
    for (const n of perKey.values()) expect(n).toBeLessThanOrEqual(16);
  });

  it('rotate() installs a new key on demand and reseal() moves a field to it', async () => {
    const { envelope } = setup();
    const old = await envelope.seal(slot(), 'v', { context: { a: 1 } });
    const active = await envelope.rotate('acme', 'compromise drill');
    expect(parseSealed(old).keyRef).not.toBe(active);
    const moved = await envelope.reseal(old, slot(), { purpose: 'rotation', context: { a: 1 } });
    expect(parseSealed(moved).keyRef).toBe(active);
    expect(await envelope.openText(moved, slot(), { purpose: 'p', context: { a: 1 } })).toBe('v');
    const movedBytes = await envelope.reseal(await envelope.sealToBytes(slot(), 'b'), slot(), {
      purpose: 'r',
    });
    expect(movedBytes).toBeInstanceOf(Uint8Array);
  });

  it('concurrent rotations in one process coalesce into one new key', async () => {
    const { envelope, keyring } = setup();
    await envelope.seal(slot(), 'v');
    const before = keyring.calls.generate!;
    await Promise.all([envelope.rotate('acme'), envelope.rotate('acme'), envelope.rotate('acme')]);
    expect(keyring.calls.generate! - before).toBe(1);
  });
});

describe('DEK cache', () => {
  it('concurrent opens of a cold key coalesce into one unwrap, and each unwrap is audited', async () => {
    const keyring = memoryKeyring();
    const store = new MemoryDekStore();
    const sealed = await createEnvelope({ keyring, store }).seal(slot(), 'v');
    const audit = memoryRecorder();
    const reader = createEnvelope({ keyring, store, audit });
    const before = keyring.calls.unwrap!;
    await Promise.all(Array.from({ length: 20 }, () => reader.open(sealed, slot(), { purpose: 'p' })));
    expect(keyring.calls.unwrap! - before).toBe(1);
    expect(audit.types().filter((t) => t === 'key.unwrapped')).toHaveLength(1);
    expect(audit.types().filter((t) => t === 'field.decrypted')).toHaveLength(20);
  });

  it('a key is unwrapped again after its TTL or its use budget runs out', async () => {
    const keyring = memoryKeyring();
    const store = new MemoryDekStore();
    const sealed = await createEnvelope({ keyring, store }).seal(slot(), 'v');
    let now = 0;
    const reader = createEnvelope({
      keyring,
      store,
      clock: { now: () => now },
      cache: { ttlMs: 1000, maxUses: 3 },
    });
    const base = keyring.calls.unwrap!;
    for (let i = 0; i < 3; i++) await reader.open(sealed, slot(), { purpose: 'p' });
    expect(keyring.calls.unwrap! - base).toBe(1);
    await reader.open(sealed, slot(), { purpose: 'p' });
    expect(keyring.calls.unwrap! - base).toBe(2);
    now += 1001;
    await reader.open(sealed, slot(), { purpose: 'p' });
    expect(keyring.calls.unwrap! - base).toBe(3);
  });

  it('evicted keys are zeroed (TTL, size bound, purge)', async () => {
    let now = 0;
    const cache = new DekCache({ ttlMs: 100, maxEntries: 1 }, () => now);
    const seen: Uint8Array[] = [];
    const load = async () => new Uint8Array(32).fill(9);
    await cache.with('k1', 'o', 'o', load, (k) => seen.push(k));
    await cache.with('k2', 'o', 'o', load, (k) => seen.push(k));
    expect(seen[0]!.every((b) => b === 0)).toBe(true); // evicted by the size bound
    now += 101;
    await cache.with('k3', 'o', 'o', load, (k) => seen.push(k));
    expect(seen[1]!.every((b) => b === 0)).toBe(true); // expired, then evicted
    cache.purgeOrg('o');
    expect(seen[2]!.every((b) => b === 0)).toBe(true);
    expect(cache.size).toBe(0);
  });

  it('KeyMaterial refuses use after zero() and never serializes its bytes', () => {
    const k = KeyMaterial.copyOf(new Uint8Array(32).fill(5));
    expect(JSON.stringify({ k })).toBe('{"k":"KeyMaterial(32)"}');
    k.zero();
    expect(k.zeroed).toBe(true);
    expect(() => k.bytes).toThrowError(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
});

describe('sharing', () => {
  it('a field sealed under a resource key opens for a granted org without re-encryption, until revoked', async () => {
    const { envelope, audit } = setup();
    const sealed = await envelope.seal(slot('proc-1'), 'procedure body', { resource: 'procedure-42' });
    expect(await codeOf(envelope.open(sealed, slot('proc-1'), { purpose: 'p', as: 'beta' }))).toBe(
      'NOT_GRANTED',
    );
    await envelope.grant(sealed, 'beta');
    expect(await envelope.openText(sealed, slot('proc-1'), { purpose: 'run procedure', as: 'beta' })).toBe(
      'procedure body',
    );
    // Later fields under the same resource key are shared too, with no new grant.
    const later = await envelope.seal(slot('proc-2'), 'v2', { resource: 'procedure-42' });
    expect(await envelope.openText(later, slot('proc-2'), { purpose: 'p', as: 'beta' })).toBe('v2');
    // Re-sealing keeps a field under its resource key, so the grant still covers it.
    const resealed = await envelope.reseal(sealed, slot('proc-1'), { purpose: 'rotation' });
    expect(parseSealed(resealed).keyRef).toBe(parseSealed(sealed).keyRef);
    expect(await envelope.openText(resealed, slot('proc-1'), { purpose: 'p', as: 'beta' })).toBe(
      'procedure body',
    );
    expect(await envelope.revoke({ org: 'acme', resource: 'procedure-42' }, 'beta')).toBe(true);
    expect(await codeOf(envelope.open(sealed, slot('proc-1'), { purpose: 'p', as: 'beta' }))).toBe(
      'NOT_GRANTED',
    );
    expect(await envelope.openText(sealed, slot('proc-1'), { purpose: 'owner' })).toBe('procedure body');
    expect(audit.types()).toContain('key.shared');
    expect(audit.types()).toContain('key.revoked');
    const decrypted = audit.events.filter((e) => e.type === 'field.decrypted');
    expect(decrypted.some((e) => e.org === 'beta')).toBe(true);
  });

  it('a resource key rotates at its limit, carrying grants to the new version; revoke removes every version', async () => {
    const { envelope, store } = setup({ maxMessages: 2, reserveBlock: 1 });
    const fields: string[] = [];
    for (let i = 0; i < 3; i++)
      fields.push(await envelope.seal(slot(`p${i}`), `body${i}`, { resource: 'proc' }));
    await envelope.grant(fields[0]!, 'beta');
    for (let i = 3; i < 7; i++)
      fields.push(await envelope.seal(slot(`p${i}`), `body${i}`, { resource: 'proc' }));
    const refs = new Set(fields.map((f) => parseSealed(f).keyRef));
    expect(refs.size).toBe(4);
    for (const ref of refs) expect((await store.getDek(ref))!.reserved).toBeLessThanOrEqual(2);
    for (let i = 0; i < 7; i++) {
      expect(await envelope.openText(fields[i]!, slot(`p${i}`), { purpose: 'p', as: 'beta' })).toBe(
        `body${i}`,
      );
    }
    expect(await envelope.revoke(fields[6]!, 'beta')).toBe(true);
    for (let i = 0; i < 7; i++) {
      expect(await codeOf(envelope.open(fields[i]!, slot(`p${i}`), { purpose: 'p', as: 'beta' }))).toBe(
        'NOT_GRANTED',
      );
    }
  });

  it("an org's general data keys cannot be granted", async () => {
    const { envelope } = setup();
    const sealed = await envelope.seal(slot(), 'v');
    expect(await codeOf(envelope.grant(sealed, 'beta'))).toBe('GRANT_REQUIRES_RESOURCE_KEY');
  });

  it("another org's value does not open in this org's slot", async () => {
    const { envelope } = setup();
    const sealed = await envelope.seal(slot('r', 'beta'), 'v');
    expect(await codeOf(envelope.open(sealed, slot('r', 'acme'), { purpose: 'p' }))).toBe('DECRYPT_FAILED');
  });
});

describe('shredding', () => {
  it('after shred, every field of the org fails with ORG_SHREDDED, sealing is refused, and the KEK is destroyed', async () => {
    const { envelope, keyring, audit } = setup();
    const a = await envelope.seal(slot('a'), 'v1');
    await envelope.rotate('acme');
    const b = await envelope.sealToBytes(slot('b'), 'v2');
    const r = await envelope.seal(slot('c'), 'v3', { resource: 'res' });
    await envelope.open(a, slot('a'), { purpose: 'warm cache' });
    const other = await envelope.seal(slot('x', 'beta'), 'beta-value');
    await envelope.shred('acme', { deletionWindowDays: 7 });
    expect(await codeOf(envelope.open(a, slot('a'), { purpose: 'p' }))).toBe('ORG_SHREDDED');
    expect(await codeOf(envelope.open(b, slot('b'), { purpose: 'p' }))).toBe('ORG_SHREDDED');
    expect(await codeOf(envelope.open(r, slot('c'), { purpose: 'p' }))).toBe('ORG_SHREDDED');
    expect(await codeOf(envelope.seal(slot('d'), 'v'))).toBe('ORG_SHREDDED');
    expect(await codeOf(envelope.rotate('acme'))).toBe('ORG_SHREDDED');
    expect(keyring.shredded.has('acme')).toBe(true);
    expect(await envelope.openText(other, slot('x', 'beta'), { purpose: 'p' })).toBe('beta-value');
    expect(audit.events.find((e) => e.type === 'org.shredded')).toMatchObject({
      org: 'acme',
      data: { keyring: 'test', deletionWindowDays: 7 },
    });
  });

  it("shredding a grantee removes its wraps; shredding the owner removes the grantee's access too", async () => {
    const { envelope } = setup();
    const sealed = await envelope.seal(slot(), 'v', { resource: 'r' });
    await envelope.grant(sealed, 'beta');
    await envelope.grant(sealed, 'gamma');
    await envelope.shred('beta');
    expect(await codeOf(envelope.open(sealed, slot(), { purpose: 'p', as: 'beta' }))).toBe('ORG_SHREDDED');
    expect(await envelope.openText(sealed, slot(), { purpose: 'p', as: 'gamma' })).toBe('v');
    await envelope.shred('acme');
    expect(await codeOf(envelope.open(sealed, slot(), { purpose: 'p', as: 'gamma' }))).toBe('ORG_SHREDDED');
  });

  it('shred is idempotent and validates the deletion window', async () => {
    const { envelope } = setup();
    await envelope.seal(slot(), 'v');
    expect(await codeOf(envelope.shred('acme', { deletionWindowDays: 3 }))).toBe('INVALID_INPUT');
    expect(await codeOf(envelope.shred('acme', { deletionWindowDays: 31 }))).toBe('INVALID_INPUT');
    await envelope.shred('acme');
    await envelope.shred('acme');
  });
});

describe('vault', () => {
  it('a device credential opens only for its own device and credential name', async () => {
    const { createVault } = await import('../../src/envelope/index.js');
    const { envelope, audit } = setup();
    const vault = createVault(envelope);
    const ref = { org: 'acme', deviceId: 'rtr-01', name: 'password' };
    const sealed = await vault.sealSecret(ref, 'hunter2');
    expect(await vault.openSecret(ref, sealed, { purpose: 'ssh login', toolCallId: 'c1' })).toBe('hunter2');
    expect(await codeOf(vault.openSecret({ ...ref, deviceId: 'rtr-02' }, sealed, { purpose: 'p' }))).toBe(
      'DECRYPT_FAILED',
    );
    expect(await codeOf(vault.openSecret({ ...ref, name: 'enable' }, sealed, { purpose: 'p' }))).toBe(
      'DECRYPT_FAILED',
    );
    expect(await codeOf(vault.openSecret({ ...ref, deviceId: '' }, sealed, { purpose: 'p' }))).toBe(
      'INVALID_INPUT',
    );
    expect(audit.events.find((e) => e.type === 'field.decrypted')).toMatchObject({
      toolCallId: 'c1',
      data: { slot: vault.slotOf(ref), purpose: 'ssh login' },
    });
  });
});

describe('shredding, as a property', () => {
  it('property: after shred(org), no field of that org opens (whatever keys, rotations, resources and forms), and other orgs are untouched', async () => {
    const fc = (await import('fast-check')).default;
    const field = fc.record({
      org: fc.constantFrom('acme', 'beta', 'gamma'),
      record: fc.string({ minLength: 1, maxLength: 8 }),
      plaintext: fc.string({ maxLength: 40 }),
      resource: fc.option(fc.constantFrom('r1', 'r2'), { nil: undefined }),
      bytesForm: fc.boolean(),
      rotateAfter: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(field, { minLength: 1, maxLength: 12 }),
        fc.constantFrom('acme', 'beta', 'gamma'),
        async (fields, victim) => {
          const { envelope } = setup({ maxMessages: 3, reserveBlock: 2 });
          const sealed: { s: string | Uint8Array; slot: ReturnType<typeof slot>; plaintext: string }[] = [];
          for (const f of fields) {
            const sl = slot(f.record, f.org);
            const opts = f.resource ? { resource: f.resource } : {};
            const s = f.bytesForm
              ? await envelope.sealToBytes(sl, f.plaintext, opts)
              : await envelope.seal(sl, f.plaintext, opts);
            if (f.resource) await envelope.grant(s, f.org === 'acme' ? 'beta' : 'acme');
            sealed.push({ s, slot: sl, plaintext: f.plaintext });
            if (f.rotateAfter) await envelope.rotate(f.org);
          }
          await envelope.shred(victim);
          for (const { s, slot: sl, plaintext } of sealed) {
            if (sl.org === victim) {
              expect(await codeOf(envelope.open(s, sl, { purpose: 'p' }))).toBe('ORG_SHREDDED');
              expect(
                await codeOf(envelope.open(s, sl, { purpose: 'p', as: victim === 'acme' ? 'beta' : 'acme' })),
              ).toBe('ORG_SHREDDED');
            } else {
              expect(await envelope.openText(s, sl, { purpose: 'p' })).toBe(plaintext);
            }
          }
        },
      ),
      { seed: 2024, numRuns: 40 },
    );
  });
});

describe('audit evidence', () => {
  it('every event the envelope emits validates against the audit schema v1 and carries no plaintext', async () => {
    const { AuditEventInputSchema } = await import('../../src/audit/events.js');
    const { envelope, audit } = setup({ maxMessages: 2, reserveBlock: 1 });
    const secret = 'Pl41ntext-Never-In-Audit';
    const a = await envelope.seal(slot('a'), secret);
    const r = await envelope.seal(slot('b'), secret, { resource: 'res' });
    await envelope.grant(r, 'beta');
    await envelope.open(r, slot('b'), {
      purpose: 'shared use',
      as: 'beta',
      runId: 'run-1',
      toolCallId: 'tc-1',
    });
    await envelope.open(a, slot('a'), { purpose: 'login' });
    await envelope.rotate('acme');
    await envelope.revoke(r, 'beta');
    await envelope.shred('acme');
    const types = new Set(audit.types());
    for (const t of [
      'key.generated',
      'key.rotated',
      'key.shared',
      'key.revoked',
      'field.decrypted',
      'org.shredded',
    ]) {
      expect(types.has(t as never), t).toBe(true);
    }
    for (const event of audit.events) {
      expect(() => AuditEventInputSchema.parse(event)).not.toThrow();
      expect(JSON.stringify(event)).not.toContain(secret);
    }
  });
});
