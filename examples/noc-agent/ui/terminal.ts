/**
 * The terminal the NOC agent talks to: styled lines, a spinner while waiting on the device or the
 * model (TTY only; plain transcripts stay clean for CI logs), and sanitising of untrusted text so a
 * device or a model cannot move the cursor, clear the screen or forge an approval prompt.
 */
import { createStyle, type Style } from './style.js';

/** The minimum of a writable stream the terminal needs; tests pass a plain object. */
export interface OutStream {
  write(chunk: string): boolean;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/**
 * Writes the run's transcript. One instance per run.
 * @example
 * const term = new Terminal(process.stdout, useColor(undefined, process.stdout, process.env))
 * const spin = term.spin('connecting…'); await connect(); spin.stop(); term.line('connected')
 */
export class Terminal {
  readonly style: Style;
  readonly interactive: boolean;
  private spinnerTimer: NodeJS.Timeout | undefined;
  private spinnerLabel = '';
  private frame = 0;

  constructor(
    private readonly out: OutStream,
    color: boolean,
  ) {
    this.style = createStyle(color);
    this.interactive = out.isTTY === true;
  }

  /** Width of the terminal, when known. */
  get columns(): number | undefined {
    // A pseudo-terminal without a size reports 0 columns: treat that as unknown.
    return this.out.columns === undefined || this.out.columns < 20 ? undefined : this.out.columns;
  }

  /** Prints one line (the spinner, if any, is cleared first and redrawn after). */
  line(text = ''): void {
    const spinning = this.spinnerTimer !== undefined;
    if (spinning) this.clearSpinnerLine();
    this.out.write(`${text}\n`);
    if (spinning) this.drawSpinner();
  }

  /** A section heading. */
  heading(text: string): void {
    this.line();
    this.line(this.style.bold(text));
  }

  /** Shows a spinner with a label until `stop()`; on a non-TTY it prints nothing. */
  spin(label: string): { stop(): void } {
    this.stopSpinner();
    if (!this.interactive) return { stop: () => {} };
    this.spinnerLabel = label;
    this.drawSpinner();
    this.spinnerTimer = setInterval(() => {
      this.frame = (this.frame + 1) % FRAMES.length;
      this.drawSpinner();
    }, 80);
    // A spinner must never keep the process alive on its own.
    this.spinnerTimer.unref();
    const timer = this.spinnerTimer;
    return { stop: () => (this.spinnerTimer === timer ? this.stopSpinner() : undefined) };
  }

  /** Stops any spinner and clears its line. */
  stopSpinner(): void {
    if (this.spinnerTimer === undefined) return;
    clearInterval(this.spinnerTimer);
    this.spinnerTimer = undefined;
    this.clearSpinnerLine();
  }

  private drawSpinner(): void {
    const width = Math.max(20, (this.columns ?? 80) - 4);
    const label =
      this.spinnerLabel.length > width ? `${this.spinnerLabel.slice(0, width - 1)}…` : this.spinnerLabel;
    this.out.write(`\r\x1b[2K${this.style.cyan(FRAMES[this.frame] ?? '*')} ${this.style.dim(label)}`);
  }

  private clearSpinnerLine(): void {
    this.out.write('\r\x1b[2K');
  }
}

/**
 * Makes untrusted text (device output, model text) safe to print: control characters other than
 * newline and tab become visible `^X` / `\xNN`, so an escape sequence in a banner cannot repaint the
 * screen or fake an approval card.
 * @example
 * sanitize('ok\x1b[2Jboom') // 'ok^[[2Jboom'
 */
export function sanitize(text: string): string {
  return text.replace(/[\x00-\x08\x0b-\x1f\x7f\u0080-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => {
    const code = c.charCodeAt(0);
    if (code === 0x0d) return '';
    if (code < 0x20) return `^${String.fromCharCode(code + 64)}`;
    return `\\u{${code.toString(16)}}`;
  });
}

/**
 * Indents every line of a block.
 * @example
 * indent('a\nb', '  ') // '  a\n  b'
 */
export function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((l) => prefix + l)
    .join('\n');
}
