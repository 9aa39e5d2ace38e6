/**
 * `prepareClassifier`: loads the tree-sitter-bash parser ahead of time. Optional: without it the first
 * Linux classification starts loading in the background and the fallback lexer answers until then.
 */
import { loadShellParser, shellParserState } from './shell/tree-sitter.js';

/** Which Linux shell parser is in use. */
export interface ClassifierStatus {
  readonly shellParser: 'tree-sitter' | 'fallback';
}

/**
 * Loads the shell parser; resolves with the parser in use (never rejects: a failed load keeps the fallback).
 * @example
 * await prepareClassifier() // { shellParser: 'tree-sitter' }
 */
export async function prepareClassifier(): Promise<ClassifierStatus> {
  const ok = await loadShellParser();
  return { shellParser: ok ? 'tree-sitter' : 'fallback' };
}

/**
 * The shell parser in use right now.
 * @example
 * classifierStatus().shellParser // 'fallback' before loading
 */
export function classifierStatus(): ClassifierStatus {
  return { shellParser: shellParserState().state === 'ready' ? 'tree-sitter' : 'fallback' };
}
