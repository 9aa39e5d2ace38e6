/**
 * Checkpoint files: written atomically (temp file, fsync, rename, fsync of the directory) so a reader
 * sees the old checkpoint or the new one, never half of one.
 */
import { readFile } from 'node:fs/promises';
import { RemoteError } from '../errors.js';
import { writeFileAtomic } from '../internal/durable-file.js';
import type { Checkpoint } from './checkpoint.js';

/**
 * Atomically replaces `path` with the checkpoint's text.
 * @example
 * await writeCheckpointFile('audit.jsonl.checkpoint', await log.checkpoint())
 */
export async function writeCheckpointFile(path: string, checkpoint: Checkpoint): Promise<void> {
  try {
    writeFileAtomic(path, checkpoint.text, 0o644);
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
