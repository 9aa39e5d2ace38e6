import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { withFileLock } from '../../src/envelope/file-lock.js';
import type { DekRecord, Slot } from '../../src/envelope/index.js';
import { createEnvelope, FileDekStore, LocalKeyring, parseSealed } from '../../src/envelope/index.js';
import { codeOf, collectLines, nextLine, rootKeyB64, spawnWorker, tempDir } from './support/helpers.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function workspace() {
  const t = tempDir();
  cleanups.push(t.cleanup);
  const rootKey = rootKeyB64();
  const env = { AIRLOCK_ROOT_KEY: rootKey };
  const make = () =>
    createEnvelope({
      keyring: new LocalKeyring({ dir: t.dir, env }),
      store: new FileDekStore({ dir: t.dir }),
      rotation: { reserveBlock: 8 },
    });
  return { dir: t.dir, env, make };
}

type Sealed = { sealed: string; slot: Slot; plaintext: string };
const readStore = (dir: string) =>
  JSON.parse(readFileSync(join(dir, 'deks.json'), 'utf8')) as { deks: Record<string, DekRecord> };

describe('FileDekStore', () => {
  it('persists keys: a new process-like instance opens what another sealed', async () => {
    const w = workspace();
    const slot = { org: 'acme', table: 't', record: 'r', field: 'f' };
    const sealed = await w.make().seal(slot, 'persisted');
    expect(await w.make().openText(sealed, slot, { purpose: 'p' })).toBe('persisted');
  });

  it('a corrupt store file fails with STORE_CORRUPT instead of being trusted or overwritten', async () => {
    const w = workspace();
    const slot = { org: 'acme', table: 't', record: 'r', field: 'f' };
    const sealed = await w.make().seal(slot, 'v');
    writeFileSync(join(w.dir, 'deks.json'), '{"v":1,"deks":');
    expect(await codeOf(w.make().open(sealed, slot, { purpose: 'p' }))).toBe('STORE_CORRUPT');
    expect(await codeOf(w.make().seal(slot, 'v'))).toBe('STORE_CORRUPT');
    expect(readFileSync(join(w.dir, 'deks.json'), 'utf8')).toBe('{"v":1,"deks":');
  });

  it('a lock left by a dead process is recovered; a lock held by a live one is waited for', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const lock = join(t.dir, 'x.lock');
    // pid 2^22+1 is above Linux's default pid_max, so it is never alive.
    writeFileSync(lock, `${2 ** 22 + 1} ${Date.now()} deadbeef`);
    expect(await withFileLock(lock, () => 'ran')).toBe('ran');
    expect(existsSync(lock)).toBe(false);
    writeFileSync(lock, `${process.pid} ${Date.now()} other-holder`);
    expect(await codeOf(withFileLock(lock, () => 'never', { timeoutMs: 150 }))).toBe('STORE_LOCK_TIMEOUT');
    writeFileSync(lock, `${process.pid} ${Date.now() - 60_000} old-holder`);
    expect(await withFileLock(lock, () => 'stale by age', { staleMs: 30_000 })).toBe('stale by age');
  });

  it('two processes rotating the same org at the same moment, many times: every field opens and no reference maps to two keys', async () => {
    const w = workspace();
    await w.make().rotate('acme'); // root key and org KEK exist before the race
    const startAt = Date.now() + 1500;
    const count = 40;
    const runs = await Promise.all(
      ['a', 'b'].map((tag) =>
        collectLines(spawnWorker('rotate-and-seal', { dir: w.dir, org: 'acme', count, startAt, tag }, w.env)),
      ),
    );
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    const sealed = runs.flatMap((r) =>
      r.lines.filter((l): l is Sealed => typeof (l as Sealed).sealed === 'string'),
    );
    expect(sealed).toHaveLength(2 * count);
    const reader = w.make();
    for (const s of sealed)
      expect(await reader.openText(s.sealed, s.slot, { purpose: 'verify' })).toBe(s.plaintext);
    // Versions are handed out by compare-and-set: each appears once, with no gaps.
    const deks = Object.values(readStore(w.dir).deks).filter((d) => d.org === 'acme');
    const versions = deks.map((d) => d.version).sort((x, y) => x - y);
    expect(versions).toEqual(versions.map((_, i) => i + 1));
    expect(deks.filter((d) => d.state === 'active')).toHaveLength(1);
    const wraps = new Set(deks.map((d) => d.wraps.acme!.wrapped));
    expect(wraps.size).toBe(deks.length);
    const used = new Set(sealed.map((s) => parseSealed(s.sealed).keyRef));
    for (const ref of used) expect(deks.some((d) => d.keyRef === ref)).toBe(true);
  }, 60_000);

  it('a process killed at any point of rotation leaves every field it reported openable', async () => {
    const w = workspace();
    await w.make().rotate('acme');
    const reported: Sealed[] = [];
    for (const [i, delay] of [350, 600, 900].entries()) {
      const child = spawnWorker(
        'rotate-and-seal',
        { dir: w.dir, org: 'acme', count: 10_000, startAt: 0, tag: `k${i}` },
        w.env,
      );
      const done = collectLines(child);
      // Kill only once the worker is sealing, so the kill lands mid-rotation loop.
      await nextLine(child);
      await new Promise((r) => setTimeout(r, delay));
      child.kill('SIGKILL');
      const { lines } = await done;
      reported.push(...lines.filter((l): l is Sealed => typeof (l as Sealed).sealed === 'string'));
    }
    expect(reported.length).toBeGreaterThan(3);
    const reader = w.make();
    for (const s of reported)
      expect(await reader.openText(s.sealed, s.slot, { purpose: 'verify' })).toBe(s.plaintext);
    // The store stays writable: a lock left by a killed worker is recovered by pid liveness.
    await reader.rotate('acme');
  }, 60_000);

  it('after shred, nothing of the org opens in another process, even one holding the keys in its cache', async () => {
    const w = workspace();
    const env = w.make();
    const items: { sealed: string; slot: Slot }[] = [];
    for (let i = 0; i < 4; i++) {
      const slot = { org: 'acme', table: 't', record: `r${i}`, field: 'f' };
      items.push({ sealed: await env.seal(slot, `v${i}`), slot });
      if (i === 1) await env.rotate('acme');
    }
    const child = spawnWorker('open-on-demand', { dir: w.dir, org: 'acme', sealed: items }, w.env);
    const done = collectLines(child);
    expect(await nextLine(child)).toEqual({ ready: true });
    child.stdin.write('open\n');
    expect(await nextLine(child)).toEqual({ results: ['ok:v0', 'ok:v1', 'ok:v2', 'ok:v3'] });
    await env.shred('acme', { deletionWindowDays: 7 });
    child.stdin.write('open\n');
    expect(await nextLine(child)).toEqual({ results: Array(4).fill('err:ORG_SHREDDED') });
    child.stdin.end('exit\n');
    await done;
    // A fresh process sees the same.
    const fresh = spawnWorker('open-on-demand', { dir: w.dir, org: 'acme', sealed: items }, w.env);
    const freshDone = collectLines(fresh);
    await nextLine(fresh);
    fresh.stdin.write('open\n');
    expect(await nextLine(fresh)).toEqual({ results: Array(4).fill('err:ORG_SHREDDED') });
    fresh.stdin.end('exit\n');
    await freshDone;
    expect(Object.values(readStore(w.dir).deks).filter((d) => d.org === 'acme')).toHaveLength(0);
  }, 60_000);
});
