/**
 * The durable JSONL file sink: one canonical entry per line, each batch written then `fdatasync`ed
 * before it is acknowledged (group commit: the log batches everything recorded while a sync runs).
 * After a crash the file may end in a torn line (no newline): it was never acknowledged, so `load`
 * cuts it off before anything new is appended, and the tree continues from the last complete line.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, constants, openSync, readFileSync, writeFileSync } from 'node:fs';
import { type FileHandle, open, readFile, truncate } from 'node:fs/promises';
import { dirname } from 'node:path';
import { RemoteError, UsageError } from '../errors.js';
import { fsyncDir, unlinkQuiet } from '../internal/durable-file.js';
import type { AuditSink } from './sink.js';

/** Options of `createFileSink`. */
export interface FileSinkOptions {
  /**
   * `'datasync'` (default) syncs every batch before acknowledging it. `'none'` only writes to the OS
   * cache: faster, and loses acknowledged entries if the machine (not just the process) crashes.
   */
  readonly sync?: 'datasync' | 'none';
}

/** A sink over a JSONL file. `tornBytes` tells how many bytes of a torn tail `load` cut off. */
export interface FileSink extends AuditSink {
  readonly path: string;
  readonly tornBytes: number;
}

/**
 * A durable JSONL sink. One writer per file: the sink holds `<path>.lock` (created with O_EXCL, naming
 * its pid) from its first read or write until `close`, and a second writer, in this process or another,
 * fails with `AUDIT_LOG_LOCKED` instead of interleaving lines. A lock whose process is gone is taken over.
 * @example
 * const log = createAuditLog({ sink: createFileSink('/var/log/airlock/audit.jsonl') })
 */
export function createFileSink(path: string, options: FileSinkOptions = {}): FileSink {
  const sync = options.sync ?? 'datasync';
  let handle: FileHandle | undefined;
  let failed: unknown;
  let tornBytes = 0;

  let lock: WriterLock | undefined;

  const ensureOpen = async (): Promise<FileHandle> => {
    if (handle !== undefined) return handle;
    lock ??= takeWriterLock(`${path}.lock`);
    // O_APPEND: every write lands at the end, whatever the file offset.
    handle = await open(path, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT, 0o640);
    if (sync !== 'none') fsyncDir(dirname(path));
    return handle;
  };

  return {
    path,
    get tornBytes() {
      return tornBytes;
    },
    async load() {
      // Take the writer lock before reading: the torn-tail repair below rewrites the file.
      lock ??= takeWriterLock(`${path}.lock`);
      let buf: Buffer;
      try {
        buf = await readFile(path);
      } catch (e) {
        if ((e as { code?: string }).code === 'ENOENT') return [];
        throw new RemoteError('AUDIT_SINK_READ_FAILED', 'could not read the audit log file', { cause: e });
      }
      const end = buf.lastIndexOf(0x0a) + 1;
      if (end < buf.length) {
        tornBytes = buf.length - end;
        await truncate(path, end);
        const fh = await open(path, 'r+');
        try {
          await fh.sync();
        } finally {
          await fh.close();
        }
      }
      await ensureOpen();
      if (end === 0) return [];
      return buf
        .subarray(0, end - 1)
        .toString('utf8')
        .split('\n');
    },
    async append(lines) {
      if (failed !== undefined) {
        throw new RemoteError('AUDIT_SINK_FAILED', 'the audit log file failed earlier', { cause: failed });
      }
      try {
        const fh = await ensureOpen();
        const data = Buffer.from(`${lines.join('\n')}\n`, 'utf8');
        let off = 0;
        while (off < data.length) off += (await fh.write(data, off, data.length - off)).bytesWritten;
        // Never retry a failed sync: the kernel may have dropped the dirty pages (fsyncgate).
        if (sync === 'datasync') await fh.datasync();
      } catch (e) {
        failed = e;
        throw new RemoteError('AUDIT_SINK_FAILED', 'could not append to the audit log file', { cause: e });
      }
    },
    async close() {
      const fh = handle;
      handle = undefined;
      try {
        if (fh !== undefined) await fh.close();
      } finally {
        lock?.release();
        lock = undefined;
      }
    },
  };
}

interface WriterLock {
  release(): void;
}

/** Takes the exclusive writer lock of a log, taking over one left by a process that no longer runs. */
function takeWriterLock(lockPath: string): WriterLock {
  const token = `${process.pid} ${randomBytes(8).toString('hex')}\n`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx', 0o640);
      try {
        writeFileSync(fd, token);
      } finally {
        closeSync(fd);
      }
      return {
        release: () => {
          if (readLock(lockPath) === token) unlinkQuiet(lockPath);
        },
      };
    } catch (e) {
      if ((e as { code?: string }).code !== 'EEXIST') {
        throw new RemoteError('AUDIT_SINK_FAILED', 'could not create the audit log lock file', { cause: e });
      }
    }
    const holder = Number.parseInt(readLock(lockPath) ?? '', 10);
    if (Number.isInteger(holder) && holder > 0 && processAlive(holder)) break;
    // The holder crashed (or the lock file is empty or garbled): remove it and try once more.
    unlinkQuiet(lockPath);
  }
  throw new UsageError(
    'AUDIT_LOG_LOCKED',
    'another writer holds this audit log (one writer per file; see its .lock file)',
  );
}

function readLock(lockPath: string): string | undefined {
  try {
    return readFileSync(lockPath, 'utf8');
  } catch {
    return undefined;
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    return (e as { code?: string }).code === 'EPERM';
  }
}
