/**
 * Checkpoint files: written atomically (temp file, fsync, rename, fsync of the directory) so a reader
 * sees the old checkpoint or the new one, never half of one.
 */
import { open, readFile, rename } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { RemoteError } from '../errors.js';
import type { Checkpoint } from './checkpoint.js';

/**
 * Atomically replaces `path` with the checkpoint's text.
 * @example
 * await writeCheckpointFile('audit.jsonl.checkpoint', await log.checkpoint())
 */
export async function writeCheckpointFile(path: string, checkpoint: Checkpoint): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    const fh = await open(tmp, 'w', 0o644);
    try {
      await fh.writeFile(checkpoint.text, 'utf8');
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
    const dir = await open(dirname(path), 'r');
    try {
      await dir.sync().catch(() => undefined);
    } finally {
      await dir.close();
    }
  } catch (cause) {
    throw new RemoteError('AUDIT_CHECKPOINT_WRITE_FAILED', 'could not write the checkpoint file', { cause });
  }
}

/**
 * Reads a checkpoint file's text (parse it with `parseCheckpoint`, or pass it to `verifyLog`).
 * @example
 * await verifyLog(path, { checkpoint: await readCheckpointFile(`${path}.checkpoint`), publicKey })
 */
export async function readCheckpointFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (cause) {
    throw new RemoteError('AUDIT_CHECKPOINT_UNREADABLE', 'could not read the checkpoint file', { cause });
  }
}
