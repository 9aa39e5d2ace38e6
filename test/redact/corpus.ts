/**
 * The labelled corpus: every `corpus/<name>.<ext>` has a `corpus/<name>.labels.json` listing the secret
 * values it contains and the tokens that must survive. Scores recall (secret values removed) and keep rate.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Redactor } from '../../src/redact/index.js';

export interface CorpusFile {
  readonly name: string;
  readonly text: string;
  readonly secrets: readonly string[];
  readonly keep: readonly string[];
}

export const CORPUS_DIR = join(import.meta.dirname, 'corpus');

/**
 * Loads the labelled files of `dir`: `<name>.labels.json` labels `<name>.<ext>` (or `<name>` itself, as in
 * the extra sets, whose labels are named after the whole file name).
 */
export function loadCorpus(dir = CORPUS_DIR): CorpusFile[] {
  const files = readdirSync(dir);
  const out: CorpusFile[] = [];
  for (const f of files) {
    if (!f.endsWith('.labels.json')) continue;
    const base = f.slice(0, -'.labels.json'.length);
    const source =
      files.find((g) => g === base) ??
      files.find((g) => g !== f && g.startsWith(`${base}.`) && !g.endsWith('.labels.json'));
    if (source === undefined) throw new Error(`corpus: no source for ${f}`);
    const labels = JSON.parse(readFileSync(join(dir, f), 'utf8')) as {
      secrets: string[];
      keep: string[];
    };
    out.push({ name: source, text: readFileSync(join(dir, source), 'utf8'), ...labels });
  }
  return out;
}

function count(hay: string, needle: string): number {
  let n = 0;
  for (let i = hay.indexOf(needle); i >= 0; i = hay.indexOf(needle, i + needle.length)) n++;
  return n;
}

export interface Score {
  secrets: number;
  removed: number;
  keep: number;
  kept: number;
  missed: string[];
  lost: string[];
}

/** Scores one output against its labels (a label absent from the input is a corpus error). */
export function scoreFile(file: CorpusFile, output: string): Score {
  const s: Score = { secrets: 0, removed: 0, keep: 0, kept: 0, missed: [], lost: [] };
  for (const v of file.secrets) {
    if (!file.text.includes(v))
      throw new Error(`corpus ${file.name}: secret label not in text (length ${v.length})`);
    s.secrets++;
    if (!output.includes(v)) s.removed++;
    else s.missed.push(v);
  }
  for (const k of file.keep) {
    const n = count(file.text, k);
    if (n === 0) throw new Error(`corpus ${file.name}: keep label not in text: ${k}`);
    s.keep++;
    if (count(output, k) >= n) s.kept++;
    else s.lost.push(k);
  }
  return s;
}

/** Redacts every corpus file, whole and in one pass. */
export function scoreCorpus(
  redactor: Redactor,
  files: readonly CorpusFile[],
  run = (f: CorpusFile) => redactor.redact(f.text).text,
) {
  const rows = files.map((f) => ({ file: f, score: scoreFile(f, run(f)) }));
  const total = rows.reduce(
    (a, r) => ({
      secrets: a.secrets + r.score.secrets,
      removed: a.removed + r.score.removed,
      keep: a.keep + r.score.keep,
      kept: a.kept + r.score.kept,
    }),
    { secrets: 0, removed: 0, keep: 0, kept: 0 },
  );
  return { rows, total, recall: total.removed / total.secrets, keepRate: total.kept / total.keep };
}
