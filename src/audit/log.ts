/**
 * The audit log: validates each event (an invalid one is a typed error and is never written), passes
 * it through the redaction hook, stamps version, id and time, hashes the canonical entry into the
 * Merkle tree and hands the line to the sink with group commit. `record` resolves only once the sink
 * has made the entry durable; after any sink failure the log refuses every later event (fail closed).
 */
import { hash, randomUUID } from 'node:crypto';
import { EventEmitter } from 'eventemitter3';
import { ConfigError, RemoteError, TamperError, UsageError } from '../errors.js';
import { type Checkpoint, formatCheckpointBody, signCheckpoint } from './checkpoint.js';
import { writeCheckpointFile } from './checkpoint-file.js';
import { defaultEventRedactor } from './default-redactor.js';
import { describeIssue, encodeLine, encodeStoredEntry } from './entry.js';
import {
  type AuditEvent,
  type AuditEventInput,
  AuditEventInputSchema,
  type AuditRecorder,
} from './events.js';
import type { CheckpointSigner } from './keys.js';
import type { MerkleTree } from './merkle.js';
import type { EventRedactor } from './redaction.js';
import type { AuditSink } from './sink.js';
import { createStoredEventParser } from './stored-event.js';
import { scanLines } from './verify.js';

/**
 * Largest accepted entry in bytes: events are metadata, never output, and every buffer is bounded.
 * @example
 * if (Buffer.byteLength(JSON.stringify(args)) > MAX_LINE_BYTES) summarize(args)
 */
export const MAX_LINE_BYTES = 1 << 20;

/** Options of `createAuditLog`. */
export interface AuditLogOptions {
  readonly sink: AuditSink;
  /** When set, the log belongs to this org: events of another org are refused. Also the default origin. */
  readonly org?: string;
  /** Name of the log in its checkpoints (default: `org`, else `airlock`). */
  readonly origin?: string;
  /** Signs checkpoints. Without it `checkpoint()` throws `AUDIT_NO_SIGNER`. */
  readonly signer?: CheckpointSigner;
  /** Write a signed checkpoint to `path` every `every` entries (default 1000) and on `close()`. */
  readonly checkpointFile?: { readonly path: string; readonly every?: number };
  /** The redaction hook (default: the secret redactor over every string in `data`). */
  readonly redact?: EventRedactor;
  readonly clock?: () => Date;
  readonly idGenerator?: () => string;
  /** Most lines per sink append (default 4096). */
  readonly maxBatch?: number;
}

/** An entry as the log wrote it, as subscribers receive it once it is durable. */
export interface LoggedEntry {
  readonly index: number;
  readonly event: AuditEvent;
  /** Hash-chain value (hex) of this entry's line. */
  readonly chain: string;
  readonly line: string;
}

/** The tamper-evident audit log. */
export interface AuditLog extends AuditRecorder {
  /** Records an event; resolves once it is durable. */
  record(event: AuditEventInput): Promise<void>;
  /** Like `record`, and returns what was written. */
  append(event: AuditEventInput): Promise<LoggedEntry>;
  /** Resolves once existing entries are loaded and verified (rejects `AUDIT_LOG_CORRUPT` otherwise). */
  ready(): Promise<void>;
  /** Entries recorded so far (durable or in flight). */
  readonly size: number;
  /** Tree head (hex) over the entries recorded so far. */
  root(): string;
  /** Resolves once every entry recorded before the call is durable. */
  flush(): Promise<void>;
  /** Signs the durable head with the signer. */
  checkpoint(): Promise<Checkpoint>;
  /** Audit path (hex) of entry `index` in the tree of the first `size` entries. */
  inclusionProof(index: number, size?: number): string[];
  /** Consistency proof (hex) from the tree of `from` entries to the tree of `to` entries. */
  consistencyProof(from: number, to?: number): string[];
  /** Calls `listener` for each entry once durable, in order. Returns the unsubscribe function. */
  subscribe(listener: (entry: LoggedEntry) => void): () => void;
  /** Flushes, writes the final checkpoint file if configured, closes the sink. */
  close(): Promise<void>;
}

/** Entries that go to the sink in one `append` and share one promise (group commit). */
interface Group {
  readonly lines: string[];
  readonly entries: LoggedEntry[];
  readonly done: Promise<void>;
  resolve: () => void;
  reject: (e: unknown) => void;
}

function newGroup(): Group {
  let resolve!: () => void;
  let reject!: (e: unknown) => void;
  const done = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { lines: [], entries: [], done, resolve, reject };
}

/**
 * Creates an audit log over a sink. Existing lines are verified before the first new entry.
 * @example
 * const log = createAuditLog({ sink: createFileSink('audit.jsonl'), signer: createEd25519Signer(pem) })
 * await log.record({ type: 'run.paused', org: 'acme', actor: { kind: 'user', id: 'alice' }, data: {} })
 */
export function createAuditLog(options: AuditLogOptions): AuditLog {
  const { sink } = options;
  if (typeof sink?.append !== 'function')
    throw new UsageError('AUDIT_BAD_SINK', 'sink expected an append function');
  const clock = options.clock ?? (() => new Date());
  const nextId = options.idGenerator ?? randomUUID;
  const redact = options.redact ?? defaultEventRedactor();
  const origin = options.origin ?? options.org ?? 'airlock';
  const maxBatch = options.maxBatch ?? 4096;
  const every = options.checkpointFile?.every ?? 1000;
  if (options.checkpointFile !== undefined && options.signer === undefined) {
    throw new ConfigError('AUDIT_NO_SIGNER', 'checkpointFile needs a signer');
  }
  if (options.signer !== undefined) {
    try {
      formatCheckpointBody({
        origin,
        size: 0,
        root: '0'.repeat(64),
        time: new Date(0).toISOString(),
        keyId: options.signer.keyId,
      });
    } catch (cause) {
      // Found now rather than at the first checkpoint, where it would stop the log.
      throw new ConfigError(
        'AUDIT_BAD_ORIGIN',
        'origin (or org) must be 1-255 printable ASCII; signer.keyId 16 hex',
        { cause },
      );
    }
  }
  const emitter = new EventEmitter<{ entry: [LoggedEntry] }>();
  const parseStored = createStoredEventParser();
  // A genuine Date's ISO text depends only on its time value: format each millisecond once.
  let lastMs = Number.NaN;
  let lastIso = '';
  const now = (): string => {
    const d = clock();
    if (Object.getPrototypeOf(d) !== Date.prototype) return d.toISOString();
    const ms = d.getTime();
    if (ms !== lastMs) {
      lastIso = d.toISOString();
      lastMs = ms;
    }
    return lastIso;
  };

  let tree: MerkleTree | undefined;
  // SHA-256 input of the next chain link: 0x02, the previous chain value, the new leaf hash.
  const chainInput = Buffer.alloc(65);
  chainInput[0] = 0x02;
  const leafView = chainInput.subarray(33);
  let failure: unknown;
  let closed = false;
  let durable = 0;
  let lastCheckpointSize = -1;
  // Groups waiting for the sink, oldest first; new entries join the last one while it has room.
  let queue: Group[] = [];
  let draining = false;
  let tail: Promise<unknown> = Promise.resolve();

  const opening = (async () => {
    const lines = (await sink.load?.()) ?? [];
    const scan = scanLines(lines);
    if (!scan.ok) {
      throw new TamperError(
        'AUDIT_LOG_CORRUPT',
        `stored entry ${scan.result.index} is invalid: ${scan.result.reason}`,
        {
          details: { index: scan.result.index, reason: scan.result.reason },
        },
      );
    }
    tree = scan.state.tree;
    chainInput.set(scan.state.chain, 1);
    durable = tree.size;
    lastCheckpointSize = durable;
  })();
  opening.catch((e) => {
    failure ??= e;
  });

  const drain = async (): Promise<void> => {
    while (queue.length > 0) {
      // Once taken, a group is closed: later entries start a new one.
      const batch = queue.shift()!;
      let stage = 'append';
      try {
        const appending = sink.append(batch.lines);
        // Tree nodes are not part of any line: fold this batch's leaves while the sink writes and syncs.
        tree?.settle();
        await appending;
        durable += batch.lines.length;
        // Durable now: acknowledge before anything else can fail.
        batch.resolve();
        if (emitter.listenerCount('entry') > 0) for (const e of batch.entries) emitter.emit('entry', e);
        stage = 'checkpoint';
        if (options.checkpointFile !== undefined && durable - lastCheckpointSize >= every) {
          await writeCheckpointNow();
        }
      } catch (e) {
        failure ??= e;
        const rest = stage === 'append' ? [batch, ...queue] : queue;
        queue = [];
        const err = sinkFailed(e);
        for (const g of rest) g.reject(err);
        break;
      }
    }
    draining = false;
  };

  const writeCheckpointNow = async (): Promise<void> => {
    if (options.checkpointFile === undefined || options.signer === undefined || tree === undefined) return;
    // `durable` entries are on disk; the tree may already hold later, unacknowledged ones.
    const size = durable;
    const cp = await signCheckpoint(
      { origin, size, root: Buffer.from(tree.rootAt(size)).toString('hex'), time: clock().toISOString() },
      options.signer,
    );
    await writeCheckpointFile(options.checkpointFile.path, cp);
    lastCheckpointSize = size;
  };

  const stamp = (input: AuditEventInput): AuditEvent => {
    // Only the envelope is checked before redaction; the full schema runs once, on what gets stored.
    if (
      typeof input !== 'object' ||
      input === null ||
      typeof input.data !== 'object' ||
      input.data === null
    ) {
      const parsed = AuditEventInputSchema.safeParse(input);
      throw new UsageError(
        'AUDIT_INVALID_EVENT',
        `event ${parsed.success ? 'is invalid' : describeIssue(parsed.error)}`,
      );
    }
    if ('v' in input || 'id' in input || 'time' in input) {
      throw new UsageError('AUDIT_INVALID_EVENT', 'event must not carry v, id or time: the log stamps them');
    }
    const event = input;
    if (options.org !== undefined && event.org !== options.org) {
      throw new UsageError('AUDIT_WRONG_ORG', 'event.org differs from the org of this log');
    }
    let redacted: AuditEventInput;
    try {
      redacted = redact(event);
    } catch (cause) {
      // Fail closed: an event the redactor cannot handle is not written at all.
      throw new ConfigError('AUDIT_REDACTION_FAILED', 'the redaction hook threw; the event was not written', {
        details: { type: event.type, cause: (cause as { code?: string })?.code ?? 'error' },
      });
    }
    const stored = parseStored(redacted, nextId(), now());
    if (!stored.success) throw new UsageError('AUDIT_INVALID_EVENT', `event ${describeIssue(stored.error)}`);
    return stored.data;
  };

  /** Hashes the entry into the tree and chain and queues its line; returns its group and entry. */
  const commit = (event: AuditEvent): { group: Group; entry: LoggedEntry } | Promise<never> => {
    if (failure !== undefined) return Promise.reject(sinkFailed(failure));
    if (closed) return Promise.reject(new UsageError('AUDIT_LOG_CLOSED', 'the audit log is closed'));
    const t = tree!;
    let entryJson: string;
    try {
      entryJson = encodeStoredEntry(t.size, event);
    } catch (cause) {
      // `tool.proposed` args are free-form: NaN, bigint or a cycle cannot be hashed canonically.
      return Promise.reject(
        new UsageError('AUDIT_INVALID_EVENT', 'event is not representable as canonical JSON', { cause }),
      );
    }
    // A UTF-16 code unit takes at most 3 UTF-8 bytes: count bytes only when it could matter.
    if (entryJson.length * 3 > MAX_LINE_BYTES && Buffer.byteLength(entryJson) > MAX_LINE_BYTES) {
      return Promise.reject(
        new UsageError('AUDIT_EVENT_TOO_LARGE', `event expected at most ${MAX_LINE_BYTES} bytes`),
      );
    }
    const index = t.size;
    // chainInput is 0x02 || previous chain || leaf: hashLeaf and chainHash without their buffers
    // (string digests are the fast path of node's one-shot hash; latin1 is one byte per character).
    chainInput.write(hash('sha256', `\u0000${entryJson}`, 'binary'), 33, 'latin1');
    t.append(leafView);
    const chainHex = hash('sha256', chainInput, 'hex');
    chainInput.write(chainHex, 1, 'hex');
    const entry: LoggedEntry = { index, event, chain: chainHex, line: encodeLine(entryJson, chainHex) };
    let group = queue[queue.length - 1];
    if (group === undefined || group.lines.length >= maxBatch) {
      group = newGroup();
      queue.push(group);
      tail = group.done;
    }
    group.lines.push(entry.line);
    group.entries.push(entry);
    if (!draining) {
      draining = true;
      // Wait one turn so every event recorded meanwhile joins this batch (group commit).
      setImmediate(() => void drain());
    }
    return { group, entry };
  };

  // Not `async`, and one promise per group rather than per event: `record` hands out the group's.
  const enqueue = (input: AuditEventInput): { group: Group; entry: LoggedEntry } | Promise<LoggedEntry> => {
    let event: AuditEvent;
    try {
      if (closed) throw new UsageError('AUDIT_LOG_CLOSED', 'the audit log is closed');
      event = stamp(input);
    } catch (e) {
      return Promise.reject(e);
    }
    if (tree === undefined) {
      return opening.then(() => {
        const c = commit(event);
        return c instanceof Promise ? c : c.group.done.then(() => c.entry);
      });
    }
    return commit(event);
  };

  const append = (input: AuditEventInput): Promise<LoggedEntry> => {
    const c = enqueue(input);
    if (c instanceof Promise) return c;
    return c.group.done.then(() => c.entry);
  };

  const requireTree = (): MerkleTree => {
    if (tree === undefined) throw new UsageError('AUDIT_LOG_NOT_READY', 'await log.ready() first');
    return tree;
  };

  const flush = async (): Promise<void> => {
    await opening;
    await tail.catch(() => undefined);
    if (failure !== undefined) throw sinkFailed(failure);
  };

  return {
    append,
    record: (event) => {
      const c = enqueue(event);
      if (c instanceof Promise) return c.then(noop);
      return c.group.done;
    },
    ready: async () => {
      await opening;
    },
    get size() {
      return tree?.size ?? 0;
    },
    root: () => Buffer.from(requireTree().root()).toString('hex'),
    flush,
    checkpoint: async () => {
      if (options.signer === undefined)
        throw new ConfigError('AUDIT_NO_SIGNER', 'checkpoint() needs a signer');
      await opening;
      const t = requireTree();
      const size = t.size;
      const root = Buffer.from(t.root()).toString('hex');
      await flush();
      return signCheckpoint({ origin, size, root, time: clock().toISOString() }, options.signer);
    },
    inclusionProof: (index, size) =>
      requireTree()
        .inclusionProof(index, size ?? requireTree().size)
        .map((h) => Buffer.from(h).toString('hex')),
    consistencyProof: (from, to) =>
      requireTree()
        .consistencyProof(from, to ?? requireTree().size)
        .map((h) => Buffer.from(h).toString('hex')),
    subscribe: (listener) => {
      // A throwing subscriber must not break the log or other subscribers.
      const wrapped = (e: LoggedEntry) => {
        try {
          listener(e);
        } catch {
          /* subscribers own their errors */
        }
      };
      emitter.on('entry', wrapped);
      return () => void emitter.off('entry', wrapped);
    },
    close: async () => {
      if (closed) return;
      // New events are refused from here on; those already recorded are still made durable.
      closed = true;
      try {
        await flush();
        if (options.checkpointFile !== undefined && durable !== lastCheckpointSize)
          await writeCheckpointNow();
      } finally {
        await sink.close?.();
      }
    },
  };
}

function noop(): void {}

function sinkFailed(cause: unknown): Error {
  if (
    cause instanceof Error &&
    'code' in cause &&
    (cause as { code: unknown }).code === 'AUDIT_LOG_CORRUPT'
  ) {
    return cause;
  }
  if (
    cause instanceof Error &&
    'code' in cause &&
    (cause as { code: unknown }).code === 'AUDIT_SINK_FAILED'
  ) {
    return cause;
  }
  return new RemoteError('AUDIT_SINK_FAILED', 'the audit sink failed; the log accepts no more events', {
    cause,
  });
}
