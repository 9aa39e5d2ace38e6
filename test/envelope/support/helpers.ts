/** Shared test helpers: a plain-object keyring, an audit recorder that keeps events, temp dirs, workers. */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AuditEventInput } from '../../../src/audit/events.js';
import type { DataKeyContext, Keyring } from '../../../src/envelope/ports.js';

export interface TestKeyring extends Keyring {
  calls: Record<string, number>;
  shredded: Set<string>;
}

/** A keyring as a plain object: per-org KEKs in memory, AES-GCM wraps bound to org and keyRef. */
export function memoryKeyring(): TestKeyring {
  const keks = new Map<string, Buffer>();
  const calls: Record<string, number> = { generate: 0, unwrap: 0, rewrap: 0, shred: 0 };
  const shredded = new Set<string>();
  const kek = (org: string) => {
    if (shredded.has(org)) throw Object.assign(new Error('shredded'), { code: 'KEY_PENDING_DELETION' });
    const k = keks.get(org) ?? randomBytes(32);
    keks.set(org, k);
    return k;
  };
  const aad = (c: DataKeyContext) => Buffer.from(JSON.stringify([c.org, c.keyRef]));
  const wrap = (dek: Uint8Array, c: DataKeyContext) => {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', kek(c.org), iv).setAAD(aad(c));
    return new Uint8Array(Buffer.concat([iv, cipher.update(dek), cipher.final(), cipher.getAuthTag()]));
  };
  const unwrap = (w: Uint8Array, c: DataKeyContext) => {
    const d = createDecipheriv('aes-256-gcm', kek(c.org), w.subarray(0, 12)).setAAD(aad(c));
    d.setAuthTag(w.subarray(w.length - 16));
    return new Uint8Array(Buffer.concat([d.update(w.subarray(12, w.length - 16)), d.final()]));
  };
  return {
    id: 'test',
    calls,
    shredded,
    async generateDataKey(c) {
      calls.generate!++;
      const plaintext = new Uint8Array(randomBytes(32));
      return { plaintext, wrapped: wrap(plaintext, c) };
    },
    async unwrapDataKey(w, c) {
      calls.unwrap!++;
      return unwrap(w, c);
    },
    async rewrapDataKey(w, from, to) {
      calls.rewrap!++;
      return wrap(unwrap(w, from), to);
    },
    async shred(org) {
      calls.shred!++;
      shredded.add(org);
      keks.delete(org);
    },
  };
}

/** An AuditRecorder that keeps every event. */
export function memoryRecorder() {
  const events: AuditEventInput[] = [];
  return {
    events,
    record: async (e: AuditEventInput) => {
      events.push(e);
    },
    types: () => events.map((e) => e.type),
  };
}

export function tempDir(prefix = 'airlock-envelope-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', '..');

/** Spawns `support/worker.ts` in a second Node process (`node --import tsx`). */
export function spawnWorker(
  command: string,
  args: unknown,
  env: Record<string, string>,
): ChildProcessWithoutNullStreams {
  return spawn(
    process.execPath,
    ['--import', 'tsx', join(here, 'worker.ts'), command, JSON.stringify(args)],
    {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: 'pipe',
    },
  );
}

/** Collects a worker's JSON lines until it exits. */
export function collectLines(
  child: ChildProcessWithoutNullStreams,
): Promise<{ lines: unknown[]; code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    let out = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('close', (code) => {
      const lines = out
        .split('\n')
        .filter((l) => l.trim().length > 0)
        .flatMap((l) => {
          try {
            return [JSON.parse(l) as unknown];
          } catch {
            return []; // a line cut by SIGKILL
          }
        });
      resolve({ lines, code, stderr });
    });
  });
}

/** Waits for the next JSON line from a long-running worker. */
export function nextLine(child: ChildProcessWithoutNullStreams): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let buf = '';
    const onData = (d: Buffer) => {
      buf += d.toString();
      const nl = buf.indexOf('\n');
      if (nl >= 0) {
        child.stdout.off('data', onData);
        child.off('close', onClose);
        resolve(JSON.parse(buf.slice(0, nl)));
      }
    };
    const onClose = () => reject(new Error('worker exited'));
    child.stdout.on('data', onData);
    child.on('close', onClose);
  });
}

export const rootKeyB64 = () => randomBytes(32).toString('base64');

/** Expects `p` to reject with an Airlock error of `code`, and returns it. */
export async function codeOf(p: Promise<unknown> | (() => unknown)): Promise<string> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    return (e as { code?: string }).code ?? `non-airlock:${String(e)}`;
  }
  return 'NO_ERROR';
}
