import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..');

describe('examples/quickstart.ts (the README quick start)', () => {
  it('runs offline, never prints a secret, refuses a swapped action and verifies its audit log', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'examples/quickstart.ts'], {
      cwd: root,
      timeout: 60_000,
    });
    expect(stdout).not.toContain('Tr0ub4dor&3-snmp');
    expect(stdout).not.toContain('c0rrectHorseBatteryStaple');
    expect(stdout).toMatch(/name=__SECRET_PASSWORD_[A-Z2-7]{13}__/);
    expect(stdout).toContain('moderate → ask');
    expect(stdout).toContain('refused: APPROVAL_ACTION_MISMATCH');
    expect(stdout).toMatch(/audit log verified: \d+ entries/);
  });

  it('the README shows exactly this file (no drift between the docs and what runs)', () => {
    const source = readFileSync(join(root, 'examples/quickstart.ts'), 'utf8');
    const body = source.slice(source.indexOf('*/\n') + 3).replace(/^\n+/, '');
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    expect(readme).toContain('```ts\n' + body + '```');
  });
});
