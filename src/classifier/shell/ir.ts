/**
 * The small shell syntax tree both parsers produce (tree-sitter-bash, and the synchronous fallback
 * lexer): pipelines of simple commands whose words are either proven literals or not. Control flow is
 * flattened; what matters for risk is which commands can run, with which literal words.
 */

/** A parsed script: every pipeline that may run, in source order. */
export interface ShScript {
  readonly pipelines: ShPipeline[];
}

export interface ShPipeline {
  readonly text: string;
  readonly stages: ShStage[];
}

export type ShStage = ShCommand | ShOpaque;

export interface ShCommand {
  readonly kind: 'command';
  readonly text: string;
  /** `NAME=value` prefixes. */
  readonly assigns: ShWord[];
  readonly words: ShWord[];
  readonly redirects: ShRedirect[];
  /** Inside a for/while/until loop body (a removal there is dangerous). */
  readonly inLoop: boolean;
  /** Scripts nested in assignments and redirect targets (`X=$(…)`, `> $(…)`); they run too. */
  readonly nested?: ShScript[];
  /** Text fed on stdin by a here-document or here-string, when literal. */
  readonly stdinText?: string;
}

/** Something the parser could not prove the meaning of (syntax error, unsupported construct). */
export interface ShOpaque {
  readonly kind: 'opaque';
  readonly text: string;
  readonly reason: string;
}

export interface ShWord {
  /** The unquoted value when `literal`, else the raw source text. */
  readonly text: string;
  /** True when the value is fully known before running (no expansion, no substitution). */
  readonly literal: boolean;
  /** Unquoted glob characters present (`*`, `?`, `[`). */
  readonly glob: boolean;
  /** Command and process substitutions inside the word; they run too. */
  readonly subs: ShScript[];
  /** The word is or contains a process substitution `<(…)` / `>(…)`. */
  readonly procSub?: boolean;
  /** A substitution's output is part of the word (its value comes from running code). */
  readonly fromCommand?: boolean;
}

export interface ShRedirect {
  /** The operator without the fd number: `>`, `>>`, `<`, `>&`, `&>`, `<<`, `<<<`… */
  readonly op: string;
  readonly target: ShWord | undefined;
}
