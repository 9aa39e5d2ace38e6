/**
 * ANSI styling that switches itself off: colour only when the stream is a terminal and NO_COLOR is
 * unset (https://no-color.org), unless a flag forces it. No dependency: eight SGR codes are enough.
 */

/** Styling functions; each returns its input unchanged when colour is off. */
export interface Style {
  readonly enabled: boolean;
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  blue(s: string): string;
  magenta(s: string): string;
  cyan(s: string): string;
}

/**
 * Decides whether to colour: a forced choice wins, then NO_COLOR (any non-empty value), then TTY-ness.
 * @example
 * useColor(undefined, { isTTY: true }, {}) // true
 */
export function useColor(
  forced: boolean | undefined,
  stream: { readonly isTTY?: boolean },
  env: NodeJS.ProcessEnv,
): boolean {
  if (forced !== undefined) return forced;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  return stream.isTTY === true;
}

/**
 * Builds a `Style`.
 * @example
 * createStyle(true).red('denied') // '\x1b[31mdenied\x1b[39m'
 */
export function createStyle(enabled: boolean): Style {
  const sgr = (open: number, close: number) => (s: string) =>
    enabled ? `\x1b[${open}m${s}\x1b[${close}m` : s;
  return {
    enabled,
    bold: sgr(1, 22),
    dim: sgr(2, 22),
    red: sgr(31, 39),
    green: sgr(32, 39),
    yellow: sgr(33, 39),
    blue: sgr(34, 39),
    magenta: sgr(35, 39),
    cyan: sgr(36, 39),
  };
}

/**
 * Removes ANSI escape sequences (for width computations and for tests).
 * @example
 * stripAnsi('\x1b[31mdenied\x1b[39m') // 'denied'
 */
export function stripAnsi(s: string): string {
  return s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
}
