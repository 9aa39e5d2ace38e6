import { describe, expect, it } from 'vitest';
import {
  createEnvelope,
  KeyMaterial,
  LocalKeyring,
  MemoryDekStore,
  parseSealed,
} from '../../src/envelope/index.js';
import { isAirlockError } from '../../src/errors.js';
import { codeOf, memoryKeyring } from './support/helpers.js';

const good = { org: 'acme', table: 't', record: 'r', field: 'f' };
const badSlots: [string, unknown][] = [
  ['null', null],
  ['string', 'acme/t/r/f'],
  ['missing field', { org: 'acme', table: 't', record: 'r' }],
  ['empty org', { ...good, org: '' }],
  ['numeric record', { ...good, record: 7 }],
  ['oversized table', { ...good, table: 'x'.repeat(257) }],
];
const badPlaintexts: [string, unknown][] = [
  ['number', 42],
  ['null', null],
  ['array', [1, 2]],
  ['ArrayBuffer', new ArrayBuffer(4)],
];
const badContexts: [string, unknown][] = [
  ['string', 'ctx'],
  ['array', ['a']],
  ['bigint member', { n: 1n }],
  ['oversized', { big: 'x'.repeat(70_000) }],
];
const badOpenOptions: [string, unknown][] = [
  ['missing', undefined],
  ['no purpose', {}],
  ['empty purpose', { purpose: '' }],
  ['numeric purpose', { purpose: 1 }],
  ['empty as', { purpose: 'p', as: '' }],
  ['object runId', { purpose: 'p', runId: {} }],
];

async function setup() {
  const store = new MemoryDekStore();
  const envelope = createEnvelope({ keyring: memoryKeyring(), store });
  const sealed = await envelope.seal(good, 'v');
  return { envelope, store, sealed };
}

describe('invalid input is refused with a typed code and changes nothing', () => {
  for (const [name, slot] of badSlots) {
    it(`slot ${name}: seal, sealToBytes, open, openText and reseal give INVALID_INPUT`, async () => {
      const { envelope, store, sealed } = await setup();
      const s = slot as typeof good;
      expect(await codeOf(envelope.seal(s, 'v'))).toBe('INVALID_INPUT');
      expect(await codeOf(envelope.sealToBytes(s, 'v'))).toBe('INVALID_INPUT');
      expect(await codeOf(envelope.open(sealed, s, { purpose: 'p' }))).toBe('INVALID_INPUT');
      expect(await codeOf(envelope.openText(sealed, s, { purpose: 'p' }))).toBe('INVALID_INPUT');
      expect(await codeOf(envelope.reseal(sealed, s, { purpose: 'p' }))).toBe('INVALID_INPUT');
      expect((await store.getActive('acme'))?.reserved).toBe(4096);
    });
  }
  for (const [name, plaintext] of badPlaintexts) {
    it(`plaintext ${name} gives INVALID_INPUT`, async () => {
      const { envelope } = await setup();
      expect(await codeOf(envelope.seal(good, plaintext as string))).toBe('INVALID_INPUT');
    });
  }
  for (const [name, context] of badContexts) {
    it(`context ${name} gives a typed error on seal and open`, async () => {
      const { envelope, sealed } = await setup();
      expect(['INVALID_INPUT', 'NOT_CANONICALIZABLE']).toContain(
        await codeOf(envelope.seal(good, 'v', { context: context as never })),
      );
      expect(['INVALID_INPUT', 'NOT_CANONICALIZABLE']).toContain(
        await codeOf(envelope.open(sealed, good, { purpose: 'p', context: context as never })),
      );
    });
  }
  for (const [name, options] of badOpenOptions) {
    it(`open options ${name} give INVALID_INPUT before any decryption`, async () => {
      const { envelope, sealed } = await setup();
      expect(await codeOf(envelope.open(sealed, good, options as never))).toBe('INVALID_INPUT');
    });
  }

  it('rotate, grant, revoke and shred refuse bad org ids and targets', async () => {
    const { envelope, sealed } = await setup();
    for (const org of ['', 5, null, 'x'.repeat(300)]) {
      expect(await codeOf(envelope.rotate(org as string))).toBe('INVALID_INPUT');
      expect(await codeOf(envelope.grant(sealed, org as string))).toBe('INVALID_INPUT');
      expect(await codeOf(envelope.revoke(sealed, org as string))).toBe('INVALID_INPUT');
      expect(await codeOf(envelope.shred(org as string))).toBe('INVALID_INPUT');
    }
    expect(await codeOf(envelope.grant(42 as never, 'beta'))).toBe('INVALID_INPUT');
    expect(await codeOf(envelope.grant({ org: 'acme' } as never, 'beta'))).toBe('INVALID_INPUT');
    expect(await codeOf(envelope.grant('alk1.x', 'beta'))).toBe('SEALED_MALFORMED');
    expect(await codeOf(envelope.grant({ org: 'acme', resource: 'none' }, 'beta'))).toBe('DEK_UNKNOWN');
    expect(await codeOf(envelope.revoke(sealed, 'acme'))).toBe('GRANT_REQUIRES_RESOURCE_KEY');
    expect(await codeOf(envelope.shred('acme', { deletionWindowDays: 7.5 }))).toBe('INVALID_INPUT');
    expect(await codeOf(envelope.seal(good, 'v', { resource: '' }))).toBe('INVALID_INPUT');
  });

  it('an unknown key reference gives DEK_UNKNOWN', async () => {
    const { sealed } = await setup();
    const other = createEnvelope({ keyring: memoryKeyring(), store: new MemoryDekStore() });
    expect(await codeOf(other.open(sealed, good, { purpose: 'p' }))).toBe('DEK_UNKNOWN');
  });

  it('createEnvelope, LocalKeyring and KeyMaterial refuse bad configuration', async () => {
    const keyring = memoryKeyring();
    const store = new MemoryDekStore();
    for (const options of [
      undefined,
      {},
      { keyring },
      { store },
      { keyring, store, rotation: { maxMessages: 0 } },
      { keyring, store, rotation: { maxMessages: 2 ** 33 } },
      { keyring, store, rotation: { maxAgeMs: -1 } },
      { keyring, store, rotation: { reserveBlock: Number.NaN } },
    ]) {
      expect(await codeOf(() => createEnvelope(options as never))).toBe('INVALID_INPUT');
    }
    expect(await codeOf(() => new LocalKeyring({ dir: '' }))).toBe('INVALID_INPUT');
    expect(await codeOf(() => KeyMaterial.take(new Uint8Array()))).toBe('INVALID_INPUT');
    expect(await codeOf(() => parseSealed(undefined))).toBe('SEALED_MALFORMED');
  });

  it('openText refuses a field whose plaintext is not UTF-8, without echoing it', async () => {
    const { envelope } = await setup();
    const sealed = await envelope.seal(good, new Uint8Array([0xff, 0xfe, 0x41]));
    let err: unknown;
    try {
      await envelope.openText(sealed, good, { purpose: 'p' });
    } catch (e) {
      err = e;
    }
    expect(isAirlockError(err, 'INVALID_INPUT')).toBe(true);
    expect((err as Error).message).toContain('Uint8Array(3)');
  });
});

describe('a keyring port that fails with a foreign error', () => {
  it('surfaces as KMS_UNAVAILABLE with the cause kept, never as an untyped error', async () => {
    const broken = {
      id: 'broken',
      generateDataKey: async () => Promise.reject(new TypeError('socket hang up')),
      unwrapDataKey: async () => Promise.reject(new TypeError('x')),
      rewrapDataKey: async () => Promise.reject(new TypeError('x')),
      shred: async () => Promise.reject(new TypeError('x')),
    };
    const envelope = createEnvelope({ keyring: broken, store: new MemoryDekStore() });
    let err: unknown;
    try {
      await envelope.seal(good, 'v');
    } catch (e) {
      err = e;
    }
    expect(isAirlockError(err, 'KMS_UNAVAILABLE')).toBe(true);
    expect((err as Error).cause).toBeInstanceOf(TypeError);
    expect(await codeOf(envelope.shred('acme'))).toBe('KMS_UNAVAILABLE');
  });
});
