/**
 * Envelope encryption: seal+open of 64 B, 1 KiB, 16 KiB and 1 MiB fields with a cached data key, next to raw
 * node:crypto AES-256-GCM and @aws-crypto/client-node (raw AES keyring behind its caching materials
 * manager), measured in the same run; bytes of overhead per sealed value; and the number of
 * GenerateDataKey calls that 10,000 seals cost at the local KMS endpoint.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AlgorithmSuiteIdentifier,
  buildClient,
  CommitmentPolicy,
  getLocalCryptographicMaterialsCache,
  NodeCachingMaterialsManager,
  RawAesKeyringNode,
  RawAesWrappingSuiteIdentifier,
} from '@aws-crypto/client-node';
import {
  AwsKmsKeyring,
  createEnvelope,
  LocalKeyring,
  MemoryDekStore,
  nobleAead,
} from '../src/envelope/index.js';
import { startLocalKms } from '../test/envelope/support/kms-server.js';
import { formatNs, measure, printTable } from './harness.js';

const SIZES = [
  ['64 B', 64],
  ['1 KiB', 1024],
  ['16 KiB', 16 * 1024],
  ['1 MiB', 1024 * 1024],
] as const;

function rawGcm(key: Buffer, pt: Uint8Array, aad: Uint8Array): void {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, iv);
  c.setAAD(aad);
  const ct = Buffer.concat([c.update(pt), c.final()]);
  const tag = c.getAuthTag();
  const d = createDecipheriv('aes-256-gcm', key, iv);
  d.setAAD(aad);
  d.setAuthTag(tag);
  Buffer.concat([d.update(ct), d.final()]);
}

/** CPU time (user+system, all threads) per operation: steadier than wall time on a shared machine. */
async function cpuPerOp(fn: () => unknown, ops: number): Promise<number> {
  for (let i = 0; i < Math.min(ops, 50); i++) await fn();
  const before = process.cpuUsage();
  for (let i = 0; i < ops; i++) await fn();
  const d = process.cpuUsage(before);
  return ((d.user + d.system) * 1000) / ops;
}

function signed(ns: number): string {
  return ns < 0 ? `-${formatNs(-ns)}` : formatNs(ns);
}

export default async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'airlock-bench-'));
  const slot = { org: 'acme', table: 'devices', record: 'rtr-0001', field: 'password' };
  let events = 0;
  const audit = { record: async () => void events++ };
  const envelope = createEnvelope({
    keyring: new LocalKeyring({ dir, env: {} }),
    store: new MemoryDekStore(),
    audit,
  });
  const noble = createEnvelope({
    keyring: new LocalKeyring({ dir, env: {} }),
    store: new MemoryDekStore(),
    audit,
    aead: nobleAead,
  });

  const key = randomBytes(32);
  const aad = new Uint8Array(64);
  const { encrypt, decrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);
  const awsKeyring = new RawAesKeyringNode({
    keyName: 'bench',
    keyNamespace: 'airlock-bench',
    unencryptedMasterKey: randomBytes(32),
    wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
  });
  const cmm = new NodeCachingMaterialsManager({
    backingMaterials: awsKeyring,
    cache: getLocalCryptographicMaterialsCache(100),
    maxAge: 60_000,
    maxMessagesEncrypted: 2 ** 31,
    partition: 'bench',
  });
  const context = { org: slot.org, table: slot.table, record: slot.record, field: slot.field };

  const rows: Record<string, string | number>[] = [];
  for (const [label, size] of SIZES) {
    const pt = randomBytes(size);
    const big = size >= 1024 * 1024;
    const opts = { samples: big ? 5 : 9, warmup: 1 };
    const esdkSeal = async () => {
      const { result } = await encrypt(cmm, pt, {
        suiteId: AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY,
        encryptionContext: context,
        plaintextLength: pt.length,
      });
      await decrypt(cmm, result);
    };
    // This machine is shared: alternate the contenders over rounds and keep each one's best median, so a
    // burst of load from a neighbour does not land on one side only.
    const best = { raw: Infinity, air: Infinity, noble: Infinity, esdk: Infinity };
    for (let round = 0; round < 3; round++) {
      best.raw = Math.min(best.raw, (await measure('raw', () => rawGcm(key, pt, aad), opts)).medianNs);
      best.air = Math.min(
        best.air,
        (
          await measure(
            'airlock',
            async () => {
              const s = await envelope.sealToBytes(slot, pt);
              await envelope.open(s, slot, { purpose: 'bench' });
            },
            opts,
          )
        ).medianNs,
      );
      if (!big) {
        best.noble = Math.min(
          best.noble,
          (
            await measure(
              'airlock-noble',
              async () => {
                const s = await noble.sealToBytes(slot, pt);
                await noble.open(s, slot, { purpose: 'bench' });
              },
              opts,
            )
          ).medianNs,
        );
      }
      if (round === 0 || !big)
        best.esdk = Math.min(
          best.esdk,
          (await measure('esdk', esdkSeal, { samples: 5, warmup: 1 })).medianNs,
        );
    }
    const cpuOps = big ? 40 : size >= 16 * 1024 ? 2000 : 10_000;
    const cpuRaw = await cpuPerOp(() => rawGcm(key, pt, aad), cpuOps);
    const cpuAir = await cpuPerOp(async () => {
      const s = await envelope.sealToBytes(slot, pt);
      await envelope.open(s, slot, { purpose: 'bench' });
    }, cpuOps);
    const raw = { medianNs: best.raw };
    const air = { medianNs: best.air };
    const airNoble = big ? undefined : { medianNs: best.noble };
    const esdk = { medianNs: best.esdk };
    const sealedBytes = await envelope.sealToBytes(slot, pt);
    const sealedString = await envelope.seal(slot, pt);
    const { result: esdkMessage } = await encrypt(cmm, pt, {
      suiteId: AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY,
      encryptionContext: context,
      plaintextLength: pt.length,
    });
    const mbps = (m: { medianNs: number }) => ((2 * size) / (m.medianNs / 1e9) / 1e6).toFixed(0);
    rows.push({
      size: label,
      'raw AES-GCM': formatNs(raw.medianNs),
      airlock: formatNs(air.medianNs),
      'added/op': signed(air.medianNs - raw.medianNs),
      'airlock/raw': (air.medianNs / raw.medianNs).toFixed(2),
      'CPU raw': formatNs(cpuRaw),
      'CPU airlock': formatNs(cpuAir),
      'CPU added/op': signed(cpuAir - cpuRaw),
      'airlock (noble)': airNoble ? formatNs(airNoble.medianNs) : 'n/a',
      'aws-crypto ESDK': formatNs(esdk.medianNs),
      'esdk/airlock': (esdk.medianNs / air.medianNs).toFixed(1),
      'airlock MB/s': mbps(air),
      'raw MB/s': mbps(raw),
      'overhead B (bytes form)': sealedBytes.length - size,
      'string form B': sealedString.length,
      'esdk overhead B': esdkMessage.length - size,
    });
  }
  printTable('seal+open with a cached data key (medians; MB/s counts seal and open bytes)', rows);
  rmSync(dir, { recursive: true, force: true });

  const kms = await startLocalKms();
  try {
    const kmsEnvelope = createEnvelope({
      keyring: new AwsKmsKeyring({
        createKeys: true,
        clientConfig: {
          endpoint: kms.url,
          region: 'us-east-1',
          credentials: { accessKeyId: 'AKIDLOCALBENCH', secretAccessKey: 'local-bench-secret' },
        },
      }),
      store: new MemoryDekStore(),
    });
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < 10_000; i++) await kmsEnvelope.seal({ ...slot, record: `r${i}` }, 'x'.repeat(64));
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    printTable('10,000 seals for one org through AwsKmsKeyring (local KMS endpoint)', [
      {
        GenerateDataKey: kms.count('GenerateDataKey'),
        Decrypt: kms.count('Decrypt'),
        DescribeKey: kms.count('DescribeKey'),
        'total ms': ms.toFixed(0),
        'per seal': formatNs((ms * 1e6) / 10_000),
      },
    ]);
  } finally {
    await kms.close();
  }
}
