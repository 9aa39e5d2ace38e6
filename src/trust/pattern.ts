/**
 * Command patterns in policies are regular expressions from configuration (and the command they are
 * matched against comes from the model), so they are compiled defensively: bounded length, no
 * backreferences or lookaround, no quantified group holding a quantifier or an alternation (exponential
 * backtracking), one repeat quantifier at most (two, as in `.*a.*`, backtrack quadratically). Patterns
 * match the whole command, and commands longer than `MAX_COMMAND_LENGTH` are never tested.
 */
import { ConfigError, describeValue } from '../errors.js';

/**
 * Longest accepted pattern source, in UTF-16 code units.
 * @example
 * compileCommandPattern('x'.repeat(MAX_PATTERN_LENGTH + 1)) // throws POLICY_PATTERN_INVALID
 */
export const MAX_PATTERN_LENGTH = 256;
/**
 * Longest command a pattern is tested against; longer commands never match (callers fail closed).
 * @example
 * compileCommandPattern('show .*').test('show ' + 'x'.repeat(MAX_COMMAND_LENGTH)) // undefined
 */
export const MAX_COMMAND_LENGTH = 4096;
/**
 * Most repeat quantifiers (`*`, `+`, `{…}`) per pattern: with one, matching is linear in the input (`.*a.*b` would be quadratic).
 * @example
 * compileCommandPattern('show .* detail .*') // throws: more than MAX_REPEATS repeats
 */
export const MAX_REPEATS = 1;

/**
 * A compiled, whole-command pattern.
 * @example
 * const p: CommandPattern = compileCommandPattern('show .*')
 */
export interface CommandPattern {
  readonly source: string;
  /** `true`/`false` for a match; `undefined` when the command is too long to test (treat as unknown). */
  test(command: string): boolean | undefined;
}

/**
 * Compiles a policy's command pattern, or throws `POLICY_PATTERN_INVALID` (a `ConfigError`).
 * @example
 * compileCommandPattern('show (running-config|version)').test('show version') // true
 */
export function compileCommandPattern(source: unknown, where = 'pattern'): CommandPattern {
  if (typeof source !== 'string' || source.length === 0 || source.length > MAX_PATTERN_LENGTH) {
    throw invalid(where, `a string of 1..${MAX_PATTERN_LENGTH} characters, got ${describeValue(source)}`);
  }
  const problem = unsafeShape(source);
  if (problem !== undefined) throw invalid(where, `a simple pattern (${problem})`);
  let re: RegExp;
  try {
    re = new RegExp(`^(?:${source})$`, 'u');
  } catch (cause) {
    throw new ConfigError('POLICY_PATTERN_INVALID', `${where} expected a valid regular expression`, {
      cause,
    });
  }
  return Object.freeze({
    source,
    test(command: string): boolean | undefined {
      if (command.length > MAX_COMMAND_LENGTH) return undefined;
      return re.test(command);
    },
  });
}

function invalid(where: string, expected: string): ConfigError {
  return new ConfigError('POLICY_PATTERN_INVALID', `${where} expected ${expected}`);
}

interface Group {
  risky: boolean;
}

// A single left-to-right scan: it tracks, per open group, whether the group holds a quantifier or an
// alternation, and rejects the group if a quantifier follows its closing parenthesis.
function unsafeShape(src: string): string | undefined {
  const stack: Group[] = [];
  let repeats = 0;
  let lastClosed: Group | undefined;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    const prevClosed = lastClosed;
    lastClosed = undefined;
    if (c === '\\') {
      const n = src[i + 1];
      if (n !== undefined && (/[1-9]/.test(n) || n === 'k')) return 'no backreferences';
      i++;
      continue;
    }
    if (c === '[') {
      // Skip the character class; quantifiers inside it are literals.
      i++;
      if (src[i] === '^') i++;
      if (src[i] === ']') i++;
      while (i < src.length && src[i] !== ']') {
        if (src[i] === '\\') i++;
        i++;
      }
      continue;
    }
    if (c === '(') {
      if (src[i + 1] === '?') {
        const kind = src.slice(i + 2, i + 4);
        if (kind.startsWith('=') || kind.startsWith('!') || kind === '<=' || kind === '<!') {
          return 'no lookaround';
        }
      }
      stack.push({ risky: false });
      continue;
    }
    if (c === ')') {
      lastClosed = stack.pop();
      if (lastClosed === undefined) return 'balanced parentheses';
      continue;
    }
    const quantifier = c === '*' || c === '+' || c === '?' || c === '{';
    if (quantifier && prevClosed?.risky) return 'no quantified group containing a quantifier or alternation';
    if (quantifier && c !== '?' && ++repeats > MAX_REPEATS) return `at most ${MAX_REPEATS} repeats`;
    if ((quantifier && c !== '?') || c === '|') {
      for (const g of stack) g.risky = true;
    }
    if (quantifier && c === '?' && prevClosed === undefined) {
      // `x?` adds a branch too: a quantified group around it can still backtrack exponentially.
      for (const g of stack) g.risky = true;
    }
  }
  return stack.length === 0 ? undefined : 'balanced parentheses';
}
