import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  hashKnownHostsName,
  knownHostsLine,
  knownHostsName,
  parseKnownHosts,
  verifyHostKey,
} from '../../src/transports/index.js';

function blob(type: string, body: Buffer): Buffer {
  const t = Buffer.from(type);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(t.length);
  return Buffer.concat([len, t, body]);
}
const KEY_A = blob('ssh-ed25519', randomBytes(36));
const KEY_B = blob('ssh-ed25519', randomBytes(36));
const line = (hosts: string, key: Buffer, type = 'ssh-ed25519') =>
  `${hosts} ${type} ${key.toString('base64')}`;

describe('known_hosts', () => {
  it('names non-standard ports in brackets, as OpenSSH does', () => {
    expect(knownHostsName('10.0.0.1', 22)).toBe('10.0.0.1');
    expect(knownHostsName('10.0.0.1', 2222)).toBe('[10.0.0.1]:2222');
    expect(knownHostsLine('h', 2222, `ssh-ed25519 ${KEY_A.toString('base64')} c`)).toBe(
      line('[h]:2222', KEY_A),
    );
  });

  it.each([
    ['plain name', line('r1.example', KEY_A), 'r1.example', 22, 'trusted'],
    ['name list', line('r0,r1.example,10.0.0.1', KEY_A), '10.0.0.1', 22, 'trusted'],
    ['bracketed port', line('[10.0.0.1]:2222', KEY_A), '10.0.0.1', 2222, 'trusted'],
    ['port 22 entry does not cover another port', line('10.0.0.1', KEY_A), '10.0.0.1', 2222, 'unknown'],
    ['wildcard', line('*.example', KEY_A), 'r1.example', 22, 'trusted'],
    ['question mark', line('r?.example', KEY_A), 'r1.example', 22, 'trusted'],
    ['negation vetoes a wildcard', line('*.example,!r1.example', KEY_A), 'r1.example', 22, 'unknown'],
    ['matching is case-insensitive', line('R1.EXAMPLE', KEY_A), 'r1.example', 22, 'trusted'],
    ['other key for the host', line('r1.example', KEY_B), 'r1.example', 22, 'mismatch'],
    [
      'revoked key',
      `@revoked * ssh-ed25519 ${KEY_A.toString('base64')}\n${line('r1.example', KEY_A)}`,
      'r1.example',
      22,
      'revoked',
    ],
    [
      'cert-authority lines never trust a key',
      `@cert-authority * ssh-ed25519 ${KEY_A.toString('base64')}`,
      'r1.example',
      22,
      'unknown',
    ],
    [
      'unknown marker lines are skipped',
      `@future r1.example ssh-ed25519 ${KEY_A.toString('base64')}`,
      'r1.example',
      22,
      'unknown',
    ],
    [
      'type field disagreeing with the blob is corrupt',
      line('r1.example', KEY_A, 'ssh-rsa'),
      'r1.example',
      22,
      'unknown',
    ],
    [
      'comments and blank lines',
      `# r1.example ssh-ed25519 ${KEY_A.toString('base64')}\n\n`,
      'r1.example',
      22,
      'unknown',
    ],
    ['bad base64', 'r1.example ssh-ed25519 !!!', 'r1.example', 22, 'unknown'],
  ])('%s', (_title, text, host, port, status) => {
    expect(verifyHostKey(parseKnownHosts(text), host, port, KEY_A).status).toBe(status);
  });

  it('a hashed entry matches only its own name and port', () => {
    const hashed = line(hashKnownHostsName('[10.0.0.1]:2222', randomBytes(20)), KEY_A);
    const entries = parseKnownHosts(hashed);
    expect(verifyHostKey(entries, '10.0.0.1', 2222, KEY_A).status).toBe('trusted');
    expect(verifyHostKey(entries, '10.0.0.1', 22, KEY_A).status).toBe('unknown');
    expect(verifyHostKey(entries, '10.0.0.2', 2222, KEY_A).status).toBe('unknown');
  });

  it('no key other than the pinned one is ever trusted (pinning property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 80 }), fc.boolean(), (body, hashed) => {
        const other = blob('ssh-ed25519', Buffer.from(body));
        fc.pre(!other.equals(KEY_A));
        const name = hashed ? hashKnownHostsName('[h]:2200', Buffer.alloc(20, 7)) : '[h]:2200';
        const entries = parseKnownHosts(line(name, KEY_A));
        expect(verifyHostKey(entries, 'h', 2200, other).status).toBe('mismatch');
      }),
      { seed: 42, numRuns: 200 },
    );
  });

  it('arbitrary text never makes an unlisted key trusted (parser fails closed)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => {
        expect(verifyHostKey(parseKnownHosts(text), 'h', 22, KEY_B).status).not.toBe('trusted');
      }),
      { seed: 3, numRuns: 300 },
    );
  });

  it('pattern matching stays linear on hostile wildcards', () => {
    const entries = parseKnownHosts(line(`${'*a'.repeat(200)}b`, KEY_A));
    expect(verifyHostKey(entries, 'a'.repeat(2000), 22, KEY_A).status).toBe('unknown');
  });
});
