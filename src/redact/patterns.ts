/**
 * Pattern detectors: secrets recognisable by their shape (provider tokens, JWTs, crypt hashes, Junos `$9$`,
 * PAN-OS `-AQ==` blobs, URL credentials, Authorization headers, `curl -u`, /etc/shadow, SNMP command
 * lines). Every regex is linear: no nested quantifiers, bounded repetition, literal anchors first.
 */
import { lineEndAt, lineStartAt, TextIndex } from './lines.js';
import type { Span } from './span.js';
import { isNonSecretValue } from './values.js';

interface PatternRule {
  readonly id: string;
  readonly kind: string;
  /** Global + hasIndices; the secret is the named group `v` (or the whole match). */
  readonly re: RegExp;
  /** Cheap gate: skip the regex when none of these substrings occurs (checked on the raw text). */
  readonly gate?: readonly string[] | undefined;
  /** Optional extra check on the value. */
  readonly accept?: ((value: string) => boolean) | undefined;
  /**
   * Line needles: every match lies on one line that holds one of them (in the lower-cased text when
   * `lower` is set), so the regex runs only on those lines. A RegExp is a (global) line prefilter.
   */
  readonly lines?: readonly string[] | RegExp | undefined;
  readonly lower?: boolean;
}

export const RULES: readonly PatternRule[] = [
  // Provider tokens: prefixes published by the vendors.
  {
    id: 'github',
    kind: 'TOKEN',
    gate: ['gh', 'github_pat_'],
    re: /(?:gh[pousr]_[A-Za-z0-9]{30,255}|github_pat_[A-Za-z0-9_]{22,255})/dg,
  },
  {
    id: 'gitlab',
    kind: 'TOKEN',
    gate: ['gl'],
    re: /gl(?:pat|ptt|dt|rt|cbt|imt|ft|oas|soat|agent|ffct)-[A-Za-z0-9_-]{20,255}/dg,
  },
  {
    id: 'slack',

    kind: 'TOKEN',
    gate: ['xox', 'xapp-', 'hooks.slack'],
    re: /(?:xox[abposer]-[A-Za-z0-9-]{10,255}|xapp-[0-9]-[A-Za-z0-9-]{10,255}|hooks\.slack\.com\/services\/(?<v>[A-Za-z0-9/_-]{20,120}))/dg,
  },
  {
    id: 'stripe',
    kind: 'TOKEN',
    gate: ['_live_', '_test_', 'whsec_'],
    re: /(?:(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,247}|whsec_[A-Za-z0-9]{24,128})/dg,
  },
  // OpenAI ("sk-", "sk-proj-") and Anthropic ("sk-ant-") keys.
  {
    id: 'sk',
    kind: 'TOKEN',
    gate: ['sk-'],
    re: /sk-(?<=(?:^|[^A-Za-z0-9_-])sk-)(?:ant-|proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,255}/dg,
  },
  {
    id: 'google',
    kind: 'TOKEN',
    gate: ['AIza', 'GOCSPX-', 'ya29.'],
    re: /(?:AIza[0-9A-Za-z_-]{35}|GOCSPX-[A-Za-z0-9_-]{28}|ya29\.[0-9A-Za-z_-]{20,2048})/dg,
  },
  {
    id: 'aws-key-id',
    kind: 'TOKEN',
    gate: ['AKIA', 'ASIA', 'ABIA', 'ACCA', 'A3T'],
    re: /A(?:KIA|SIA|BIA|CCA|3T[A-Z0-9])(?<![A-Za-z0-9+/]A[A-Z0-9]{3})[A-Z0-9]{16}(?![A-Za-z0-9])/dg,
  },
  { id: 'npm', kind: 'TOKEN', gate: ['npm_'], re: /npm_[A-Za-z0-9]{36}\b/dg },
  { id: 'pypi', kind: 'TOKEN', gate: ['pypi-'], re: /pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,400}/dg },
  { id: 'huggingface', kind: 'TOKEN', gate: ['hf_'], re: /hf_[A-Za-z]{34}\b/dg },
  { id: 'sendgrid', kind: 'TOKEN', gate: ['SG.'], re: /SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}\b/dg },
  { id: 'digitalocean', kind: 'TOKEN', gate: ['_v1_'], re: /do[opr]_v1_[a-f0-9]{64}\b/dg },
  { id: 'vault', kind: 'TOKEN', gate: ['hvs.', 'hvb.'], re: /(?:hv[sb]\.[A-Za-z0-9_-]{24,255})/dg },
  { id: 'shopify', kind: 'TOKEN', gate: ['shp'], re: /shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}\b/dg },
  { id: 'databricks', kind: 'TOKEN', gate: ['dapi'], re: /dapi[a-f0-9]{32}\b/dg },
  {
    id: 'grafana',
    kind: 'TOKEN',
    gate: ['glsa_', 'glc_'],
    re: /(?:glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}|glc_[A-Za-z0-9+/]{32,400}={0,2})/dg,
  },
  { id: 'twilio', kind: 'TOKEN', gate: ['SK'], re: /SK[0-9a-f]{32}\b/dg },
  { id: 'mailgun', kind: 'TOKEN', gate: ['key-'], re: /key-[0-9a-f]{32}\b/dg },
  { id: 'telegram', kind: 'TOKEN', gate: [':AA'], re: /AA(?<=\d{8,10}:AA)[A-Za-z0-9_-]{33}\b/dg },
  { id: 'linear', kind: 'TOKEN', gate: ['lin_api_'], re: /lin_api_[A-Za-z0-9]{40}\b/dg },
  { id: 'age', kind: 'PRIVATEKEY', gate: ['AGE-SECRET-KEY-'], re: /AGE-SECRET-KEY-1[0-9A-Z]{58}\b/dg },
  // Unix crypt hashes (/etc/shadow, htpasswd, IOS type 5/8/9, EOS sha512, Ubiquiti) and Junos $9$.
  {
    id: 'crypt',
    kind: 'HASH',
    gate: ['$'],
    re: /\$(?<=(?:^|[^\w$])\$)(?:1|2[abxy]?|5|6|7|8|y|gy|apr1|md5|sha1|argon2(?:id|i|d)|pbkdf2(?:-sha\d{1,3})?|scrypt)\$[A-Za-z0-9./+=$,-]{8,512}/dg,
  },
  { id: 'junos-9', kind: 'SECRET', gate: ['$9$'], re: /\$9\$[A-Za-z0-9./-]{4,1024}/dg },
  // PAN-OS encrypted values ("-AQ==...").
  { id: 'panos-enc', kind: 'SECRET', gate: ['-AQ=='], re: /-AQ==[A-Za-z0-9+/=]{8,4096}/dg },
  // scheme://user:password@host — only the password goes.
  {
    id: 'url-credentials',
    lines: ['://'],
    kind: 'PASSWORD',
    re: /:\/\/[^\s:/@?#"'<>]{0,256}:(?<v>[^\s/?#"'<>@]{1,256}(?:@[^\s/?#"'<>@]{1,256}){0,4})@(?=[^\s@]{1,512})/dg,
  },
  // scheme://token@host (Sentry DSNs, git over https with a token as user name).
  {
    id: 'url-token-user',
    lines: ['://'],
    kind: 'TOKEN',
    re: /:\/\/(?<v>[A-Za-z0-9_-]{16,256})@(?=[A-Za-z0-9.-])/dg,
  },
  // Authorization headers, whatever the scheme.
  {
    id: 'authorization',
    lines: ['authorization'],
    lower: true,
    kind: 'TOKEN',
    gate: ['uthorization', 'UTHORIZATION'],
    re: /(?:Proxy-)?Authorization["']?[ \t]{0,8}[:=][ \t]{0,8}["']?(?:(?:Bearer|Basic|Token|Digest|Bot|Negotiate|NTLM|ApiKey|Api-Key|SSWS|token|bearer|basic|AWS4-HMAC-SHA256|GoogleLogin|OAuth)[ \t]{1,8})?(?<v>[^\s"'][^\r\n"']{0,8192})/dgi,
  },
  // curl -u user:password, wget --user=... --password handled by the assignment detector.
  {
    id: 'curl-user',
    lines: ['-u', '-U'],
    kind: 'PASSWORD',
    re: /-(?:u|-user|U|-proxy-user)(?<=[ \t]-(?:u|-user|U|-proxy-user))(?:[ \t]{1,8}|=)(?<q>["']?)[^\s:"']{0,256}:(?<v>[^\s"']{1,512})/dg,
  },
  {
    id: 'mysql-p',

    kind: 'PASSWORD',
    re: /(?:mysql|mysqldump|mysqladmin|mariadb)\b[^\n]{0,512}?[ \t]-p(?<v>[^\s-][^\s]{0,255})/dg,
  },
  {
    id: 'sshpass',

    kind: 'PASSWORD',
    re: /sshpass[ \t]{1,8}-p[ \t]{0,8}(?<q>["']?)(?<v>[^\s"']{1,512})/dg,
  },
  // "docker login -u ci -p PW", "az login -u APPID -p PW": -p after -u is a password, not a port.
  {
    id: 'cli-u-p',
    lines: ['-u'],
    kind: 'PASSWORD',
    gate: [' -p'],
    re: /[ \t](?:-u|--username)[ \t]{1,8}\S{1,256}(?:[ \t][^\n]{0,256}?)?[ \t]-p[ \t]{1,8}(?<q>["']?)(?<v>[^\s"']{1,512})/dg,
  },
  {
    id: 'cli-U-P',
    lines: ['-U'],
    kind: 'PASSWORD',
    gate: [' -P'],
    re: /[ \t]-U[ \t]{1,8}\S{1,256}(?:[ \t][^\n]{0,256}?)?[ \t]-P[ \t]{1,8}(?<q>["']?)(?<v>[^\s"']{1,512})/dg,
  },
  // smbclient -U user%password, redis-cli -a password
  {
    id: 'smb-user',
    lines: ['-U'],
    kind: 'PASSWORD',
    re: /[ \t]-U[ \t]{1,8}[^\s%]{1,256}%(?<v>[^\s"']{1,512})/dg,
  },
  {
    id: 'redis-cli',

    kind: 'PASSWORD',
    re: /redis-cli\b[^\n]{0,256}?[ \t](?:-a|--pass)[ \t]{1,8}(?<q>["']?)(?<v>[^\s"']{1,512})/dg,
  },
  // Aruba/ProCurve "password manager user-name admin sha1 <hash>"
  {
    id: 'aruba-password',

    kind: 'PASSWORD',
    re: /password (?:manager|operator) user-name \S{1,64} (?:sha1|sha256|plaintext|cleartext) (?<q>["']?)(?<v>[^\s"']{1,512})/dg,
  },
  // /etc/shadow: name:hash:lastchg:min:max:warn:...
  {
    id: 'shadow',
    kind: 'HASH',
    // Every match holds its four numeric fields; ':' is rare enough for a fast scan.
    lines: /:\d{0,6}:\d{0,6}:\d{0,6}:\d{0,6}:/g,
    gate: [':::', ':99999:', '::::'],
    re: /^[a-z_][a-z0-9_.-]{0,31}\$?:(?<v>[^:\s]{2,512}):\d{0,6}:\d{0,6}:\d{0,6}:\d{0,6}:/dgm,
    accept: (v) => !/^[!*x]{1,2}$/.test(v),
  },
  // SNMP: IOS/NX-OS/EOS "snmp-server user U G v3 auth sha K priv aes 128 K", "snmp-server host H [version 2c] C".
  {
    id: 'snmp-auth',
    lines: ['snmp'],
    kind: 'SNMP',
    re: /snmp(?:-server)? user [^\n]{0,256}? auth (?:md5|sha\S{0,8}) (?<v>\S{1,256})/dg,
  },
  {
    id: 'snmp-priv',
    lines: ['snmp'],
    kind: 'SNMP',
    re: /snmp(?:-server)? user [^\n]{0,512}? priv(?: (?:aes|des|3des|aes128|aes192|aes256|aes-128|aes-192|aes-256|128|192|256)){0,2} (?<v>\S{1,256})/dg,
  },
  {
    id: 'snmp-host',
    lines: ['snmp'],
    kind: 'SNMP',
    re: /snmp-server host \S{1,256}(?: \S{1,64})?? (?:(?:informs|traps) )?(?:version (?:1|2c) )?(?!version|informs|traps|community)(?<v>[^\s]{1,256})(?=[ \t]|$)/dgm,
    accept: (v) => !/^(?:version|informs|traps|\d+\.\d+\.\d+\.\d+|udp-port|vrf)$/.test(v),
  },
  {
    id: 'asa-snmp-host',
    lines: ['snmp'],
    kind: 'SNMP',
    re: /snmp-server host [^\n]{0,256}? community (?<v>\S{1,256})/dg,
  },

  {
    id: 'netsnmp-createuser',
    lines: ['createUser'],
    kind: 'SNMP',
    re: /createUser[ \t]+(?:-e[ \t]+\S+[ \t]+)?\S+[ \t]+(?:MD5|SHA\S{0,8})[ \t]+(?<q>["']?)(?<v>[^\s"']{1,256})/dg,
  },
  {
    id: 'netsnmp-createuser-priv',
    lines: ['createUser'],
    kind: 'SNMP',
    re: /createUser[ \t]+(?:-e[ \t]+\S+[ \t]+)?\S+[ \t]+(?:MD5|SHA\S{0,8})[ \t]+\S+[ \t]+(?:AES\S{0,8}|DES)[ \t]+(?<q>["']?)(?<v>[^\s"']{1,256})/dg,
  },
  {
    id: 'netsnmp-com2sec',
    lines: ['com2sec'],
    kind: 'SNMP',
    gate: ['com2sec'],
    re: /^[ \t]*com2sec6?[ \t]+\S+[ \t]+\S+[ \t]+(?<v>\S{1,256})/dgm,
  },
  // Cisco "crypto isakmp key X address", "ntp authentication-key 1 md5 X", "snmp-server community X".
  {
    id: 'isakmp',

    kind: 'PSK',
    re: /crypto isakmp key (?:[06] )?(?<v>\S{1,256})/dg,
  },
  {
    id: 'ios-community',
    lines: ['snmp'],
    kind: 'SNMP',
    re: /snmp-server community (?:[07] )?(?<v>\S{1,256})/dg,
  },
];

// Rules whose secret is the whole match and that need no extra check run as one combined alternation:
// one pass over the text instead of one pass (plus gate checks) per rule.
const SIMPLE = RULES.filter(
  (r) => !r.re.source.includes('(?<v>') && r.accept === undefined && !r.re.multiline,
);
/** The other rules, copied into one object shape so the hot loop's property reads stay monomorphic. */
const REST: readonly PatternRule[] = RULES.filter((r) => !SIMPLE.includes(r)).map((r) => ({
  id: r.id,
  kind: r.kind,
  re: r.re,
  gate: r.gate,
  accept: r.accept,
  lines: r.lines,
  lower: r.lower === true,
}));
const COMBINED = new RegExp(SIMPLE.map((r) => `(${r.re.source})`).join('|'), 'g');
/** Capture index of each rule's outer group in COMBINED (rules may hold capture groups of their own). */
const GROUP: readonly number[] = (() => {
  const at: number[] = [];
  let next = 1;
  for (const r of SIMPLE) {
    at.push(next);
    next += 1 + (new RegExp(`${r.re.source}|`).exec('')!.length - 1);
  }
  return at;
})();

function findSimple(text: string, out: Span[]): void {
  COMBINED.lastIndex = 0;
  for (let m = COMBINED.exec(text); m !== null; m = COMBINED.exec(text)) {
    let rule: PatternRule | undefined;
    for (let i = 0; i < SIMPLE.length; i++) {
      if (m[GROUP[i]!] !== undefined) {
        rule = SIMPLE[i];
        break;
      }
    }
    if (rule === undefined || isNonSecretValue(m[0])) continue;
    out.push({ start: m.index, end: m.index + m[0].length, kind: rule.kind, detector: rule.id });
  }
}

/**
 * Below this length every rule makes one plain pass: on a message-sized text a needle search costs as
 * much as a literal-prefixed regex pass, so line bookkeeping only pays on large texts.
 */
const LINE_GATE_MIN = 16_384;

/** Appends the spans of every pattern match. */
export function findPatterns(
  text: string,
  out: Span[],
  index = new TextIndex(text),
  lineGateMin = LINE_GATE_MIN,
): void {
  findSimple(text, out);
  if (text.includes('eyJ')) findJwts(text, out);
  if (text.includes('snmp')) findSnmpFlags(text, out);
  if (text.length < lineGateMin) {
    // Short texts: one pass per rule costs less than any line bookkeeping.
    for (const rule of REST) {
      if (rule.gate !== undefined && !includesAny(text, rule.gate)) continue;
      runRule(rule, text, 0, out);
    }
    return;
  }
  for (const rule of REST) {
    // Lines first: the (shared) needle search usually finds none, and then the gate need not be read.
    const starts = candidateLines(rule, index);
    if (starts !== undefined && starts.length === 0) continue;
    if (rule.gate !== undefined && !includesAny(text, rule.gate)) continue;
    if (starts === undefined) {
      runRule(rule, text, 0, out);
      continue;
    }
    for (const ls of starts) runRule(rule, text.slice(ls, index.lineEnd(ls)), ls, out);
  }
}

function includesAny(text: string, needles: readonly string[]): boolean {
  for (const n of needles) if (text.includes(n)) return true;
  return false;
}

/** Starts of the lines `rule` can match on, or undefined to run it over the whole text. */
function candidateLines(rule: PatternRule, index: TextIndex): readonly number[] | undefined {
  const lines = rule.lines;
  if (lines === undefined) return undefined;
  const text = index.text;
  if (lines instanceof RegExp) {
    const starts: number[] = [];
    lines.lastIndex = 0;
    for (let m = lines.exec(text); m !== null; m = lines.exec(text)) {
      starts.push(lineStartAt(text, m.index));
      const end = lineEndAt(text, m.index + m[0].length);
      if (end >= text.length) break;
      lines.lastIndex = end + 1;
    }
    return starts;
  }
  if (rule.lower === true && !index.lowerAligned) return undefined;
  return index.linesWithAny(lines, rule.lower === true);
}

/** Runs one rule over `part` (the whole text, or one whole line of it starting at `offset`). */
function runRule(rule: PatternRule, part: string, offset: number, out: Span[]): void {
  const re = rule.re;
  re.lastIndex = 0;
  for (let m = re.exec(part); m !== null; m = re.exec(part)) {
    const range = m.indices?.groups?.v ?? m.indices?.[0];
    if (range === undefined) continue;
    const [s, e] = range;
    const value = part.slice(s, e);
    if (m[0].length === 0) re.lastIndex++;
    if (isNonSecretValue(value)) continue;
    if (rule.accept !== undefined && !rule.accept(value)) continue;
    out.push({ start: offset + s, end: offset + e, kind: rule.kind, detector: rule.id });
  }
}

function isB64Url(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45 || c === 95;
}

const JWT_START = /eyJ(?<=(?:^|[^A-Za-z0-9_-])eyJ)/g;

/**
 * JWT / JWS: `eyJ<header>.eyJ<payload>.<signature>` (base64url JSON objects). Scanned by hand: a regex
 * with bounded repeats would backtrack over every `eyJ` inside a long base64url run.
 */
function findJwts(text: string, out: Span[]): void {
  JWT_START.lastIndex = 0;
  for (let m = JWT_START.exec(text); m !== null; m = JWT_START.exec(text)) {
    const start = m.index;
    let i = start + 3;
    while (i < text.length && isB64Url(text.charCodeAt(i))) i++;
    JWT_START.lastIndex = i;
    if (i - start < 11 || text.charCodeAt(i) !== 46 || !text.startsWith('eyJ', i + 1)) continue;
    let k = i + 4;
    while (k < text.length && isB64Url(text.charCodeAt(k))) k++;
    if (k - i < 8 || text.charCodeAt(k) !== 46) continue;
    let e = k + 1;
    while (e < text.length && isB64Url(text.charCodeAt(e))) e++;
    out.push({ start, end: e, kind: 'TOKEN', detector: 'jwt' });
    JWT_START.lastIndex = e;
  }
}

const SNMP_COMMAND =
  /snmp(?:walk|get|getnext|bulkwalk|bulkget|set|table|trap|inform|df|status|netstat|delta|test)\b/g;
const SNMP_FLAG = /[ \t]-(?:[AXc]|-community)(?:[ \t]{1,8}|=)?(?<q>["']?)(?<v>[^\s"']{1,256})/dg;

/** Net-SNMP command lines: `-c community`, `-A authpass`, `-X privpass`, anywhere on the line. */
function findSnmpFlags(text: string, out: Span[]): void {
  SNMP_COMMAND.lastIndex = 0;
  for (let m = SNMP_COMMAND.exec(text); m !== null; m = SNMP_COMMAND.exec(text)) {
    let end = text.indexOf('\n', m.index);
    if (end < 0) end = text.length;
    const line = text.slice(m.index, end);
    SNMP_FLAG.lastIndex = 0;
    for (let f = SNMP_FLAG.exec(line); f !== null; f = SNMP_FLAG.exec(line)) {
      const r = f.indices?.groups?.v;
      if (r === undefined || isNonSecretValue(line.slice(r[0], r[1]))) continue;
      out.push({ start: m.index + r[0], end: m.index + r[1], kind: 'SNMP', detector: 'snmp-cli' });
    }
    SNMP_COMMAND.lastIndex = end;
  }
}
