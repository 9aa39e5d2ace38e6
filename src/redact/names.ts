/**
 * Classifies parameter names ("wpa2-pre-shared-key", "AWS_SECRET_ACCESS_KEY", "x_passphrase",
 * "PrivateKey") into secret strength and placeholder kind, by splitting them into lower-case segments.
 * Strong names redact any real value; weak names ("key", "auth") only high-entropy values.
 */

/** How a name is treated: not secret, secret whatever the value, or secret only for high-entropy values. */
export type NameStrength = 'none' | 'strong' | 'weak';

export interface NameClass {
  readonly strength: NameStrength;
  readonly kind: string;
}

const NONE: NameClass = { strength: 'none', kind: '' };

const SECRET_WORDS = new Set([
  'password',
  'passwd',
  'pass',
  'pwd',
  'passphrase',
  'passcode',
  'secret',
  'secrets',
  'psk',
  'psksecret',
  'token',
  'community',
  'rocommunity',
  'rwcommunity',
  'rocommunity6',
  'rwcommunity6',
  'credential',
  'credentials',
  'phash',
  'authpwd',
  'privpwd',
  'apikey',
  'privatekey',
  'presharedkey',
  'secretkey',
  'authkey',
  'privkey',
  'wpapsk',
  'passkey',
  'accesstoken',
  'authtoken',
  'pw',
  'shadow',
  'sshpass',
  'requirepass',
  'masterauth',
  'authpass' /* keepalived auth_pass */,
]);
/** Qualifiers that make a following `key` segment secret: "private-key", "api_key", "preSharedKey". */
const KEY_QUALIFIERS = new Set([
  'private',
  'md' /* "md5-key" */,
  'iapp',
  'mgmt',
  'otp',
  'priv',
  'api',
  'auth',
  'authentication',
  'encryption',
  'enc',
  'secret',
  'shared',
  'preshared',
  'signing',
  'master',
  'client',
  'access',
  'session',
  'psk',
  'wpa',
  'wpa2',
  'wpa3',
  'server',
  'digest',
  'privacy',
  'hmac',
  'app',
  'crypto',
  'license',
  'encrypt',
  'decrypt',
  'symmetric',
  'root',
  'pre',
]);
/** A name whose last segment is one of these describes a secret without holding one. */
const NON_SECRET_TAIL = new Set([
  'required',
  'policy',
  'length',
  'len',
  'min',
  'max',
  'file',
  'path',
  'type',
  'types',
  'url',
  'uri',
  'endpoint',
  'id',
  'ids',
  'name',
  'enabled',
  'enable',
  'expiry',
  'expires',
  'expiration',
  'ttl',
  'lifetime',
  'age',
  'algorithm',
  'algo',
  'encoding',
  'prompt',
  'change',
  'reset',
  'history',
  'complexity',
  'mode',
  'format',
  'command',
  'cmd',
  'retries',
  'timeout',
  'count',
  'size',
  'bits',
  'fingerprint',
  'chain',
  'usage',
  'index',
  'idx',
  'list',
  'ref',
  'store',
  'location',
  'dir',
  'strength',
  'rotation',
  'provider',
  'method',
  'methods',
  'authentication',
  'auth',
  'encryption',
  'manager',
  'level',
  'interval',
  'version',
  'attempts',
  'lockout',
  'changed',
  'last',
  'life',
  'kind',
  'check',
  'cache',
  'hint',
  'label',
  'description',
  'desc',
  'comment',
  'field',
  'param',
  'scope',
  'scopes',
  'verify',
  'validation',
  'rule',
  'rules',
  'status',
  'state',
  'support',
  'supported',
  'exchange',
  'pair',
  'server',
  'servers',
  'group',
  'mgmt',
  'restriction',
  'options',
  'option',
  'string' /* handled below */,
  'less',
  'required',
  'set',
  'period',
  'warning',
  'warn',
  'inactive',
  'minimum',
  'maximum',
  'salt',
  'regex',
  'pattern',
  'expire',
  'expired',
  'login',
  'reuse',
  'env',
  'var',
  'variable',
  'secretref',
  'secretname',
  'key' /* handled below */,
  'lock',
  'locked',
  'valid',
  'days',
  'hours',
  'generate',
  'gen',
  'prefix',
  'suffix',
  'header',
  'cookie',
  'source',
  'refresh' /* "token-refresh" */,
  'encrypted' /* flag */,
]);
/** Segments that mark a public or non-secret thing outright. */
const PUBLIC_SEGMENTS = new Set([
  'public',
  'send' /* BGP "send-community both" */,
  'fortitoken' /* a token's serial number */,
  'nopasswd' /* sudoers tag */,
  'idempotency',
  'instrumentation' /* Application Insights keys are public */,
  'pub',
  'host',
  'hostkey',
  'sshkey',
  'known',
  'primary',
  'foreign',
  'at' /* "token_expires_at" */,
  'accessor' /* Vault token accessors name a token */,
  'rounds',
  'check',
  'time',
  'timeout',
  'interval',
  'count',
  'retries',
  'attempts',
  'strength',
  'format',
  'size',
]);
/** Weak signals: secret only when the value has high entropy. */
const WEAK_WORDS = new Set([
  'auth',
  'cred',
  'creds',
  'sig',
  'signature',
  'bearer',
  'jwt',
  'hmac',
  'sas',
  'cookie',
]);

/** Splits a name into lower-case segments on `-_.`, digits and camelCase boundaries. */
export function nameSegments(name: string): string[] {
  const spaced = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/[0-9]+/g, ' ');
  return spaced
    .toLowerCase()
    .split(/[-_.\s:/]+/)
    .filter((s) => s.length > 0);
}

function kindOf(segments: readonly string[], joined: string): string {
  if (/community/.test(joined) || segments.includes('snmp') || /^(authpwd|privpwd)$/.test(joined))
    return 'SNMP';
  if (/psk|preshared|pre-shared|wpa/.test(joined)) return 'PSK';
  if (/private|privkey/.test(joined) && segments.includes('key')) return 'PRIVATEKEY';
  if (/privatekey|privkey/.test(joined)) return 'PRIVATEKEY';
  if (/token|apikey|bearer|jwt/.test(joined) || (segments.includes('api') && segments.includes('key')))
    return 'TOKEN';
  if (/secret/.test(joined)) return 'SECRET';
  if (/pass|pwd|phash|shadow|^pw$/.test(joined)) return 'PASSWORD';
  return 'KEY';
}

/**
 * Classifies a parameter name. `key-string` (Cisco key chains) counts as a key.
 * @example
 * classifyName('wpa2-pre-shared-key') // { strength: 'strong', kind: 'PSK' }
 */
export function classifyName(name: string): NameClass {
  const segments = nameSegments(name);
  if (segments.length === 0) return NONE;
  const joined = segments.join('-');
  // Vault AppRole: the secret_id is the credential (other "*_id" names are identifiers).
  if (joined === 'secret-id') return { strength: 'strong', kind: 'SECRET' };
  if (segments.some((s) => PUBLIC_SEGMENTS.has(s))) return NONE;
  const last = segments[segments.length - 1]!;
  if (joined === 'key-string') return { strength: 'strong', kind: 'KEY' };
  let strong = false;
  let weak = false;
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i]!;
    if (SECRET_WORDS.has(s)) strong = true;
    else if (s === 'key' && i > 0) {
      const q = segments[i - 1]!;
      if (KEY_QUALIFIERS.has(q) || q === 'shared') strong = true;
      else weak = true;
    } else if (WEAK_WORDS.has(s)) weak = true;
    else if (/^(?:pass(?:word|wd|phrase)|secret|token)/.test(s) && !/^passive|^passthr/.test(s))
      strong = true;
    else if (/(?:password|passwd|secret|token|apikey|psk)$/.test(s)) strong = true;
  }
  if (!strong && !weak) return NONE;
  if (NON_SECRET_TAIL.has(last) && last !== 'key' && last !== 'string') {
    // "password-required", "token_type", "secret_name": they describe a secret, they do not hold one.
    // A tail that is itself the secret word ("db-auth-password") never lands here.
    if (!SECRET_WORDS.has(last)) return NONE;
  }
  if (last === 'key' && segments.length === 1) return NONE;
  return { strength: strong ? 'strong' : 'weak', kind: kindOf(segments, joined) };
}
