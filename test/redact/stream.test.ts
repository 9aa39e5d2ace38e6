import { describe, expect, it } from 'vitest';
import { isAirlockError } from '../../src/errors.js';
import { createRedactor, type Finding } from '../../src/redact/index.js';

const KEY = new Uint8Array(32).fill(5);
const PEM = [
  '-----BEGIN RSA PRIVATE KEY-----',
  'MIIEpAIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM9OiJjRazXBZ1BjP5CE/Wm/Rr500P',
  'RK+Lh9x5eJPo5CAZ3/ANBE0sTK0ZsDGMak2m1g73VHqIxFTz0Ta1d4Fa0C2ofSiu',
  '-----END RSA PRIVATE KEY-----',
].join('\n');

function runStream(
  chunks: string[],
  options?: Parameters<ReturnType<typeof createRedactor>['createStream']>[0],
): string {
  const s = createRedactor({ key: KEY }).createStream(options);
  return chunks.map((c) => s.push(c)).join('') + s.end();
}

describe('redaction stream', () => {
  it('catches a value split at the separator and mid-value', () => {
    const out = runStream(['/user add name=ops pass', 'word=', 'Spl1t', 'Secret!9 group=full\n']);
    expect(out).not.toContain('Spl1tSecret!9');
    expect(out).not.toContain('Spl1t');
    expect(out).toContain('group=full');
  });

  it('catches a private key split inside the PEM block and holds the block until its footer', () => {
    const r = createRedactor({ key: KEY });
    const s = r.createStream();
    const half = Math.floor(PEM.length / 2);
    const first = s.push(`before\n${PEM.slice(0, half)}`);
    expect(first).toBe('before\n');
    expect(s.held).toBeGreaterThan(0);
    const rest = s.push(`${PEM.slice(half)}\nafter\n`) + s.end();
    expect(first + rest).not.toContain('MIIEpAIBAAKCAQEA');
    expect(first + rest).toContain('-----END RSA PRIVATE KEY-----');
    expect(first + rest).toContain('after');
  });

  it('releases every complete line at once (latency: one line)', () => {
    const s = createRedactor({ key: KEY }).createStream();
    expect(s.push('interface ether1\nip address 10.0.0.1')).toBe('interface ether1\n');
    expect(s.end()).toBe('ip address 10.0.0.1');
  });

  it('a registered multi-line secret is never cut at a line end', () => {
    const r = createRedactor({ key: KEY });
    r.register('line-one-secret\nline-two-secret');
    const s = r.createStream();
    const out = s.push('x line-one-secret\n') + s.push('line-two-secret y\n') + s.end();
    expect(out).not.toContain('line-one-secret');
    expect(out).not.toContain('line-two-secret');
  });

  it('fails closed past maxHold: an unterminated key block is released only as one OVERFLOW placeholder', () => {
    const findings: Finding[] = [];
    const body = 'A'.repeat(300);
    const out = runStream(['-----BEGIN PRIVATE KEY-----\n', `${body}\n`, `${body}\n`], {
      maxHold: 256,
      onFinding: (f) => findings.push(f),
    });
    expect(out).not.toContain(body.slice(0, 50));
    expect(findings.some((f) => f.kind === 'OVERFLOW')).toBe(true);
  });

  it('past maxHold on a long line, cuts at a blank that does not follow a secret-like name', () => {
    const words = Array.from({ length: 200 }, (_, i) => `w${i}`).join(' ');
    const out = runStream([words, ' password=', 'LongLineSecret1', ' tail\n'], { maxHold: 128 });
    expect(out).not.toContain('LongLineSecret1');
    expect(out).toContain('w199');
  });

  it('reports findings with offsets over the whole stream', () => {
    const findings: Finding[] = [];
    const input = ['line 1\n', 'password=Abc123456\n', 'secret=Def654321\n'];
    const out = runStream(input, { onFinding: (f) => findings.push(f) });
    const whole = input.join('');
    expect(findings.map((f) => whole.slice(f.start, f.end))).toEqual(['Abc123456', 'Def654321']);
    for (const f of findings) expect(out.slice(f.outputStart, f.outputEnd)).toBe(f.placeholder);
  });

  it('rejects push after end and non-string chunks with typed errors', () => {
    const s = createRedactor({ key: KEY }).createStream();
    expect(() => s.push(42 as unknown as string)).toThrow();
    try {
      s.push(null as unknown as string);
    } catch (e) {
      expect(isAirlockError(e, 'REDACT_BAD_INPUT')).toBe(true);
    }
    s.end();
    try {
      s.push('x');
      expect.unreachable();
    } catch (e) {
      expect(isAirlockError(e, 'REDACT_STREAM_ENDED')).toBe(true);
    }
  });
});
