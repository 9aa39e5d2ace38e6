import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../examples/noc-agent/exit-codes.js';
import { type SimulatedRouterOS, startSimulatedRouterOS } from '../../src/transports/simulator/index.js';
import { runDemo, runInProcess } from './run-demo.js';

// The simulator started here plays a real device: the agent reaches it only through --device,
// --known-hosts and the vault, like any router.
const PASSWORD = 'Lab-Router-Pw-8d2c';
const dir = mkdtempSync(join(tmpdir(), 'noc-device-'));
let device: SimulatedRouterOS;
beforeAll(async () => {
  device = await startSimulatedRouterOS({ users: [{ name: 'admin', password: PASSWORD }] });
});
afterAll(async () => {
  await device.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('--device ssh://… on a device the program did not start', () => {
  it('seals --password-env in the vault, logs in with the pinned key, and next time needs only the vault', async () => {
    const knownHosts = join(dir, 'known_hosts');
    writeFileSync(knownHosts, `${device.hostKey}\n`);
    const url = `ssh://admin@127.0.0.1:${device.port}`;
    const common = [
      '--device',
      url,
      '--known-hosts',
      knownHosts,
      '--vault',
      join(dir, 'state'),
      '--max-tool-calls',
      '2',
    ];

    const first = await runDemo([...common, '--password-env', 'LAB_PW', '--audit', join(dir, '1.jsonl')], {
      LAB_PW: PASSWORD,
    });
    expect(first.stdout, first.stderr).toContain(`routeros device at ${url}`);
    expect(first.stdout, first.stderr).toContain('name: core-rtr-01');
    expect(first.stdout, first.stderr).toContain(`host key pinned from ${knownHosts}`);
    // Not the offline demo: without a terminal nothing can be approved.
    expect(first.stdout, first.stderr).toContain('no terminal to ask: every approval is denied');
    expect(first.stdout + first.stderr).not.toContain(PASSWORD);
    expect(readFileSync(join(dir, 'state', 'vault', 'credentials.json'), 'utf8')).not.toContain(PASSWORD);
    expect(first.code, `${first.stdout}\n${first.stderr}`).toBe(EXIT.ceilingReached);

    // Second run: no --password-env, the password comes from the vault (an audited decrypt).
    const second = await runDemo([...common, '--audit', join(dir, '2.jsonl')]);
    expect(second.stdout, second.stderr).toContain('name: core-rtr-01');
    const log = readFileSync(join(dir, '2.jsonl'), 'utf8');
    expect(log).toContain('"purpose":"ssh login to ');
    expect(log).not.toContain(PASSWORD);
    expect(second.code, `${second.stdout}\n${second.stderr}`).toBe(EXIT.ceilingReached);
    expect(device.state.received.filter((c) => c.command === '/system identity print')).toHaveLength(2);
  }, 90_000);

  it('a changed host key is refused before the password is sent: one line, exit 5', async () => {
    const other = await startSimulatedRouterOS();
    const knownHosts = join(dir, 'known_hosts_wrong');
    // The right address, another device's key: what a man in the middle would present.
    writeFileSync(knownHosts, `${other.hostKey.replace(`]:${other.port} `, `]:${device.port} `)}\n`);
    await other.close();
    const r = await runInProcess(
      [
        '--device',
        `ssh://admin@127.0.0.1:${device.port}`,
        '--known-hosts',
        knownHosts,
        '--password-env',
        'LAB_PW',
        '--vault',
        join(dir, 'mitm'),
        '--audit',
        join(dir, 'mitm.jsonl'),
      ],
      { LAB_PW: PASSWORD, NOC_AGENT_DEBUG: '0' },
    );
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^noc-agent: device unreachable: .*\[HOST_KEY_MISMATCH\]/);
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(EXIT.deviceUnreachable);
  }, 60_000);
});
