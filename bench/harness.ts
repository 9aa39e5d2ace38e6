/**
 * A small benchmark harness: runs a function in timed batches and reports the median per operation,
 * so that every table compares Airlock with a peer or the raw primitive measured in the same run.
 */
import v8 from 'node:v8';
import vm from 'node:vm';

export interface Measurement {
  name: string;
  /** Median nanoseconds per operation over the samples. */
  medianNs: number;
  opsPerSec: number;
  samples: number;
}

export interface MeasureOptions {
  /** Operations per timed batch (default: calibrated to ~20 ms). */
  batch?: number;
  /** Number of timed batches (default 15). */
  samples?: number;
  /** Untimed warm-up batches (default 2). */
  warmup?: number;
}

let gc: (() => void) | undefined;

/** A full garbage collection (V8's `gc`, exposed for the benchmark process only). */
function collectGarbage(): void {
  if (gc === undefined) {
    v8.setFlagsFromString('--expose-gc');
    gc = vm.runInNewContext('gc') as () => void;
  }
  gc();
}

/** Times `fn` (sync or async) and returns the median per operation. */
export async function measure(
  name: string,
  fn: () => unknown | Promise<unknown>,
  options: MeasureOptions = {},
): Promise<Measurement> {
  const samples = options.samples ?? 15;
  let batch = options.batch ?? 0;
  if (batch === 0) {
    batch = 1;
    for (;;) {
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < batch; i++) await fn();
      const ns = Number(process.hrtime.bigint() - t0);
      if (ns > 20e6 || batch >= 1 << 20) break;
      batch *= 2;
    }
  }
  for (let w = 0; w < (options.warmup ?? 2); w++) for (let i = 0; i < batch; i++) await fn();
  // Start from a collected heap: garbage left by the previous measurement (often the peer's) is not
  // billed to this one.
  collectGarbage();
  const perOp: number[] = [];
  for (let s = 0; s < samples; s++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < batch; i++) await fn();
    perOp.push(Number(process.hrtime.bigint() - t0) / batch);
  }
  const medianNs = median(perOp);
  return { name, medianNs, opsPerSec: 1e9 / medianNs, samples };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Formats nanoseconds as a short human string. */
export function formatNs(ns: number): string {
  if (ns < 1e3) return `${ns.toFixed(0)} ns`;
  if (ns < 1e6) return `${(ns / 1e3).toFixed(2)} µs`;
  if (ns < 1e9) return `${(ns / 1e6).toFixed(2)} ms`;
  return `${(ns / 1e9).toFixed(2)} s`;
}

/** Prints a titled table (rows of plain objects) to stdout. */
export function printTable(title: string, rows: Record<string, string | number>[]): void {
  console.log(`\n## ${title}`);
  console.table(rows);
}
