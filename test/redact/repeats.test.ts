import { describe, expect, it } from 'vitest';
import { createRedactor } from '../../src/redact/index.js';

const KEY = new Uint8Array(32).fill(7);

describe('a found value is redacted where it recurs', () => {
  const config = 'PrivateKey = oglicBuCE+XnGLIsf1bs5Y+kBkkLvJhtaxyOMDqi77Q=\n';
  const bare = '# wg show wg0 private-key\noglicBuCE+XnGLIsf1bs5Y+kBkkLvJhtaxyOMDqi77Q=\n';

  it('later in the same text, with the same placeholder', () => {
    const r = createRedactor({ key: KEY });
    const out = r.redact(config + bare).text;
    expect(out).not.toContain('oglicBuCE');
    const [first, second] = [...out.matchAll(/__SECRET_\w+?__/g)].map((m) => m[0]);
    expect(second).toBe(first);
  });

  it('later in a stream, also in a later chunk', () => {
    const r = createRedactor({ key: KEY });
    const s = r.createStream();
    const out = s.push(config) + s.push(bare.slice(0, 30)) + s.push(bare.slice(30)) + s.end();
    expect(out).not.toContain('oglicBuCE');
    expect(out).toBe(r.redact(config + bare).text);
  });

  it('not when switched off (detectors.repeats: false)', () => {
    const r = createRedactor({ key: KEY, detectors: { repeats: false } });
    expect(r.redact(config + bare).text.match(/oglicBuCE/g)).toHaveLength(1);
  });

  it('not before it was found, so a whole text and the same text streamed agree', () => {
    const r = createRedactor({ key: KEY });
    const out = r.redact(bare + config).text;
    expect(out).toContain('oglicBuCE');
    expect(out.match(/oglicBuCE/g)).toHaveLength(1);
  });

  it('not for words and numbers, nor inside a longer token', () => {
    const r = createRedactor({ key: KEY });
    const text =
      'password=internal\nsecret=12345678\npassword=oglicBuCE+XnGLIsf1bs5Y\n' +
      'the internal vlan 12345678\nXoglicBuCE+XnGLIsf1bs5Y\n';
    expect(r.redact(text).text.endsWith('\nthe internal vlan 12345678\nXoglicBuCE+XnGLIsf1bs5Y\n')).toBe(
      true,
    );
  });
});
