import { describe, expect, it } from 'vitest';
import { createRedactor } from '../../src/redact/index.js';

const KEY = new Uint8Array(32).fill(7);
const redact = (text: string) => createRedactor({ key: KEY }).redact(text).text;

describe('command output tables with a secret column', () => {
  it('RouterOS /ppp secret print: the PASSWORD cell of every row, also a row shifted by a MAC', () => {
    const text = [
      '[admin@r1] > /ppp secret print',
      'Columns: NAME, SERVICE, CALLER-ID, PASSWORD, PROFILE, REMOTE-ADDRESS',
      '#  NAME          SERVICE  CALLER-ID          PASSWORD        PROFILE      REMOTE-ADDRESS',
      '0  vpn-erin      l2tp                        Er1n#L2tp-02    prof-l2tp    10.99.0.21',
      '1  pppoe-cpe-17  pppoe    E4:8D:8C:11:22:33  cpe17-pppoe!    prof-pppoe',
      '[admin@r1] > /ip address print',
      '#  ADDRESS         NETWORK     INTERFACE',
      '0  10.0.0.1/24     10.0.0.0    ether1',
      '',
    ].join('\n');
    const out = redact(text);
    expect(out).not.toContain('Er1n#L2tp-02');
    expect(out).not.toContain('cpe17-pppoe!');
    for (const keep of [
      'vpn-erin',
      'E4:8D:8C:11:22:33',
      'prof-pppoe',
      '10.99.0.21',
      '0  10.0.0.1/24     10.0.0.0    ether1',
    ])
      expect(out).toContain(keep);
  });

  it('IOS show crypto isakmp key and NX-OS show snmp community', () => {
    const text = [
      'hub1#show crypto isakmp key',
      'Keyring      Hostname/Address                            Preshared Key',
      '',
      'default      203.0.113.10                                Isakmp$ecret-hub',
      'KR-BRANCHES  198.51.100.7                                Br4nchPSK!hub7',
      '',
      'leaf1# show snmp community',
      'Community            Group / Access      context    acl_filter',
      '---------            --------------      -------    ----------',
      'dc1_ro_Leaf102       network-operator',
      'leaf1# show version',
    ].join('\n');
    const out = redact(text);
    for (const secret of ['Isakmp$ecret-hub', 'Br4nchPSK!hub7', 'dc1_ro_Leaf102'])
      expect(out).not.toContain(secret);
    for (const keep of ['203.0.113.10', 'KR-BRANCHES', 'network-operator', 'leaf1# show version'])
      expect(out).toContain(keep);
  });

  it('a word in prose or a two-column line is no table header', () => {
    const text = 'Enter the PASSWORD  now\nthe SECRET  is kept\nremaining text stays\n';
    expect(redact(text)).toBe(text);
  });
});
