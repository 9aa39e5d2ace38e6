/**
 * Audit log throughput: events/s into the durable JSONL file sink with group commit (validation,
 * redaction, RFC 8785 canonicalization, Merkle leaf + hash chain, fdatasync per batch), next to the
 * same events written as plain JSONL (JSON.stringify) through the same file sink, batching and fsync.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chainHash, GENESIS_CHAIN } from '../src/audit/entry.js';
import {
  type AuditEventInput,
  type AuditSink,
  createAuditLog,
  createFileSink,
  hashLeaf,
  MerkleTree,
} from '../src/audit/index.js';
import { canonicalJson } from '../src/internal/canonical-json.js';
import { formatNs, measure, printTable } from './harness.js';

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

/** Plain JSONL with the same group commit as the audit log: one sink append in flight. */
function plainWriter(sink: AuditSink): { record(e: AuditEventInput): Promise<void>; close(): Promise<void> } {
  let queue: { line: string; done: () => void }[] = [];
  let draining = false;
  let n = 0;
  const drain = async () => {
    while (queue.length > 0) {
      const batch = queue.slice(0, 4096);
      queue = queue.slice(batch.length);
      await sink.append(batch.map((b) => b.line));
      for (const b of batch) b.done();
    }
    draining = false;
  };
  return {
    record(e) {
      const line = JSON.stringify({ ...e, v: 1, id: `ev-${n++}`, time: new Date().toISOString() });
      const p = new Promise<void>((done) => queue.push({ line, done }));
      if (!draining) {
        draining = true;
        setImmediate(() => void drain());
      }
      return p;
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
  const opts = { batch: 1, samples: 5, warmup: 1 };
  const rows = [
    await measure(
      'plain JSONL (JSON.stringify), group commit + fdatasync',
      async () => {
        const w = plainWriter(createFileSink(fresh()));
        await pump((e) => w.record(e));
        await w.close();
      },
      opts,
    ),
    await measure(
      'airlock audit log, redaction off (validate + JCS + hashes)',
      async () => {
        const log = createAuditLog({ sink: createFileSink(fresh()), redact: (e) => e });
        await pump((e) => log.record(e));
        await log.close();
      },
      opts,
    ),
    await measure(
      'airlock audit log, default redaction (airlock/redact)',
      async () => {
        const log = createAuditLog({ sink: createFileSink(fresh()) });
        await pump((e) => log.record(e));
        await log.close();
      },
      opts,
    ),
  ];
  rmSync(dir, { recursive: true, force: true });

  // The same per-event work without I/O: what canonicalization and hashing add on top of serializing.
  const stamped = events.map((e, i) => ({ ...e, v: 1, id: `ev-${i}`, time: '2026-11-26T20:00:00.000Z' }));
  let i = 0;
  const tree = new MerkleTree();
  let chain = GENESIS_CHAIN;
  const cpuOpts = { samples: 9 };
  const cpu = [
    await measure('JSON.stringify(event)', () => JSON.stringify(stamped[i++ % EVENTS]), cpuOpts),
    await measure(
      'RFC 8785 canonicalJson(entry)',
      () => canonicalJson({ v: 1, index: i, event: stamped[i++ % EVENTS] }),
      cpuOpts,
    ),
    await measure(
      'canonicalJson + leaf + chain + tree hashes',
      () => {
        const json = canonicalJson({ v: 1, index: i, event: stamped[i++ % EVENTS] });
        const leaf = hashLeaf(json);
        chain = chainHash(chain, leaf);
        tree.append(leaf);
        return Buffer.from(chain).toString('hex');
      },
      cpuOpts,
    ),
  ];
  const base = cpu[0]!.medianNs;
  printTable(
    'audit: per-event CPU without I/O (median)',
    cpu.map((r) => ({
      step: r.name,
      'per event': formatNs(r.medianNs),
      'vs stringify': `${(r.medianNs / base).toFixed(2)}x`,
    })),
  );
  const plain = rows[0]!.medianNs;
  printTable(
    `audit: ${EVENTS} events, ${IN_FLIGHT} in flight, file sink with group commit (median of ${opts.samples})`,
    rows.map((r) => ({
      writer: r.name,
      'events/s': Math.round(EVENTS / (r.medianNs / 1e9)),
      'per event': formatNs(r.medianNs / EVENTS),
      'vs plain': `${(r.medianNs / plain).toFixed(2)}x`,
    })),
  );
}
