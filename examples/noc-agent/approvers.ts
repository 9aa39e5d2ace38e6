/**
 * Who answers approval cards: a person at the terminal, nobody (`--approve never`), or, only for the
 * offline demo without a terminal, a demo script that approves moderate changes and denies dangerous
 * ones and says so in the transcript. Every approver fails closed: end of input, an unreadable
 * answer, an error or an abort all mean "denied".
 */
import { createInterface, type Interface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { CardView } from './ui/approval-card.js';

/** An approver's answer; `by` names who answered, for the transcript and the audit actor. */
export type ApprovalAnswer =
  | { readonly approved: true; readonly by: string; readonly note: string }
  | { readonly approved: false; readonly by: string; readonly note: string };

/** Answers approval cards. */
export interface Approver {
  /** A short label for the transcript, e.g. `operator` or `auto-approver (demo script)`. */
  readonly label: string;
  answer(card: CardView, signal?: AbortSignal): Promise<ApprovalAnswer>;
  close(): void;
}

/**
 * Denies everything: for unattended runs, the agent can read but never change.
 * @example
 * const approver = neverApprover()
 */
export function neverApprover(): Approver {
  const label = 'auto-denier (--approve never)';
  return {
    label,
    answer: async () => ({
      approved: false,
      by: label,
      note: 'every approval is denied with --approve never',
    }),
    close: () => {},
  };
}

/**
 * Denies everything because nobody can be asked (no terminal, a real device or model).
 * @example
 * const approver = noTerminalApprover()
 */
export function noTerminalApprover(): Approver {
  const label = 'no terminal to ask';
  return {
    label,
    answer: async () => ({
      approved: false,
      by: label,
      note: 'stdin is not a terminal; run in a terminal to approve, or pass --approve never',
    }),
    close: () => {},
  };
}

/**
 * The offline demo's scripted approver: approves moderate changes, denies dangerous and unknown ones.
 * Used only against the simulated device with the scripted model and no terminal (CI, pipes).
 * @example
 * const approver = demoScriptApprover()
 */
export function demoScriptApprover(): Approver {
  const label = 'auto-approver (demo script)';
  return {
    label,
    answer: async (card) =>
      card.risk === 'moderate' || card.risk === 'read'
        ? { approved: true, by: label, note: `a ${card.risk} command, approved by the demo script` }
        : { approved: false, by: label, note: `a ${card.risk} command, denied by the demo script` },
    close: () => {},
  };
}

/**
 * Asks the operator at the terminal: `y` approves, `n` (or Enter, end of input, Ctrl-C) denies.
 * Ctrl-C also interrupts the run (it is re-emitted as the process's SIGINT). Lines typed while no
 * card is open are discarded. Call `close()` when the run ends (the open prompt holds stdin).
 * @example
 * const approver = promptApprover(process.stdin, process.stdout, (q) => style.bold(q))
 */
export function promptApprover(
  input: Readable,
  output: Writable,
  format: (question: string) => string = (q) => q,
): Approver {
  let rl: Interface | undefined;
  let closed = false;
  const label = 'operator';
  const open = (): Interface => {
    if (rl === undefined) {
      rl = createInterface({ input, output, terminal: (input as { isTTY?: boolean }).isTTY === true });
      rl.on('close', () => {
        closed = true;
      });
      // In a terminal, readline takes Ctrl-C itself: close (which denies the open card) and pass the
      // interrupt on to the process, whose handler stops the run.
      rl.on('SIGINT', () => {
        rl?.close();
        // Nobody to stop gracefully (no run yet): behave like a plain Ctrl-C.
        if (process.listenerCount('SIGINT') === 0) process.exit(130);
        process.emit('SIGINT', 'SIGINT');
      });
    }
    return rl;
  };
  const ask = (q: string, signal?: AbortSignal): Promise<string | undefined> =>
    new Promise((resolve) => {
      if (closed || signal?.aborted === true) return resolve(undefined);
      const r = open();
      const onClose = () => resolve(undefined);
      r.once('close', onClose);
      r.question(q, signal === undefined ? {} : { signal }, (answer) => {
        r.off('close', onClose);
        resolve(answer);
      });
      signal?.addEventListener('abort', () => resolve(undefined), { once: true });
    });
  // Open at once, not at the first card: a line typed before a card is shown arrives while no
  // question is pending and is dropped, so type-ahead can never approve a card nobody has read.
  open();
  return {
    label,
    async answer(card, signal) {
      const danger = card.risk === 'dangerous' ? ' (DANGEROUS)' : '';
      for (let attempt = 0; attempt < 3; attempt++) {
        const reply = await ask(format(`Approve this command${danger}? [y/N] `), signal);
        if (reply === undefined) return { approved: false, by: label, note: 'no answer (input closed)' };
        const a = reply.trim().toLowerCase();
        if (a === 'y' || a === 'yes') return { approved: true, by: label, note: 'approved at the terminal' };
        if (a === '' || a === 'n' || a === 'no')
          return { approved: false, by: label, note: 'denied at the terminal' };
        output.write('Please answer y or n.\n');
      }
      return { approved: false, by: label, note: 'no clear answer after three tries' };
    },
    close() {
      rl?.close();
    },
  };
}
