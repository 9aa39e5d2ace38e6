import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAirlockError } from '../../src/errors.js';
import {
  createRouterOsRestTransport,
  type DeviceTransport,
  SEEDED_SECRETS,
  type SimulatedRouterOS,
  startSimulatedRouterOS,
} from '../../src/transports/index.js';

describe('RouterOS v7 REST transport against the simulated device', () => {
  let dev: SimulatedRouterOS;
  let rest: DeviceTransport;
  const USER = { name: 'rest-user', password: 'Rest-Pass-2290' };

  beforeAll(async () => {
    dev = await startSimulatedRouterOS({ users: [USER] });
    rest = createRouterOsRestTransport({
      host: dev.host,
      port: dev.restPort,
      username: USER.name,
      password: () => USER.password,
      insecurePlainHttp: true,
    });
  });
  afterAll(async () => {
    await rest?.close();
    await dev?.close();
  });

  it('print is a GET that returns rows, with secrets hidden unless show-sensitive', async () => {
    const r = await rest.exec('/ppp secret print');
    expect(r.exitStatus).toBe(0);
    expect(r.output).toContain('name=branch-office');
    expect(r.output).not.toContain(SEEDED_SECRETS.pppPassword);
    expect((await rest.exec('/ppp secret print show-sensitive')).output).toContain(
      SEEDED_SECRETS.pppPassword,
    );
    expect(dev.state.received.some((c) => c.command === 'REST GET /ppp/secret')).toBe(true);
  });

  it('a command is a POST that changes the same state SSH sees; errors carry the device detail', async () => {
    expect((await rest.exec('/ip firewall filter disable numbers=3')).exitStatus).toBe(0);
    expect(dev.state.menus.get('ip/firewall/filter')!.items[3]!.disabled).toBe(true);
    const bad = await rest.exec('/interface enable nosuch');
    expect(bad).toMatchObject({ exitStatus: 1, output: 'no such item\n' });
  });

  it('a wrong password is AUTH_FAILED without the password in the error', async () => {
    const t = createRouterOsRestTransport({
      host: dev.host,
      port: dev.restPort,
      username: USER.name,
      password: 'Rest-Wrong-77',
      insecurePlainHttp: true,
    });
    const err = await t.exec('/interface print').catch((e: unknown) => e);
    expect(isAirlockError(err, 'AUTH_FAILED')).toBe(true);
    expect(JSON.stringify(err) + String(err)).not.toContain('Rest-Wrong-77');
  });

  it('HTTPS is the default: a plain-HTTP listener is not spoken to without the loud option', async () => {
    const t = createRouterOsRestTransport({
      host: dev.host,
      port: dev.restPort,
      username: USER.name,
      password: USER.password,
    });
    expect(t.target).toMatch(/^https:/);
    const err = await t.exec('/interface print', { timeoutMs: 5_000 }).catch((e: unknown) => e);
    expect(isAirlockError(err)).toBe(true);
    expect((err as { code: string }).code).not.toBe('AUTH_FAILED');
  });

  it('output past the cap is truncated and scripting is refused', async () => {
    const r = await rest.exec('/interface print', { maxOutputBytes: 40 });
    expect(r.truncated).toBe(true);
    expect(Buffer.byteLength(r.output)).toBeLessThanOrEqual(40);
    const err = await rest.exec('/interface disable [find]').catch((e: unknown) => e);
    expect(isAirlockError(err, 'TRANSPORT_BAD_OPTION')).toBe(true);
  });

  it('an aborted request rejects with ABORTED', async () => {
    const err = await rest.exec('/interface print', { signal: AbortSignal.abort() }).catch((e: unknown) => e);
    expect(isAirlockError(err, 'ABORTED')).toBe(true);
  });
});
