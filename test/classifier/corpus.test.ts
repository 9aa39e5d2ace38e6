import { beforeAll, describe, expect, test } from 'vitest';
import { classifyCommand, prepareClassifier, type Risk, VENDORS } from '../../src/classifier/index.js';
import { withFallbackParser } from '../../src/classifier/shell/linux.js';
import { type CorpusEntry, loadCorpus } from './corpus.js';

const corpus = loadCorpus();

beforeAll(async () => {
  expect(await prepareClassifier()).toEqual({ shellParser: 'tree-sitter' });
});

function classifyAll(entries: readonly CorpusEntry[]): Array<{ e: CorpusEntry; risk: Risk }> {
  return entries.map((e) => ({ e, risk: classifyCommand(e.command, { vendor: e.vendor }).risk }));
}

function show(rows: Array<{ e: CorpusEntry; risk: Risk }>): string[] {
  return rows.map(
    ({ e, risk }) => `${e.vendor}.txt:${e.line} ${e.label}→${risk} ${JSON.stringify(e.command)}`,
  );
}

describe('labelled corpus', () => {
  test('has at least 800 commands, 200 adversarial, and every vendor', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(800);
    expect(corpus.filter((e) => e.adversarial).length).toBeGreaterThanOrEqual(200);
    for (const v of VENDORS) expect(corpus.filter((e) => e.vendor === v).length).toBeGreaterThanOrEqual(50);
  });

  test('no command labelled moderate or dangerous classifies as read', () => {
    const leaks = classifyAll(corpus.filter((e) => e.label !== 'read')).filter((r) => r.risk === 'read');
    expect(show(leaks)).toEqual([]);
  });

  test('at least 99 % of dangerous commands classify dangerous, at least 90 % of reads classify read', () => {
    const rows = classifyAll(corpus);
    const table: Record<string, { n: number; exact: number; missed: string[] }> = {};
    for (const { e, risk } of rows) {
      for (const key of [e.label, `${e.vendor}/${e.label}`]) {
        table[key] ??= { n: 0, exact: 0, missed: [] };
        const t = table[key];
        t.n++;
        if (risk === e.label || (e.label === 'moderate' && risk !== 'read')) t.exact++;
        else if (key === e.label) t.missed.push(...show([{ e, risk }]));
      }
    }
    console.table(
      Object.fromEntries(
        Object.entries(table)
          .sort()
          .map(([k, t]) => [k, { n: t.n, accuracy: `${((100 * t.exact) / t.n).toFixed(1)} %` }]),
      ),
    );
    const rate = (k: string): number => table[k]!.exact / table[k]!.n;
    expect(table.dangerous!.missed).toEqual([]);
    expect(rate('dangerous')).toBeGreaterThanOrEqual(0.99);
    expect(rate('read')).toBeGreaterThanOrEqual(0.9);
  });
});

describe('synchronous fallback shell parser', () => {
  const linux = corpus.filter((e) => e.vendor === 'linux');

  test('never classifies a moderate or dangerous command as read', () => {
    const leaks = withFallbackParser(() => classifyAll(linux.filter((e) => e.label !== 'read'))).filter(
      (r) => r.risk === 'read',
    );
    expect(show(leaks)).toEqual([]);
  });

  test('is never more lenient than tree-sitter: a fallback read is a tree-sitter read', () => {
    const fb = withFallbackParser(() => classifyAll(linux));
    const ts = classifyAll(linux);
    const lenient = fb.filter((r, i) => r.risk === 'read' && ts[i]!.risk !== 'read');
    expect(show(lenient)).toEqual([]);
  });

  test('keeps at least 99 % of dangerous and 90 % of read verdicts on the Linux corpus', () => {
    const fb = withFallbackParser(() => classifyAll(linux));
    const dangerous = fb.filter((r) => r.e.label === 'dangerous');
    const reads = fb.filter((r) => r.e.label === 'read');
    console.log(
      `fallback: dangerous ${dangerous.filter((r) => r.risk === 'dangerous').length}/${dangerous.length}, read ${reads.filter((r) => r.risk === 'read').length}/${reads.length}`,
    );
    expect(dangerous.filter((r) => r.risk === 'dangerous').length / dangerous.length).toBeGreaterThanOrEqual(
      0.99,
    );
    expect(reads.filter((r) => r.risk === 'read').length / reads.length).toBeGreaterThanOrEqual(0.9);
  });
});
