/**
 * The NOC agent's exit codes, in one place: scripts and CI branch on them, so each one has a single
 * meaning that never changes. Documented in `--help` and docs/demo.md.
 */

/**
 * Process exit codes of `npm run demo` / `examples/noc-agent/main.ts`.
 * @example
 * process.exitCode = result.status === 'finished' ? EXIT.finished : EXIT.runError
 */
export const EXIT = {
  /** The task finished: the model ended the run with its summary. */
  finished: 0,
  /** Something failed that is nobody's configuration: a model error, a bug, an unexpected exception. */
  runError: 1,
  /** A bad flag, a missing credential, an unknown model or region, an unreadable known_hosts file. */
  configError: 2,
  /** The run stopped because an approval was denied (or expired) and the model could not go on. */
  stoppedAfterDenial: 3,
  /** A hard ceiling (turns, tool calls, dangerous calls, time, tokens, cost) stopped the run. */
  ceilingReached: 4,
  /** The device could not be reached, refused the login, or presented an unpinned host key. */
  deviceUnreachable: 5,
  /** The run ended but its audit log did not verify: treat the run's evidence as untrustworthy. */
  auditInvalid: 6,
  /** The operator interrupted the run (Ctrl-C); 128 + SIGINT, as shells expect. */
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** One line per code, for `--help` and the docs. */
export const EXIT_CODE_HELP: readonly (readonly [ExitCode, string])[] = [
  [EXIT.finished, 'the task finished'],
  [EXIT.runError, 'unexpected error (model failure, bug)'],
  [EXIT.configError, 'configuration error (bad flag, missing credential, unknown model or region)'],
  [EXIT.stoppedAfterDenial, 'stopped after an approval was denied'],
  [EXIT.ceilingReached, 'a ceiling was reached (turns, tool calls, time, tokens, cost)'],
  [EXIT.deviceUnreachable, 'device unreachable, login refused or host key not trusted'],
  [EXIT.auditInvalid, 'the audit log failed verification'],
  [EXIT.interrupted, 'interrupted by the operator (Ctrl-C)'],
];
