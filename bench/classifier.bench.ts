/**
 * Classifier throughput: commands per second over the labelled corpus (all vendors, and Linux alone
 * next to the bare tree-sitter-bash parse it builds on), and time on 1×/4×/16×-long inputs.
 */

import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { Language, Parser } from 'web-tree-sitter';
import { classifyCommand, prepareClassifier } from '../src/classifier/index.js';
import { withFallbackParser } from '../src/classifier/shell/linux.js';
import { loadCorpus } from '../test/classifier/corpus.js';
import { formatNs, measure, printTable } from './harness.js';

export default async function run(): Promise<void> {
  await prepareClassifier();
  const corpus = loadCorpus();
  const linux = corpus.filter((e) => e.vendor === 'linux');

  // The raw baseline: the same tree-sitter-bash wasm, parse only (tree built and freed).
  await Parser.init();
  const wasm = createRequire(import.meta.url).resolve('tree-sitter-bash/tree-sitter-bash.wasm');
  const parser = new Parser();
  parser.setLanguage(await Language.load(new Uint8Array(await readFile(wasm))));

  let i = 0;
  const opts = { samples: 9 };
  const rows = [];
  const all = await measure(
    'classifyCommand, whole corpus (8 vendors)',
    () => {
      const e = corpus[i++ % corpus.length]!;
      classifyCommand(e.command, { vendor: e.vendor });
    },
    opts,
  );
  let j = 0;
  const lin = await measure(
    'classifyCommand, Linux corpus (tree-sitter)',
    () => {
      classifyCommand(linux[j++ % linux.length]!.command, { vendor: 'linux' });
    },
    opts,
  );
  let k = 0;
  const fb = await measure(
    'classifyCommand, Linux corpus (sync fallback lexer)',
    () => {
      withFallbackParser(() => classifyCommand(linux[k++ % linux.length]!.command, { vendor: 'linux' }));
    },
    opts,
  );
  let m = 0;
  const raw = await measure(
    'raw: tree-sitter-bash parse only, Linux corpus',
    () => {
      parser.parse(linux[m++ % linux.length]!.command)?.delete();
    },
    opts,
  );
  for (const r of [all, lin, fb, raw]) {
    rows.push({
      case: r.name,
      'median/op': formatNs(r.medianNs),
      'ops/s': Math.round(r.opsPerSec),
      'vs raw parse': `${(r.medianNs / raw.medianNs).toFixed(2)}×`,
    });
  }
  printTable(`Throughput, wall clock (${corpus.length} commands; target ≥ 20,000 commands/s)`, rows);

  // On a shared machine wall-clock includes time spent descheduled; CPU time of this process does not.
  const cpu = (label: string, fn: () => void, n: number): { label: string; perOp: number } => {
    const best = [0, 1, 2].map(() => {
      const u0 = process.cpuUsage();
      for (let r = 0; r < n; r++) fn();
      const u = process.cpuUsage(u0);
      return ((u.user + u.system) * 1000) / n;
    });
    return { label, perOp: Math.min(...best) };
  };
  const cpuRows = [
    cpu(
      'classifyCommand, whole corpus (8 vendors)',
      () => {
        for (const e of corpus) classifyCommand(e.command, { vendor: e.vendor });
      },
      3,
    ),
    cpu(
      'classifyCommand, Linux corpus (tree-sitter)',
      () => {
        for (const e of linux) classifyCommand(e.command, { vendor: 'linux' });
      },
      3,
    ),
    cpu(
      'raw: tree-sitter-bash parse only, Linux corpus',
      () => {
        for (const e of linux) parser.parse(e.command)?.delete();
      },
      3,
    ),
  ];
  const counts = [corpus.length, linux.length, linux.length];
  const rawPerCmd = cpuRows[2]!.perOp / counts[2]!;
  printTable(
    'Throughput, CPU time of this process (best of 3 passes)',
    cpuRows.map((r, x) => ({
      case: r.label,
      'CPU/command': formatNs(r.perOp / counts[x]!),
      'commands per CPU-second': Math.round(1e9 / (r.perOp / counts[x]!)),
      'vs raw parse': `${(r.perOp / counts[x]! / rawPerCmd).toFixed(2)}×`,
    })),
  );

  const sizes = [1, 4, 16];
  const shapes: Array<[string, 'linux' | 'ios' | 'routeros' | 'junos', string]> = [
    ['linux chain', 'linux', 'ls -la /var/log | grep -i err && echo "$(date)" ; '],
    ['linux raw parse', 'linux', 'ls -la /var/log | grep -i err && echo "$(date)" ; '],
    ['ios block', 'ios', 'show run | include a|b\n'],
    ['routeros script', 'routeros', '/ip address print where interface=ether1; '],
    ['junos block', 'junos', 'show route | match 10.0 | no-more\n'],
  ];
  const grow = [];
  for (const [name, vendor, unit] of shapes) {
    const base = unit.repeat(Math.ceil(1000 / unit.length));
    const t: number[] = [];
    for (const n of sizes) {
      const input = base.repeat(n);
      const r = name.includes('raw')
        ? await measure(`${name} ${n}×`, () => parser.parse(input)?.delete(), { samples: 5 })
        : await measure(`${name} ${n}×`, () => classifyCommand(input, { vendor }), { samples: 5 });
      t.push(r.medianNs);
    }
    grow.push({
      input: name,
      '1× (~1 KB)': formatNs(t[0]!),
      '4×': formatNs(t[1]!),
      '16×': formatNs(t[2]!),
      '16×/1×': `${(t[2]! / t[0]!).toFixed(1)}×`,
    });
  }
  printTable('Input length growth (linear = 16×/1× ≈ 16)', grow);
}
