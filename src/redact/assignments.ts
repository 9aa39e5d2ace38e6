/**
 * The assignment detector: finds secret-like parameter names (anchored on a few stems so the scan stays
 * linear) and parses the value that follows in every syntax the corpus uses: `k=v` (RouterOS, .env,
 * Ubiquiti), `k: v` (YAML, headers), `"k": "v"` (JSON), `<k>v</k>` (PAN-OS XML), `k [type] v` (IOS,
 * NX-OS, EOS, Junos, VyOS, FortiOS `set k ENC v`) and `--k v` flags. Quoted values honour escapes.
 */
import { type AnchorHits, type AnchorSpec, anchors, GROUP } from './anchor-hits.js';
import { detached, foldAscii, groupByLength, hashChars, sameChars } from './chars.js';
import { shannonEntropy } from './entropy.js';
import { classifyName, type NameClass } from './names.js';
import type { Span } from './span.js';
import { isAddressLike, isKeepLikeValue, isNonSecretValue, isProseWord } from './values.js';

// Name stems, case-insensitive: `pass` not followed by ive/thr/port/age/eng/ing, `pw` as a whole word,
// and the other stems anywhere. A stem's tag is its check times 16 plus its length.
const STEM_ANY = 0;
const STEM_PASS = 1;
const STEM_PW = 2;
const stem = (check: number, word: string) => anchors(GROUP.stem, check * 16 + word.length, [word]);
export const STEM_ANCHORS: readonly AnchorSpec[] = [
  ...stem(STEM_PASS, 'pass'),
  ...['pwd', 'secret', 'psk', 'token', 'communit', 'credential', 'key', 'phash', 'masterauth'].flatMap((w) =>
    stem(STEM_ANY, w),
  ),
  ...stem(STEM_PW, 'pw'),
];
const NOT_PASS = /ive|thr|port|age|eng|ing/iy;

function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 0x212a;
}

/**
 * @internal For tests: every offset where a name stem starts.
 * @example
 * stemOffsets('password=x', hits) // [0]
 */
export function stemOffsets(text: string, hits: AnchorHits): number[] {
  const { tags } = hits.of(GROUP.stem);
  return hits.offsets(GROUP.stem).filter((at, i) => isStem(text, at, tags[i]!));
}

/** True when the stem candidate at `at` is one (the checks the stem regex made around its literal). */
function isStem(text: string, at: number, tag: number): boolean {
  const check = tag >> 4;
  if (check === STEM_ANY) return true;
  if (check === STEM_PASS) {
    NOT_PASS.lastIndex = at + 4;
    return !NOT_PASS.test(text);
  }
  // "pw" as a word, or the last part of a name: "bind_pw", "db-pw".
  const prev = at === 0 ? 32 : text.charCodeAt(at - 1);
  return (prev === 95 || prev === 45 || !isWordChar(prev)) && !isWordChar(text.charCodeAt(at + 2));
}
/** True when `[from, to)` of `text` is one of `words` (case-sensitive), found without slicing. */
function tokenMatcher(words: readonly string[]): (text: string, from: number, to: number) => boolean {
  const byLength = groupByLength(words);
  return (text, from, to) => {
    const list = byLength[to - from];
    if (list === undefined) return false;
    for (const w of list) if (sameChars(w, text, from, to)) return true;
    return false;
  };
}

/** Type tokens between a keyword and its value: `password 7 X`, `set psksecret ENC X`, `secret sha512 X`. */
const isTypeToken = tokenMatcher(
  '0 3 4 5 6 7 8 9 10 set-key hash cipher ciphertext irreversible-cipher simple type value read write ENC ascii ascii-text hex hexadecimal text md5 sha sha1 sha-1 sha256 sha-256 sha384 sha512 sha-512 encrypted plaintext plain-text clear cleartext unencrypted scrypt pbkdf2 hashed key local remote 0x'.split(
    ' ',
  ),
);
/** Words followed by their own argument before the value: `address <ip>`, `level <n>`. */
const isPairWord = tokenMatcher(['address', 'hostname', 'level', 'role']);

/** True for a hash or cipher name at `[from, to)`: `md5`, or `sha…`, `hmac…`, `cmac…`, `aes…` in any case. */
function isAlgorithm(text: string, from: number, to: number): boolean {
  const n = to - from;
  if (n < 3) return false;
  const a = foldAscii(text.charCodeAt(from));
  const b = foldAscii(text.charCodeAt(from + 1));
  const c = foldAscii(text.charCodeAt(from + 2));
  if (a === 109) return n === 3 && b === 100 && c === 53; // md5
  if (a === 115) return b === 104 && c === 97; // sha
  if (a === 97) return b === 101 && c === 115; // aes
  if (a === 104 || a === 99)
    return n >= 4 && b === 109 && c === 97 && foldAscii(text.charCodeAt(from + 3)) === 99; // hmac, cmac
  return false;
}

/** True when `[from, to)` is one or more ASCII digits. */
function isDigits(text: string, from: number, to: number): boolean {
  if (to <= from) return false;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}
/** Words before a bare `key` that make it a secret: "crypto isakmp key X", "tacacs-server key 7 X". */
const KEY_WORD_BEFORE =
  /(?:^|\s)(?:isakmp|tacacs-server|radius-server|set|private|preshared|pre-shared|pre-share|shared|secret|api|auth|authentication|failover|otp)[ \t]+$/i;
const KEY_LINE = /\b(?:tacacs|radius)|server-private|aaa-server/i;

/** Space-separated keywords start a command word: "…=wpa2-psk,wpa3-psk next" is a value, not a keyword. */
function isBlankOrStart(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

function isNameChar(c: number): boolean {
  return (
    (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45 || c === 46
  );
}

/** Start of the line holding `i`, looking back at most `CONTEXT` units (context checks only). */
function lineStartOf(text: string, i: number): number {
  const floor = Math.max(0, i - CONTEXT);
  let k = i;
  while (k > floor && text.charCodeAt(k - 1) !== 10) k--;
  return k;
}

const CONTEXT = 400;
/** Bounded window for XML lookups, so unclosed tags cannot make the scan quadratic. */
const XML_WINDOW = 4096;

// Memo of the last line-end lookup: stems are visited left to right, so consecutive lookups on one long
// line reuse it and the scan stays linear even on a single multi-megabyte line.
let memoText = '';
let memoFrom = -1;
let memoEnd = -1;

function lineEndOf(text: string, i: number): number {
  if (text === memoText && i >= memoFrom && i <= memoEnd) return memoEnd;
  const e = text.indexOf('\n', i);
  memoText = text;
  memoFrom = i;
  memoEnd = e < 0 ? text.length : e;
  return memoEnd;
}

/** First index of `needle` in `[from, to)`, or -1. */
function indexWithin(text: string, needle: string, from: number, to: number): number {
  const i = text.slice(from, to).indexOf(needle);
  return i < 0 ? -1 : from + i;
}

export interface AssignmentOptions {
  readonly entropyThreshold: number;
  /** The calling redactor's memory of names. */
  readonly names: NameMemory;
}

/** Appends a span for every secret value assigned to a secret-like name. */
export function findAssignments(
  text: string,
  options: AssignmentOptions,
  out: Span[],
  hits: AnchorHits,
): void {
  try {
    scanStems(text, options, out, hits);
  } finally {
    // The line-end memo must not keep the text (and its secrets) alive after the scan.
    memoText = '';
  }
}

function scanStems(text: string, options: AssignmentOptions, out: Span[], hits: AnchorHits): void {
  const { starts, tags, length } = hits.of(GROUP.stem);
  // `next` plays the stem regex's lastIndex: stems before it were consumed by a name or a value.
  let next = 0;
  for (let c = 0; c < length; c++) {
    const at = starts[c]!;
    if (at < next || !isStem(text, at, tags[c]!)) continue;
    let start = at;
    while (start > 0 && isNameChar(text.charCodeAt(start - 1))) start--;
    let end = at + (tags[c]! & 15);
    while (end < text.length && isNameChar(text.charCodeAt(end))) end++;
    next = end;
    // A stem inside a placeholder ("__SECRET_…") is ours, not a name: names start after the placeholder.
    if (end - start >= 26) {
      const at = afterLastPlaceholder(text, start, end);
      // A name glued to a placeholder was glued to a secret before redaction, and was no name then
      // either: skipping it keeps redaction idempotent.
      if (at > start) continue;
    }
    // "--password", "-p": flags are names too.
    let nameStart = start;
    while (nameStart < end && text.charCodeAt(nameStart) === 45) nameStart++;
    let nameEnd = end;
    while (nameEnd > nameStart && text.charCodeAt(nameEnd - 1) === 46) nameEnd--;
    if (nameEnd <= nameStart) continue;
    const before = start > 0 ? text.charCodeAt(start - 1) : 10;
    if (before === 36 /* $VAR */ || before === 37 /* %VAR */) continue;
    const info = options.names.at(text, nameStart, nameEnd);
    let cls = info.cls;
    if (cls.strength === 'none') {
      if (info.lower !== 'key') continue;
      cls = classifyBareKey(text, start, nameEnd);
      if (cls.strength === 'none') continue;
    }
    const span = parseValue(text, start, nameStart, nameEnd, before, info, cls, options);
    if (span !== undefined) {
      out.push(span);
      if (span.end > next) next = span.end;
    }
  }
}

/** What the detector needs to know about a name, computed once per distinct name. */
interface NameInfo {
  readonly name: string;
  readonly lower: string;
  readonly cls: NameClass;
  /** Lower-case CLI keyword (`[a-z0-9-]+`): only such names take a space-separated value. */
  readonly cliWord: boolean;
  readonly isCommunity: boolean;
}

const NAME_SLOTS = 1024;
const NAME_WAYS = 4;
/** Longer "names" are rare and may well be values that merely contain a stem: they are not remembered. */
const NAME_MEMORY_MAX = 64;

/**
 * What the detector learnt about the names it met. Names repeat (password, secret, key…), so a
 * direct-mapped memory keyed by a hash of the characters answers most lookups without slicing the text.
 * Each redactor has its own: a "name" can be a secret that contains a stem, and it must go with the
 * redactor, never outlive it in a memory shared by every tenant.
 */
export class NameMemory {
  /** Four ways per slot: names that differ only where the hash does not look ("private-key", "private.key") share one. */
  readonly #slots = new Array<NameInfo | undefined>(NAME_SLOTS * NAME_WAYS).fill(undefined);
  #turn = 0;

  /** The name at `[from, to)` of `text`. */
  at(text: string, from: number, to: number): NameInfo {
    const long = to - from > NAME_MEMORY_MAX;
    const slot = long ? -1 : (hashChars(text, from, to) & (NAME_SLOTS - 1)) * NAME_WAYS;
    if (!long) {
      for (let w = 0; w < NAME_WAYS; w++) {
        const known = this.#slots[slot + w];
        if (known === undefined) break;
        if (sameChars(known.name, text, from, to)) return known;
      }
    }
    // A copy, not a slice: a slice would keep the whole text alive in the memory.
    const name = detached(text.slice(from, to));
    const lower = name.toLowerCase();
    const info: NameInfo = {
      name,
      lower,
      cls: classifyName(name),
      cliWord: /^[a-z0-9_-]+$/.test(name),
      isCommunity: lower === 'community' || lower.endsWith('.community') || lower === 'snmp-community',
    };
    if (!long) {
      let w = 0;
      while (w < NAME_WAYS && this.#slots[slot + w] !== undefined) w++;
      if (w === NAME_WAYS) w = this.#turn++ & (NAME_WAYS - 1);
      this.#slots[slot + w] = info;
    }
    return info;
  }
}

/** A bare `key` is a secret only in the contexts that use it so (IOS, FortiOS, PAN-OS XML, tac_plus). */
function classifyBareKey(text: string, start: number, nameEnd: number): NameClass {
  const before = start > 0 ? text.charCodeAt(start - 1) : 10;
  if (before === 60 /* <key> */) return { strength: 'strong', kind: 'KEY' };
  const ls = lineStartOf(text, start);
  const prefix = text.slice(Math.max(ls, start - 200), start);
  if (/(?:public|host|ssh|pub|trusted|peer)[ \t]+$/i.test(prefix)) return { strength: 'none', kind: '' };
  if (KEY_WORD_BEFORE.test(prefix.slice(-40)) || KEY_LINE.test(prefix))
    return { strength: 'strong', kind: 'KEY' };
  // "key 7 0822455D0A16" on its own line (tacacs server block), "key = secret" (tac_plus).
  const rest = text.slice(nameEnd, Math.min(lineEndOf(text, nameEnd), nameEnd + 8));
  if (/^\s+[067]\s+\S/.test(rest)) return { strength: 'strong', kind: 'KEY' };
  if (/^\s*[=:]/.test(rest)) return { strength: 'weak', kind: 'KEY' };
  // "key <secret>" alone on an indented line (ASA aaa-server host block), but not "key 1" (key chains).
  if (/^[ \t]+$/.test(text.slice(ls, start))) {
    const line = text.slice(nameEnd, lineEndOf(text, nameEnd));
    if (/^[ \t]+\S+[ \t]*\r?$/.test(line) && !/^[ \t]+\d+[;\s]*$/.test(line))
      return { strength: 'strong', kind: 'KEY' };
  }
  return { strength: 'none', kind: '' };
}

function parseValue(
  text: string,
  start: number,
  nameStart: number,
  nameEnd: number,
  before: number,
  info: NameInfo,
  cls: NameClass,
  options: AssignmentOptions,
): Span | undefined {
  let lineEnd = lineEndOf(text, nameEnd);
  let j = nameEnd;
  // XML element: <password>value</password>
  if (before === 60) return parseXml(text, nameStart, nameEnd, info.name, cls, options);
  // "password": / 'token': — a quoted key; '-H "X-Auth-Token: v"' — a header inside a quoted argument,
  // whose value ends at that quote.
  let outerQuote = 0;
  let callArgument = false;
  if (before === 34 || before === 39) {
    if (text.charCodeAt(j) === before) {
      j++;
      // define('DB_PASSWORD', 'v'), setenv("TOKEN", "v"): the name is a call's first argument.
      let p = start - 2;
      while (p >= 0 && (text.charCodeAt(p) === 32 || text.charCodeAt(p) === 9)) p--;
      callArgument = text.charCodeAt(p) === 40;
    } else outerQuote = before;
  }
  // $config['db_pass'] = 'v', env[DB_PASSWORD] = v: an array index.
  if ((before === 91 || text.charCodeAt(start - 2) === 91) && text.charCodeAt(j) === 93) j++;
  let k = j;
  while (k < lineEnd && (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9)) k++;
  const c = text.charCodeAt(k);
  let sep: '=' | ':' | ' ';
  if (callArgument && c === 44 /* , */) {
    sep = '=';
    k++;
  } else if (c === 61 /* = */) {
    if (text.charCodeAt(k + 1) === 61) return undefined;
    sep = '=';
    k += text.charCodeAt(k + 1) === 62 ? 2 : 1;
  } else if (c === 58 /* : */) {
    const n = text.charCodeAt(k + 1);
    if (n === 58 || (n === 47 && text.charCodeAt(k + 2) === 47)) return undefined;
    // "pam_unix(passwd:chauthtok)", "//user-token:pw@host" (the URL detector's): not "name: value".
    if ((before === 40 || before === 47) && n !== 32 && n !== 9) return undefined;
    if (n === 61) {
      sep = '=';
      k += 2;
    } else {
      sep = ':';
      k += 1;
    }
  } else if (k > j && k < lineEnd && cls.strength === 'strong' && info.cliWord && isBlankOrStart(before)) {
    // Space-separated values follow CLI keywords, which are lower-case: "CliCommunity2c 10.0.0.2" is a
    // value followed by an address, not a keyword followed by a value.
    sep = ' ';
  } else {
    return undefined;
  }
  while (k < lineEnd && (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9)) k++;
  // RouterOS export wraps a long line after "key=": "private-key=\⏎    \"value\"".
  if (
    sep === '=' &&
    text.charCodeAt(k) === 92 &&
    k + 1 >= lineEnd - (text.charCodeAt(lineEnd - 1) === 13 ? 1 : 0)
  ) {
    k = lineEnd + 1;
    lineEnd = lineEndOf(text, k);
    while (k < lineEnd && (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9)) k++;
  }
  if (k >= lineEnd) return undefined;
  const { lower, isCommunity } = info;
  // The shell's working directory (sudo logs: "PWD=/home/ops"), not a password.
  if ((lower === 'pwd' || lower === 'oldpwd') && (text.charCodeAt(k) === 47 || text.charCodeAt(k) === 126))
    return undefined;
  if (sep === ' ') {
    if (OBJECT_VERB.test(text.slice(Math.max(0, start - 12), start))) return undefined;
    return parseSpaced(text, start, k, lineEnd, lower, isCommunity, cls, options);
  }
  let vs = k;
  let ve: number;
  const q = text.charCodeAt(k);
  if (q === 34 && text.startsWith('"""', k)) {
    // A triple-quoted value (INI files read by Python, Grafana): up to the closing triple quote.
    vs = k + 3;
    const close = indexWithin(text, '"""', vs, lineEnd);
    ve = close < 0 ? lineEnd : close;
  } else if (q === 34 || q === 39) {
    vs = k + 1;
    ve = closingQuote(text, vs, q);
  } else if (q === 92 && (text.charCodeAt(k + 1) === 34 || text.charCodeAt(k + 1) === 39)) {
    // An escaped quote inside an outer quoted string (RouterOS scripts): password=\"value\"
    vs = k + 2;
    const close = indexWithin(text, `\\${text[k + 1]}`, vs, lineEnd);
    ve = close < 0 ? lineEnd : close;
  } else if (sep === '=') {
    ve = vs;
    // In a URL query or a connection string the value ends at the next parameter.
    const stopAmp = before === 63 || before === 38;
    const stopSemi = before === 59 || (before === 32 && text.charCodeAt(start - 2) === 59);
    while (ve < lineEnd) {
      const ch = text.charCodeAt(ve);
      if (ch === 32 || ch === 9 || ch === 13 || ch === 34 || ch === 39) break;
      // A JSON-escaped line end ("…\r\nX-API-Key: …" inside a logged request) ends the value.
      if (ch === 92 && (text.charCodeAt(ve + 1) === 114 || text.charCodeAt(ve + 1) === 110)) break;
      if (stopAmp && (ch === 38 || ch === 35)) break;
      if (stopSemi && ch === 59) break;
      ve++;
    }
    // A trailing separator of the surrounding syntax is not part of the value (a closing bracket the
    // value opened is: "[MASKED]").
    while (ve > vs && isTrailingSeparator(text.charCodeAt(ve - 1)) && !opensIn(text, vs, ve)) ve--;
    // "A=x;B=y" (connection strings): the value ends before the next "Name=".
    const nextPair = indexOfPair(text, vs, ve);
    if (nextPair >= 0) ve = nextPair;
    // A line that is one "name=value" (airOS, .env) holds the value up to its end, blanks included.
    if (ve < lineEnd && leadingBlanks(text, start) >= 0 && indexWithin(text, '=', ve, lineEnd) < 0) {
      let end = lineEnd;
      while (end > ve && isBlankUnit(text.charCodeAt(end - 1))) end--;
      const hash = indexWithin(text, ' #', ve, end);
      if (hash >= 0) end = hash;
      while (end > ve && isBlankUnit(text.charCodeAt(end - 1))) end--;
      ve = end;
    }
  } else {
    // "key: value" runs to the end of the line, minus a trailing comment and JSON/YAML punctuation.
    ve = lineEnd;
    if (outerQuote !== 0) {
      const close = indexWithin(text, String.fromCharCode(outerQuote), vs, ve);
      if (close >= 0) ve = close;
    }
    const hash = indexWithin(text, ' #', vs, ve);
    if (hash >= 0) ve = hash;
    while (ve > vs && /[\s,;\]}]/.test(text[ve - 1]!)) ve--;
    const first = text.charCodeAt(vs);
    if (first === 124 /* | */ || first === 62 /* > */ || first === 123 /* { */ || first === 91 /* [ */) {
      return undefined;
    }
  }
  return accept(text, vs, ve, cls, options, isCommunity ? snmpContext(text, start, ve) : true);
}

function isBlankUnit(c: number): boolean {
  return c === 32 || c === 9 || c === 13;
}

/** Blanks between the start of the line holding `i` and `i`, when only blanks are there; else -1. */
function leadingBlanks(text: string, i: number): number {
  let k = i;
  while (k > 0 && (text.charCodeAt(k - 1) === 32 || text.charCodeAt(k - 1) === 9)) k--;
  return k === 0 || text.charCodeAt(k - 1) === 10 ? i - k : -1;
}

/** True when `text[vs, ve)` ends with a closing bracket that the value itself opened. */
function opensIn(text: string, vs: number, ve: number): boolean {
  const close = text.charCodeAt(ve - 1);
  const open = close === 93 ? 91 : close === 41 ? 40 : close === 125 ? 123 : -1;
  if (open < 0) return false;
  for (let i = vs; i < ve - 1; i++) if (text.charCodeAt(i) === open) return true;
  return false;
}

const PAIR = /;[A-Za-z][A-Za-z0-9_.-]{0,63}=/g;

/** Offset of the first ";Name=" inside `text[vs, ve)`, or -1. */
function indexOfPair(text: string, vs: number, ve: number): number {
  if (indexWithin(text, ';', vs, ve) < 0) return -1;
  PAIR.lastIndex = 0;
  const m = PAIR.exec(text.slice(vs, ve));
  return m === null ? -1 : vs + m.index;
}

/** `,;)}]`: closes the surrounding syntax, not the value. */
function isTrailingSeparator(c: number): boolean {
  return c === 44 || c === 59 || c === 41 || c === 125 || c === 93;
}

function closingQuote(text: string, from: number, quote: number): number {
  let i = from;
  while (i < text.length) {
    const ch = text.charCodeAt(i);
    if (ch === 92 /* \ */) {
      i += 2;
      continue;
    }
    if (ch === quote) return i;
    // A quoted value may continue over a backslash-newline (RouterOS export wraps long lines) but a bare
    // newline ends it: an unterminated quote redacts to the end of the line (fail closed).
    if (ch === 10) return i > from && text.charCodeAt(i - 1) === 13 ? i - 1 : i;
    i++;
  }
  return text.length;
}

/** `{(;|<>&-])`: syntax that opens or closes a block, a redirection or another flag, not a value. */
const NOT_A_VALUE_START = new Set([...'{(;|<>&-])['].map((c) => c.charCodeAt(0)));
const ENTRY_NAME_FOLLOWER = /^[ \t]+(?:id|secret|secret-type|dhcp-interface)\b/;
/** IOS lines whose password runs to the end of the line when cleartext. */
const REST_OF_LINE =
  /^[ \t]*(?:username[ \t]+\S+(?:[ \t]+privilege[ \t]+\d+)?[ \t]+(?:password|secret)[ \t]+0[ \t]|neighbor[ \t]+\S+[ \t]+password[ \t])/;
/** A key file path: short segments ("/etc/wireguard/wg0.key"), unlike a base64 key that starts with "/". */
const KEY_FILE = /^(?:\/|~\/|\.\/)(?:[\w.-]{1,32}\/)*[\w.-]{0,32}$/;

function parseSpaced(
  text: string,
  start: number,
  k: number,
  lineEnd: number,
  lower: string,
  isCommunity: boolean,
  cls: NameClass,
  options: AssignmentOptions,
): Span | undefined {
  // Skip type tokens and "<n> md5" / "address <ip>" / "level <n>" pairs to reach the value.
  let i = k;
  for (let guard = 0; guard < 8; guard++) {
    const te = tokenEnd(text, i, lineEnd);
    const next = skipBlank(text, te, lineEnd);
    if (next >= lineEnd) break;
    if (isDigits(text, i, te)) {
      const nextEnd = tokenEnd(text, next, lineEnd);
      if (isAlgorithm(text, next, nextEnd)) {
        i = skipBlank(text, nextEnd, lineEnd);
        continue;
      }
      // A key id before a type: "authentication-key 1 type md5 value X", "secret 1 7 X".
      if (isTypeToken(text, next, nextEnd) && skipBlank(text, nextEnd, lineEnd) < lineEnd) {
        i = next;
        continue;
      }
    }
    if (lower !== 'key' && isPairWord(text, i, te)) {
      i = skipBlank(text, tokenEnd(text, next, lineEnd), lineEnd);
      continue;
    }
    if (isTypeToken(text, i, te) || (isAlgorithm(text, i, te) && lower !== 'community')) {
      i = next;
      continue;
    }
    break;
  }
  if (i >= lineEnd) return undefined;
  const q = text.charCodeAt(i);
  let vs = i;
  let ve: number;
  if (q === 34 || q === 39) {
    vs = i + 1;
    ve = closingQuote(text, vs, q);
  } else {
    ve = tokenEnd(text, i, lineEnd);
    while (ve > vs && text.charCodeAt(ve - 1) === 59) ve--;
  }
  const value = text.slice(vs, ve);
  const first = value.charCodeAt(0);
  if (NOT_A_VALUE_START.has(first) || isProseWord(value) || isAddressLike(value)) return undefined;
  // VyOS "psk <name> id|secret …": the word after psk names the entry; its secret follows "secret".
  if (lower === 'psk' && ENTRY_NAME_FOLLOWER.test(text.slice(ve, lineEnd))) return undefined;
  // HCL / Terraform blocks: 'credentials "app.terraform.io" {' names the block.
  // (A Junos community name before its block is the secret itself.)
  if ((q === 34 || q === 39) && lower !== 'community' && /^["']?[ \t]*\{/.test(text.slice(ve, lineEnd)))
    return undefined;
  // IOS takes the rest of the line as a cleartext password: "username u password 0 two words",
  // "neighbor 10.0.0.1 password with spaces" (NX-OS puts "role …" after a hash, which has no blanks).
  if (q !== 34 && q !== 39 && (lower === 'password' || lower === 'secret') && ve < lineEnd) {
    const line = text.slice(lineStartOf(text, start), lineEnd);
    if (REST_OF_LINE.test(line) && !/[ \t]role[ \t]/.test(text.slice(ve, lineEnd))) {
      let end = lineEnd;
      while (end > ve && /\s/.test(text[end - 1]!)) end--;
      return accept(text, vs, end, cls, options, true);
    }
  }
  // "wg set wg0 private-key /etc/wireguard/private.key": a key file path, not the key.
  if ((first === 47 || first === 126 || first === 46) && KEY_FILE.test(value)) return undefined;
  if (isCommunity || lower === 'community') {
    // BGP communities ("community 65000:100", "community X members ...") are not secrets; SNMP ones are.
    const after = text.slice(ve, lineEnd);
    if (
      /^\d+:\d+$/.test(value) ||
      /^(?:no-export|no-advertise|local-as|internet|members|additive|none)$/.test(value)
    )
      return undefined;
    if (!snmpContext(text, start, ve) && !/^\s*\{/.test(after.replace(/^["']/, ''))) return undefined;
  }
  return accept(text, vs, ve, cls, options, true);
}

function tokenEnd(text: string, i: number, lineEnd: number): number {
  let e = i;
  while (e < lineEnd) {
    const ch = text.charCodeAt(e);
    if (ch === 32 || ch === 9 || ch === 13) break;
    e++;
  }
  return e;
}

function skipBlank(text: string, i: number, lineEnd: number): number {
  let e = i;
  while (e < lineEnd && (text.charCodeAt(e) === 32 || text.charCodeAt(e) === 9)) e++;
  return e;
}

function snmpContext(text: string, start: number, end: number): boolean {
  const ls = lineStartOf(text, start);
  return /snmp/i.test(text.slice(ls, Math.min(end, ls + 400)));
}

function parseXml(
  text: string,
  nameStart: number,
  nameEnd: number,
  name: string,
  cls: NameClass,
  options: AssignmentOptions,
): Span | undefined {
  const limit = Math.min(text.length, nameEnd + XML_WINDOW);
  const gt = indexWithin(text, '>', nameEnd, Math.min(limit, nameEnd + CONTEXT));
  if (gt < 0 || text.charCodeAt(gt - 1) === 47) return undefined;
  const lt = indexWithin(text, '<', nameEnd, gt);
  if (lt >= 0) return undefined;
  const vs = gt + 1;
  const close = indexWithin(text, `</${name}>`, vs, limit);
  if (close < 0) return undefined;
  const inner = indexWithin(text, '<', vs, close + 1);
  if (inner !== close) return undefined; // nested elements: the inner ones are found on their own
  // One-line values only: streams cut at line ends, and multi-line key material is the PEM detector's.
  if (indexWithin(text, '\n', vs, close) >= 0) return undefined;
  void nameStart;
  return accept(text, vs, close, cls, options, true);
}

/** A reference to a variable or secret by name ("key: DB_PASSWORD"), not its value. */
const VARIABLE_NAME =
  /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*_?(?:PASSWORD|PASSWD|PASS|PWD|SECRET|TOKEN|KEY|PSK)(?:_[A-Z0-9]+)*$/;
/** Verbs whose next word names a secret object, not its value: "kubectl get secret db", "getent passwd". */
const OBJECT_VERB =
  /(?:^|[\s(])(?:get|describe|delete|create|edit|getent|lookup|revoke|renew|list|rotate|show)[ \t]+$/;

const CRYPT_PREFIX = /^\$(?:1|2[abxy]?|5|6|7|8|y|apr1)\$/;

function accept(
  text: string,
  vs: number,
  ve: number,
  cls: NameClass,
  options: AssignmentOptions,
  context: boolean,
): Span | undefined {
  if (!context || ve <= vs) return undefined;
  const value = text.slice(vs, ve);
  // A PEM value ("set private-key \"-----BEGIN…") belongs to the block detector, header lines stay.
  if (value.startsWith('-----BEGIN ')) return undefined;
  const first = value.charCodeAt(0);
  if (isNonSecretValue(value) || (first >= 65 && first <= 90 && VARIABLE_NAME.test(value))) return undefined;
  if (cls.strength === 'weak') {
    if (value.length < 10 || isKeepLikeValue(value) || /\s/.test(value)) return undefined;
    if (shannonEntropy(value) < options.entropyThreshold) return undefined;
  }
  const kind = value.charCodeAt(0) === 36 && CRYPT_PREFIX.test(value) ? 'HASH' : cls.kind;
  return { start: vs, end: ve, kind, detector: 'assignment' };
}

const PLACEHOLDER_IN_NAME = /__SECRET_[A-Z0-9]+_[A-Z2-7]{13}__/g;

/** End of the last placeholder inside `[start, end)`, or `start` when there is none. */
function afterLastPlaceholder(text: string, start: number, end: number): number {
  const name = text.slice(start, end);
  if (!name.includes('__SECRET_')) return start;
  let at = start;
  PLACEHOLDER_IN_NAME.lastIndex = 0;
  for (let m = PLACEHOLDER_IN_NAME.exec(name); m !== null; m = PLACEHOLDER_IN_NAME.exec(name)) {
    at = start + m.index + m[0].length;
  }
  return at;
}
