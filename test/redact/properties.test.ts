import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAirlockError } from '../../src/errors.js';
import {
  createRedactor,
  isPlaceholder,
  PLACEHOLDER_PATTERN,
  SubstitutionTable,
} from '../../src/redact/index.js';

const KEY = new Uint8Array(32).fill(7);

/** Placeholders become NUL so a secret cannot be "found" across a placeholder boundary by accident. */
function withoutPlaceholders(text: string): string {
  return text.replace(PLACEHOLDER_PATTERN, '\u0000');
}

// Secrets: printable, at least 8 characters, not made only of placeholder letters (a secret such as
// "SECRET_A" is literally part of every placeholder's text, which is not a leak of the value).
const secretArb = fc
  .string({
    unit: fc.constantFrom(...'abcdefghijkmnopqrstuvwxyz0123456789!@#%^&*-+=~.:/ABCDEFXYZ'),
    minLength: 8,
    maxLength: 40,
  })
  .filter((s) => /[a-z!@#%^&*+=~.:/]/.test(s));
const textArb = fc.string({
  unit: fc.constantFrom(...'abc xyz=:"\'\n\t-_/.0123456789AZ$@#'),
  maxLength: 200,
});
const linesArb = fc.array(
  fc.constantFrom(
    'interface ether1',
    'password=',
    'snmp-server community ',
    '/snmp community',
    'set name ',
    'key 7 ',
    '-----BEGIN RSA PRIVATE KEY-----',
    '-----END RSA PRIVATE KEY-----',
    'Private-Lines: 1',
    'Private-MAC: ab',
    'ip address 10.0.0.1 255.255.255.0',
    'https://user:',
    'Authorization: Bearer ',
    '"token": "',
    '<password>',
    '</password>',
    ' ',
    '\n',
  ),
  { maxLength: 12 },
);

function cutsOf(text: string, fractions: number[]): string[] {
  const points = [...new Set(fractions.map((f) => Math.floor(f * text.length)))].sort((a, b) => a - b);
  const parts: string[] = [];
  let prev = 0;
  for (const p of points) {
    parts.push(text.slice(prev, p));
    prev = p;
  }
  parts.push(text.slice(prev));
  return parts;
}

describe('redaction properties', () => {
  it('a registered secret never survives redaction, raw or encoded, for any surrounding text', () => {
    fc.assert(
      fc.property(
        secretArb,
        textArb,
        textArb,
        fc.constantFrom('raw', 'base64', 'url', 'hex', 'HEX'),
        (secret, before, after, enc) => {
          const redactor = createRedactor({ key: KEY, org: 'acme' });
          redactor.register(secret, { kind: 'PASSWORD' });
          const form =
            enc === 'raw'
              ? secret
              : enc === 'base64'
                ? Buffer.from(secret).toString('base64')
                : enc === 'url'
                  ? encodeURIComponent(secret)
                  : enc === 'hex'
                    ? Buffer.from(secret).toString('hex')
                    : Buffer.from(secret).toString('hex').toUpperCase();
          const out = withoutPlaceholders(redactor.redact(before + form + after).text);
          expect(out.includes(form)).toBe(false);
          expect(out.includes(secret)).toBe(false);
        },
      ),
      { seed: 61, numRuns: 300 },
    );
  });

  it('a registered secret never survives streaming, for any chunking', () => {
    fc.assert(
      fc.property(
        secretArb,
        textArb,
        textArb,
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 30 }),
        (secret, before, after, fractions) => {
          const redactor = createRedactor({ key: KEY });
          redactor.register(secret);
          const stream = redactor.createStream();
          let out = '';
          for (const part of cutsOf(before + secret + after + secret, fractions)) out += stream.push(part);
          out += stream.end();
          expect(withoutPlaceholders(out).includes(secret)).toBe(false);
        },
      ),
      { seed: 62, numRuns: 300 },
    );
  });

  it('a secret inside a base64 blob is found at any byte alignment', () => {
    fc.assert(
      fc.property(
        secretArb,
        fc.string({ maxLength: 10 }),
        fc.string({ maxLength: 10 }),
        (secret, pre, post) => {
          const redactor = createRedactor({ key: KEY });
          redactor.register(secret);
          const blob = Buffer.from(pre + secret + post).toString('base64');
          const out = redactor.redact(`data: ${blob}`).text;
          expect(out).not.toBe(`data: ${blob}`);
        },
      ),
      { seed: 63, numRuns: 200 },
    );
  });

  it('redaction is idempotent: redact(redact(x)) = redact(x)', () => {
    fc.assert(
      fc.property(linesArb, textArb, secretArb, (lines, noise, secret) => {
        const redactor = createRedactor({ key: KEY });
        redactor.register(secret);
        const x = lines.join('') + noise + secret + [...lines].reverse().join('');
        const once = redactor.redact(x).text;
        expect(redactor.redact(once).text).toBe(once);
      }),
      { seed: 64, numRuns: 400 },
    );
  });

  it('restore(redact(x)) = x through the substitution table', () => {
    fc.assert(
      fc.property(linesArb, textArb, textArb, (lines, a, b) => {
        const redactor = createRedactor({ key: KEY });
        const x = a + lines.join(b);
        const { text } = redactor.redact(x);
        expect(redactor.table.restore(text).text).toBe(x);
      }),
      { seed: 65, numRuns: 400 },
    );
  });

  it('stream output equals whole-text redaction for any chunking', () => {
    fc.assert(
      fc.property(
        linesArb,
        textArb,
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 20 }),
        (lines, noise, fractions) => {
          const redactor = createRedactor({ key: KEY });
          const x = lines.join(noise);
          const stream = redactor.createStream();
          let out = '';
          for (const part of cutsOf(x, fractions)) out += stream.push(part);
          out += stream.end();
          expect(out).toBe(redactor.redact(x).text);
        },
      ),
      { seed: 66, numRuns: 300 },
    );
  });

  it('distinct secrets never share a placeholder; the same secret always gets the same one per org', () => {
    fc.assert(
      fc.property(fc.uniqueArray(secretArb, { minLength: 2, maxLength: 30 }), (secrets) => {
        const a = createRedactor({ key: KEY, org: 'acme' });
        const b = createRedactor({ key: KEY, org: 'acme' });
        const other = createRedactor({ key: KEY, org: 'globex' });
        const pa = secrets.map((s) => a.register(s));
        expect(new Set(pa).size).toBe(secrets.length);
        expect(secrets.map((s) => b.register(s))).toEqual(pa);
        const po = secrets.map((s) => other.register(s));
        for (let i = 0; i < pa.length; i++) expect(po[i]).not.toBe(pa[i]);
        for (const p of pa) expect(isPlaceholder(p)).toBe(true);
      }),
      { seed: 67, numRuns: 50 },
    );
  });

  it('a truncated-HMAC collision between distinct secrets fails closed with PLACEHOLDER_COLLISION', () => {
    const table = new SubstitutionTable(KEY, 100, () => 'AAAAAAAAAAAAA');
    expect(table.placeholderFor('first-secret', 'PASSWORD')).toBe('__SECRET_PASSWORD_AAAAAAAAAAAAA__');
    expect(table.placeholderFor('first-secret', 'PSK')).toBe('__SECRET_PSK_AAAAAAAAAAAAA__');
    let caught: unknown;
    try {
      table.placeholderFor('second-secret', 'PASSWORD');
    } catch (e) {
      caught = e;
    }
    expect(isAirlockError(caught, 'PLACEHOLDER_COLLISION')).toBe(true);
    expect(String((caught as Error).message)).not.toContain('second-secret');
    expect(String((caught as Error).message)).not.toContain('first-secret');
    expect(table.size).toBe(2);
  });
});
