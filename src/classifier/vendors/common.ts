/**
 * Helpers shared by the network-vendor rules: splitting a CLI line into pipe stages (regex alternation
 * inside a filter stays in the filter) and a verdict type for one line.
 */
import type { Risk } from '../risk.js';

export interface LineVerdict {
  readonly risk: Risk;
  readonly rule: string;
  readonly reason: string;
}

/** Builds a line verdict. */
export function lv(risk: Risk, rule: string, reason: string): LineVerdict {
  return { risk, rule, reason };
}

/**
 * Splits `show x | include a|b | count` into the command and its pipe stages. The first `|` always
 * splits; later ones split only when spaced, so regex alternation stays inside its filter. `raw` holds
 * every piece after any `|`, for checks that must not miss a hidden stage.
 */
export function splitPipes(line: string): { command: string; stages: string[]; raw: string[] } {
  const first = line.indexOf('|');
  if (first < 0) return { command: line.trim(), stages: [], raw: [] };
  const raw = line
    .split('|')
    .slice(1)
    .map((s) => s.trim());
  const command = line.slice(0, first).trim();
  const stages: string[] = [];
  let cur = '';
  const rest = line.slice(first + 1);
  for (let i = 0; i < rest.length; i++) {
    const c = rest[i]!;
    if (c === '|' && (/\s/.test(rest[i - 1] ?? ' ') || /\s/.test(rest[i + 1] ?? ' '))) {
      stages.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  stages.push(cur.trim());
  return { command, stages, raw };
}

/** Whitespace tokens of a line. */
export function words(line: string): string[] {
  // A scan instead of trim/split(/\s+/)/filter (the same tokens: maximal runs of non-\s characters).
  const out: string[] = [];
  let start = -1;
  for (let i = 0; i < line.length; i++) {
    if (isSpace(line.charCodeAt(i))) {
      if (start >= 0) {
        out.push(line.slice(start, i));
        start = -1;
      }
    } else if (start < 0) start = i;
  }
  if (start >= 0) out.push(line.slice(start));
  return out;
}

/** The characters `\s` matches (ASCII fast path; other code units asked to the regex engine). */
function isSpace(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return SPACE.test(String.fromCharCode(c));
}

const SPACE = /\s/;
