import { appendFileSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createAuditLog,
  createEd25519Signer,
  createFileSink,
  generateAuditKeyPair,
  readCheckpointFile,
  verifyLog,
} from '../../src/audit/index.js';
import { isAirlockError } from '../../src/errors.js';
import { sampleEvent } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'airlock-audit-file-'));
let n = 0;
const fresh = () => join(dir, `log-${++n}.jsonl`);

async function writeLog(path: string, count: number): Promise<void> {
  const log = createAuditLog({ sink: createFileSink(path) });
  await Promise.all(Array.from({ length: count }, (_, i) => log.record(sampleEvent(i))));
  await log.close();
}

describe('createFileSink', () => {
  it('appends one line per entry; the file verifies and reopening continues the tree', async () => {
    const path = fresh();
    await writeLog(path, 40);
    expect(readFileSync(path, 'utf8').split('\n')).toHaveLength(41);
    const log = createAuditLog({ sink: createFileSink(path) });
    expect((await log.append(sampleEvent(40))).index).toBe(40);
    await log.close();
    expect(await verifyLog(path)).toMatchObject({ ok: true, size: 41 });
  });

  it('a torn last line is never accepted: verify flags it, reopening cuts it and continues', async () => {
    const path = fresh();
    await writeLog(path, 5);
    const whole = readFileSync(path, 'utf8');
    const lastLine = whole.split('\n')[4]!;
    appendFileSync(path, lastLine.slice(0, 37)); // a crash mid-write of the next line
    expect(await verifyLog(path)).toMatchObject({ ok: false, index: 5, reason: 'TORN_TAIL' });
    expect(await verifyLog(path, { allowTornTail: true })).toMatchObject({
      ok: true,
      size: 5,
      tornBytes: 37,
    });
    const sink = createFileSink(path);
    const log = createAuditLog({ sink });
    expect((await log.append(sampleEvent(5))).index).toBe(5);
    expect(sink.tornBytes).toBe(37);
    await log.close();
    expect(await verifyLog(path)).toMatchObject({ ok: true, size: 6 });
    expect(readFileSync(path, 'utf8').startsWith(whole)).toBe(true);
  });

  it('a complete but corrupt stored line stops the log from appending, and the file is left as it was', async () => {
    const path = fresh();
    await writeLog(path, 3);
    const text = readFileSync(path, 'utf8').replace('"outputBytes":0', '"outputBytes":1');
    writeFileSync(path, text);
    const log = createAuditLog({ sink: createFileSink(path) });
    let caught: unknown;
    await log.record(sampleEvent(3)).catch((e) => {
      caught = e;
    });
    expect(isAirlockError(caught, 'AUDIT_LOG_CORRUPT')).toBe(true);
    expect(readFileSync(path, 'utf8')).toBe(text);
  });

  it('writes a signed checkpoint file every N entries and on close', async () => {
    const path = fresh();
    const kp = generateAuditKeyPair();
    const cpPath = `${path}.checkpoint`;
    const log = createAuditLog({
      sink: createFileSink(path),
      signer: createEd25519Signer(kp.privateKeyPem),
      checkpointFile: { path: cpPath, every: 10 },
      org: 'acme',
    });
    for (let i = 0; i < 25; i++) await log.record(sampleEvent(i));
    expect(await readCheckpointFile(cpPath)).toMatch(/^airlock-audit-checkpoint\/v1\norigin acme\nsize 20\n/);
    await log.close();
    const text = await readCheckpointFile(cpPath);
    expect(text).toContain('size 25\n');
    expect(await verifyLog(path, { checkpoint: text, publicKey: kp.publicKeyPem })).toMatchObject({
      ok: true,
      signedSize: 25,
    });
  });

  it('a failed checkpoint write keeps the durable entries acknowledged and stops the log', async () => {
    const path = fresh();
    const kp = generateAuditKeyPair();
    const log = createAuditLog({
      sink: createFileSink(path),
      signer: createEd25519Signer(kp.privateKeyPem),
      checkpointFile: { path: join(dir, 'no-such-dir', 'cp'), every: 1 },
    });
    const first = await log.append(sampleEvent(0));
    expect(first.index).toBe(0);
    let caught: unknown;
    await log.record(sampleEvent(1)).catch((e) => {
      caught = e;
    });
    expect(isAirlockError(caught, 'AUDIT_SINK_FAILED')).toBe(true);
    expect(await verifyLog(path)).toMatchObject({ ok: true, size: 1 });
  });

  it("sync: 'none' still writes complete lines", async () => {
    const path = fresh();
    const log = createAuditLog({ sink: createFileSink(path, { sync: 'none' }) });
    await log.record(sampleEvent(0));
    await log.close();
    expect(statSync(path).size).toBeGreaterThan(0);
    expect(await verifyLog(path)).toMatchObject({ ok: true, size: 1 });
  });
});
