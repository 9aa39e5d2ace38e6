import { describe, expect, it } from 'vitest';
import { createRedactor } from '../../src/redact/index.js';

// Adversarial inputs for every detector family: each is repeated 1×, 4× and 16×. A quadratic path would
// make the 16× run ~256× slower than 1×; linear code stays near 16×. The bound (64×, best of 3 runs)
// is generous so a loaded CI machine cannot make it flaky, yet far below quadratic growth.
const UNITS: Array<[string, string]> = [
  ['stems without values', 'password_password-secret.token '],
  ['one long name', 'passwordsecrettokenkey'],
  ['unterminated quotes', 'password="abc\\"def '],
  ['unclosed XML', '<password>abc<secret>def'],
  ['PEM headers without footer', '-----BEGIN RSA PRIVATE KEY-----'],
  ['PuTTY markers', '\nPrivate-Lines: 3\n'],
  ['JWT-like runs', 'eyJ-eyJ.'],
  ['URL fragments', 'a://b:c@'],
  ['crypt-like', '$1$abc$'],
  ['shadow-like line', 'user:xx:1:2:3:'],
  ['snmp command flags', 'snmpwalk -c -A -X '],
  ['cli -u -p', ' -u a -p'],
  ['blank runs', '          '],
  ['bare key lines', '\n key 7 '],
  ['authorization', 'Authorization: Bearer '],
];

function bestOf3(f: () => void): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 3; i++) {
    const t0 = process.hrtime.bigint();
    f();
    best = Math.min(best, Number(process.hrtime.bigint() - t0));
  }
  return best;
}

describe('redaction runs in linear time on adversarial input (1×/4×/16×)', () => {
  const r = createRedactor({ key: new Uint8Array(32), secrets: ['known-secret-1', 'abcdabcdabcd'] });
  it.each(UNITS)('%s', (_name, unit) => {
    const base = unit.repeat(Math.ceil(16_384 / unit.length));
    // Up to three attempts: a loaded machine can spoil one, a quadratic path (~256×) fails all three.
    let ratio = Number.POSITIVE_INFINITY;
    for (let attempt = 0; attempt < 3 && ratio >= 64; attempt++) {
      const [t1, , t16] = [1, 4, 16].map((k) => {
        const text = base.repeat(k);
        return bestOf3(() => r.redact(text));
      }) as [number, number, number];
      // Floor the 1× (16 KiB) time at 0.2 ms so timer noise on tiny inputs does not dominate the ratio.
      ratio = Math.min(ratio, t16 / Math.max(t1, 200_000));
    }
    expect(ratio).toBeLessThan(64);
  });

  it('streams in 1-byte chunks over a long line without quadratic cost beyond the hold bound', () => {
    const s = r.createStream({ maxHold: 4096 });
    const line = 'word '.repeat(8192);
    let out = '';
    for (const ch of line) out += s.push(ch);
    out += s.end();
    expect(out).toBe(line);
  });
});
