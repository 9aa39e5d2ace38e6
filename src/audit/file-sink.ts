/**
 * The durable JSONL file sink: one canonical entry per line, each batch written then `fdatasync`ed
 * before it is acknowledged (group commit: the log batches everything recorded while a sync runs).
 * After a crash the file may end in a torn line (no newline): it was never acknowledged, so `load`
 * cuts it off before anything new is appended, and the tree continues from the last complete line.
 */
import { constants } from 'node:fs';
import { type FileHandle, open, readFile, truncate } from 'node:fs/promises';
import { dirname } from 'node:path';
import { RemoteError } from '../errors.js';
import { fsyncDir } from '../internal/durable-file.js';
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
 * A durable JSONL sink. One writer per file: two processes appending to one log corrupt it.
 * @example
 * const log = createAuditLog({ sink: createFileSink('/var/log/airlock/audit.jsonl') })
 */
export function createFileSink(path: string, options: FileSinkOptions = {}): FileSink {
  const sync = options.sync ?? 'datasync';
  let handle: FileHandle | undefined;
  let failed: unknown;
  let tornBytes = 0;

  const ensureOpen = async (): Promise<FileHandle> => {
    if (handle !== undefined) return handle;
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
      if (fh !== undefined) await fh.close();
    },
  };
}
