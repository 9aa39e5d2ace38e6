/**
 * Verification of a stored log: every line is parsed strictly, its index must equal its position, its
 * leaf is re-hashed into a fresh tree and the stored running root must match. A signed checkpoint then
 * pins the first `size` entries: a shorter log is truncated, a different root is a rewrite or a fork.
 * Faults are returned as data (`{ ok: false, index, reason }`); only caller misuse throws.
 */
import type { KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { RemoteError, UsageError } from '../errors.js';
import {
  type Checkpoint,
  type CheckpointFault,
  parseCheckpoint,
  verifyCheckpointSignature,
} from './checkpoint.js';
import { chainHash, type EntryFault, GENESIS_CHAIN, type LogEntry, parseLine } from './entry.js';
import { loadAuditPublicKey } from './keys.js';
import { hashLeaf, MerkleTree } from './merkle.js';

/** Stable reason codes of a failed verification. */
export type VerifyReason =
  | EntryFault
  | CheckpointFault
  | 'TORN_TAIL'
  | 'INDEX_MISMATCH'
  | 'CHAIN_MISMATCH'
  | 'TRUNCATED'
  | 'CHECKPOINT_MISMATCH'
  | 'BAD_SIGNATURE'
  | 'KEY_MISMATCH';

/** Outcome of `verifyLog`. `index` is the first bad entry, or null when the checkpoint itself is bad. */
export type VerifyResult =
  | {
      readonly ok: true;
      /** Number of valid entries. */
      readonly size: number;
      /** Tree head (hex) over all entries. */
      readonly root: string;
      /** Entries covered by the verified signed checkpoint (0 without one). */
      readonly signedSize: number;
      /** Bytes of a torn last line that were ignored (only with `allowTornTail`). */
      readonly tornBytes: number;
    }
  | {
      readonly ok: false;
      readonly index: number | null;
      readonly reason: VerifyReason;
      readonly message: string;
    };

/** Options of `verifyLog`. A checkpoint is only trusted with the public key that must have signed it. */
export interface VerifyOptions {
  /** Checkpoint text (or a parsed one) that the log must extend. Requires `publicKey`. */
  readonly checkpoint?: string | Checkpoint;
  /** Ed25519 public key (PEM or KeyObject) of the log's signer. Requires `checkpoint`. */
  readonly publicKey?: string | KeyObject;
  /** Accept (and ignore) a last line without a newline, as a crash leaves it. Default false. */
  readonly allowTornTail?: boolean;
}

/** The state a scan ends in, for the log to continue from. */
export interface ScanState {
  readonly tree: MerkleTree;
  readonly chain: Uint8Array;
  /** Tree head (hex) after `rootAt` entries, when asked for. */
  readonly rootAtHex?: string;
  readonly last?: LogEntry;
}

/**
 * Verifies a log file (path) or its lines.
 * @example
 * const r = await verifyLog('audit.jsonl', { checkpoint: cpText, publicKey: pubPem })
 * if (!r.ok) console.error(`entry ${r.index}: ${r.reason}`)
 */
export async function verifyLog(
  source: string | readonly string[],
  options: VerifyOptions = {},
): Promise<VerifyResult> {
  if (typeof source === 'string') {
    let text: string;
    try {
      text = await readFile(source, 'utf8');
    } catch (cause) {
      throw new RemoteError('AUDIT_LOG_UNREADABLE', 'could not read the audit log file', { cause });
    }
    return verifyLogText(text, options);
  }
  if (!Array.isArray(source))
    throw new UsageError('AUDIT_BAD_SOURCE', 'source expected a path or an array of lines');
  return verifyLines(source, 0, options);
}

/**
 * Verifies the text of a JSONL log (every line ends in `\n`).
 * @example
 * verifyLogText(readFileSync('audit.jsonl', 'utf8'))
 */
export function verifyLogText(text: string, options: VerifyOptions = {}): VerifyResult {
  if (typeof text !== 'string') throw new UsageError('AUDIT_BAD_SOURCE', 'text expected a string');
  const end = text.lastIndexOf('\n') + 1;
  const lines = end === 0 ? [] : text.slice(0, end - 1).split('\n');
  if (end < text.length && options.allowTornTail !== true) {
    return fail(lines.length, 'TORN_TAIL', 'the last line has no newline (torn write or cut file)');
  }
  return verifyLines(lines, text.length - end, options);
}

function verifyLines(lines: readonly string[], tornBytes: number, options: VerifyOptions): VerifyResult {
  if ((options.checkpoint === undefined) !== (options.publicKey === undefined)) {
    throw new UsageError(
      'AUDIT_CHECKPOINT_NEEDS_KEY',
      'checkpoint and publicKey go together: a checkpoint is only evidence under its signer key',
    );
  }
  let checkpoint: Checkpoint | undefined;
  if (options.checkpoint !== undefined && options.publicKey !== undefined) {
    // A key that does not load is a configuration fault, reported before any verdict on the data.
    const publicKey = loadAuditPublicKey(options.publicKey);
    const parsed =
      typeof options.checkpoint === 'string'
        ? parseCheckpoint(options.checkpoint)
        : parseCheckpoint(options.checkpoint.text);
    if (!parsed.ok) return fail(null, parsed.fault, parsed.message);
    const sig = verifyCheckpointSignature(parsed.checkpoint, publicKey);
    if (sig !== 'ok') {
      return fail(
        null,
        sig,
        sig === 'KEY_MISMATCH' ? 'checkpoint names another key' : 'checkpoint signature is invalid',
      );
    }
    checkpoint = parsed.checkpoint;
  }
  const scan = scanLines(lines, checkpoint?.size);
  if (!scan.ok) return scan.result;
  const { tree, rootAtHex } = scan.state;
  if (checkpoint !== undefined && checkpoint.size > 0) {
    if (tree.size < checkpoint.size) {
      return fail(
        tree.size,
        'TRUNCATED',
        `log has ${tree.size} entries, the checkpoint signs ${checkpoint.size}`,
      );
    }
    if (rootAtHex !== checkpoint.root) {
      return fail(checkpoint.size - 1, 'CHECKPOINT_MISMATCH', 'the log is not the one the checkpoint signs');
    }
  }
  return {
    ok: true,
    size: tree.size,
    root: Buffer.from(tree.root()).toString('hex'),
    signedSize: checkpoint?.size ?? 0,
    tornBytes,
  };
}

/**
 * Replays lines into a fresh tree; stops at the first bad line. Shared by `verifyLog` and by the log
 * when it reopens a sink.
 */
export function scanLines(
  lines: readonly string[],
  rootAt?: number,
): { ok: true; state: ScanState } | { ok: false; result: Extract<VerifyResult, { ok: false }> } {
  const tree = new MerkleTree();
  let chain = GENESIS_CHAIN;
  let rootAtHex: string | undefined = rootAt === 0 ? Buffer.from(tree.root()).toString('hex') : undefined;
  let last: LogEntry | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (typeof line !== 'string') return { ok: false, result: fail(i, 'MALFORMED', 'line is not a string') };
    const p = parseLine(line);
    if (!p.ok) return { ok: false, result: fail(i, p.fault, p.message) };
    if (p.entry.index !== i) {
      return { ok: false, result: fail(i, 'INDEX_MISMATCH', 'entry index differs from its position') };
    }
    const leaf = hashLeaf(p.entryJson);
    chain = chainHash(chain, leaf);
    if (Buffer.from(chain).toString('hex') !== p.chainHex) {
      return {
        ok: false,
        result: fail(i, 'CHAIN_MISMATCH', 'entry does not hash to its recorded chain value'),
      };
    }
    tree.append(leaf);
    if (tree.size === rootAt) rootAtHex = Buffer.from(tree.root()).toString('hex');
    last = p.entry;
  }
  const state: ScanState = { tree, chain };
  return {
    ok: true,
    state: {
      ...state,
      ...(rootAtHex === undefined ? {} : { rootAtHex }),
      ...(last === undefined ? {} : { last }),
    },
  };
}

function fail(
  index: number | null,
  reason: VerifyReason,
  message: string,
): Extract<VerifyResult, { ok: false }> {
  return { ok: false, index, reason, message };
}
