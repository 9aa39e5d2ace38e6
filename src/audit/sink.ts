/**
 * The sink port: where the log's lines go. The log does the group commit (one `append` in flight, each
 * carrying every line recorded meanwhile), so any async store is a sink: a file, a database, a queue.
 */

/**
 * Where the log's lines go.
 * @example
 * const sink: AuditSink = { append: async (lines) => db.insertMany(lines) }
 *
 * Contract: `load` returns the complete lines already stored (a torn tail removed or ignored), in order;
 * `append` stores lines after them, in order, and resolves only when they are durable; after a rejected
 * `append` the log stops writing. Lines carry no trailing newline.
 */
export interface AuditSink {
  load?(): Promise<readonly string[]>;
  append(lines: readonly string[]): Promise<void>;
  close?(): Promise<void>;
}

/** A sink that keeps lines in memory (tests, short-lived tools, or a buffer in front of another store). */
export interface MemorySink extends AuditSink {
  /** Every line appended so far, oldest first. */
  readonly lines: readonly string[];
}

/**
 * A sink in memory, optionally starting with existing lines.
 * @example
 * const sink = createMemorySink(); const log = createAuditLog({ sink }); sink.lines
 */
export function createMemorySink(initial: readonly string[] = []): MemorySink {
  const lines = [...initial];
  return {
    lines,
    load: async () => [...lines],
    append: async (batch) => {
      for (const l of batch) lines.push(l);
    },
  };
}
