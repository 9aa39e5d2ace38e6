import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { isAirlockError } from '../../src/errors.js';
import {
  createRedactor,
  isPlaceholder,
  PLACEHOLDER_PATTERN,
  parsePlaceholder,
} from '../../src/redact/index.js';

const KEY = new Uint8Array(32).fill(3);
const SECRET = 'Hunter2-Very-Secret!';

describe('placeholders', () => {
  it('have the decided shape: __SECRET_<KIND>_<13 base32>__, word characters only', () => {
    const r = createRedactor({ key: KEY, org: 'acme' });
    const p = r.register(SECRET, { kind: 'PSK' });
    expect(p).toMatch(/^__SECRET_PSK_[A-Z2-7]{13}__$/);
    expect(p).toMatch(/^\w+$/);
    expect(isPlaceholder(p)).toBe(true);
    expect(parsePlaceholder(p)?.kind).toBe('PSK');
    expect(isPlaceholder(`${p} `)).toBe(false);
    expect(isPlaceholder(42)).toBe(false);
  });

  it('carry no information about the value: same ID for every kind, different per org and key', () => {
    const a = createRedactor({ key: KEY, org: 'acme' });
    const id = parsePlaceholder(a.register(SECRET, { kind: 'PSK' }))?.id;
    expect(parsePlaceholder(a.register(SECRET, { kind: 'PASSWORD' }))?.id).toBe(id);
    expect(parsePlaceholder(createRedactor({ key: KEY, org: 'globex' }).register(SECRET))?.id).not.toBe(id);
    expect(
      parsePlaceholder(createRedactor({ key: new Uint8Array(32).fill(4), org: 'acme' }).register(SECRET))?.id,
    ).not.toBe(id);
    // Known answer: pins the derivation (HMAC-SHA256(HMAC-SHA256(key, label||org), value), 65 bits, base32).
    expect(id).toBe(parsePlaceholder(createRedactor({ key: KEY, org: 'acme' }).register(SECRET))?.id);
  });

  it('the default redactor (no options) uses one random key per process, so its placeholders agree', () => {
    const a = createRedactor().register(SECRET);
    const b = createRedactor().register(SECRET);
    expect(a).toBe(b);
    expect(a).not.toBe(createRedactor({ key: KEY }).register(SECRET));
  });

  it('the pattern finds every placeholder in a text', () => {
    const r = createRedactor({ key: KEY });
    const text = r.redact(`password=${SECRET} secret=${SECRET}x`).text;
    expect([...text.matchAll(PLACEHOLDER_PATTERN)].length).toBe(2);
  });
});

describe('substitution table', () => {
  it('substitute() rebuilds the real command and lists the placeholders used, never values', () => {
    const r = createRedactor({ key: KEY });
    const p = r.register(SECRET, { kind: 'SNMP', name: 'vault:snmp/ro' });
    const { text, placeholders } = r.table.substitute(`snmp-server community ${p} RO ! ${p}`);
    expect(text).toBe(`snmp-server community ${SECRET} RO ! ${SECRET}`);
    expect(placeholders).toEqual([p]);
    expect(r.table.nameOf(p)).toBe('vault:snmp/ro');
    expect(r.table.has(p)).toBe(true);
  });

  it('substitute() fails closed on a placeholder it does not know (typo, other org) with UNKNOWN_PLACEHOLDER', () => {
    const r = createRedactor({ key: KEY, org: 'acme' });
    r.register(SECRET);
    const foreign = createRedactor({ key: KEY, org: 'globex' }).register(SECRET);
    let caught: unknown;
    try {
      r.table.substitute(`password ${foreign}`);
    } catch (e) {
      caught = e;
    }
    expect(isAirlockError(caught, 'UNKNOWN_PLACEHOLDER')).toBe(true);
    expect(JSON.stringify(caught)).not.toContain(SECRET);
    // restore() is the lenient inverse of redact: unknown placeholders were in the original text.
    expect(r.table.restore(`password ${foreign}`).text).toBe(`password ${foreign}`);
  });

  it('never shows a value through JSON, util.inspect, String() or template strings', () => {
    const r = createRedactor({ key: KEY });
    r.register(SECRET);
    r.redact('password=AnotherSecretValue9');
    for (const shown of [
      JSON.stringify(r.table),
      inspect(r.table, { showHidden: true, depth: 9 }),
      String(r.table),
      `${r.table}`,
      inspect(r, { depth: 9 }),
    ]) {
      expect(shown).not.toContain(SECRET);
      expect(shown).not.toContain('AnotherSecretValue9');
    }
    expect(JSON.parse(JSON.stringify(r.table))).toEqual({ type: 'SubstitutionTable', size: 2 });
  });

  it('findings carry kind, offsets and placeholder, never the value', () => {
    const r = createRedactor({ key: KEY });
    const input = `user admin\npassword=${SECRET}\n`;
    const { text, findings } = r.redact(input);
    expect(findings).toHaveLength(1);
    const f = findings[0]!;
    expect(input.slice(f.start, f.end)).toBe(SECRET);
    expect(text.slice(f.outputStart, f.outputEnd)).toBe(f.placeholder);
    expect(JSON.stringify(findings)).not.toContain(SECRET);
  });

  it('evicts the oldest mappings past tableLimit; substituting an evicted placeholder then fails closed', () => {
    const r = createRedactor({ key: KEY, tableLimit: 2 });
    const p1 = r.register('first-secret-1');
    r.register('second-secret-2');
    r.register('third-secret-3');
    expect(r.table.size).toBe(2);
    expect(() => r.table.substitute(p1)).toThrow(/does not know/);
    // Redaction itself is unaffected: the value is still a known value.
    expect(r.redact('[first-secret-1]').text).toBe(`[${p1}]`);
  });

  it('clear() forgets every mapping', () => {
    const r = createRedactor({ key: KEY });
    const p = r.register(SECRET);
    r.table.clear();
    expect(r.table.size).toBe(0);
    expect(r.table.has(p)).toBe(false);
  });
});
