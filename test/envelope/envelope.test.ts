import { createDecipheriv } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Slot } from '../../src/envelope/index.js';
import {
  createEnvelope,
  MemoryDekStore,
  nobleAead,
  nodeAead,
  parseSealed,
} from '../../src/envelope/index.js';
import { isAirlockError } from '../../src/errors.js';
import { counterRandom, fixedKeyring } from './support/fixed.js';
import { codeOf, memoryKeyring, memoryRecorder } from './support/helpers.js';

const fixture = JSON.parse(readFileSync(new URL('./fixtures/sealed-v1.json', import.meta.url), 'utf8')) as {
  dekHex: string;
  slot: Slot;
  plaintext: string;
  string: string;
  bytesHex: string;
  bytesContext: Record<string, string>;
};

const id = fc.string({ minLength: 1, maxLength: 24 });
const slotArb = fc.record({ org: id, table: id, record: id, field: id });
const plaintextArb = fc.oneof(fc.string({ maxLength: 300 }), fc.uint8Array({ maxLength: 300 }));
const REJECT_CODES = ['SEALED_MALFORMED', 'SEALED_VERSION_UNSUPPORTED', 'DEK_UNKNOWN', 'DECRYPT_FAILED'];

function fresh(aead = nodeAead) {
  const audit = memoryRecorder();
  const keyring = memoryKeyring();
  const store = new MemoryDekStore();
  return { envelope: createEnvelope({ keyring, store, audit, aead }), keyring, store, audit };
}

const bytesOf = (p: string | Uint8Array) => (typeof p === 'string' ? new TextEncoder().encode(p) : p);

describe('sealed-field format v1 fixtures', () => {
  /** The AAD layout written out by hand from the spec, independent of `encodeAad`. */
  function manualAad(keyRef: string, slot: Slot, context?: object): Buffer {
    const lp = (s: string) => {
      const b = Buffer.from(s, 'utf8');
      const len = Buffer.alloc(4);
      len.writeUInt32BE(b.length);
      return Buffer.concat([len, b]);
    };
    const parts = [Buffer.from([1]), ...[keyRef, slot.org, slot.table, slot.record, slot.field].map(lp)];
    parts.push(Buffer.from([context ? 1 : 0]));
    if (context) parts.push(lp(JSON.stringify(context)));
    return Buffer.concat(parts);
  }

  function decryptManually(sealed: string | Uint8Array, context?: object): string {
    const p = parseSealed(sealed);
    const d = createDecipheriv('aes-256-gcm', Buffer.from(fixture.dekHex, 'hex'), p.iv);
    d.setAAD(manualAad(p.keyRef, fixture.slot, context));
    d.setAuthTag(p.ciphertext.subarray(p.ciphertext.length - 16));
    return Buffer.concat([
      d.update(p.ciphertext.subarray(0, p.ciphertext.length - 16)),
      d.final(),
    ]).toString();
  }

  it('the v1 string and bytes fixtures decrypt with plain AES-256-GCM under the documented AAD layout', () => {
    expect(decryptManually(fixture.string)).toBe(fixture.plaintext);
    expect(decryptManually(Buffer.from(fixture.bytesHex, 'hex'), fixture.bytesContext)).toBe(
      fixture.plaintext,
    );
  });

  it('sealing with the fixture ports reproduces the v1 fixtures byte for byte, and both open', async () => {
    for (const aead of [nodeAead, nobleAead]) {
      const envelope = createEnvelope({
        keyring: fixedKeyring(),
        store: new MemoryDekStore(),
        random: counterRandom(),
        aead,
        clock: { now: () => 1_700_000_000_000 },
      });
      expect(await envelope.seal(fixture.slot, fixture.plaintext)).toBe(fixture.string);
      const bytes = await envelope.sealToBytes(fixture.slot, fixture.plaintext, {
        context: fixture.bytesContext,
      });
      expect(Buffer.from(bytes).toString('hex')).toBe(fixture.bytesHex);
      expect(await envelope.openText(fixture.string, fixture.slot, { purpose: 'fixture' })).toBe(
        fixture.plaintext,
      );
      const opened = await envelope.openText(Buffer.from(fixture.bytesHex, 'hex'), fixture.slot, {
        purpose: 'fixture',
        context: fixture.bytesContext,
      });
      expect(opened).toBe(fixture.plaintext);
    }
  });

  const negative: [string, unknown, string][] = [
    ['truncated string', fixture.string.slice(0, 40), 'SEALED_MALFORMED'],
    ['string missing its tag', fixture.string.split('.').slice(0, 3).join('.'), 'SEALED_MALFORMED'],
    ['future string version', fixture.string.replace(/^alk1/, 'alk2'), 'SEALED_VERSION_UNSUPPORTED'],
    ['foreign prefix', fixture.string.replace(/^alk1/, 'xyz1'), 'SEALED_MALFORMED'],
    ['padded base64', `${fixture.string}=`, 'SEALED_MALFORMED'],
    ['extra part', `${fixture.string}.AA`, 'SEALED_MALFORMED'],
    ['empty string', '', 'SEALED_MALFORMED'],
    ['truncated bytes', Buffer.from(fixture.bytesHex, 'hex').subarray(0, 30), 'SEALED_MALFORMED'],
    [
      'future bytes version',
      Buffer.from(fixture.bytesHex.replace(/^616c6b01/, '616c6b02'), 'hex'),
      'SEALED_VERSION_UNSUPPORTED',
    ],
    ['number', 42, 'SEALED_MALFORMED'],
    ['null', null, 'SEALED_MALFORMED'],
    ['object', { sealed: fixture.string }, 'SEALED_MALFORMED'],
  ];
  for (const [name, value, code] of negative) {
    it(`a ${name} is refused with ${code}`, async () => {
      const { envelope } = fresh();
      expect(await codeOf(envelope.open(value as string, fixture.slot, { purpose: 'x' }))).toBe(code);
    });
  }
});

describe('seal and open', () => {
  it('property: any plaintext sealed in any slot opens to the same bytes in that slot (string and bytes forms, both AEADs)', async () => {
    const a = fresh(nodeAead);
    const b = createEnvelope({ keyring: a.keyring, store: a.store, aead: nobleAead });
    await fc.assert(
      fc.asyncProperty(slotArb, plaintextArb, fc.boolean(), async (slot, plaintext, bytesForm) => {
        const sealed = bytesForm
          ? await a.envelope.sealToBytes(slot, plaintext)
          : await a.envelope.seal(slot, plaintext);
        // Sealed by node:crypto, opened by @noble/ciphers: the two backends are interchangeable.
        const opened = await b.open(sealed, slot, { purpose: 'property' });
        expect(Buffer.from(opened).equals(Buffer.from(bytesOf(plaintext)))).toBe(true);
        if (typeof plaintext === 'string')
          expect(await a.envelope.openText(sealed, slot, { purpose: 'p' })).toBe(plaintext);
      }),
      { seed: 1717, numRuns: 120 },
    );
  });

  it('property: any single-byte change of a sealed value is rejected with a typed code', async () => {
    const { envelope } = fresh();
    const slot = { org: 'acme', table: 'devices', record: 'r1', field: 'password' };
    const sealedString = await envelope.seal(slot, 'correct horse battery staple');
    const sealedBytes = await envelope.sealToBytes(slot, 'correct horse battery staple');
    await fc.assert(
      fc.asyncProperty(
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        fc.boolean(),
        async (pos, delta, bytesForm) => {
          let changed: string | Uint8Array;
          if (bytesForm) {
            const b = sealedBytes.slice();
            b[pos % b.length] = (b[pos % b.length]! + delta) & 0xff;
            changed = b;
          } else {
            const i = pos % sealedString.length;
            const c = String.fromCharCode((sealedString.charCodeAt(i) + delta) & 0xff);
            changed = sealedString.slice(0, i) + c + sealedString.slice(i + 1);
          }
          const code = await codeOf(envelope.open(changed, slot, { purpose: 'tamper' }));
          expect(REJECT_CODES).toContain(code);
        },
      ),
      { seed: 4242, numRuns: 400 },
    );
  });

  it('a change in the last base64url character that only flips unused bits is still rejected', async () => {
    // Regression: Node's base64url decoder ignores unused trailing bits, so "...A" and "...B" can decode alike.
    const { envelope } = fresh();
    const slot = { org: 'acme', table: 't', record: 'r', field: 'f' };
    const sealed = await envelope.seal(slot, 'x');
    const last = sealed.at(-1)!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    for (const c of alphabet) {
      if (c === last) continue;
      expect(REJECT_CODES).toContain(
        await codeOf(envelope.open(sealed.slice(0, -1) + c, slot, { purpose: 'x' })),
      );
    }
  });

  it('property: a sealed field opens only in its own slot and context', async () => {
    const { envelope } = fresh();
    await fc.assert(
      fc.asyncProperty(
        slotArb,
        slotArb,
        fc.constantFrom('org', 'table', 'record', 'field'),
        async (slot, other, part) => {
          const sealed = await envelope.seal(slot, 'secret');
          const wrong = { ...slot, [part]: other[part] === slot[part] ? `${slot[part]}x` : other[part] };
          expect(await codeOf(envelope.open(sealed, wrong, { purpose: 'p' }))).toBe('DECRYPT_FAILED');
          const withContext = await envelope.seal(slot, 'secret', { context: { device: 'a' } });
          expect(await codeOf(envelope.open(withContext, slot, { purpose: 'p' }))).toBe('DECRYPT_FAILED');
          expect(
            await codeOf(envelope.open(withContext, slot, { purpose: 'p', context: { device: 'b' } })),
          ).toBe('DECRYPT_FAILED');
          expect(await envelope.openText(withContext, slot, { purpose: 'p', context: { device: 'a' } })).toBe(
            'secret',
          );
        },
      ),
      { seed: 99, numRuns: 80 },
    );
  });

  it('slot parts that would concatenate alike still get different AADs', async () => {
    const { envelope } = fresh();
    const a = { org: 'o', table: 'ab', record: 'c', field: 'f' };
    const b = { org: 'o', table: 'a', record: 'bc', field: 'f' };
    const sealed = await envelope.seal(a, 'v');
    expect(await codeOf(envelope.open(sealed, b, { purpose: 'p' }))).toBe('DECRYPT_FAILED');
  });

  it('errors never contain any fragment of the plaintext', async () => {
    const { envelope } = fresh();
    const secret = 'S3cr3t-Pa55w0rd-value';
    const slot = { org: 'acme', table: 't', record: 'r', field: 'f' };
    const sealed = await envelope.seal(slot, secret);
    const errors: unknown[] = [];
    for (const attempt of [
      () => envelope.open(sealed, { ...slot, field: 'g' }, { purpose: 'p' }),
      () => envelope.open(`${sealed.slice(0, -2)}AA`, slot, { purpose: 'p' }),
      () => envelope.open(sealed, slot, { purpose: '' }),
      () => envelope.seal(slot, secret as unknown as string, { context: 'x' as never }),
      () => envelope.seal({ ...slot, org: secret.repeat(20) }, secret),
    ]) {
      try {
        await attempt();
      } catch (e) {
        errors.push(e);
      }
    }
    expect(errors).toHaveLength(5);
    for (const e of errors) {
      expect(isAirlockError(e)).toBe(true);
      const text = `${(e as Error).message} ${JSON.stringify(e)} ${String((e as Error).stack)}`;
      for (let i = 0; i + 6 <= secret.length; i++) expect(text).not.toContain(secret.slice(i, i + 6));
    }
  });

  it('every open emits field.decrypted with its purpose and correlation ids; the first use of a key emits key.generated', async () => {
    const { envelope, audit } = fresh();
    const slot = { org: 'acme', table: 't', record: 'r', field: 'f' };
    const sealed = await envelope.seal(slot, 'v');
    await envelope.open(sealed, slot, { purpose: 'ssh login', runId: 'run-1', toolCallId: 'call-7' });
    const decrypted = audit.events.filter((e) => e.type === 'field.decrypted');
    expect(decrypted).toHaveLength(1);
    expect(decrypted[0]).toMatchObject({
      org: 'acme',
      runId: 'run-1',
      toolCallId: 'call-7',
      data: { slot, purpose: 'ssh login', keyRef: parseSealed(sealed).keyRef },
    });
    expect(audit.types()).toEqual(['key.generated', 'key.rotated', 'field.decrypted']);
  });

  it('an audit recorder that refuses the event withholds the plaintext (AUDIT_UNAVAILABLE)', async () => {
    const keyring = memoryKeyring();
    const store = new MemoryDekStore();
    const slot = { org: 'acme', table: 't', record: 'r', field: 'f' };
    const sealed = await createEnvelope({ keyring, store }).seal(slot, 'v');
    const failing = createEnvelope({
      keyring,
      store,
      audit: { record: async () => Promise.reject(new Error('disk full')) },
    });
    expect(await codeOf(failing.open(sealed, slot, { purpose: 'p' }))).toBe('AUDIT_UNAVAILABLE');
  });
});
