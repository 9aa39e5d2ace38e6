import { chmodSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createEnvelope, LocalKeyring, MemoryDekStore } from '../../src/envelope/index.js';
import { codeOf, rootKeyB64, tempDir } from './support/helpers.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});
const dir = () => {
  const t = tempDir();
  cleanups.push(t.cleanup);
  return t.dir;
};
const ctx = { org: 'acme', keyRef: 'ref1' };

describe('LocalKeyring', () => {
  it('with no root key in the environment, creates root.key with mode 0600 and works offline', async () => {
    const d = dir();
    const k = new LocalKeyring({ dir: d, env: {} });
    const g = await k.generateDataKey(ctx);
    expect(statSync(join(d, 'root.key')).mode & 0o777).toBe(0o600);
    const again = await new LocalKeyring({ dir: d, env: {} }).unwrapDataKey(g.wrapped, ctx);
    expect(Buffer.from(again).equals(Buffer.from(g.plaintext))).toBe(true);
    for (const f of readdirSync(join(d, 'orgs')))
      expect(statSync(join(d, 'orgs', f)).mode & 0o777).toBe(0o600);
  });

  it('takes the root key from AIRLOCK_ROOT_KEY and writes no key file; another root key cannot open the KEKs', async () => {
    const d = dir();
    const env = { AIRLOCK_ROOT_KEY: rootKeyB64() };
    const g = await new LocalKeyring({ dir: d, env }).generateDataKey(ctx);
    expect(readdirSync(d)).not.toContain('root.key');
    expect(
      await codeOf(
        new LocalKeyring({ dir: d, env: { AIRLOCK_ROOT_KEY: rootKeyB64() } }).unwrapDataKey(g.wrapped, ctx),
      ),
    ).toBe('STORE_CORRUPT');
  });

  it('refuses a malformed root key and a root key file readable by others', async () => {
    for (const bad of ['', 'not base64!', Buffer.alloc(16).toString('base64'), `${rootKeyB64()}x`]) {
      expect(
        await codeOf(new LocalKeyring({ dir: dir(), env: { AIRLOCK_ROOT_KEY: bad } }).generateDataKey(ctx)),
      ).toBe('ROOT_KEY_INVALID');
    }
    const d = dir();
    await new LocalKeyring({ dir: d, env: {} }).generateDataKey(ctx);
    chmodSync(join(d, 'root.key'), 0o644);
    expect(await codeOf(new LocalKeyring({ dir: d, env: {} }).generateDataKey(ctx))).toBe('ROOT_KEY_INVALID');
  });

  it('binds wraps to org and key reference, and rejects modified wraps', async () => {
    const k = new LocalKeyring({ dir: dir(), env: { AIRLOCK_ROOT_KEY: rootKeyB64() } });
    const g = await k.generateDataKey(ctx);
    expect(await codeOf(k.unwrapDataKey(g.wrapped, { ...ctx, keyRef: 'ref2' }))).toBe('DECRYPT_FAILED');
    await k.generateDataKey({ org: 'beta', keyRef: 'x' });
    expect(await codeOf(k.unwrapDataKey(g.wrapped, { ...ctx, org: 'beta' }))).toBe('DECRYPT_FAILED');
    const bad = g.wrapped.slice();
    bad[20]! ^= 1;
    expect(await codeOf(k.unwrapDataKey(bad, ctx))).toBe('DECRYPT_FAILED');
    expect(await codeOf(k.unwrapDataKey(g.wrapped.subarray(1), ctx))).toBe('DECRYPT_FAILED');
    expect(await codeOf(k.unwrapDataKey(g.wrapped, { org: 'never-seen', keyRef: 'x' }))).toBe(
      'KEY_NOT_FOUND',
    );
  });

  it('shred deletes the org KEK and leaves a tombstone: the KEK is never re-created, other orgs are untouched', async () => {
    const d = dir();
    const env = { AIRLOCK_ROOT_KEY: rootKeyB64() };
    const k = new LocalKeyring({ dir: d, env });
    const g = await k.generateDataKey(ctx);
    const other = await k.generateDataKey({ org: 'beta', keyRef: 'b' });
    const kekFiles = () => readdirSync(join(d, 'orgs')).filter((f) => f.endsWith('.kek'));
    expect(kekFiles()).toHaveLength(2);
    await k.shred('acme', { deletionWindowDays: 7 });
    expect(kekFiles()).toHaveLength(1);
    expect(await codeOf(k.unwrapDataKey(g.wrapped, ctx))).toBe('ORG_SHREDDED');
    expect(await codeOf(new LocalKeyring({ dir: d, env }).generateDataKey(ctx))).toBe('ORG_SHREDDED');
    expect((await k.unwrapDataKey(other.wrapped, { org: 'beta', keyRef: 'b' })).length).toBe(32);
  });

  it('a KEK file that was tampered with fails with STORE_CORRUPT', async () => {
    const d = dir();
    const env = { AIRLOCK_ROOT_KEY: rootKeyB64() };
    const g = await new LocalKeyring({ dir: d, env }).generateDataKey(ctx);
    const file = join(d, 'orgs', readdirSync(join(d, 'orgs'))[0]!);
    const doc = JSON.parse(readFileSync(file, 'utf8')) as { wrapped: string };
    const bytes = Buffer.from(doc.wrapped, 'base64');
    bytes[15]! ^= 1;
    writeFileSync(file, JSON.stringify({ v: 1, wrapped: bytes.toString('base64') }));
    expect(await codeOf(new LocalKeyring({ dir: d, env }).unwrapDataKey(g.wrapped, ctx))).toBe(
      'STORE_CORRUPT',
    );
  });

  it('is the envelope default that works end to end with no cloud', async () => {
    const envelope = createEnvelope({
      keyring: new LocalKeyring({ dir: dir(), env: {} }),
      store: new MemoryDekStore(),
    });
    const s = { org: 'acme', table: 't', record: 'r', field: 'f' };
    expect(await envelope.openText(await envelope.seal(s, 'offline'), s, { purpose: 'p' })).toBe('offline');
  });
});
