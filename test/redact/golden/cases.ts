/**
 * Golden cases for the redactor: a deterministic set of inputs (every corpus file, large mixed texts,
 * detector switches, registered secrets, streams, and seeded mutations of corpus lines with fragments
 * that sit on detector edges), each reduced to a short hash of its full result (text and findings).
 * A change that should not alter detection (a faster scanner, a refactor) must leave every hash as it is.
 */
import { createHash } from 'node:crypto';
import { createRedactor, type RedactorOptions } from '../../../src/redact/index.js';
import { loadCorpus } from '../corpus.js';

export interface GoldenCase {
  readonly id: string;
  readonly run: () => unknown;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fragments on detector edges: anchors, separators, quotes, masks, placeholders, Unicode. */
const FRAGMENTS = [
  'password',
  'pass',
  'passive',
  'passthrough',
  'pwd',
  'pw',
  ' pw ',
  'secret',
  'psk',
  'token',
  'key',
  'Key',
  'KEY',
  'key 7 ',
  'key-string',
  'communit',
  'community',
  'credential',
  'phash',
  'auth',
  '=',
  ': ',
  ':',
  '"',
  "'",
  '\\"',
  '\\',
  ' ',
  '\t',
  '\n',
  '\r\n',
  '#',
  ';',
  ',',
  '<',
  '>',
  '</',
  '/>',
  '&',
  '?',
  '@',
  '://',
  'https://',
  '$',
  '$1$',
  '$6$',
  '$9$',
  '$apr1$',
  '$y$',
  '-----BEGIN ',
  'PRIVATE KEY-----',
  '-----END ',
  'Private-Lines: 2\n',
  'Private-MAC: ',
  'eyJ',
  'eyJhbGciOi.eyJzdWIi.',
  'ghp_',
  'github_pat_',
  'glpat-',
  'xoxb-',
  'xapp-1-',
  'sk-',
  'sk-ant-',
  'sk_live_',
  'whsec_',
  'AKIA',
  'ASIA',
  'A3TX',
  'AIza',
  'GOCSPX-',
  'ya29.',
  'npm_',
  'hf_',
  'SG.',
  'dop_v1_',
  'hvs.',
  'shpat_',
  'dapi',
  'glsa_',
  'glc_',
  'SK',
  'key-',
  '12345678:AA',
  'lin_api_',
  'AGE-SECRET-KEY-1',
  '-AQ==',
  'Authorization: Bearer ',
  'Proxy-Authorization: Basic ',
  ' -u ',
  ' -U ',
  ' -p ',
  ' -P ',
  ' --user=',
  'mysql -p',
  'sshpass -p ',
  'redis-cli -a ',
  'smbclient -U a%',
  'password manager user-name a sha1 ',
  'root:',
  ':0:99999:7:::',
  '::::',
  'snmp-server user u g v3 auth sha ',
  ' priv aes 128 ',
  'snmp-server host 10.0.0.1 ',
  'version 2c ',
  'community ',
  'snmp-server community ',
  'createUser u SHA ',
  'com2sec n d ',
  'crypto isakmp key ',
  'snmpwalk -c ',
  'snmpget -v3 -A ',
  '/snmp community\n',
  'add name=',
  'name=',
  'read-access=yes',
  'security=private',
  ' #   NAME   ADDRESSES   SECURITY\n',
  ' 0   ',
  'config system snmp community\n',
  'set name ',
  'end\n',
  '[admin@r1] /snmp/community> ',
  '********',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template reference is what the input holds
  '${VAR}',
  '<redacted>',
  'true',
  'none',
  'is',
  '10.0.0.1',
  'aa:bb:cc:dd:ee:ff',
  '0f5e1c3a-1b2c-4d5e-8f90-123456789abc',
  'd41d8cd98f00b204e9800998ecf8427e',
  'ssh-ed25519 AAAA',
  '__SECRET_PASSWORD_ABCDEFGHIJKLM__',
  'İ',
  'ß',
  '\u212Aey',
  'é',
  '€',
  'Zq7!x9#Lm2$Pw',
  'hunter2-correct-horse',
  'AbC123xYz789QwErTy',
  '0123456789abcdef0123456789abcdef',
];

function randomToken(rnd: () => number): string {
  const n = 1 + Math.floor(rnd() * 24);
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./+=!@#%';
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(rnd() * alphabet.length)];
  return s;
}

function mutate(text: string, rnd: () => number): string {
  let s = text;
  const ops = 1 + Math.floor(rnd() * 4);
  for (let k = 0; k < ops; k++) {
    const at = Math.floor(rnd() * (s.length + 1));
    const r = rnd();
    if (r < 0.35) s = s.slice(0, at) + FRAGMENTS[Math.floor(rnd() * FRAGMENTS.length)] + s.slice(at);
    else if (r < 0.5) s = s.slice(0, at) + randomToken(rnd) + s.slice(at);
    else if (r < 0.65) s = s.slice(0, at) + s.slice(at + 1 + Math.floor(rnd() * 12));
    else if (r < 0.75) {
      const e = at + Math.floor(rnd() * 16);
      s = s.slice(0, at) + s.slice(at, e).toUpperCase() + s.slice(e);
    } else if (r < 0.85) {
      const e = at + Math.floor(rnd() * 16);
      s = s.slice(0, at) + s.slice(at, e).toLowerCase() + s.slice(e);
    } else s = s.slice(0, at) + s.slice(at, at + Math.floor(rnd() * 40)) + s.slice(at);
  }
  return s;
}

export function digest(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 12);
}

const KEY = new Uint8Array(32).fill(7);

export function goldenCases(): GoldenCase[] {
  const corpus = loadCorpus().sort((a, b) => (a.name < b.name ? -1 : 1));
  const lines = corpus.flatMap((f) => f.text.split('\n'));
  const cases: GoldenCase[] = [];
  const redactorFor = (opts: RedactorOptions = {}) => createRedactor({ key: KEY, org: 'golden', ...opts });
  const plain = redactorFor();
  const withSecrets = redactorFor({
    secrets: [
      'Office-Wifi-2026!',
      { value: 'IpsecHQ-PSK-7731', kind: 'PSK', name: 'vault/ipsec' },
      'RadiusShared#88',
      'Pr0dDbP@ss!2026',
      'pässwörd-ünïcode',
      'abcd',
    ],
  });
  const stream = (r: ReturnType<typeof createRedactor>, text: string, size: number) => () => {
    const findings: unknown[] = [];
    const s = r.createStream({ onFinding: (f) => findings.push(f) });
    let out = '';
    for (let i = 0; i < text.length; i += size) out += s.push(text.slice(i, i + size));
    out += s.end();
    return { out, findings };
  };

  for (const f of corpus) {
    cases.push({ id: `corpus/${f.name}`, run: () => plain.redact(f.text) });
    cases.push({ id: `corpus+secrets/${f.name}`, run: () => withSecrets.redact(f.text) });
    for (const size of [1, 13, 256, 1400]) {
      cases.push({ id: `stream${size}/${f.name}`, run: stream(withSecrets, f.text, size) });
    }
    for (const off of ['blocks', 'patterns', 'assignments', 'sections', 'repeats'] as const) {
      const r = redactorFor({ detectors: { [off]: false } });
      cases.push({ id: `no-${off}/${f.name}`, run: () => r.redact(f.text) });
    }
    for (const t of [0, 2, 4.5]) {
      const r = redactorFor({ entropyThreshold: t });
      cases.push({ id: `entropy${t}/${f.name}`, run: () => r.redact(f.text) });
    }
  }
  const all = corpus.map((f) => f.text).join('\n');
  let big = '';
  while (big.length < 300_000) big += `${all}\n`;
  cases.push({ id: 'big/plain', run: () => plain.redact(big) });
  cases.push({ id: 'big/secrets', run: () => withSecrets.redact(big) });
  cases.push({ id: 'big/stream', run: stream(withSecrets, big, 1400) });

  const rnd = mulberry32(20261126);
  for (let i = 0; i < 5000; i++) {
    const n = 1 + Math.floor(rnd() * 6);
    const parts: string[] = [];
    for (let k = 0; k < n; k++) {
      const r = rnd();
      parts.push(
        r < 0.7
          ? lines[Math.floor(rnd() * lines.length)]!
          : r < 0.9
            ? FRAGMENTS[Math.floor(rnd() * FRAGMENTS.length)]!
            : randomToken(rnd),
      );
    }
    const sep = ['\n', ' ', '', '\r\n', '\t'][Math.floor(rnd() * 5)]!;
    const text = mutate(parts.join(sep), rnd);
    const r = i % 3 === 0 ? withSecrets : plain;
    cases.push({ id: `mutated/${i}`, run: () => r.redact(text) });
    if (i % 50 === 0) cases.push({ id: `mutated-stream/${i}`, run: stream(r, text, 1 + (i % 17)) });
  }
  for (let i = 0; i < 1500; i++) {
    const n = 1 + Math.floor(rnd() * 12);
    let text = '';
    for (let k = 0; k < n; k++)
      text += FRAGMENTS[Math.floor(rnd() * FRAGMENTS.length)]! + (rnd() < 0.5 ? randomToken(rnd) : '');
    cases.push({ id: `fragments/${i}`, run: () => (i % 2 ? plain : withSecrets).redact(text) });
  }
  for (let i = 0; i < 120; i++) {
    // Texts over 16 KiB take the line-gated paths.
    const n = 300 + Math.floor(rnd() * 600);
    const parts: string[] = [];
    for (let k = 0; k < n; k++)
      parts.push(
        rnd() < 0.9
          ? lines[Math.floor(rnd() * lines.length)]!
          : mutate(lines[Math.floor(rnd() * lines.length)]!, rnd),
      );
    const text = parts.join('\n');
    cases.push({ id: `long/${i}`, run: () => (i % 2 ? plain : withSecrets).redact(text) });
  }
  return cases;
}
