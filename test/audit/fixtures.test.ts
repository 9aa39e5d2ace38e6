// The v1 formats are frozen: these files were written by v1 and must verify (or fail) the same forever.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseCheckpoint, parseLine, verifyCheckpointSignature, verifyLog } from '../../src/audit/index.js';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const read = (f: string) => readFileSync(join(dir, f), 'utf8');
const publicKey = read('v1-signer.pub');
const checkpoint = read('v1-log.checkpoint');
const ROOT = '47e3b052ecf09c1f5990d2621d7be0665ad322ec9f97ca90a8d1966a09f1e359';

describe('v1 fixtures', () => {
  it('the v1 log verifies against its v1 checkpoint, with the same root as when it was written', async () => {
    expect(await verifyLog(join(dir, 'v1-log.jsonl'), { checkpoint, publicKey })).toEqual({
      ok: true,
      size: 6,
      root: ROOT,
      signedSize: 6,
      tornBytes: 0,
    });
  });

  it('the v1 entry format parses to the documented fields', () => {
    const first = read('v1-log.jsonl').split('\n')[0]!;
    const p = parseLine(first);
    expect(p.ok).toBe(true);
    if (p.ok) {
      expect(p.entry).toMatchObject({
        v: 1,
        index: 0,
        event: { v: 1, id: 'ev-1', type: 'command.executed' },
      });
      expect(p.chainHex).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('the v1 checkpoint format parses and its signature verifies', () => {
    const p = parseCheckpoint(checkpoint);
    expect(p.ok).toBe(true);
    if (p.ok) {
      expect(p.checkpoint).toMatchObject({
        origin: 'acme-prod',
        size: 6,
        root: ROOT,
        time: '2026-11-26T20:00:07.000Z',
      });
      expect(verifyCheckpointSignature(p.checkpoint, publicKey)).toBe('ok');
    }
  });

  it.each([
    ['neg-truncated.jsonl', 5, 'TORN_TAIL'],
    ['neg-future-entry-version.jsonl', 2, 'FUTURE_VERSION'],
    ['neg-future-event-version.jsonl', 2, 'FUTURE_VERSION'],
    ['neg-wrong-types.jsonl', 1, 'SCHEMA'],
    ['neg-index-as-string.jsonl', 0, 'SCHEMA'],
  ])('negative log fixture %s fails at entry %i with %s', async (file, index, reason) => {
    expect(await verifyLog(join(dir, file))).toMatchObject({ ok: false, index, reason });
  });

  it.each([
    ['neg-checkpoint-future.checkpoint', 'CHECKPOINT_FUTURE_VERSION'],
    ['neg-checkpoint-truncated.checkpoint', 'CHECKPOINT_MALFORMED'],
    ['neg-checkpoint-wrong-types.checkpoint', 'CHECKPOINT_MALFORMED'],
  ])('negative checkpoint fixture %s is rejected as %s', async (file, reason) => {
    expect(parseCheckpoint(read(file))).toMatchObject({ ok: false, fault: reason });
    expect(await verifyLog(join(dir, 'v1-log.jsonl'), { checkpoint: read(file), publicKey })).toMatchObject({
      ok: false,
      index: null,
      reason,
    });
  });

  it('malformed checkpoint texts are rejected, never thrown on', () => {
    const bad = [
      '',
      'airlock-audit-checkpoint/v1\n',
      checkpoint.replace('\n\nsig', '\nsig'),
      checkpoint.replace('origin acme-prod', 'origin '),
      checkpoint.replace('size 6', 'size 06'),
      checkpoint.replace('size 6', 'size -6'),
      checkpoint.replace(ROOT, ROOT.toUpperCase()),
      checkpoint.replace('time 2026-11-26T20:00:07.000Z', 'time yesterday'),
      `${checkpoint}extra\n`,
      checkpoint.replaceAll('\n', '\r\n'),
      checkpoint.replace(/sig .*/, 'sig !!!'),
    ];
    for (const text of bad) expect(parseCheckpoint(text).ok, JSON.stringify(text)).toBe(false);
    expect(parseCheckpoint(42 as unknown as string).ok).toBe(false);
  });
});
