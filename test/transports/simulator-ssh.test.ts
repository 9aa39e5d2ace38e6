import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAirlockError } from '../../src/errors.js';
import {
  createSshTransport,
  type DeviceTransport,
  SEEDED_SECRETS,
  type SimulatedRouterOS,
  startSimulatedRouterOS,
} from '../../src/transports/index.js';

const ADMIN = { name: 'admin', password: 'Adm1n-Sim-Pass!' };
const VIEWER = { name: 'viewer', password: 'View-Only-Pass!', group: 'read' as const };

describe('simulated RouterOS over a real SSH server', () => {
  let dev: SimulatedRouterOS;
  let t: DeviceTransport;
  const run = async (cmd: string) => (await t.exec(cmd, { timeoutMs: 5_000 })).output;

  beforeAll(async () => {
    dev = await startSimulatedRouterOS({ users: [ADMIN, VIEWER] });
    t = createSshTransport({
      host: dev.host,
      port: dev.port,
      username: ADMIN.name,
      password: () => ADMIN.password,
      knownHosts: { content: dev.hostKey },
    });
  });
  afterAll(async () => {
    await t?.close();
    await dev?.close();
  });

  it('answers print with a RouterOS 7 table over a password-authenticated, pinned session', async () => {
    const out = await run('/interface print');
    expect(out).toMatch(/^Flags: X - DISABLED; R - RUNNING\r\nColumns: NAME, TYPE/);
    expect(out).toContain('vlan20');
    expect(out).toContain('bridge1');
    expect(dev.state.received.at(-1)).toEqual({
      via: 'ssh-exec',
      user: 'admin',
      command: '/interface print',
    });
  });

  it('exec with a pseudo-terminal (pty: true) gets the same answer', async () => {
    const p = createSshTransport({
      host: dev.host,
      port: dev.port,
      username: ADMIN.name,
      password: ADMIN.password,
      knownHosts: dev.hostKey,
      pty: true,
    });
    expect((await p.exec('/system identity print')).output).toMatch(/name: /);
    await p.close();
  });

  it('slash and space menu forms are the same command', async () => {
    expect(await run('/ip/address/print')).toBe(await run('/ip address print'));
  });

  it('secrets appear in neither print nor export without show-sensitive', async () => {
    const outputs = await Promise.all([
      run('/export'),
      run('/ppp secret print detail'),
      run('/interface wireless security-profiles print'),
      run('/ip ipsec identity print detail'),
      run('/snmp community print detail'),
      run('/user print detail'),
    ]);
    const hidden = [
      SEEDED_SECRETS.pppPassword,
      SEEDED_SECRETS.wpaPsk,
      SEEDED_SECRETS.ipsecSecret,
      SEEDED_SECRETS.snmpAuthPassword,
      ADMIN.password,
      VIEWER.password,
    ];
    for (const out of outputs) for (const s of hidden) expect(out).not.toContain(s);
  });

  it('export show-sensitive reveals device secrets but never user passwords', async () => {
    const out = await run('/export show-sensitive');
    expect(out).toContain(`wpa2-pre-shared-key=${SEEDED_SECRETS.wpaPsk}`);
    expect(out).toContain(`password=${SEEDED_SECRETS.pppPassword}`);
    expect(out).toContain(`secret=${SEEDED_SECRETS.ipsecSecret}`);
    expect(out).not.toContain(ADMIN.password);
    for (const s of [
      SEEDED_SECRETS.pppPassword,
      SEEDED_SECRETS.wpaPsk,
      SEEDED_SECRETS.ipsecSecret,
      SEEDED_SECRETS.snmpCommunity,
    ]) {
      expect(dev.secrets()).toContain(s);
    }
  });

  it('unknown commands answer with RouterOS error text and a non-zero status', async () => {
    const r = await t.exec('/xyz');
    expect(r.output).toBe('bad command name xyz (line 1 column 2)\r\n');
    expect(r.exitStatus).toBe(1);
    expect((await t.exec('/ip xyz print')).output).toContain('bad command name xyz (line 1 column 5)');
    expect((await t.exec('/interface print foo')).output).toContain(
      'expected end of command (line 1 column 18)',
    );
    expect((await t.exec('/interface enable nosuch')).output).toContain('no such item');
  });

  it('the seeded fault cuts VLAN 20 and one moderate command fixes it', async () => {
    expect(await run('/ping 10.20.0.10 count=3')).toContain('packet-loss=100%');
    expect(await run('/ip firewall filter print')).toContain(';;; maintenance: block vlan20');
    expect(await run('/ip firewall filter disable numbers=3')).toBe('');
    expect(await run('/ping 10.20.0.10 count=3')).toContain('sent=3 received=3 packet-loss=0%');
    expect(await run('/ip firewall filter print')).toMatch(/ 3 X {3};;; maintenance: block vlan20/);
    await run('/ip firewall filter enable [find comment="maintenance: block vlan20"]');
    expect(await run('/ping 10.20.0.10 count=1')).toContain('packet-loss=100%');
  });

  it('set, add, remove, enable and disable change state', async () => {
    await run('/interface disable vlan10');
    expect(dev.state.menus.get('interface')!.items.find((i) => i.props.name === 'vlan10')!.disabled).toBe(
      true,
    );
    await run('/interface vlan enable vlan10');
    expect(
      dev.state.menus.get('interface/vlan')!.items.find((i) => i.props.name === 'vlan10')!.disabled,
    ).toBe(false);
    await run('/ip address add address=10.30.0.1/24 interface=bridge1 comment="lab net"');
    expect(await run('/ip address print')).toMatch(/10\.30\.0\.1\/24 +10\.30\.0\.0 +bridge1/);
    await run('/ip address remove [find address="10.30.0.1/24"]');
    expect(await run('/ip address print')).not.toContain('10.30.0.1');
    await run('/system identity set name=edge-02');
    expect(await run('/system identity print')).toContain('name: edge-02');
    expect((await t.exec('/interface vlan add name=vlan10 vlan-id=11 interface=bridge1')).output).toContain(
      'failure: already have such name',
    );
  });

  it('a read-only user may look but not change', async () => {
    const v = createSshTransport({
      host: dev.host,
      port: dev.port,
      username: VIEWER.name,
      password: VIEWER.password,
      knownHosts: { content: dev.hostKey },
    });
    expect((await v.exec('/system resource print')).output).toContain('board-name: RB4011iGS+');
    const r = await v.exec('/system reboot');
    expect(r.output).toContain('not enough permissions (9)');
    expect(dev.state.rebootCount).toBe(0);
    await v.close();
  });

  it('a wrong password is AUTH_FAILED without the password in the error', async () => {
    const bad = createSshTransport({
      host: dev.host,
      port: dev.port,
      username: 'admin',
      password: 'Wrong-Pass-123',
      knownHosts: dev.hostKey,
    });
    const err = await bad.exec('/interface print').catch((e: unknown) => e);
    expect(isAirlockError(err, 'AUTH_FAILED')).toBe(true);
    expect(JSON.stringify(err) + String(err)).not.toContain('Wrong-Pass-123');
    await bad.close();
  });

  it('an interactive shell channel shows the RouterOS prompt and runs typed commands', async () => {
    const { Client } = await import('ssh2');
    const c = new Client();
    await new Promise<void>((resolve, reject) => {
      c.once('ready', () => resolve()).once('error', reject);
      c.connect({
        host: dev.host,
        port: dev.port,
        username: ADMIN.name,
        password: ADMIN.password,
        hostVerifier: () => true,
      });
    });
    const screen = await new Promise<string>((resolve, reject) => {
      c.shell({ term: 'vt100' }, (err, stream) => {
        if (err) return reject(err);
        let text = '';
        stream.on('data', (d: Buffer) => {
          text += d.toString();
          if (text.endsWith('] > ') && !text.includes('name:')) stream.write('/system identity print\r');
          else if (text.includes('name:') && text.endsWith('] > ')) stream.write('/quit\r');
        });
        stream.on('close', () => resolve(text));
      });
    });
    c.end();
    expect(screen).toContain('[admin@');
    expect(screen).toMatch(/name: \S+\r\n/);
    expect(
      dev.state.received.some((r) => r.via === 'ssh-shell' && r.command === '/system identity print'),
    ).toBe(true);
  });

  it('/system reboot is recorded in state and log', async () => {
    expect(await run('/system reboot')).toContain('system will reboot shortly');
    expect(dev.state.rebootCount).toBe(1);
    expect(await run('/log print')).toContain('system rebooted by admin');
  });
});
