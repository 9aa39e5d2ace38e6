/**
 * Maps a failure to its exit code and to the one line the operator sees. No stack traces: the
 * message of an Airlock error is written for people and never holds a secret; anything else is
 * reported by its class name only, because a foreign error message may echo a credential.
 */
import { isAirlockError } from 'airlock';
import { EXIT, type ExitCode } from './exit-codes.js';

/** Transport error codes that mean "could not get a working session on the device". */
export const DEVICE_CONNECT_CODES: ReadonlySet<string> = new Set([
  'DEVICE_UNREACHABLE',
  'CONNECT_TIMEOUT',
  'AUTH_FAILED',
  'HOST_KEY_MISMATCH',
  'HOST_KEY_UNKNOWN',
  'HOST_KEY_REVOKED',
]);

/**
 * Classifies a thrown value for the process exit.
 * @example
 * const { code, line } = describeFailure(err); console.error(line); process.exitCode = code
 */
export function describeFailure(error: unknown): { code: ExitCode; line: string } {
  if (isAirlockError(error)) {
    const text = oneLine(error.message);
    if (DEVICE_CONNECT_CODES.has(error.code)) {
      return { code: EXIT.deviceUnreachable, line: `device unreachable: ${text} [${error.code}]` };
    }
    if (error.fault === 'config' || error.fault === 'caller') {
      return { code: EXIT.configError, line: `configuration error: ${text} (see --help) [${error.code}]` };
    }
    return { code: EXIT.runError, line: `error: ${text} [${error.code}]` };
  }
  const name = error instanceof Error ? error.name : typeof error;
  return {
    code: EXIT.runError,
    line: `unexpected ${name} (message withheld: it may contain device data); set NOC_AGENT_DEBUG=1 to see it`,
  };
}

function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ').trim();
}
