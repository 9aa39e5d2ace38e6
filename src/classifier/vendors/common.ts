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
  const raw = line
    .split('|')
    .slice(1)
    .map((s) => s.trim());
  const first = line.indexOf('|');
  if (first < 0) return { command: line.trim(), stages: [], raw };
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
  return line
    .trim()
    .split(/\s+/)
    .filter((w) => w.length > 0);
}
