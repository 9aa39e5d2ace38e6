/**
 * Value filters shared by the detectors: what is never a secret even next to a secret-like name
 * (empty values, masks such as `********`, template references, booleans) and what the generic
 * detector keeps even at high entropy (IPs, MACs, UUIDs, file and commit hashes, public keys).
 */
import { foldAscii, groupByLength } from './chars.js';
import { PLACEHOLDER_PATTERN } from './placeholder.js';

const MASK =
  /^(?:\*+|•+|x{3,}|X{3,}|#{3,}|\.{3,}|-+|<[^<>]*>|\[[^[\]]*\]|\([a-z ]*\)|redacted|REDACTED|hidden|HIDDEN|removed|FILTERED|\*+[^*]{0,4}|sha256:[0-9a-f]{64})$/;
const TEMPLATE =
  /^(?:\$\{|\$\(|\{\{|\{%|%\{|<%|#\{|!vault|\$[A-Za-z_][A-Za-z0-9_]*$|%[A-Za-z_]+%$|@Microsoft\.KeyVault|arn:aws:secretsmanager)/;
const WORDS = new Set([
  'yes',
  'no',
  'true',
  'false',
  'on',
  'off',
  'null',
  'nil',
  'none',
  'undefined',
  'enabled',
  'disabled',
  'enable',
  'disable',
  'required',
  'optional',
  'auto',
  'unset',
  'empty',
  'n/a',
  'na',
  'not-set',
  'nopassword',
  'changeme?',
  'yes,',
  'no,',
  'true,',
  'false,',
  'null,',
  'prompt',
  'ask',
  'default',
]);
/** Prose words after "password"/"secret" in log lines and model output are not values. */
const PROSE = new Set([
  'is',
  'are',
  'was',
  'were',
  'for',
  'to',
  'the',
  'of',
  'and',
  'or',
  'in',
  'with',
  'from',
  'not',
  'must',
  'should',
  'will',
  'can',
  'cannot',
  'has',
  'have',
  'had',
  'be',
  'been',
  'a',
  'an',
  'you',
  'your',
  'this',
  'that',
  'if',
  'when',
  'field',
  'change',
  'changed',
  'expired',
  'incorrect',
  'invalid',
  'policy',
  'reset',
  'length',
  'please',
  'again',
  'protected',
  'authentication',
  'encryption',
  'recovery',
  'manager',
  'management',
  'file',
  'type',
  'accepted',
  'failed',
  'via',
  'as',
  'by',
  'at',
  'it',
  'its',
  'new',
  'old',
  'set',
  'using',
  'used',
  'stored',
  'mismatch',
  'matches',
  'match',
  'does',
  'do',
  'did',
  'on',
  'into',
  'but',
  'so',
  'than',
  'then',
  'there',
  'here',
  'which',
  'who',
  'what',
  'where',
  'only',
  'also',
  'all',
  'any',
  'some',
  'no',
  'key',
  'keys',
  'string',
  'value',
  'values',
  'here.',
  'below',
  'above',
  'configured',
  'encrypted',
  'removed',
  'updated',
  'required.',
  'length.',
  'complexity',
  'rotation',
  'secret',
  'password',
  'community',
  'token',
  'level',
  'options',
  'option',
  'command',
  'commands',
  'add',
  'print',
  'export',
  'remove',
  'edit',
  'show',
  'get',
  'list',
  'find',
  'auth',
  'priv',
  'aaa',
  'server',
  'host',
  'chain',
  'address',
  'hostname',
  'group',
  'name',
  'encryption-key',
  'info',
  'minimum',
  'ip',
  'expires',
  'rejected',
  'requisite',
  'sufficient',
  'information',
  'helper',
  'lookup',
  'live',
  'login',
  'minimum-length',
  'strength-check',
  'change-type',
  'lifetime',
  'profile',
  'algorithm',
  'both',
  'extended',
  'operator',
  'common',
  'vlan',
  'use-vrf',
  'detail',
  'details',
  'status',
]);

/**
 * `set.has(v.toLowerCase())` for a set of ASCII words, without lower-casing (no string is made). Only
 * ASCII capitals and the KELVIN SIGN lower-case into ASCII, one unit each (a test checks every code
 * point), so a value can equal a word only at the word's length, unit for unit once folded.
 * @example
 * isWord('TRUE') // true for WORDS
 */
export function wordMatcher(words: ReadonlySet<string>): (v: string) => boolean {
  for (const w of words) {
    if (!/^[\x20-\x7e]+$/.test(w) || w !== w.toLowerCase())
      throw new Error(`not a lower-case ASCII word: ${w}`);
  }
  const byLength = groupByLength(words);
  return (v) => {
    const list = byLength[v.length];
    if (list === undefined) return false;
    for (const w of list) {
      let i = 0;
      while (i < w.length) {
        const c = v.charCodeAt(i);
        if ((c === 0x212a ? 107 : foldAscii(c)) !== w.charCodeAt(i)) break;
        i++;
      }
      if (i === w.length) return true;
    }
    return false;
  };
}

const isWord = wordMatcher(WORDS);

/** True for a value that no detector should redact: empty, a mask, a template reference, a boolean. */
export function isNonSecretValue(value: string): boolean {
  const v = value.trim();
  // A single character protects nothing ("password 5 !" marks no password on NX-OS).
  if (v.length <= 1) return true;
  if (isWord(v)) return true;
  if (v.charCodeAt(0) === 65 && SSH_PUBLIC_BODY.test(v)) return true;
  // Stripe publishable keys are meant to be public.
  if (v.startsWith('pk_live_') || v.startsWith('pk_test_')) return true;
  if (MAY_BE_MASK_OR_TEMPLATE.has(v.charCodeAt(0)) && (MASK.test(v) || TEMPLATE.test(v))) return true;
  // Without a placeholder, only quotes and blanks can make the value empty; the value is trimmed, so it
  // starts with a quote or it is not empty.
  if (v.length < PLACEHOLDER_MIN || !v.includes('__SECRET_')) {
    const c = v.charCodeAt(0);
    return (c === 34 || c === 39) && !NOT_QUOTE_OR_BLANK.test(v);
  }
  PLACEHOLDER_PATTERN.lastIndex = 0;
  return v.replace(PLACEHOLDER_PATTERN, '').replace(/["'\s]/g, '').length === 0;
}

const NOT_QUOTE_OR_BLANK = /[^"'\s]/;
/** Shortest placeholder: `__SECRET_` + a one-letter kind + `_` + 13 + `__`. */
const PLACEHOLDER_MIN = 26;
/** First characters of every MASK and TEMPLATE alternative (a value starting otherwise matches neither). */
const MAY_BE_MASK_OR_TEMPLATE = new Set([...'*•xX#.-<[(rRhHFs$%{!@a'].map((c) => c.charCodeAt(0)));

/** True for a word that follows "password"/"secret" in prose rather than as a value. */
export function isProseWord(value: string): boolean {
  if (isProse(value)) return true;
  // "token rejected:", "the token helper.": a word ending a clause.
  const last = value.charCodeAt(value.length - 1);
  return (
    (last === 58 || last === 46 || last === 44 || last === 59 || last === 125 || last === 41) &&
    isProse(value.slice(0, -1))
  );
}

const isProse = wordMatcher(PROSE);

const IPV4 = /^(?:\d{1,3}\.){3}\d{1,3}(?:\/\d{1,2})?$/;
const IPV6 = /^[0-9a-fA-F:]*:[0-9a-fA-F:]*:[0-9a-fA-F:.]*(?:\/\d{1,3})?$/;
const MAC = /^(?:[0-9a-fA-F]{2}[:-]){5}[0-9a-fA-F]{2}$|^(?:[0-9a-fA-F]{4}\.){2}[0-9a-fA-F]{4}$/;
const FINGERPRINT =
  /^(?:SHA256:[A-Za-z0-9+/]{43}=?|MD5:(?:[0-9a-f]{2}:){15}[0-9a-f]{2}|(?:[0-9A-Fa-f]{2}:){15,63}[0-9A-Fa-f]{2})$/;
const PUBLIC_KEY = /^(?:ssh-(?:rsa|dss|ed25519)|ecdsa-sha2-|sk-ssh-|sk-ecdsa-)/;
/** The base64 body of an OpenSSH public key starts with its encoded type name. */
const SSH_PUBLIC_BODY = /^AAAA(?:B3NzaC1|C3NzaC1|E2VjZHNh|G3NrLXNza|GnNrLWVjZHNh)/;
const PATHLIKE = /^(?:\/|~\/|\.\/|[A-Za-z]:\\|file:)/;

/**
 * True for a value the generic (entropy-based) detector keeps: addresses, fingerprints, public keys,
 * paths, numbers. Hex strings and UUIDs are not kept: under a secret-like name ("ROUTING_KEY",
 * "auth") they are API keys far more often than file hashes.
 */
export function isKeepLikeValue(value: string): boolean {
  return (
    IPV4.test(value) ||
    IPV6.test(value) ||
    MAC.test(value) ||
    FINGERPRINT.test(value) ||
    PUBLIC_KEY.test(value) ||
    PATHLIKE.test(value) ||
    /^[0-9]+$/.test(value)
  );
}

/** True for an IPv4/IPv6 address or prefix, or a MAC address. */
export function isAddressLike(value: string): boolean {
  // Each form starts with a hex digit or a colon.
  const c = value.charCodeAt(0);
  if (!((c >= 48 && c <= 58) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102))) return false;
  // And each holds a separator: a dot (IPv4, MAC), a colon (IPv6, MAC) or a dash (MAC).
  let separated = false;
  for (let i = 0; i < value.length && !separated; i++) {
    const d = value.charCodeAt(i);
    separated = d === 46 || d === 58 || d === 45;
  }
  return separated && (IPV4.test(value) || IPV6.test(value) || MAC.test(value));
}
