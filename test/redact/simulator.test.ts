import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedactor } from '../../src/redact/index.js';
import {
  createSshTransport,
  type DeviceTransport,
  SEEDED_SECRETS,
  type SimulatedRouterOS,
  startSimulatedRouterOS,
} from '../../src/transports/index.js';
import { runCli } from '../../src/transports/simulator/cli.js';
import { createRosState, listSecrets } from '../../src/transports/simulator/state.js';

// The simulated RouterOS prints its SNMP community in the clear (table, detail, export): with no vault
// registration at all, the detectors alone must remove every secret the device holds from each output.
const COMMANDS = [
  '/export',
  '/export show-sensitive',
  '/snmp community print',
  '/snmp community print detail',
  '/snmp community print detail show-sensitive',
  '/snmp community export show-sensitive',
  '/snmp/community/print',
];

function leaked(output: string, secrets: readonly string[]): number[] {
  // Lengths only: a failing run must not print the test secrets.
  return secrets.filter((s) => output.includes(s)).map((s) => s.length);
}

describe('every secret of the simulated RouterOS is redacted by the detectors alone', () => {
  const state = createRosState();
  const secrets = listSecrets(state).map((s) => s.value);

  it('the simulator holds the SNMP community and prints it in the clear (the test is real)', () => {
    expect(secrets.length).toBeGreaterThanOrEqual(5);
    const printed = runCli(state, 'admin', '/snmp community print').output;
    expect(leaked(printed, secrets).length).toBeGreaterThan(0);
  });

  it.each(COMMANDS)('%s', (command) => {
    const output = runCli(state, 'admin', command).output;
    const r = createRedactor({ key: new Uint8Array(32) });
    expect(leaked(r.redact(output).text, secrets)).toEqual([]);
    // Streamed line by line (as SSH output arrives), the same holds.
    const s = r.createStream();
    let streamed = '';
    for (const line of output.split(/(?<=\n)/)) streamed += s.push(line);
    streamed += s.end();
    expect(leaked(streamed, secrets)).toEqual([]);
  });

  describe('over SSH', () => {
    let device: SimulatedRouterOS;
    let transport: DeviceTransport;
    beforeAll(async () => {
      device = await startSimulatedRouterOS();
      transport = createSshTransport({
        host: device.host,
        port: device.port,
        username: 'admin',
        password: SEEDED_SECRETS.adminPassword,
        knownHosts: { content: device.hostKey },
      });
    }, 20_000);
    afterAll(async () => {
      await transport?.close();
      await device?.close();
    });

    it('the outputs of /export, /export show-sensitive and /snmp community print carry no device secret', async () => {
      const r = createRedactor({ key: new Uint8Array(32) });
      const all = device.secrets();
      expect(all.length).toBeGreaterThanOrEqual(5);
      let raw = '';
      for (const command of ['/export', '/export show-sensitive', '/snmp community print']) {
        const s = r.createStream();
        let out = '';
        const res = await transport.exec(command, { timeoutMs: 10_000, onData: (c) => (out += s.push(c)) });
        out += s.end();
        raw += res.output;
        expect(leaked(out, all)).toEqual([]);
        expect(leaked(r.redact(res.output).text, all)).toEqual([]);
      }
      expect(leaked(raw, all).length).toBeGreaterThan(0);
    }, 20_000);
  });
});
