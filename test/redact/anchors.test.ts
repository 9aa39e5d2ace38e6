import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GROUP } from '../../src/redact/anchor-hits.js';
import { AnchorScanner } from '../../src/redact/anchors.js';
import { stemOffsets } from '../../src/redact/assignments.js';
import { Automaton } from '../../src/redact/automaton.js';
import { getEngine } from '../../src/redact/dfa-wasm.js';
import { createRedactor } from '../../src/redact/index.js';
import { KnownValues } from '../../src/redact/known-values.js';
import { candidatesOf, findPatterns, RULES } from '../../src/redact/patterns.js';
import { SECTION_ANCHORS } from '../../src/redact/sections.js';
import type { Span } from '../../src/redact/span.js';
import { isNonSecretValue } from '../../src/redact/values.js';
import { loadCorpus } from './corpus.js';

// The detectors run their regexes only where the automaton found one of their anchors. These tests pin
// the two facts that make that exact: the automaton never misses an occurrence, and every match of a
// detector starts at one of its candidates (checked by trying each rule's regex at every offset).

/** ASCII letters fold; KELVIN SIGN is "k"; everything else is itself. */
function fold(c: number): number {
  if (c >= 65 && c <= 90) return c + 32;
  return c === 0x212a ? 107 : c;
}

function occurrences(text: string, pattern: string): number[] {
  const out: number[] = [];
  for (let i = 0; i + pattern.length <= text.length; i++) {
    let k = 0;
    while (k < pattern.length && fold(text.charCodeAt(i + k)) === fold(pattern.charCodeAt(k))) k++;
    if (k === pattern.length) out.push(i);
  }
  return out;
}

function hitsOf(automaton: Automaton, text: string): Set<string> {
  const h = automaton.scan(text);
  const out = new Set<string>();
  for (let i = 0; i < h.count; i++) out.add(`${h.ids[i]}@${h.starts[i]}`);
  return out;
}

const alphabet = fc.constantFrom(...'abcKkP-_ :=$\t\n\u212aé€\u0000'.split(''));
const word = fc.array(alphabet, { minLength: 1, maxLength: 6 }).map((a) => a.join(''));

describe('anchor automaton', () => {
  it('reports every case-folded occurrence of every pattern, in any text, across windows and lanes', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(word, { minLength: 1, maxLength: 12 }),
        fc.array(fc.oneof(word, alphabet), { maxLength: 400 }),
        fc.integer({ min: 0, max: 3 }),
        (patterns, parts, repeat) => {
          const automaton = new Automaton(patterns);
          // Long texts cross the 32 Ki-unit window and run in two lanes.
          const text = parts.join('').repeat(repeat === 3 ? 200 : 1 + repeat);
          const found = hitsOf(automaton, text);
          patterns.forEach((p, id) => {
            for (const at of occurrences(text, p)) expect(found.has(`${id}@${at}`)).toBe(true);
          });
        },
      ),
      { seed: 2611, numRuns: 120 },
    );
  });

  it('the JavaScript scan (the fallback without WebAssembly) finds exactly what the WebAssembly scan finds', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(word, { minLength: 1, maxLength: 12 }),
        fc.array(fc.oneof(word, alphabet), { maxLength: 400 }),
        fc.boolean(),
        (patterns, parts, long) => {
          const automaton = new Automaton(patterns);
          const text = parts.join('').repeat(long ? 150 : 1);
          const copy = (h: { count: number; starts: Int32Array; ids: Int32Array }) => ({
            starts: [...h.starts.subarray(0, h.count)],
            ids: [...h.ids.subarray(0, h.count)],
          });
          expect(copy(automaton.scanPortable(text))).toEqual(copy(automaton.scan(text)));
        },
      ),
      { seed: 2615, numRuns: 100 },
    );
  });

  it('redaction without WebAssembly (node --jitless) gives the same result', () => {
    const index = fileURLToPath(new URL('../../src/redact/index.ts', import.meta.url));
    const corpus = loadCorpus().map((f) => f.text);
    const dir = mkdtempSync(join(tmpdir(), 'airlock-jitless-'));
    const script = join(dir, 'redact.ts');
    writeFileSync(join(dir, 'corpus.json'), JSON.stringify(corpus));
    writeFileSync(
      script,
      `import { readFileSync } from 'node:fs';
import { createRedactor } from ${JSON.stringify(index)};
const r = createRedactor({ key: new Uint8Array(32).fill(3), org: 'o', secrets: ['Office-Wifi-2026!'] });
const texts = JSON.parse(readFileSync(${JSON.stringify(join(dir, 'corpus.json'))}, 'utf8'));
process.stdout.write(JSON.stringify([typeof WebAssembly, texts.map((t) => r.redact(t))]));
`,
    );
    const out = execFileSync(process.execPath, ['--jitless', '--no-warnings', '--import', 'tsx', script], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const r = createRedactor({ key: new Uint8Array(32).fill(3), org: 'o', secrets: ['Office-Wifi-2026!'] });
    expect(JSON.parse(out)).toEqual(['undefined', corpus.map((t) => r.redact(t))]);
  }, 60_000);

  it('leaves no plaintext in the WebAssembly memory after a scan', () => {
    const marker = 'Zq7-plaintext-marker-9xK';
    const r = createRedactor({ key: new Uint8Array(32).fill(4), org: 'o' });
    r.redact(`${'interface ge-0/0/1\n'.repeat(3000)}password=${marker}\n`);
    const memory = Buffer.from(getEngine()!.u8);
    expect(memory.includes(Buffer.from(marker, 'utf16le'))).toBe(false);
    expect(memory.includes(Buffer.from('interface ge-0/0/1', 'utf16le'))).toBe(false);
  });

  it('reports exactly the case-folded occurrences when text and patterns are printable ASCII', () => {
    const ascii = fc.constantFrom(...'aAbB:-_ x'.split(''));
    fc.assert(
      fc.property(
        fc.uniqueArray(
          fc.array(ascii, { minLength: 1, maxLength: 4 }).map((a) => a.join('')),
          {
            minLength: 1,
            maxLength: 8,
          },
        ),
        fc.array(ascii, { maxLength: 3000 }),
        (patterns, chars) => {
          const text = chars.join('');
          const expected = new Set<string>();
          patterns.forEach((p, id) => {
            for (const at of occurrences(text, p)) expected.add(`${id}@${at}`);
          });
          expect(hitsOf(new Automaton(patterns), text)).toEqual(expected);
        },
      ),
      { seed: 2612, numRuns: 150 },
    );
  });
});

const corpusLines = loadCorpus().flatMap((f) => f.text.split('\n'));
const fragments = [
  'root:$6$abcdefgh$ijklmnopqrstu:19000:0:99999:7:::',
  'user:x:1:2:3:4:',
  'curl -u bob:hunter2-x https://h',
  'curl\t--user=bob:pw https://h',
  'docker login -u ci -p Zq7-pass',
  'docker login\t-u ci\t-p Zq7-pass',
  'smbclient -U admin%S3cret-x //h/s',
  'AUTHORIZATION: Bearer abcdefghij',
  'Proxy-Authorization: Basic dXNlcjpwYXNz',
  'snmp-server host 10.0.0.1 version 2c C0mmunity',
  'https://u:p4ss@h/x',
  'ghp_abcdefghijklmnopqrstuvwxyz0123456789',
  '123456789:AAabcdefghijklmnopqrstuvwxyz0123456',
  'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln',
  'snmpwalk -v2c -c publ1c 10.0.0.1',
  '  com2sec readonly default s3cr3tc0mm',
  'crypto isakmp key k3y address 0.0.0.0',
  '$2y$10$abcdefghijklmnopqrstuv',
  'passive password pass:x pw=y',
  '\r',
  ' ',
  'İ',
  '\u212aey=secret-value-1',
];

const texts = fc
  .array(fc.oneof(fc.constantFrom(...corpusLines), fc.constantFrom(...fragments), fc.string()), {
    maxLength: 12,
  })
  .chain((parts) => fc.constantFrom(parts.join('\n'), parts.join(' '), parts.join('')));

function matchStarts(re: RegExp, text: string, lineStart: boolean): number[] {
  const sticky = new RegExp(re.source, `${re.flags.replace(/[gd]/g, '')}y`);
  const out: number[] = [];
  for (let p = 0; p <= text.length; p++) {
    if (lineStart && p > 0 && text.charCodeAt(p - 1) !== 10) continue;
    sticky.lastIndex = p;
    if (sticky.test(text)) out.push(p);
  }
  return out;
}

/**
 * The pattern rules as one plain pass each over the whole text (the combined token rules as one
 * alternation), gates read with `includes`: what the anchored rules must find, span for span.
 */
function plainRulePasses(text: string): Span[] {
  const simple = RULES.filter(
    (r) => !r.re.source.includes('(?<v>') && r.accept === undefined && !r.re.multiline,
  );
  const out: Span[] = [];
  const combined = new RegExp(simple.map((r) => `(?<r${simple.indexOf(r)}>${r.re.source})`).join('|'), 'g');
  for (let m = combined.exec(text); m !== null; m = combined.exec(text)) {
    const rule = simple.find((_, i) => m.groups?.[`r${i}`] !== undefined)!;
    if (!isNonSecretValue(m[0]))
      out.push({ start: m.index, end: m.index + m[0].length, kind: rule.kind, detector: rule.id });
  }
  for (const rule of RULES.filter((r) => !simple.includes(r))) {
    if (rule.gate !== undefined && !rule.gate.some((g) => text.includes(g))) continue;
    const re = new RegExp(rule.re.source, rule.re.flags);
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      if (m[0].length === 0) re.lastIndex++;
      const [s, e] = m.indices?.groups?.v ?? m.indices![0]!;
      const value = text.slice(s, e);
      if (isNonSecretValue(value) || (rule.accept !== undefined && !rule.accept(value))) continue;
      out.push({ start: s, end: e, kind: rule.kind, detector: rule.id });
    }
  }
  return out;
}

const byPlace = (a: Span, b: Span) =>
  a.start - b.start || a.end - b.end || (a.detector < b.detector ? -1 : 1);

describe('detector candidates', () => {
  it('the rules run at their candidates find exactly what one plain pass per rule finds', () => {
    const scanner = new AnchorScanner(new KnownValues());
    const ids = new Set(RULES.map((r) => r.id));
    const check = (text: string) => {
      const anchored: Span[] = [];
      findPatterns(text, anchored, scanner.scan(text));
      expect(anchored.filter((s) => ids.has(s.detector)).sort(byPlace)).toEqual(
        plainRulePasses(text).sort(byPlace),
      );
    };
    for (const f of loadCorpus()) check(f.text);
    fc.assert(fc.property(texts, check), { seed: 2616, numRuns: 300 });
  });

  it('every match of every pattern rule starts at one of its candidates', () => {
    const scanner = new AnchorScanner(new KnownValues());
    fc.assert(
      fc.property(texts, (text) => {
        const hits = scanner.scan(text);
        for (const rule of RULES) {
          const lineStart = rule.lineStart === true;
          const candidates = new Set(candidatesOf(hits, rule.id, text));
          for (const p of matchStarts(rule.re, text, lineStart)) {
            expect({ rule: rule.id, at: p, candidate: candidates.has(p) }).toEqual({
              rule: rule.id,
              at: p,
              candidate: true,
            });
          }
          for (const g of rule.gate ?? []) expect(hits.hasGate(g)).toBe(text.includes(g));
        }
      }),
      { seed: 2613, numRuns: 150 },
    );
  });

  it('stems, key markers, section needles, JWT starts and placeholders are found wherever they are', () => {
    const scanner = new AnchorScanner(new KnownValues());
    const stems =
      /pass(?!ive|thr|port|age|eng|ing)|pwd|secret|psk|token|communit|credential|key|phash|masterauth|(?<![a-z0-9])pw(?![a-z0-9_])/y;
    const exact: Array<[number, string[]]> = [
      [GROUP.pem, ['-----BEGIN ']],
      [GROUP.putty, ['Private-Lines:']],
      [GROUP.section, SECTION_ANCHORS.map((a) => a.text)],
      [GROUP.jwt, ['eyJ']],
      [GROUP.placeholder, ['__SECRET_']],
    ];
    fc.assert(
      fc.property(texts, (text) => {
        const hits = scanner.scan(text);
        const lower = text.toLowerCase();
        if (lower.length === text.length) {
          const expected: number[] = [];
          for (let p = 0; p < lower.length; p++) {
            stems.lastIndex = p;
            if (stems.test(lower)) expected.push(p);
          }
          expect(stemOffsets(text, hits)).toEqual(expected);
        }
        for (const [group, literals] of exact) {
          const expected = literals.flatMap((l) => {
            const at: number[] = [];
            for (let i = text.indexOf(l); i >= 0; i = text.indexOf(l, i + 1)) at.push(i);
            return at;
          });
          expect([...new Set(hits.offsets(group))].sort((a, b) => a - b)).toEqual(
            [...new Set(expected)].sort((a, b) => a - b),
          );
        }
      }),
      { seed: 2614, numRuns: 300 },
    );
  });
});

describe('registered values in the anchor pass', () => {
  const key = new Uint8Array(32).fill(9);

  it('are found through the automaton, through the regex pass when there are too many, and alike', () => {
    const values = Array.from({ length: 600 }, (_, i) => `Reg1stered-Value-${i}-${(i * 7919).toString(36)}x`);
    const few = createRedactor({ key, org: 'o', secrets: values.slice(0, 5) });
    const many = createRedactor({ key, org: 'o', secrets: values });
    const text = values
      .slice(0, 5)
      .map((v, i) => `line ${i} ${v} and ${Buffer.from(v).toString('base64')} and ${encodeURIComponent(v)}`)
      .join('\n');
    const a = few.redact(text);
    const b = many.redact(text);
    expect(a.findings.length).toBe(15);
    for (const v of values.slice(0, 5)) expect(a.text).not.toContain(v);
    // The regex pass (600 values do not fit one table) finds exactly what the automaton finds.
    expect(b).toEqual(a);
  });

  it('give each redactor its own result when more redactors than table slots alternate', () => {
    const redactors = Array.from({ length: 11 }, (_, i) =>
      createRedactor({ key, org: 'o', secrets: [`Tenant-${i}-Secret-Value`] }),
    );
    const text = Array.from({ length: 11 }, (_, i) => `tenant ${i}: Tenant-${i}-Secret-Value`).join('\n');
    const alone = redactors.map((r) => r.redact(text));
    for (let round = 0; round < 3; round++) {
      redactors.forEach((r, i) => {
        expect(r.redact(text)).toEqual(alone[i]);
      });
    }
    alone.forEach((result, i) => {
      expect(result.findings.map((f) => f.kind)).toEqual(['KNOWN']);
      expect(result.text).not.toContain(`Tenant-${i}-Secret-Value`);
    });
  });
});
