import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../examples/noc-agent/exit-codes.js';
import { verifyLog } from '../../src/audit/index.js';
import { SEEDED_SECRETS } from '../../src/transports/simulator/state.js';
import { type DemoResult, runDemo } from './run-demo.js';

// The simulator's seeded secrets. The admin password is replaced by a fresh one per run (the demo
// checks that one itself, in the audit log).
const SECRETS = Object.entries(SEEDED_SECRETS).filter(([k]) => k !== 'adminPassword');

const dir = mkdtempSync(join(tmpdir(), 'noc-demo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run demo, non-interactive (stdin is not a terminal)', () => {
  let run: DemoResult;
  const audit = join(dir, 'demo', 'audit.jsonl');
  const modelLog = join(dir, 'demo', 'model-requests.jsonl');
  beforeAll(async () => {
    // NO_COLOR empty counts as unset: colour would be on if stdout were a terminal.
    run = await runDemo(['--vault', join(dir, 'demo', 'state'), '--audit', audit], {
      NOC_AGENT_MODEL_LOG: modelLog,
      NO_COLOR: '',
    });
  }, 60_000);

  it('writes a plain transcript to a pipe: no colour codes, no spinner', () => {
    expect(run.stdout, run.stderr).not.toContain('\x1b[');
    expect(run.stdout, run.stderr).not.toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/);
    expect(run.stdout, run.stderr).toContain(
      'auto-approver (demo script): approves moderate changes, denies dangerous ones',
    );
  });

  it('finishes the task with exit code 0', () => {
    expect(run.stderr).toBe('');
    expect(run.stdout, run.stderr).toContain('■ run finished');
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(EXIT.finished);
  });

  it('reads the configuration and shows its secrets only as placeholders', () => {
    expect(run.stdout, run.stderr).toContain('▸ run_command  /export show-sensitive');
    expect(run.stdout, run.stderr).toMatch(/secrets? redacted before the model saw them/);
    expect(run.stdout, run.stderr).toMatch(/wpa2-pre-shared-key=__SECRET_[A-Z0-9]+_[A-Z0-9]+__/);
  });

  it.each(SECRETS)('the seeded secret %s never appears on screen', (name, value) => {
    expect(run.stdout.includes(value), `${name} is on screen`).toBe(false);
  });

  it.each(SECRETS)('the seeded secret %s never reaches the model', (name, value) => {
    const sent = readFileSync(modelLog, 'utf8');
    expect(sent).toContain('__SECRET_');
    expect(sent.includes(value), `${name} was sent to the model`).toBe(false);
  });

  it('shows an approval card for the fix, which the demo script approves, and the fix runs', () => {
    const card = run.stdout.indexOf(
      '│ command  /ip firewall filter disable [find comment="maintenance: block vlan20"]',
    );
    expect(card).toBeGreaterThan(0);
    const after = run.stdout.slice(card);
    expect(after).toMatch(/│ risk {5}MODERATE/);
    expect(after).toMatch(/^ {4}auto-approver \(demo script\): approved/m);
    expect(run.stdout, run.stderr).toMatch(/The rule now shows as disabled/);
  });

  it('denies the dangerous reboot, which never runs', () => {
    const card = run.stdout.indexOf('approval needed: DANGEROUS');
    expect(card).toBeGreaterThan(0);
    const after = run.stdout.slice(card);
    expect(after).toContain('│ command  /system reboot');
    expect(after).toMatch(/^ {4}auto-approver \(demo script\): denied/m);
    expect(run.stdout, run.stderr).toMatch(/\/system reboot +dangerous +ask → denied +not run/);
  });

  it('prints the audit summary and a log that verifies with its signed checkpoint', async () => {
    expect(run.stdout, run.stderr).toMatch(/✓ log verified: \d+ entries/);
    expect(run.stdout, run.stderr).toMatch(/none of the device's \d+ secrets appears in the audit log/);
    const publicKey = readFileSync(join(dir, 'demo', 'state', 'audit-signing.pub'), 'utf8');
    const checkpoint = readFileSync(`${audit}.checkpoint`, 'utf8');
    const verdict = await verifyLog(audit, { checkpoint, publicKey });
    expect(verdict.ok).toBe(true);
    if (verdict.ok) expect(verdict.signedSize).toBe(verdict.size);
    const log = readFileSync(audit, 'utf8');
    for (const [, value] of SECRETS) expect(log).not.toContain(value);
    for (const type of ['approval.granted', 'approval.denied', 'approval.consumed', 'command.executed']) {
      expect(log).toContain(`"type":"${type}"`);
    }
  });

  it('ends with a one-line recap built from the audit trail', () => {
    expect(run.stdout, run.stderr).toMatch(
      /What Airlock did: 7 commands classified and decided · [1-9]\d* secrets kept out of the model's context · 2 approved by card · 1 refused \(dangerous\), never run · 1 audited password decrypt/,
    );
  });

  it('keeps the device password sealed in the vault, never in plaintext', () => {
    const creds = readFileSync(join(dir, 'demo', 'state', 'vault', 'credentials.json'), 'utf8');
    expect(JSON.parse(creds)['simulated-routeros']).toMatch(/^alk1\./);
  });
});
