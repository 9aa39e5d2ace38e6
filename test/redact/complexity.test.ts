import { describe, expect, it } from 'vitest';
import { createRedactor } from '../../src/redact/index.js';

// Adversarial inputs for every detector family. Each unit fills a 16 KiB base text; the test compares
// the CPU time of one redaction of the 16× text with sixteen redactions of the 1× text (the same number
// of bytes). Linear code gives a ratio near 1, a quadratic path ~16 (it is 256× the time on 16× the
// input). The bound, 4, is the old "64× on 16× input" limit expressed per byte.
//
// Why it does not flake under machine load: it measures process CPU time (`process.cpuUsage`, vitest
// runs each file in its own fork), not wall time, so time spent descheduled does not count; both sides
// are the same number of bytes, so both last about as long and see the same machine; each side is the
// minimum of several repetitions (noise only ever adds time); and a failing attempt is retried, while a
// quadratic path fails every attempt. The injected-quadratic check is described in docs/redact.md.
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
  ['snmp community table rows', '#  NAME  ADDRESSES\n 0 X public ::/0\n'],
  ['snmp community records', ' name=a read-access=yes'],
  ['section needles outside any section', 'add security=sec1 name=w\n'],
  ['RouterOS prompts in a community section', '/snmp community\n[a@b] /snmp/community> add name=x\n'],
];

const BASE_BYTES = 16_384;
const SCALE = 16;
const BOUND = 4;
const REPETITIONS = 5;
const ATTEMPTS = 4;
/** CPU-time floor for the 1× side (µs), so timer granularity cannot inflate the ratio. */
const FLOOR_US = 200;

function cpuMicros(f: () => void): number {
  const t0 = process.cpuUsage();
  f();
  const d = process.cpuUsage(t0);
  return d.user + d.system;
}

function minCpu(f: () => void): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < REPETITIONS; i++) best = Math.min(best, cpuMicros(f));
  return best;
}

/** CPU time of one pass over the 16× text per CPU time of 16 passes over the 1× text (best attempt). */
function growthRatio(redact: (text: string) => unknown, unit: string): number {
  const base = unit.repeat(Math.ceil(BASE_BYTES / unit.length));
  const big = base.repeat(SCALE);
  // Warm-up: compile the regexes and optimise the hot paths before anything is timed.
  redact(base);
  redact(big);
  let ratio = Number.POSITIVE_INFINITY;
  for (let attempt = 0; attempt < ATTEMPTS && ratio >= BOUND; attempt++) {
    const small = minCpu(() => {
      for (let i = 0; i < SCALE; i++) redact(base);
    });
    const large = minCpu(() => redact(big));
    ratio = Math.min(ratio, large / Math.max(small, FLOOR_US));
  }
  return ratio;
}

describe('redaction runs in linear time on adversarial input (CPU time, 16× input vs 16 × 1× input)', () => {
  const r = createRedactor({ key: new Uint8Array(32), secrets: ['known-secret-1', 'abcdabcdabcd'] });
  it.each(UNITS)('%s', (_name, unit) => {
    expect(growthRatio((t) => r.redact(t), unit)).toBeLessThan(BOUND);
  });

  it('the measure itself fails a quadratic function (the test can fail)', () => {
    // A quadratic scan of the shape this test guards against: an unbounded look-back from positions
    // spread over a single long line.
    const quadratic = (text: string): number => {
      let n = 0;
      for (let i = 0; i < text.length; i += 1024) n += text.lastIndexOf('\u0001', i);
      return n;
    };
    expect(growthRatio(quadratic, 'word ')).toBeGreaterThan(BOUND);
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
