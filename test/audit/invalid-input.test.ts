// Invalid input against every public function of airlock/audit: a typed error (or a "no" as data),
// never a crash, never the input's value in the message.
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  auditKeyId,
  createAuditLog,
  createEd25519Signer,
  createFileSink,
  createMemorySink,
  formatCheckpointBody,
  generateAuditKeyPair,
  loadAuditPublicKey,
  parseCheckpoint,
  parseLine,
  signCheckpoint,
  verifyLog,
  verifyLogText,
  writeAuditKeyPair,
} from '../../src/audit/index.js';
import { isAirlockError } from '../../src/errors.js';

const SECRET = 'hunter2-super-secret';

async function codeOf(fn: () => unknown): Promise<string | undefined> {
  try {
    await fn();
  } catch (e) {
    expect(isAirlockError(e), String(e)).toBe(true);
    expect((e as Error).message).not.toContain(SECRET);
    return (e as { code: string }).code;
  }
  return undefined;
}

describe('invalid input is refused with typed errors that never echo the value', () => {
  const kp = generateAuditKeyPair();
  const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
  const body = {
    origin: 'acme',
    size: 1,
    root: 'a'.repeat(64),
    time: '2026-11-26T20:00:00.000Z',
    keyId: kp.keyId,
  };

  it.each([
    [
      'createEd25519Signer(garbage PEM)',
      () => createEd25519Signer(`-----BEGIN PRIVATE KEY-----\n${SECRET}\n`),
      'AUDIT_BAD_KEY',
    ],
    ['createEd25519Signer(RSA key)', () => createEd25519Signer(rsa.privateKey), 'AUDIT_BAD_KEY'],
    [
      'createEd25519Signer(public key)',
      () => createEd25519Signer(loadAuditPublicKey(kp.publicKeyPem)),
      'AUDIT_BAD_KEY',
    ],
    ['loadAuditPublicKey(garbage)', () => loadAuditPublicKey(SECRET), 'AUDIT_BAD_KEY'],
    ['loadAuditPublicKey(RSA key)', () => loadAuditPublicKey(rsa.publicKey), 'AUDIT_BAD_KEY'],
    ['auditKeyId(garbage)', () => auditKeyId(SECRET), 'AUDIT_BAD_KEY'],
    [
      'formatCheckpointBody(bad origin)',
      () => formatCheckpointBody({ ...body, origin: `a\n${SECRET}` }),
      'AUDIT_BAD_ORIGIN',
    ],
    [
      'formatCheckpointBody(bad size)',
      () => formatCheckpointBody({ ...body, size: -1 }),
      'AUDIT_OUT_OF_RANGE',
    ],
    [
      'formatCheckpointBody(bad root)',
      () => formatCheckpointBody({ ...body, root: SECRET }),
      'AUDIT_BAD_CHECKPOINT',
    ],
    [
      'signCheckpoint(bad time)',
      () => signCheckpoint({ ...body, time: SECRET }, createEd25519Signer(kp.privateKeyPem)),
      'AUDIT_BAD_CHECKPOINT',
    ],
    ['verifyLog(number)', () => verifyLog(42 as never), 'AUDIT_BAD_SOURCE'],
    ['verifyLog(missing file)', () => verifyLog('/nonexistent/airlock/audit.jsonl'), 'AUDIT_LOG_UNREADABLE'],
    ['verifyLogText(number)', () => verifyLogText(42 as never), 'AUDIT_BAD_SOURCE'],
    [
      'verifyLog(checkpoint without key)',
      () => verifyLog([], { checkpoint: 'x' }),
      'AUDIT_CHECKPOINT_NEEDS_KEY',
    ],
    [
      'verifyLog(key without checkpoint)',
      () => verifyLog([], { publicKey: kp.publicKeyPem }),
      'AUDIT_CHECKPOINT_NEEDS_KEY',
    ],
    ['verifyLog(bad key)', () => verifyLog([], { checkpoint: 'x', publicKey: SECRET }), 'AUDIT_BAD_KEY'],
    ['createAuditLog(no sink)', () => createAuditLog({} as never), 'AUDIT_BAD_SINK'],
    [
      'createAuditLog(checkpointFile without signer)',
      () => createAuditLog({ sink: createMemorySink(), checkpointFile: { path: '/tmp/x' } }),
      'AUDIT_NO_SIGNER',
    ],
    [
      'createAuditLog(non-ASCII origin with a signer)',
      () =>
        createAuditLog({
          sink: createMemorySink(),
          org: 'société',
          signer: createEd25519Signer(kp.privateKeyPem),
        }),
      'AUDIT_BAD_ORIGIN',
    ],
    [
      'writeAuditKeyPair(unwritable)',
      () => writeAuditKeyPair('/nonexistent/dir/key'),
      'AUDIT_KEY_WRITE_FAILED',
    ],
    [
      'file sink on a directory',
      () => createAuditLog({ sink: createFileSink('/') }).ready(),
      'AUDIT_SINK_READ_FAILED',
    ],
  ])('%s', async (_name, fn, code) => {
    expect(await codeOf(fn)).toBe(code);
  });

  it('parseLine and parseCheckpoint answer garbage with a fault, never a throw', () => {
    for (const line of [
      '',
      '{',
      '[]',
      'null',
      '{"chain":1,"entry":{}}',
      `{"chain":"${'0'.repeat(64)}","entry":"${SECRET}"}`,
    ]) {
      const p = parseLine(line);
      expect(p.ok).toBe(false);
      if (!p.ok) expect(p.message).not.toContain(SECRET);
    }
    for (const text of ['', SECRET, `airlock-audit-checkpoint/v1\n${SECRET}`]) {
      const p = parseCheckpoint(text);
      expect(p.ok).toBe(false);
      if (!p.ok) expect(p.message).not.toContain(SECRET);
    }
  });
});
