import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../examples/noc-agent/exit-codes.js';
import { stripAnsi } from '../../examples/noc-agent/ui/style.js';
import { MAIN, REPO } from './run-demo.js';

// util-linux `script` gives the demo a real pseudo-terminal on stdin and stdout.
const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;
const dir = mkdtempSync(join(tmpdir(), 'noc-pty-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PROMPT = 'Approve this command';

/** Runs the demo in a pty and answers each approval prompt, in order, once it appears. */
function runInPty(
  answers: readonly string[],
  name: string,
): Promise<{ code: number | null; raw: string; text: string }> {
  const command = [
    process.execPath,
    '--import',
    'tsx',
    MAIN,
    '--vault',
    join(dir, name),
    '--audit',
    join(dir, `${name}.jsonl`),
  ]
    .map((a) => `'${a.replace(/'/g, `'\\''`)}'`)
    .join(' ');
  const env: NodeJS.ProcessEnv = { ...process.env, TERM: 'xterm-256color' };
  delete env.NO_COLOR;
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qfec', command, '/dev/null'], {
      cwd: REPO,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let raw = '';
    let answered = 0;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      raw += chunk;
      const asked = stripAnsi(raw).split(PROMPT).length - 1;
      while (answered < asked && answered < answers.length) {
        const answer = answers[answered]!;
        // Ctrl-C is a keystroke of its own; anything else is a line.
        child.stdin.write(answer === '\x03' ? answer : `${answer}\r`);
        answered += 1;
      }
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`pty demo timed out:\n${stripAnsi(raw)}`));
    }, 50_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, raw, text: stripAnsi(raw).replace(/\r/g, '') });
    });
  });
}

describe('the interactive approval prompt (stdin and stdout are a terminal)', () => {
  it.skipIf(!hasScript)(
    'asks the operator: y approves the export and the fix, n denies the reboot',
    async () => {
      const r = await runInPty(['y', 'y', 'n'], 'answers');
      expect(r.text).toContain('approver you, at this terminal');
      expect(r.text.split(PROMPT).length - 1).toBe(3);
      expect(r.text.match(/operator: approved/g)).toHaveLength(2);
      expect(r.text.match(/operator: denied/g)).toHaveLength(1);
      expect(r.text).toMatch(/Approve this command \(DANGEROUS\)\? \[y\/N\]/);
      expect(r.text).toMatch(/\/system reboot +dangerous +ask → denied +not run/);
      expect(r.text).toMatch(/✓ log verified/);
      // A terminal gets colour and a spinner; a pipe gets neither (checked in demo.test.ts).
      expect(r.raw).toContain('\x1b[');
      expect(r.raw).toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/);
      expect(r.code, r.text).toBe(EXIT.finished);
    },
    60_000,
  );

  it.skipIf(!hasScript)(
    'Ctrl-C at a prompt denies the card, stops the run, still verifies the log, and exits 130',
    async () => {
      const r = await runInPty(['\x03'], 'interrupt');
      expect(r.text).toContain('interrupted: stopping the run');
      expect(r.text).toMatch(/operator: denied/);
      expect(r.text).toMatch(/\/export show-sensitive +moderate +ask → denied +not run/);
      expect(r.text).not.toContain('/ip firewall filter disable');
      expect(r.text).toMatch(/✓ log verified/);
      expect(r.code, r.text).toBe(EXIT.interrupted);
    },
    60_000,
  );
});
