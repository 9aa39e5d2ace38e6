import { describe, expect, it } from 'vitest';
import { createRedactor } from '../../src/redact/index.js';

const KEY = new Uint8Array(32).fill(7);
const BODY1 = 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW';
const BODY2 = 'MHcCAQEEIAR3CPf5lZuP+c1n3/DyevVO2vGTAqTdP1ddZQHGuFnByqFEZ1RMivqW';

describe('private key blocks', () => {
  it('a block cut short (grep -A3, head) ends at the first line that cannot be key material', () => {
    const text = [
      'deploy@ci:~$ grep -A2 BEGIN ~/.ssh/id_ed25519',
      '-----BEGIN OPENSSH PRIVATE KEY-----',
      BODY1,
      BODY1.split('').reverse().join(''),
      'deploy@ci:~$ ssh-add -l',
      '256 SHA256:PS0jxWp8WDmKzb4mIo1dQLdGJvBVkwZ1NcEqFNqAUrk deploy@ci (ED25519)',
      '-----BEGIN EC PRIVATE KEY-----',
      BODY2,
      '-----END EC PRIVATE KEY-----',
      '',
    ].join('\n');
    const out = createRedactor({ key: KEY }).redact(text).text;
    expect(out).not.toContain(BODY1.slice(0, 20));
    expect(out).not.toContain(BODY2.slice(0, 20));
    expect(out).toContain('deploy@ci:~$ ssh-add -l\n256 SHA256:PS0jxWp8WDmKzb4mIo1dQLdGJvBVkwZ1NcEqFNqAUrk');
    expect(out).toContain('-----END EC PRIVATE KEY-----');
  });

  it('a block without footer and without a line that ends it is redacted to the end (fail closed)', () => {
    const text = `-----BEGIN RSA PRIVATE KEY-----\n${BODY2}\n${BODY2}`;
    const out = createRedactor({ key: KEY }).redact(text).text;
    expect(out).not.toContain(BODY2.slice(0, 12));
  });

  it('a JSON-escaped key on one line is redacted between its header and footer', () => {
    const text = `{"key": "-----BEGIN EC PRIVATE KEY-----\\n${BODY2}\\n-----END EC PRIVATE KEY-----\\n", "a": 1}`;
    const out = createRedactor({ key: KEY }).redact(text).text;
    expect(out).not.toContain(BODY2.slice(0, 12));
    expect(out).toContain('"a": 1}');
  });
});
