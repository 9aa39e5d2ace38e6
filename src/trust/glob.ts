/**
 * Glob matching for policy targets (`core-*`, `fw?.dc1`), written without regular expressions so a
 * pattern from a policy file cannot cause catastrophic backtracking: the two-pointer algorithm runs
 * in O(pattern × text) at worst. `*` matches any run of characters, `?` one character.
 */

/**
 * True when `text` matches the glob `pattern` as a whole.
 * @example
 * matchGlob('core-*', 'core-sw1') // true
 */
export function matchGlob(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let star = -1;
  let mark = 0;
  while (t < text.length) {
    const c = pattern[p];
    if (c === '?' || (c !== undefined && c !== '*' && c === text[t])) {
      p++;
      t++;
    } else if (c === '*') {
      star = p++;
      mark = t;
    } else if (star !== -1) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (pattern[p] === '*') p++;
  return p === pattern.length;
}
