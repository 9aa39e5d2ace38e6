/** Spawns the NOC agent the way a user runs it (`node --import tsx examples/noc-agent/main.ts`). */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const MAIN = 'examples/noc-agent/main.ts';

export interface DemoResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the demo with stdin not a terminal (`/dev/null`) and returns its transcript and exit code. */
export function runDemo(
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
  timeoutMs = 50_000,
): Promise<DemoResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
      cwd: REPO,
      // NOC_AGENT_DEBUG=1 puts a failure's full error on stderr, which the assertions show when they fail.
      env: { ...process.env, NO_COLOR: '1', NOC_AGENT_DEBUG: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      stdout += c;
    });
    child.stderr.setEncoding('utf8').on('data', (c: string) => {
      stderr += c;
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`demo timed out; stdout so far:\n${stdout}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * Runs the agent in this process (no `tsx` start-up), for edges that fail before or at connect.
 * Flags are parsed like `main.ts` does; output is captured; the exit code is returned.
 */
export async function runInProcess(
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
): Promise<DemoResult> {
  const { parseFlags } = await import('../../examples/noc-agent/flags.js');
  const { runNocAgent } = await import('../../examples/noc-agent/run.js');
  const { PassThrough } = await import('node:stream');
  const fullEnv = { ...process.env, NO_COLOR: '1', ...env };
  const parsed = parseFlags(args, fullEnv);
  if (parsed.help) throw new Error('help is not a run');
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.setEncoding('utf8').on('data', (c: string) => {
    out += c;
  });
  stderr.setEncoding('utf8').on('data', (c: string) => {
    err += c;
  });
  const code = await runNocAgent(parsed.config, { stdin: new PassThrough(), stdout, stderr, env: fullEnv });
  return { code, stdout: out, stderr: err };
}
