import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsKmsKeyring, aliasFor } from '../../src/envelope/aws-kms-keyring.js';
import { createEnvelope, MemoryDekStore } from '../../src/envelope/index.js';
import { codeOf, memoryRecorder } from './support/helpers.js';
import { type LocalKms, startLocalKms } from './support/kms-server.js';

let kms: LocalKms;
beforeAll(async () => {
  kms = await startLocalKms();
});
afterAll(async () => {
  await kms.close();
});

function keyring(options: { createKeys?: boolean; maxAttempts?: number; endpoint?: string } = {}) {
  return new AwsKmsKeyring({
    createKeys: options.createKeys ?? true,
    clientConfig: {
      endpoint: options.endpoint ?? kms.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local-test-secret' },
      maxAttempts: options.maxAttempts ?? 1,
    },
  });
}
const slot = (org: string, record = 'r') => ({ org, table: 'devices', record, field: 'password' });

describe('AwsKmsKeyring against the local KMS endpoint (unmodified @aws-sdk/client-kms over HTTP)', () => {
  it('10,000 seals for one org cost exactly 1 GenerateDataKey and no Decrypt', async () => {
    const envelope = createEnvelope({ keyring: keyring(), store: new MemoryDekStore() });
    const before = { gen: kms.count('GenerateDataKey'), dec: kms.count('Decrypt') };
    let last = '';
    for (let i = 0; i < 10_000; i++) last = await envelope.seal(slot('count-org', `r${i}`), `value-${i}`);
    expect(kms.count('GenerateDataKey') - before.gen).toBe(1);
    expect(kms.count('Decrypt') - before.dec).toBe(0);
    expect(await envelope.openText(last, slot('count-org', 'r9999'), { purpose: 'p' })).toBe('value-9999');
  }, 30_000);

  it('creates an org key and alias on first use, then finds it by alias from another client', async () => {
    const store = new MemoryDekStore();
    const audit = memoryRecorder();
    const sealed = await createEnvelope({ keyring: keyring(), store }).seal(slot('new-org'), 'v');
    expect(kms.keyState(aliasFor('new-org'))).toBe('Enabled');
    const other = createEnvelope({ keyring: keyring({ createKeys: false }), store, audit });
    const before = kms.count('Decrypt');
    expect(await other.openText(sealed, slot('new-org'), { purpose: 'p' })).toBe('v');
    expect(kms.count('Decrypt') - before).toBe(1);
    expect(audit.events.find((e) => e.type === 'key.unwrapped')).toMatchObject({
      data: { keyring: 'aws-kms' },
    });
  });

  it('without createKeys, an org with no key fails with KEY_NOT_FOUND', async () => {
    const envelope = createEnvelope({ keyring: keyring({ createKeys: false }), store: new MemoryDekStore() });
    expect(await codeOf(envelope.seal(slot('nobody'), 'v'))).toBe('KEY_NOT_FOUND');
  });

  it('KMS enforces the encryption context: a wrapped key moved to another reference does not unwrap', async () => {
    const k = keyring();
    const generated = await k.generateDataKey({ org: 'ctx-org', keyRef: 'ref-one' });
    expect(await codeOf(k.unwrapDataKey(generated.wrapped, { org: 'ctx-org', keyRef: 'ref-two' }))).toBe(
      'DECRYPT_FAILED',
    );
    const unwrapped = await k.unwrapDataKey(generated.wrapped, { org: 'ctx-org', keyRef: 'ref-one' });
    expect(Buffer.from(unwrapped).equals(Buffer.from(generated.plaintext))).toBe(true);
    await k.generateDataKey({ org: 'ctx-org-2', keyRef: 'x' });
    // Same blob presented as another org's: KMS refuses (IncorrectKeyException), mapped to DECRYPT_FAILED.
    expect(await codeOf(k.unwrapDataKey(generated.wrapped, { org: 'ctx-org-2', keyRef: 'ref-one' }))).toBe(
      'DECRYPT_FAILED',
    );
  });

  it('grants use ReEncrypt, so the shared key never leaves KMS in plaintext', async () => {
    const envelope = createEnvelope({ keyring: keyring(), store: new MemoryDekStore() });
    const sealed = await envelope.seal(slot('owner-org'), 'shared body', { resource: 'proc' });
    const before = kms.count('ReEncrypt');
    await envelope.grant(sealed, 'guest-org');
    expect(kms.count('ReEncrypt') - before).toBe(1);
    expect(await envelope.openText(sealed, slot('owner-org'), { purpose: 'p', as: 'guest-org' })).toBe(
      'shared body',
    );
  });

  it('shred disables the key at once and schedules deletion with the given window; later opens fail typed', async () => {
    const store = new MemoryDekStore();
    const envelope = createEnvelope({ keyring: keyring(), store });
    const sealed = await envelope.seal(slot('doomed'), 'v');
    const before = { dis: kms.count('DisableKey'), del: kms.count('ScheduleKeyDeletion') };
    await envelope.shred('doomed', { deletionWindowDays: 7 });
    expect(kms.count('DisableKey') - before.dis).toBe(1);
    expect(kms.count('ScheduleKeyDeletion') - before.del).toBe(1);
    expect(kms.keyState(aliasFor('doomed'))).toBe('PendingDeletion');
    expect(await codeOf(envelope.open(sealed, slot('doomed'), { purpose: 'p' }))).toBe('ORG_SHREDDED');
    // Another store that never saw the tombstone still cannot use the key: KMS refuses it.
    const stale = createEnvelope({ keyring: keyring(), store: new MemoryDekStore() });
    expect(await codeOf(stale.seal(slot('doomed'), 'v'))).toBe('KEY_PENDING_DELETION');
    await envelope.shred('doomed', { deletionWindowDays: 7 }); // idempotent
  });

  it('maps KMS failures to stable codes: throttling, internal failure, outage, disabled key', async () => {
    const envelope = createEnvelope({ keyring: keyring(), store: new MemoryDekStore() });
    await envelope.seal(slot('flaky'), 'v');
    kms.failNext('GenerateDataKey', 1, 'throttle');
    expect(await codeOf(envelope.rotate('flaky'))).toBe('KMS_THROTTLED');
    kms.failNext('GenerateDataKey', 1, 'internal');
    expect(await codeOf(envelope.rotate('flaky'))).toBe('KMS_UNAVAILABLE');
    // Nothing half-written: the previous key is still active and usable.
    expect(
      await envelope.openText(await envelope.seal(slot('flaky'), 'still'), slot('flaky'), { purpose: 'p' }),
    ).toBe('still');
    const down = createEnvelope({
      keyring: keyring({ endpoint: 'http://127.0.0.1:9' }),
      store: new MemoryDekStore(),
    });
    expect(await codeOf(down.seal(slot('flaky'), 'v'))).toBe('KMS_UNAVAILABLE');
    const k = keyring();
    const g = await k.generateDataKey({ org: 'disabled-org', keyRef: 'r' });
    const client = await k.client();
    const { DisableKeyCommand } = await import('@aws-sdk/client-kms');
    await client.send(new DisableKeyCommand({ KeyId: aliasFor('disabled-org') }));
    expect(await codeOf(k.unwrapDataKey(g.wrapped, { org: 'disabled-org', keyRef: 'r' }))).toBe(
      'KEY_DISABLED',
    );
  });

  it('the SDK retries a throttled call when the client allows retries', async () => {
    const envelope = createEnvelope({ keyring: keyring({ maxAttempts: 3 }), store: new MemoryDekStore() });
    kms.failNext('DescribeKey', 1, 'throttle');
    expect(
      await envelope.openText(await envelope.seal(slot('retry-org'), 'v'), slot('retry-org'), {
        purpose: 'p',
      }),
    ).toBe('v');
  }, 15_000);

  it('aliasFor keeps org ids and hashes apart, and the FIPS option reaches the client', async () => {
    expect(aliasFor('acme')).toBe('alias/airlock/org/acme');
    expect(aliasFor('acme corp/1')).toMatch(/^alias\/airlock\/sha256\/[0-9a-f]{32}$/);
    const fips = new AwsKmsKeyring({ useFipsEndpoint: true, clientConfig: { region: 'us-east-1' } });
    expect(await (await fips.client()).config.useFipsEndpoint()).toBe(true);
  });

  it("airlock/envelope's modules import nothing from AWS at load time (only types and a dynamic import)", () => {
    const dir = join(import.meta.dirname, '../../src/envelope');
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      const text = readFileSync(join(dir, file), 'utf8');
      for (const line of text
        .split('\n')
        .filter((l) => l.includes('@aws-sdk') || l.includes('@aws-crypto'))) {
        const ok =
          /^import type /.test(line) ||
          /await import\('@aws-sdk\/client-kms'\)/.test(line) ||
          /typeof import\(/.test(line) ||
          /^\s*(\*|\/\/)/.test(line) ||
          /needs the optional peer/.test(line);
        expect(ok, `${file}: ${line}`).toBe(true);
      }
    }
  });
});
