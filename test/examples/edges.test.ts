import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../examples/noc-agent/exit-codes.js';
import { runDemo, runInProcess } from './run-demo.js';

const dir = mkdtempSync(join(tmpdir(), 'noc-edges-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the edges', () => {
  it('--approve never denies every change: the agent stops after denial (exit 3)', async () => {
    const r = await runDemo([
      '--approve',
      'never',
      '--vault',
      join(dir, 'never'),
      '--audit',
      join(dir, 'never.jsonl'),
    ]);
    expect(r.stdout, r.stderr).toContain('auto-denier (--approve never): denied');
    expect(r.stdout, r.stderr).not.toContain('approved —');
    expect(r.stdout, r.stderr).toMatch(/\/export show-sensitive +moderate +ask → denied +not run/);
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(EXIT.stoppedAfterDenial);
  }, 60_000);

  it('a ceiling on tool calls stops the run (exit 4) and is audited', async () => {
    const audit = join(dir, 'ceiling.jsonl');
    const r = await runDemo(['--max-tool-calls', '2', '--vault', join(dir, 'ceiling'), '--audit', audit]);
    expect(r.stdout, r.stderr).toMatch(/run stopped: toolCalls ceiling reached/);
    expect(readFileSync(audit, 'utf8')).toContain('"type":"ceiling.reached"');
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(EXIT.ceilingReached);
  }, 60_000);

  it('the turn limit is a ceiling too (exit 4), recorded as ceiling.reached', async () => {
    const audit = join(dir, 'turns.jsonl');
    const r = await runInProcess(['--max-turns', '2', '--vault', join(dir, 'turns'), '--audit', audit]);
    expect(r.stdout, r.stderr).toContain('run stopped: reached the limit of 2 turns');
    expect(readFileSync(audit, 'utf8')).toContain('"type":"ceiling.reached"');
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(EXIT.ceilingReached);
  }, 60_000);

  it('a bad flag prints one line, no stack trace, and exits 2', async () => {
    const r = await runDemo(['--trust', 'yolo']);
    expect(r.stdout, r.stderr).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(
      /^noc-agent: configuration error: --trust expected one of manual\|supervised\|autonomous/,
    );
    expect(r.stderr).not.toMatch(/\bat .*\.ts:\d+/);
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(EXIT.configError);
  }, 60_000);

  it('an unreachable device prints one line and exits 5', async () => {
    const port = await closedPort();
    const knownHosts = join(dir, 'known_hosts');
    writeFileSync(knownHosts, '# nothing pinned\n');
    const state = join(dir, 'unreachable');
    const r = await runDemo(
      [
        '--device',
        `ssh://admin@127.0.0.1:${port}`,
        '--password-env',
        'NOC_TEST_PW',
        '--known-hosts',
        knownHosts,
        '--vault',
        state,
        '--audit',
        join(dir, 'unreachable.jsonl'),
      ],
      { NOC_TEST_PW: 'not-a-real-password-123', NOC_AGENT_DEBUG: '0' },
    );
    const errors = r.stderr.trim().split('\n');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/device unreachable: .*\[DEVICE_UNREACHABLE\]/);
    expect(r.stdout + r.stderr).not.toContain('not-a-real-password-123');
    expect(r.stdout, r.stderr).not.toMatch(/\bat .*\.ts:\d+/);
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(EXIT.deviceUnreachable);
    // The credential was sealed for next time, never stored in plaintext.
    expect(existsSync(join(state, 'vault', 'credentials.json'))).toBe(true);
    expect(readFileSync(join(state, 'vault', 'credentials.json'), 'utf8')).not.toContain(
      'not-a-real-password',
    );
  }, 60_000);

  it('a missing known_hosts file is a configuration error (exit 2), never trust-on-first-use', async () => {
    const r = await runInProcess(
      [
        '--device',
        'ssh://admin@127.0.0.1:22',
        '--password-env',
        'NOC_TEST_PW',
        '--known-hosts',
        join(dir, 'no-such-file'),
        '--vault',
        join(dir, 'nokh'),
        '--audit',
        join(dir, 'nokh.jsonl'),
      ],
      { NOC_TEST_PW: 'x-password' },
    );
    expect(r.stderr).toMatch(/^noc-agent: configuration error: cannot read the known_hosts file/);
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(EXIT.configError);
  }, 60_000);

  it('--policy under autonomous: an allowed fix runs without a card, a denied reboot never asks', async () => {
    const policy = join(dir, 'policy.json');
    writeFileSync(
      policy,
      JSON.stringify({
        v: 1,
        rules: [
          {
            id: 'fw-disable-ok',
            effect: 'allow',
            vendor: 'routeros',
            command: '/ip firewall filter disable .*',
          },
          { id: 'no-reboot', effect: 'deny', command: '/system reboot.*' },
        ],
      }),
    );
    const audit = join(dir, 'policy.jsonl');
    const r = await runDemo([
      '--trust',
      'autonomous',
      '--policy',
      policy,
      '--vault',
      join(dir, 'pol'),
      '--audit',
      audit,
    ]);
    expect(r.stdout, r.stderr).toMatch(/moderate · allowed \(policy rule "fw-disable-ok" allows this call/);
    expect(r.stdout, r.stderr).toMatch(/DANGEROUS · denied \(policy rule "no-reboot" denies this call/);
    expect(r.stdout.match(/┌─ approval needed/g)).toHaveLength(1); // only the sensitive export asks
    expect(r.stdout, r.stderr).toMatch(/\/system reboot +dangerous +denied by rule +not run/);
    expect(readFileSync(audit, 'utf8')).toContain('"type":"policy.changed"');
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(EXIT.finished);
  }, 60_000);

  it('an invalid policy file is a configuration error naming the path, not the content', async () => {
    const policy = join(dir, 'bad-policy.json');
    writeFileSync(
      policy,
      JSON.stringify({ v: 1, rules: [{ id: 'x', effect: 'maybe', command: 'secret-ish' }] }),
    );
    const r = await runInProcess([
      '--policy',
      policy,
      '--vault',
      join(dir, 'badpol'),
      '--audit',
      join(dir, 'badpol.jsonl'),
    ]);
    expect(r.stderr).toMatch(/^noc-agent: configuration error: .*\[POLICY_INVALID\]/);
    expect(r.stderr).not.toContain('secret-ish');
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(EXIT.configError);
  }, 60_000);
});

function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const addr = server.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      server.close(() => resolve(port));
    });
  });
}
