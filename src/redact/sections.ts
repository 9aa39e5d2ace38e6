/**
 * Section-scoped secrets: in RouterOS (`/snmp community` then `add name=public`, `print` tables and
 * `print detail` records) and FortiOS (`config system snmp community` … `set name "public"`) the community
 * string is a plain `name`, secret only in that context. The scan carries the current section so a stream
 * can continue it.
 */
import { type AnchorHits, type AnchorSpec, anchors, Cursor, GROUP } from './anchor-hits.js';
import { FoundValues } from './repeats.js';
import type { Span } from './span.js';
import { isAddressLike, isNonSecretValue } from './values.js';

/** Section state carried across stream chunks (line-aligned). */
export interface SectionState {
  /** 'ros' inside RouterOS `/snmp community`, 'forti' inside FortiOS `config system snmp community`. */
  mode: 'none' | 'ros' | 'forti';
  /** FortiOS `config` nesting depth relative to the section start. */
  depth: number;
  /**
   * Inside a table with a secret column: a RouterOS `/snmp community print` table (NAME and ADDRESSES
   * columns, numbered rows), or any table whose header names a secret column (see `SECRET_COLUMN`).
   */
  table: Table | null;
  /** Output lines still expected from a command that prints a secret (`cat key`, `wg genkey`). */
  pending: number;
  /** Values found so far in this text or stream: redacted again where they recur (scan.ts). */
  readonly found: FoundValues;
}

/** A fresh state (outside any section). */
interface Table {
  /** Where the secret column and the column after it start. */
  readonly nameCol: number;
  readonly addrCol: number;
  readonly kind: string;
  /** RouterOS rows are numbered; other tables run to a blank line or a prompt. */
  readonly numbered: boolean;
  /** Rows seen so far: blank lines between the header and the first row do not end a table. */
  rows: number;
}

export function initialSectionState(lasting = false): SectionState {
  return { mode: 'none', depth: 0, table: null, pending: 0, found: new FoundValues(lasting) };
}

// `;` separates `print as-value` fields (`.id=*1;name=public;…`); export quotes any value holding one.
// Group 1: a quoted name (its closing quote ends the match); group 2: a bare name (it ends the match).
const ROS_NAME = /(?:^|[\s;])name=(?:"((?:[^"\\\r\n]|\\.){1,512})"|([^\s";]{1,512}))/g;
const FORTI_NAME = /^\s*set name (?:"((?:[^"\\\r\n]|\\.){1,512})"|(\S{1,512}))/g;
/** A RouterOS prompt (`[admin@r1] > `, `[admin@r1] /snmp/community> `); group 1 = the menu context. */
const PROMPT = /^\[[^\]\r\n]{1,200}\][ \t]*(\/[^\s>]{0,200})?>[ \t]?/;
const ROS_SECTION = /^\/snmp[ /]community(?:[ /\t\r]|$)/;
/** A `print detail` record of `/snmp community`: only that menu has read-access/write-access. */
const ROS_RECORD = /\b(?:read|write)-access=|\bsecurity=(?:none|authorized|private)\b/;
/** The `/snmp community print` table header (` #   NAME   ADDRESSES   SECURITY …`). */
const TABLE_HEADER = /\bNAME[ \t]+ADDRESSES\b/;
const NAME_COLUMN = /(?<=[ \t])NAME(?=[ \t\r]|$)/;
const TABLE_ROW = /^[ \t]*\d+[ \t]/;
/**
 * Column titles of a secret in command output tables: RouterOS `print` (PASSWORD, SECRET, PASSPHRASE,
 * PRE-SHARED-KEY), IOS `show crypto isakmp key` (Preshared Key), NX-OS `show snmp community` (Community).
 */
const SECRET_COLUMN_TITLES = [
  'PASSWORD',
  'SECRET',
  'PASSPHRASE',
  'PRE-SHARED-KEY',
  'Preshared Key',
  'Community',
];
/** A header with a secret column among at least three columns (two blanks or more apart). */
const SECRET_COLUMN = new RegExp(
  `(?:^|[ \\t]{2})(${SECRET_COLUMN_TITLES.join('|')})(?=[ \\t]{2}|[ \\t]*\\r?$)`,
);
const COLUMN_GAP = /\S[ \t]{2,}\S/g;
/** Literals of the commands below (the scan visits their lines). */
const SECRET_COMMAND_NEEDLES = [
  'genkey',
  'genpsk',
  'cat ',
  'terraform output',
  'jsonpath',
  'base64 -d',
  'base64 --decode',
  ' -field',
  'openssl rand',
  'pass show',
  'get-secret-value',
  'echo $',
];
/**
 * A command at a prompt whose output is a secret: a key or password file printed, a key generated, a
 * secret read from a store or decoded. Public keys and certificates are excluded.
 */
const SECRET_COMMAND =
  /^(?:sudo[ \t]+)?(?:wg[ \t]+gen(?:key|psk)\b(?![^\n]*\|[ \t]*wg[ \t]+pubkey)|cat[ \t]+(?!\S*\.(?:pub|crt|cer|csr)\b)\S*(?:key|pass|secret|token|cred|psk|auth|\.pem|id_rsa|id_ed25519|id_ecdsa)\S*[ \t]*$|terraform[ \t]+output\b|kubectl[ \t][^\n]*(?:jsonpath|go-template)[^\n]*(?:data|token)|[^\n]*\|[ \t]*base64[ \t]+(?:-d|--decode)\b|vault[ \t]+(?:read|kv[ \t]+get)[^\n]*[ \t]-field\b|openssl[ \t]+rand\b|g?pass[ \t]+show\b|aws[ \t][^\n]*get-secret-value\b|echo[ \t]+"?\$\{?\w*(?:PASS|PWD|TOKEN|SECRET|KEY|PSK)\w*)/;
/** Output lines of such a command that can be secrets: one word, mixing character classes. */
const SECRET_OUTPUT_LINE = /^[ \t]*(["']?)([^\s"']{1,4096})\1[ \t]*\r?$/;
const USER_NAME = /^[A-Za-z_][\w.-]{0,63}$/;
/** Output lines taken after such a command before its output counts as ended. */
const SECRET_OUTPUT_LINES = 4;
/** A shell, RouterOS or network-OS prompt: the table ended. */
const ANY_PROMPT = /^(?:\[[^\]\r\n]{1,200}\][ \t]*\S*>|[\w.@:~/-]{1,80}[#>$](?:[ \t]|\r?$))/;
/**
 * The prompt in front of a typed command, looser than `ANY_PROMPT` (IOS writes `hub1#show …` without a
 * blank): only used to cut the prompt off a line that may hold a command, never to end a table.
 */
const COMMAND_PROMPT = /^(?:\[[^\]\r\n]{1,200}\][ \t]*\S*>|[\w.@:~/-]{1,80}[#$%>])[ \t]*/;
/** Literal needles that can start or continue a section: the scan jumps between them outside one. */
const NEEDLES = [
  'snmp community',
  'snmp/community',
  '-access=',
  'security=',
  'ADDRESSES',
  ...SECRET_COLUMN_TITLES,
  ...SECRET_COMMAND_NEEDLES,
];

export const SECTION_ANCHORS: readonly AnchorSpec[] = anchors(GROUP.section, 0, NEEDLES, { exact: true });

/** Appends spans for community names inside SNMP sections; updates `state` to the end of `text`. */
export function findSections(text: string, state: SectionState, out: Span[], hits: AnchorHits): void {
  // The next needle at or after the scan position, whichever it is, so jumping stays linear.
  const needles = new Cursor(hits.of(GROUP.section));
  if (isIdle(state) && needles.next(0) < 0) return;
  let pos = 0;
  while (pos < text.length) {
    if (isIdle(state)) {
      // Outside a section only a needle's line can matter: jump to the next one (no per-line work).
      const at = needles.next(pos);
      if (at < 0) return;
      pos = Math.max(pos, text.lastIndexOf('\n', at) + 1);
    }
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    scanLine(text.slice(pos, end), pos, state, out);
    pos = end + 1;
  }
}

/** Outside every section, table and command output: only needle lines can matter. */
function isIdle(state: SectionState): boolean {
  return state.mode === 'none' && state.table === null && state.pending === 0;
}

function scanLine(line: string, pos: number, state: SectionState, out: Span[]): void {
  if (state.pending > 0) {
    const m = SECRET_OUTPUT_LINE.exec(line);
    if (m !== null && !ANY_PROMPT.test(line)) {
      // One word per line (a key, a password; "user" then "password" in an auth file).
      state.pending--;
      let word = m[2]!;
      let at = line.indexOf(word);
      // "user:secret" (htpasswd, rsyncd.secrets, chpasswd input): the part after the user name.
      const colon = word.indexOf(':');
      if (colon > 0 && colon === word.lastIndexOf(':') && USER_NAME.test(word.slice(0, colon))) {
        at += colon + 1;
        word = word.slice(colon + 1);
      }
      if (isSecretWord(word))
        out.push({
          start: pos + at,
          end: pos + at + word.length,
          kind: 'SECRET',
          detector: 'command-output',
        });
      return;
    }
    // A line that is no secret word (a header, a prompt, a blank) ends the command's output.
    state.pending = 0;
  }
  if (SECRET_COMMAND.test(commandOf(line))) {
    state.pending = SECRET_OUTPUT_LINES;
    return;
  }
  let t = line.trimStart();
  if (state.table !== null) {
    if (!state.table.numbered) {
      // Rows run to a blank line or a prompt (IOS puts a blank line under the header).
      const blank = t.trim().length === 0;
      if (blank && state.table.rows === 0) return;
      if (!blank && !ANY_PROMPT.test(t)) {
        state.table.rows++;
        tableName(line, pos, state.table, out);
        return;
      }
      state.table = null;
    } else {
      if (TABLE_ROW.test(line)) {
        tableName(line, pos, state.table, out);
        return;
      }
      // Comments (`;;; text`) and wrapped cells stay inside the table; anything else ends it.
      if (t.startsWith(';;;') || (t.length > 0 && t.length < line.length && !t.startsWith('['))) return;
      state.table = null;
    }
  }
  const header = secretColumnHeader(line);
  if (header !== null) {
    state.table = header;
    return;
  }
  const prompt = PROMPT.exec(t);
  if (prompt !== null) {
    // A command typed at a prompt: its menu is the prompt's context unless the command gives a full path.
    const rest = t.slice(prompt[0].length);
    t = rest.startsWith('/') || prompt[1] === undefined ? rest : `${prompt[1]} ${rest}`;
    state.mode = 'none';
    state.depth = 0;
  }
  if (t.startsWith('/')) {
    state.mode = ROS_SECTION.test(t) ? 'ros' : 'none';
    state.depth = 0;
  } else if (/^config system snmp community\b/.test(t)) {
    state.mode = 'forti';
    state.depth = 0;
  } else if (state.mode === 'forti') {
    if (/^config\s/.test(t)) state.depth++;
    else if (/^end\b/.test(t)) {
      if (state.depth === 0) state.mode = 'none';
      else state.depth--;
    }
  } else if (
    t.startsWith('#') &&
    (TABLE_HEADER.test(line) || (state.mode === 'ros' && NAME_COLUMN.test(line)))
  ) {
    // After a `/snmp community print` command any table with a NAME column (`print proplist=name`) counts.
    const nameCol = line.search(NAME_COLUMN);
    let next = nameCol + 4;
    while (next < line.length && isBlank(line.charCodeAt(next))) next++;
    state.table = {
      nameCol,
      addrCol: next < line.length ? next : Number.POSITIVE_INFINITY,
      kind: 'SNMP',
      numbered: true,
      rows: 0,
    };
    return;
  }
  let re: RegExp | undefined;
  if (state.mode === 'ros' || (state.mode === 'none' && ROS_RECORD.test(line))) {
    // RouterOS: every community name, SNMPv3 entries included (their name is also the v1/v2c community
    // unless `security` forbids it, and the v3 security name is half of the credential).
    re = ROS_NAME;
  } else if (state.mode === 'forti' && state.depth === 0) {
    // FortiOS SNMPv3 entries name a user, not a community.
    if (!/\bset (?:security-level|auth-proto)\b/.test(line)) re = FORTI_NAME;
  }
  if (re === undefined) return;
  re.lastIndex = 0;
  for (let m = re.exec(line); m !== null; m = re.exec(line)) {
    const quoted = m[1] !== undefined;
    const value = quoted ? m[1]! : m[2]!;
    const end = m.index + m[0].length - (quoted ? 1 : 0);
    if (!isNonSecretValue(value)) {
      out.push({ start: pos + end - value.length, end: pos + end, kind: 'SNMP', detector: 'snmp-section' });
    }
  }
}

const TOKEN = /\S+/g;

/**
 * The secret cell of a row of a generic table: the word under the column's start (or the first one after
 * it). A row shifted by a longer cell before it (a MAC under CALLER-ID) puts an address there: then the
 * next word is the secret.
 */
function tableCell(line: string, pos: number, table: Table, out: Span[]): void {
  TOKEN.lastIndex = 0;
  let m = TOKEN.exec(line);
  while (m !== null && m.index + m[0].length <= table.nameCol) m = TOKEN.exec(line);
  if (m !== null && isAddressLike(m[0])) m = TOKEN.exec(line);
  if (m === null || isNonSecretValue(m[0])) return;
  out.push({ start: pos + m.index, end: pos + m.index + m[0].length, kind: table.kind, detector: 'table' });
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 13;
}

/** The command typed on a line, after a shell, RouterOS or network-OS prompt if there is one. */
function commandOf(line: string): string {
  const t = line.trim();
  const prompt = COMMAND_PROMPT.exec(t);
  return prompt === null ? t : t.slice(prompt[0].length);
}

/**
 * A word that can be a secret: letters and digits (generated keys and passwords have both), and no path,
 * address, URL or record ("user:hash:…", which the detectors parse).
 */
function isSecretWord(word: string): boolean {
  if (isAddressLike(word) || word.startsWith('/') || word.startsWith('-----') || isNonSecretValue(word))
    return false;
  if (word.length < 8 || word.includes('://') || word.indexOf(':') !== word.lastIndexOf(':')) return false;
  return /[A-Za-z]/.test(word) && /\d/.test(word);
}

/** A header line with a secret column (and at least three columns), or null. */
function secretColumnHeader(line: string): Table | null {
  const m = SECRET_COLUMN.exec(line);
  if (m === null) return null;
  COLUMN_GAP.lastIndex = 0;
  let gaps = 0;
  while (COLUMN_GAP.exec(line) !== null) {
    gaps++;
    COLUMN_GAP.lastIndex--;
  }
  if (gaps < 2) return null;
  const title = m[1]!;
  const nameCol = m.index + m[0].length - title.length;
  let next = nameCol + title.length;
  while (next < line.length && isBlank(line.charCodeAt(next))) next++;
  const kind =
    title === 'Community'
      ? 'SNMP'
      : title === 'Preshared Key' || title === 'PRE-SHARED-KEY'
        ? 'PSK'
        : 'PASSWORD';
  return {
    nameCol,
    addrCol: next < line.length ? next : Number.POSITIVE_INFINITY,
    kind,
    numbered: false,
    rows: 0,
  };
}

/** The secret cell of a table row: the words from the secret column up to the next column. */
function tableName(line: string, pos: number, table: Table, out: Span[]): void {
  if (!table.numbered) {
    tableCell(line, pos, table, out);
    return;
  }
  let s = Math.min(table.nameCol, line.length);
  // A cell that starts before its column (a misaligned row) is taken whole.
  while (s > 0 && s < line.length && !isBlank(line.charCodeAt(s - 1)) && !isBlank(line.charCodeAt(s))) s--;
  while (s < line.length && isBlank(line.charCodeAt(s))) s++;
  if (s >= line.length || s >= table.addrCol) return;
  let e = s;
  for (;;) {
    while (e < line.length && !isBlank(line.charCodeAt(e))) e++;
    let n = e;
    while (n < line.length && isBlank(line.charCodeAt(n))) n++;
    // A name with blanks continues while its next word still starts before the ADDRESSES column.
    if (n >= line.length || n >= table.addrCol) break;
    e = n;
  }
  const value = line.slice(s, e);
  if (!isNonSecretValue(value))
    out.push({
      start: pos + s,
      end: pos + e,
      kind: table.kind,
      detector: table.numbered ? 'snmp-section' : 'table',
    });
}
