/**
 * The verdict one shell command gets, and the context its rules see (nesting depth, where stdin comes
 * from, a callback to classify nested shell text).
 */
import type { Risk } from '../risk.js';
import type { ShWord } from './ir.js';

export interface CmdVerdict {
  readonly risk: Risk;
  readonly rule: string;
  readonly reason: string;
  /** The command deletes things (inside a loop, xargs or find -exec that becomes dangerous). */
  readonly removes?: boolean;
}

/** What a command reads on stdin: a network fetch, literal text, another command, or nothing special. */
export type StdinSource =
  | { readonly kind: 'fetch' }
  | { readonly kind: 'decoded' }
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'pipe' }
  | { readonly kind: 'none' };

export interface CmdContext {
  readonly depth: number;
  readonly stdin: StdinSource;
  /** Classifies shell source nested in this command (`bash -c`, `watch`, `ssh host cmd`…). */
  readonly shell: (src: string) => CmdVerdict;
  /** Classifies IOS-style CLI text (FRR `vtysh -c`). */
  readonly cli: (src: string) => CmdVerdict;
}

/** Builds a verdict. */
export function v(risk: Risk, rule: string, reason: string, removes = false): CmdVerdict {
  return removes ? { risk, rule, reason, removes } : { risk, rule, reason };
}

/** Literal texts of words, or undefined if any is not literal. */
export function literals(words: readonly ShWord[]): string[] | undefined {
  const out: string[] = [];
  for (const w of words) {
    if (!w.literal) return undefined;
    out.push(w.text);
  }
  return out;
}
