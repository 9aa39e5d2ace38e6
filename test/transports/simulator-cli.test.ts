import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/transports/simulator/cli.js';
import { createRosState, listSecrets } from '../../src/transports/simulator/state.js';

const READ_COMMANDS = [
  '/export',
  '/export terse',
  '/interface export',
  '/ppp export',
  '/ppp secret print',
  '/ppp secret print detail',
  '/interface wireless security-profiles print detail',
  '/ip ipsec identity print',
  '/ip ipsec export',
  '/snmp community print detail',
  '/user print detail',
  '/user print',
];

// Secret-looking values: printable, no quote or backslash (the CLI would need escapes), long enough to be unique.
const secretArb = fc.stringMatching(/^[A-Za-z0-9!#%&()*+,.:<>?@^_{|}~-]{12,40}$/);

describe('simulator command line', () => {
  it('no print or export without show-sensitive reveals a sensitive value (secrecy property)', () => {
    fc.assert(
      fc.property(
        secretArb,
        secretArb,
        secretArb,
        fc.constantFrom(...READ_COMMANDS),
        (ppp, psk, user, cmd) => {
          const state = createRosState({ users: [{ name: 'admin', password: user }] });
          expect(runCli(state, 'admin', `/ppp secret add name=x service=any password="${ppp}"`).status).toBe(
            0,
          );
          expect(
            runCli(
              state,
              'admin',
              `/interface wireless security-profiles set office wpa2-pre-shared-key="${psk}"`,
            ).status,
          ).toBe(0);
          const out = runCli(state, 'admin', cmd).output;
          for (const s of listSecrets(state).filter((x) => x.hiddenByDefault))
            expect(out).not.toContain(s.value);
        },
      ),
      { seed: 11, numRuns: 150 },
    );
  });

  it('any input line yields output and a status, never an exception (parser fails closed)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }), (line) => {
        const state = createRosState();
        const r = runCli(state, 'admin', line);
        expect([0, 1]).toContain(r.status);
      }),
      { seed: 5, numRuns: 400 },
    );
  });

  it.each([
    ['/ip address print "unterminated', 'syntax error (line 1 column 19)'],
    ['/ip firewall filter disable [find comment="x"', 'syntax error (line 1 column 29)'],
    ['/interface set', 'missing value(s) of argument(s) numbers'],
    ['/interface set 99 mtu=1400', 'no such item'],
    ['/interface set vlan20 actual-mtu=1', 'expected end of command (line 1 column 23)'],
    ['/ip address add address=300.1.1.1/24 interface=ether2', 'invalid value for argument address'],
    ['/ping', 'missing value(s) of argument(s) address'],
    ['/ping 10.0.0.1 count=0', 'value of count out of range (1..4294967295)'],
    ['/interface/vlan/xyz', 'bad command name xyz (line 1 column 17)'],
  ])('%s → %s', (line, message) => {
    const state = createRosState();
    const r = runCli(state, 'admin', line);
    expect(r.status).toBe(1);
    expect(r.output.trim()).toBe(message);
  });

  it('a failing command in a ; sequence stops the sequence and leaves later commands unrun', () => {
    const state = createRosState();
    const r = runCli(state, 'admin', '/interface disable vlan10; /xyz; /interface disable vlan20');
    expect(r.status).toBe(1);
    const ifs = state.menus.get('interface')!.items;
    expect(ifs.find((i) => i.props.name === 'vlan10')!.disabled).toBe(true);
    expect(ifs.find((i) => i.props.name === 'vlan20')!.disabled).toBe(false);
  });

  it("fault 'vlan-disabled' is fixed by enabling the interface", () => {
    const state = createRosState({ fault: 'vlan-disabled' });
    expect(runCli(state, 'admin', '/ping 10.20.0.10 count=1').output).toContain('packet-loss=100%');
    expect(runCli(state, 'admin', '/interface enable vlan20').status).toBe(0);
    expect(runCli(state, 'admin', '/ping 10.20.0.10 count=1').output).toContain('packet-loss=0%');
  });
});
