/**
 * Wires one run of the NOC agent (integration in progress: modules land one by one).
 */
import type { Readable, Writable } from 'node:stream';
import { ConfigError } from '../../src/errors.js';
import type { ExitCode } from './exit-codes.js';
import type { NocConfig } from './flags.js';

/** The process I/O a run uses; tests pass their own. */
export interface RunIo {
  readonly stdin: Readable & { readonly isTTY?: boolean };
  readonly stdout: Writable & { readonly isTTY?: boolean; readonly columns?: number };
  readonly stderr: Writable;
  readonly env: NodeJS.ProcessEnv;
}

/**
 * Runs the agent once and returns the process exit code.
 * @example
 * process.exitCode = await runNocAgent(config, { stdin, stdout, stderr, env: process.env })
 */
export async function runNocAgent(_config: NocConfig, _io: RunIo): Promise<ExitCode> {
  throw new ConfigError('NOT_READY', 'the NOC agent is being integrated');
}
