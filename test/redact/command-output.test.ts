import { describe, expect, it } from 'vitest';
import { createRedactor } from '../../src/redact/index.js';

const KEY = new Uint8Array(32).fill(7);
const redact = (text: string) => createRedactor({ key: KEY }).redact(text).text;

const SESSION = [
  'root@vpn:~# wg genkey',
  'hT8/0vgPHGIp66aEAFTj3EzQ+MMIB6DaNPXAKMR876g=',
  'root@vpn:~# wg genkey | tee key | wg pubkey',
  'mjRbXXiciTfC+52/poQqgLHJX7JdGHTH62pCQ6i2lC8=',
  'root@vpn:~# cat /etc/openvpn/auth.txt',
  'vpnuser',
  'Harbor#5521Q',
  'root@vpn:~# sudo cat /etc/rsyncd.secrets',
  'backup:rsync-Tundra-5510',
  'root@vpn:~# cat ~/.ssh/id_ed25519.pub',
  'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAbc0123 root@vpn',
  'root@vpn:~# cat /etc/hostname',
  'vpn-gw-01',
  'root@vpn:~# kubectl get secret api -o jsonpath="{.data.token}" | base64 -d',
  'eyJhbGciOi.Zq8vR2mLp4xT9w',
  '',
].join('\n');

describe('the output of a command that prints a secret', () => {
  it('is redacted line by line (a generated key, an auth file, user:secret lines, a decoded secret)', () => {
    const out = redact(SESSION);
    for (const secret of [
      'hT8/0vgPHGIp66aEAFTj3EzQ',
      'Harbor#5521Q',
      'rsync-Tundra-5510',
      'eyJhbGciOi.Zq8vR2mLp4xT9w',
    ])
      expect(out).not.toContain(secret);
    // Public keys, user names and host names stay.
    for (const keep of [
      'mjRbXXiciTfC+52/poQqgLHJX7JdGHTH62pCQ6i2lC8=',
      'vpnuser',
      'backup:',
      'AAAAC3NzaC1lZDI1NTE5AAAAIAbc0123',
      'vpn-gw-01',
    ])
      expect(out).toContain(keep);
  });

  it('gives the same result streamed, cut at any offset', () => {
    const whole = redact(SESSION);
    for (let cut = 1; cut < SESSION.length; cut += 7) {
      const s = createRedactor({ key: KEY }).createStream();
      expect(s.push(SESSION.slice(0, cut)) + s.push(SESSION.slice(cut)) + s.end()).toBe(whole);
    }
  });
});
