/**
 * The file store's cross-process lock, built on `O_EXCL` create. A lock left by a crashed process is
 * recovered when its pid is gone or it is older than `staleMs`; stealing goes through a second O_EXCL
 * guard file so two waiters cannot both steal and then both hold the lock.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { unlinkQuiet } from '../internal/durable-file.js';
import { EnvelopeErrorCode, kmsError } from './errors.js';

export interface FileLockOptions {
  /** Give up after this long (default 10 s). */
  readonly timeoutMs?: number;
  /** A lock older than this is stale even if its pid looks alive (default 30 s). */
  readonly staleMs?: number;
}

const queues = new Map<string, Promise<unknown>>();

/**
 * Runs `fn` while holding the lock at `lockPath`: one holder at a time across processes, and callers in
 * the same process queue instead of spinning on the file.
 */
export function withFileLock<T>(lockPath: string, fn: () => T, options: FileLockOptions = {}): Promise<T> {
  const prev = queues.get(lockPath) ?? Promise.resolve();
  const run = prev.then(
    () => locked(lockPath, fn, options),
    () => locked(lockPath, fn, options),
  );
  const tail = run.catch(() => undefined);
  queues.set(lockPath, tail);
  void tail.then(() => {
    if (queues.get(lockPath) === tail) queues.delete(lockPath);
  });
  return run;
}

async function locked<T>(lockPath: string, fn: () => T, options: FileLockOptions): Promise<T> {
  const token = await acquire(lockPath, options.timeoutMs ?? 10_000, options.staleMs ?? 30_000);
  try {
    return fn();
  } finally {
    release(lockPath, token);
  }
}

async function acquire(lockPath: string, timeoutMs: number, staleMs: number): Promise<string> {
  const token = `${process.pid} ${Date.now()} ${randomBytes(8).toString('hex')}`;
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx', 0o600);
      try {
        writeFileSync(fd, token);
      } finally {
        closeSync(fd);
      }
      return token;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    if (isStale(lockPath, staleMs)) steal(lockPath, staleMs);
    if (Date.now() > deadline) {
      throw kmsError(EnvelopeErrorCode.STORE_LOCK_TIMEOUT, `store lock not acquired within ${timeoutMs} ms`);
    }
    await sleep(Math.min(1 + Math.random() * 2 ** Math.min(attempt, 5), 25));
  }
}

function readToken(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function isStale(lockPath: string, staleMs: number): boolean {
  const token = readToken(lockPath);
  if (token === undefined) return false;
  const [pidText, timeText] = token.split(' ');
  const pid = Number(pidText);
  const time = Number(timeText);
  if (!Number.isInteger(pid) || !Number.isFinite(time)) {
    // Created but not yet written, or garbage: judge by the file's age.
    try {
      return Date.now() - statSync(lockPath).mtimeMs > staleMs;
    } catch {
      return false;
    }
  }
  return Date.now() - time > staleMs || !pidAlive(pid);
}

function pidAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function steal(lockPath: string, staleMs: number): void {
  const guard = `${lockPath}.steal`;
  let fd: number;
  try {
    fd = openSync(guard, 'wx', 0o600);
  } catch {
    // Another waiter is stealing; a guard left by a crash is cleared once old.
    try {
      if (Date.now() - statSync(guard).mtimeMs > 5_000) unlinkQuiet(guard);
    } catch {
      // Gone already.
    }
    return;
  }
  closeSync(fd);
  try {
    // Re-check under the guard: the lock may have been released and re-taken by a live process.
    if (isStale(lockPath, staleMs)) unlinkQuiet(lockPath);
  } finally {
    unlinkQuiet(guard);
  }
}

function release(lockPath: string, token: string): void {
  if (readToken(lockPath) === token) unlinkQuiet(lockPath);
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
