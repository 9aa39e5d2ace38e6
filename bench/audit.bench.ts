/**
 * Audit log throughput: events/s into the durable JSONL file sink with group commit (validation,
 * redaction, RFC 8785 canonicalization, Merkle leaf + hash chain, fdatasync per batch), next to the
 * same events written as plain JSONL (JSON.stringify) through the same file sink, group commit and
 * fsync, with and without the default redaction on both sides. Writers run interleaved, round after
 * round, so a change in machine load hits all of them alike; each figure is the median round.
 */

import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chainHash, encodeStoredEntry, GENESIS_CHAIN } from '../src/audit/entry.js';
import {
  type AuditEvent,
  type AuditEventInput,
  type AuditSink,
  createAuditLog,
  createFileSink,
  defaultEventRedactor,
  type EventRedactor,
  hashLeaf,
  MerkleTree,
} from '../src/audit/index.js';
import { canonicalJson } from '../src/internal/canonical-json.js';
import { formatNs, measure, median, printTable } from './harness.js';

const EVENTS = 20_000;
const IN_FLIGHT = 512;

function event(i: number): AuditEventInput {
  switch (i % 3) {
    case 0:
      return {
        type: 'command.executed',
        org: 'acme',
        actor: { kind: 'agent', id: 'noc-agent' },
        runId: 'run-42',
        toolCallId: `tc-${i}`,
        data: { target: 'core-rtr-1', exitStatus: 0, durationMs: 12.5, outputBytes: 2048 },
      };
    case 1:
      return {
        type: 'tool.classified',
        org: 'acme',
        actor: { kind: 'system', id: 'classifier' },
        runId: 'run-42',
        toolCallId: `tc-${i}`,
        data: { tool: 'exec', risk: 'read', reasons: ['show command', 'no config mode'] },
      };
    default:
      return {
        type: 'run.redirected',
        org: 'acme',
        actor: { kind: 'user', id: 'alice' },
        runId: 'run-42',
        data: { instruction: `check interface ge-0/0/${i % 48} errors before touching BGP` },
      };
  }
}
const events = Array.from({ length: EVENTS }, (_, i) => event(i));

/**
 * Plain JSONL with the same group commit as the audit log: one sink append in flight, each carrying
 * up to 4096 lines recorded meanwhile, one promise per batch. Optionally the same redaction hook.
 */
function plainWriter(
  sink: AuditSink,
  redact: EventRedactor = (e) => e,
): { record(e: AuditEventInput): Promise<void>; close(): Promise<void> } {
  type Batch = { lines: string[]; done: Promise<void>; resolve: () => void };
  const queue: Batch[] = [];
  let draining = false;
  const drain = async () => {
    while (queue.length > 0) {
      const batch = queue.shift()!;
      await sink.append(batch.lines);
      batch.resolve();
    }
    draining = false;
  };
  return {
    record(e) {
      // The same stamp as the log: a random UUID and the current time.
      const line = JSON.stringify({ ...redact(e), v: 1, id: randomUUID(), time: new Date().toISOString() });
      let batch = queue[queue.length - 1];
      if (batch === undefined || batch.lines.length >= 4096) {
        let resolve!: () => void;
        const done = new Promise<void>((r) => {
          resolve = r;
        });
        batch = { lines: [], done, resolve };
        queue.push(batch);
      }
      batch.lines.push(line);
      if (!draining) {
        draining = true;
        setImmediate(() => void drain());
      }
      return batch.done;
    },
    close: async () => sink.close?.(),
  };
}

async function pump(record: (e: AuditEventInput) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < events.length) await record(events[next++]!);
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
}

export default async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'airlock-bench-audit-'));
  let k = 0;
  const fresh = () => join(dir, `log-${k++}.jsonl`);
  const rounds = Number(process.env.AUDIT_BENCH_ROUNDS ?? 7);
  const redactor = defaultEventRedactor();
  const writers: { name: string; run: () => Promise<void> }[] = [
    {
      name: 'plain JSONL (JSON.stringify), redaction off',
      run: async () => {
        const w = plainWriter(createFileSink(fresh()));
        await pump((e) => w.record(e));
        await w.close();
      },
    },
    {
      name: 'airlock audit log, redaction off',
      run: async () => {
        const log = createAuditLog({ sink: createFileSink(fresh()), redact: (e) => e });
        await pump((e) => log.record(e));
        await log.close();
      },
    },
    {
      name: 'plain JSONL (JSON.stringify), default redaction',
      run: async () => {
        const w = plainWriter(createFileSink(fresh()), redactor);
        await pump((e) => w.record(e));
        await w.close();
      },
    },
    {
      name: 'airlock audit log, default redaction',
      run: async () => {
        const log = createAuditLog({ sink: createFileSink(fresh()) });
        await pump((e) => log.record(e));
        await log.close();
      },
    },
  ];
  for (const w of writers) await w.run(); // warm-up
  const times: number[][] = writers.map(() => []);
  for (let r = 0; r < rounds; r++) {
    for (const [x, w] of writers.entries()) {
      const t0 = process.hrtime.bigint();
      await w.run();
      times[x]!.push(Number(process.hrtime.bigint() - t0));
    }
  }
  rmSync(dir, { recursive: true, force: true });
  const rows = writers.map((w, x) => ({ name: w.name, medianNs: median(times[x]!) }));

  // The same per-event work without I/O: what canonicalization and hashing add on top of serializing.
  const stamped = events.map(
    (e) => ({ ...e, v: 1, id: randomUUID(), time: '2026-11-26T20:00:00.000Z' }) as AuditEvent,
  );
  let i = 0;
  const tree = new MerkleTree();
  let chain = GENESIS_CHAIN;
  const cpuOpts = { samples: 9 };
  const steps: [string, () => unknown][] = [
    ['JSON.stringify(event)', () => JSON.stringify(stamped[i++ % EVENTS])],
    ['RFC 8785 canonicalJson(entry)', () => canonicalJson({ v: 1, index: i, event: stamped[i++ % EVENTS] })],
    ['encodeStoredEntry (the log: envelope by hand)', () => encodeStoredEntry(i, stamped[i++ % EVENTS]!)],
    [
      'encodeStoredEntry + leaf + chain + tree hashes',
      () => {
        const json = encodeStoredEntry(i, stamped[i++ % EVENTS]!);
        const leaf = hashLeaf(json);
        chain = chainHash(chain, leaf);
        tree.append(leaf);
        if ((i & 511) === 0) tree.settle();
        return Buffer.from(chain).toString('hex');
      },
    ],
  ];
  // Three interleaved passes, keeping each step's lowest median: the least disturbed by other load.
  const cpu = steps.map(([name]) => ({ name, medianNs: Number.POSITIVE_INFINITY }));
  for (let pass = 0; pass < 3; pass++) {
    for (const [x, [name, fn]] of steps.entries()) {
      const m = await measure(name, fn, cpuOpts);
      cpu[x]!.medianNs = Math.min(cpu[x]!.medianNs, m.medianNs);
    }
  }
  const base = cpu[0]!.medianNs;
  printTable(
    'audit: per-event CPU without I/O (lowest median of 3 interleaved passes)',
    cpu.map((r) => ({
      step: r.name,
      'per event': formatNs(r.medianNs),
      'vs stringify': `${(r.medianNs / base).toFixed(2)}x`,
    })),
  );
  printTable(
    `audit: ${EVENTS} events, ${IN_FLIGHT} in flight, file sink, group commit + fdatasync per batch (median of ${rounds} interleaved rounds)`,
    rows.map((r, x) => {
      // Each audit row is compared with the plain row right above it (same redaction).
      const plain = rows[x - (x % 2)]!.medianNs;
      return {
        writer: r.name,
        'events/s': Math.round(EVENTS / (r.medianNs / 1e9)),
        'per event': formatNs(r.medianNs / EVENTS),
        'vs plain': `${(r.medianNs / plain).toFixed(2)}x`,
      };
    }),
  );
}
