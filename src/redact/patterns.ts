/**
 * Pattern detectors: secrets recognisable by their shape (provider tokens, JWTs, crypt hashes, Junos `$9$`,
 * PAN-OS `-AQ==` blobs, URL credentials, Authorization headers, `curl -u`, /etc/shadow, SNMP command
 * lines). Every regex is linear: no nested quantifiers, bounded repetition, literal anchors first.
 */
import {
  type AnchorHits,
  type AnchorSpec,
  anchors,
  type Candidates,
  GROUP,
  gate,
  RULE_GROUP_BASE,
} from './anchor-hits.js';
import type { Span } from './span.js';
import { isNonSecretValue } from './values.js';

interface PatternRule {
  readonly id: string;
  readonly kind: string;
  /** Global + hasIndices; the secret is the named group `v` (or the whole match). */
  readonly re: RegExp;
  /**
   * Every match contains one of these literals, starting `delta` units after the match start; with
   * `lineStart`, every match starts at the start of a line that holds one. The regexes are case-sensitive
   * (but one, whose anchors fold), so each case a regex accepts is listed and a hit must match exactly.
   */
  readonly anchors: readonly string[];
  readonly delta?: number;
  readonly lineStart?: boolean;
  /**
   * Where group `v` ends: this many units before the match end (0 unless set). Shadow lines, whose value
   * is inside the match, say `null` and read the indices instead.
   */
  readonly valueEndsBefore?: number | null;
  /** With `lineStart`: a line whose first unit fails this cannot match. */
  readonly lineFirst?: (c: number) => boolean;
  /** The rule runs only when the text holds one of these exact substrings. */
  readonly gate?: readonly string[] | undefined;
  /** Optional extra check on the value. */
  readonly accept?: ((value: string) => boolean) | undefined;
}

/** Names whose value follows on the next line ("- name: DB_PASSWORD" then "value: …"). */
const SECRET_ENV_NAME =
  '[A-Za-z0-9_]{0,64}(?:PASSWORD|PASSWD|SECRET|TOKEN|API_KEY|APIKEY|PRIVATE_KEY|SIGNING_KEY|ACCESS_KEY|CREDENTIALS?)[A-Za-z0-9_]{0,64}';
/**
 * A line whose secret arrives with the next line: streams hold it back until then.
 * @example
 * VALUE_ON_NEXT_LINE.test('  - name: DB_PASSWORD\n') // true
 */
export const VALUE_ON_NEXT_LINE = new RegExp(`name: ["']?${SECRET_ENV_NAME}["']?[ \\t]*\\r?\\n$`);

const CRYPT_IDS = ['1', '2', '2a', '2b', '2x', '2y', '5', '6', '7', '8', 'y', 'gy', 'apr1', 'md5', 'sha1'];
const CRYPT_NAMES = ['argon2id', 'argon2i', 'argon2d', 'pbkdf2', 'scrypt'];

export const RULES: readonly PatternRule[] = [
  // Provider tokens: prefixes published by the vendors.
  {
    id: 'github',
    anchors: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_'],
    kind: 'TOKEN',
    re: /(?:gh[pousr]_[A-Za-z0-9]{30,255}|github_pat_[A-Za-z0-9_]{22,255})/dg,
  },
  {
    id: 'gitlab',
    anchors: ['pat', 'ptt', 'dt', 'rt', 'cbt', 'imt', 'ft', 'oas', 'soat', 'agent', 'ffct'].map(
      (t) => `gl${t}-`,
    ),
    kind: 'TOKEN',
    re: /gl(?:pat|ptt|dt|rt|cbt|imt|ft|oas|soat|agent|ffct)-[A-Za-z0-9_-]{20,255}/dg,
  },
  {
    id: 'slack',
    anchors: ['xox', 'xapp-', 'hooks.slack.com/services/'],

    kind: 'TOKEN',
    re: /(?:xox[abposer]-[A-Za-z0-9-]{10,255}|xapp-[0-9]-[A-Za-z0-9-]{10,255}|hooks\.slack\.com\/services\/(?<v>[A-Za-z0-9/_-]{20,120}))/dg,
  },
  {
    id: 'stripe',
    anchors: ['sk_live_', 'sk_test_', 'rk_live_', 'rk_test_', 'whsec_'],
    kind: 'TOKEN',
    re: /(?:(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,247}|whsec_[A-Za-z0-9]{24,128})/dg,
  },
  // OpenAI ("sk-", "sk-proj-") and Anthropic ("sk-ant-") keys.
  {
    id: 'sk',
    anchors: ['sk-'],
    kind: 'TOKEN',
    re: /sk-(?<=(?:^|[^A-Za-z0-9_-])sk-)(?:ant-|proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,255}/dg,
  },
  {
    id: 'google',
    anchors: ['AIza', 'GOCSPX-', 'ya29.'],
    kind: 'TOKEN',
    re: /(?:AIza[0-9A-Za-z_-]{35}|GOCSPX-[A-Za-z0-9_-]{28}|ya29\.[0-9A-Za-z_-]{20,2048})/dg,
  },
  {
    id: 'aws-key-id',
    anchors: ['AKIA', 'ASIA', 'ABIA', 'ACCA', 'A3T'],
    kind: 'TOKEN',
    re: /A(?:KIA|SIA|BIA|CCA|3T[A-Z0-9])(?<![A-Za-z0-9+/]A[A-Z0-9]{3})[A-Z0-9]{16}(?![A-Za-z0-9])/dg,
  },
  { id: 'npm', anchors: ['npm_'], kind: 'TOKEN', re: /npm_[A-Za-z0-9]{36}\b/dg },
  {
    id: 'pypi',
    anchors: ['pypi-'],
    kind: 'TOKEN',
    re: /pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,400}/dg,
  },
  { id: 'huggingface', anchors: ['hf_'], kind: 'TOKEN', re: /hf_[A-Za-z]{34}\b/dg },
  {
    id: 'sendgrid',
    anchors: ['SG.'],
    kind: 'TOKEN',
    re: /SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}\b/dg,
  },
  {
    id: 'digitalocean',
    anchors: ['doo_v1_', 'dop_v1_', 'dor_v1_'],
    kind: 'TOKEN',
    re: /do[opr]_v1_[a-f0-9]{64}\b/dg,
  },
  {
    id: 'vault',
    anchors: ['hvs.', 'hvb.'],
    kind: 'TOKEN',
    re: /(?:hv[sb]\.[A-Za-z0-9_-]{24,255})/dg,
  },
  {
    id: 'shopify',
    anchors: ['shpat_', 'shpca_', 'shppa_', 'shpss_'],
    kind: 'TOKEN',
    re: /shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}\b/dg,
  },
  { id: 'databricks', anchors: ['dapi'], kind: 'TOKEN', re: /dapi[a-f0-9]{32}\b/dg },
  {
    id: 'grafana',
    anchors: ['glsa_', 'glc_'],
    kind: 'TOKEN',
    re: /(?:glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}|glc_[A-Za-z0-9+/]{32,400}={0,2})/dg,
  },
  {
    id: 'twilio',
    anchors: [...'0123456789abcdef'].map((h) => `SK${h}`),
    kind: 'TOKEN',
    re: /SK[0-9a-f]{32}\b/dg,
  },
  { id: 'mailgun', anchors: ['key-'], kind: 'TOKEN', re: /key-[0-9a-f]{32}\b/dg },
  {
    id: 'telegram',
    anchors: [':AA'],
    delta: 1,
    kind: 'TOKEN',
    re: /AA(?<=\d{8,10}:AA)[A-Za-z0-9_-]{33}\b/dg,
  },
  {
    id: 'linear',
    anchors: ['lin_api_'],
    kind: 'TOKEN',
    re: /lin_api_[A-Za-z0-9]{40}\b/dg,
  },
  {
    id: 'age',
    anchors: ['AGE-SECRET-KEY-1'],
    kind: 'PRIVATEKEY',
    re: /AGE-SECRET-KEY-1[0-9A-Z]{58}\b/dg,
  },
  // Unix crypt hashes (/etc/shadow, htpasswd, IOS type 5/8/9, EOS sha512, Ubiquiti) and Junos $9$.
  {
    id: 'crypt',
    anchors: [...CRYPT_IDS.map((t) => `$${t}$`), ...CRYPT_NAMES.map((t) => `$${t}$`), '$pbkdf2-sha'],
    kind: 'HASH',
    re: /\$(?<=(?:^|[^\w$])\$)(?:1|2[abxy]?|5|6|7|8|y|gy|apr1|md5|sha1|argon2(?:id|i|d)|pbkdf2(?:-sha\d{1,3})?|scrypt)\$[A-Za-z0-9./+=$,-]{8,512}/dg,
  },
  { id: 'junos-9', anchors: ['$9$'], kind: 'SECRET', re: /\$9\$[A-Za-z0-9./-]{4,1024}/dg },
  // Huawei VRP and H3C cipher envelopes: %^%#…%^%#, %@%@…%@%@, %$%$…%$%$ (any printable inside).
  {
    id: 'huawei-cipher',
    anchors: ['%^%#', '%@%@', '%$%$'],
    kind: 'SECRET',
    re: /(?:%\^%#[!-~]{4,512}?%\^%#|%@%@[!-~]{4,512}?%@%@|%\$%\$[!-~]{4,512}?%\$%\$)/dg,
  },
  // HPE Comware ciphertext ($c$3$…) and hashes ($h$6$…).
  {
    id: 'comware',
    anchors: ['$c$', '$h$'],
    kind: 'SECRET',
    re: /\$[ch]\$\d{1,2}\$[A-Za-z0-9+/=$]{8,1024}/dg,
  },
  // LDAP / htpasswd scheme-tagged hashes: {SSHA}…, {SHA}…, {CRYPT}…, {PBKDF2-SHA256}….
  {
    id: 'ldap-hash',
    anchors: ['{SHA', '{SSHA', '{MD5', '{SMD5', '{CRYPT}', '{PBKDF2', '{ARGON2}'],
    kind: 'HASH',
    re: /\{(?:S?SHA(?:256|384|512)?|S?MD5|CRYPT|PBKDF2(?:-SHA\d{1,3})?|ARGON2)\}[A-Za-z0-9+/=.$,-]{8,512}/dg,
  },
  // PostgreSQL SCRAM verifiers and md5 hashes, GRUB PBKDF2 hashes.
  {
    id: 'scram',
    anchors: ['SCRAM-SHA-'],
    kind: 'HASH',
    re: /SCRAM-SHA-(?:1|256)\$\d{1,7}:[A-Za-z0-9+/=]{8,256}\$[A-Za-z0-9+/=]{8,256}:[A-Za-z0-9+/=]{8,256}/dg,
  },
  {
    id: 'pg-md5',
    anchors: ['md5'],
    kind: 'HASH',
    re: /md5(?<![A-Za-z0-9_]md5)[0-9a-f]{32}(?![A-Za-z0-9])/dg,
  },
  {
    id: 'grub-pbkdf2',
    anchors: ['grub.pbkdf2.'],
    kind: 'HASH',
    re: /grub\.pbkdf2\.sha\d{3}\.\d{1,7}\.[0-9A-Fa-f]{16,1024}\.[0-9A-Fa-f]{16,1024}/dg,
  },
  { id: 'docker-pat', anchors: ['dckr_pat_'], kind: 'TOKEN', re: /dckr_pat_[A-Za-z0-9_-]{20,255}/dg },
  // PAN-OS encrypted values ("-AQ==...").
  {
    id: 'panos-enc',
    anchors: ['-AQ=='],
    kind: 'SECRET',
    re: /-AQ==[A-Za-z0-9+/=]{8,4096}/dg,
  },
  // scheme://user:password@host — only the password goes.
  {
    id: 'url-credentials',
    anchors: ['://'],
    valueEndsBefore: 1,
    kind: 'PASSWORD',
    re: /:\/\/[^\s:/@?#"'<>]{0,256}:(?<v>[^\s/?#"'<>@]{1,256}(?:@[^\s/?#"'<>@]{1,256}){0,4})@(?=[^\s@]{1,512})/dg,
  },
  // scheme://token@host (Sentry DSNs, git over https with a token as user name).
  {
    id: 'url-token-user',
    anchors: ['://'],
    valueEndsBefore: 1,
    kind: 'TOKEN',
    re: /:\/\/(?<v>[A-Za-z0-9_-]{16,256})@(?=[A-Za-z0-9.-])/dg,
  },
  // Authorization headers, whatever the scheme.
  {
    id: 'authorization',
    anchors: ['Proxy-Authorization', 'Authorization'],
    kind: 'TOKEN',
    gate: ['uthorization', 'UTHORIZATION'],
    re: /(?:Proxy-)?Authorization["']?(?:[ \t]{0,8}[:=]|(?=[ \t]{1,8}["']?(?:Bearer|Basic|Token|bearer|basic) ))[ \t]{0,8}["']?(?:(?:Bearer|Basic|Token|Digest|Bot|Negotiate|NTLM|ApiKey|Api-Key|SSWS|token|bearer|basic|AWS4-HMAC-SHA256|GoogleLogin|OAuth)[ \t]{1,8})?(?<v>[^\s"'][^\r\n"']{0,8192})/dgi,
  },
  // curl -u user:password, wget --user=... --password handled by the assignment detector.
  {
    id: 'curl-user',
    anchors: [' -u', '\t-u', ' -U', '\t-U', ' --user', '\t--user', ' --proxy-user', '\t--proxy-user'],
    delta: 1,
    kind: 'PASSWORD',
    re: /-(?:u|-user|U|-proxy-user)(?<=[ \t]-(?:u|-user|U|-proxy-user))(?:[ \t]{1,8}|=)(?<q>["']?)[^\s:"']{0,256}:(?<v>[^\s"']{1,512})/dg,
  },
  {
    id: 'mysql-p',
    anchors: ['mysql', 'mariadb'],

    kind: 'PASSWORD',
    re: /(?:mysql|mysqldump|mysqladmin|mariadb)\b[^\n]{0,512}?[ \t]-p(?<v>'[^'\n]{1,255}'|"[^"\n]{1,255}"|[^\s'"-][^\s]{0,255})/dg,
  },
  {
    id: 'sshpass',
    anchors: ['sshpass'],

    kind: 'PASSWORD',
    re: /sshpass[ \t]{1,8}-p[ \t]{0,8}(?<q>["']?)(?<v>[^\s"']{1,512})/dg,
  },
  // "docker login -u ci -p PW", "az login -u APPID -p PW": -p after -u is a password, not a port.
  {
    id: 'cli-u-p',
    anchors: [' -u', '\t-u', ' --username', '\t--username'],
    kind: 'PASSWORD',
    gate: [' -p'],
    re: /[ \t](?:-u|--username)[ \t]{1,8}\S{1,256}(?:[ \t][^\n]{0,256}?)?[ \t]-p[ \t]{1,8}(?<q>["']?)(?<v>[^\s"']{1,512})/dg,
  },
  {
    id: 'cli-U-P',
    anchors: [' -U', '\t-U'],
    kind: 'PASSWORD',
    gate: [' -P'],
    re: /[ \t]-U[ \t]{1,8}\S{1,256}(?:[ \t][^\n]{0,256}?)?[ \t]-P[ \t]{1,8}(?<q>["']?)(?<v>[^\s"']{1,512})/dg,
  },
  // smbclient -U user%password, redis-cli -a password
  {
    id: 'smb-user',
    anchors: [' -U', '\t-U'],
    kind: 'PASSWORD',
    re: /[ \t]-U[ \t]{1,8}[^\s%]{1,256}%(?<v>[^\s"']{1,512})/dg,
  },
  {
    id: 'redis-cli',
    anchors: ['redis-cli'],

    kind: 'PASSWORD',
    re: /redis-cli\b[^\n]{0,256}?[ \t](?:-a|--pass)[ \t]{1,8}(?<q>["']?)(?<v>[^\s"']{1,512})/dg,
  },
  // Aruba/ProCurve "password manager user-name admin sha1 <hash>"
  {
    id: 'aruba-password',
    anchors: ['password manager ', 'password operator '],

    kind: 'PASSWORD',
    re: /password (?:manager|operator) user-name \S{1,64} (?:sha1|sha256|plaintext|cleartext) (?<q>["']?)(?<v>[^\s"']{1,512})/dg,
  },
  // /etc/shadow: name:hash:lastchg:min:max:warn:...
  {
    id: 'shadow',
    anchors: ['::', ...'0123456789'.split('').map((d) => `:${d}`)],
    lineStart: true,
    lineFirst: (c) => (c >= 97 && c <= 122) || c === 95,
    valueEndsBefore: null,
    kind: 'HASH',
    // Every match holds its four numeric fields; ':' is rare enough for a fast scan.
    gate: [':::', ':99999:', '::::'],
    re: /^[a-z_][a-z0-9_.-]{0,31}\$?:(?<v>[^:\s]{2,512}):\d{0,6}:\d{0,6}:\d{0,6}:\d{0,6}:/dgm,
    accept: (v) => !/^[!*x]{1,2}$/.test(v),
  },
  // SNMP: IOS/NX-OS/EOS "snmp-server user U G v3 auth sha K priv aes 128 K", "snmp-server host H [version 2c] C".
  {
    id: 'snmp-auth',
    anchors: ['snmp user ', 'snmp-server user '],
    kind: 'SNMP',
    re: /snmp(?:-server)? user [^\n]{0,256}? auth (?:md5|sha\S{0,8}) (?<v>\S{1,256})/dg,
  },
  {
    id: 'snmp-priv',
    anchors: ['snmp user ', 'snmp-server user '],
    kind: 'SNMP',
    re: /snmp(?:-server)? user [^\n]{0,512}? priv(?: (?:aes|des|3des|aes128|aes192|aes256|aes-128|aes-192|aes-256|128|192|256)){0,2} (?<v>\S{1,256})/dg,
  },
  {
    id: 'snmp-host',
    anchors: ['snmp-server host '],
    kind: 'SNMP',
    re: /snmp-server host \S{1,256}(?: vrf \S{1,64})?(?: \S{1,64})?? (?:(?:informs|traps) )?(?:version (?:1|2c) )?(?!version|informs|traps|community)(?<v>[^\s]{1,256})(?=[ \t]|$)/dgm,
    accept: (v) =>
      !/^(?:version|informs|traps|\d+\.\d+\.\d+\.\d+|\d+|udp-port|vrf|use-vrf|filter-vrf|source-interface)$/.test(
        v,
      ),
  },
  {
    id: 'asa-snmp-host',
    anchors: ['snmp-server host '],
    kind: 'SNMP',
    re: /snmp-server host [^\n]{0,256}? community (?<v>\S{1,256})/dg,
  },

  {
    id: 'netsnmp-createuser',
    anchors: ['createUser'],
    kind: 'SNMP',
    re: /createUser[ \t]+(?:-e[ \t]+\S+[ \t]+)?\S+[ \t]+(?:MD5|SHA\S{0,8})[ \t]+(?<q>["']?)(?<v>[^\s"']{1,256})/dg,
  },
  {
    id: 'netsnmp-createuser-priv',
    anchors: ['createUser'],
    kind: 'SNMP',
    re: /createUser[ \t]+(?:-e[ \t]+\S+[ \t]+)?\S+[ \t]+(?:MD5|SHA\S{0,8})[ \t]+\S+[ \t]+(?:AES\S{0,8}|DES)[ \t]+(?<q>["']?)(?<v>[^\s"']{1,256})/dg,
  },
  {
    id: 'netsnmp-com2sec',
    anchors: ['com2sec'],
    lineStart: true,
    lineFirst: (c) => c === 32 || c === 9 || c === 99,
    kind: 'SNMP',
    re: /^[ \t]*com2sec6?[ \t]+\S+[ \t]+\S+[ \t]+(?<v>\S{1,256})/dgm,
  },
  // Cisco "crypto isakmp key X address", "ntp authentication-key 1 md5 X", "snmp-server community X".
  {
    id: 'isakmp',
    anchors: ['crypto isakmp key '],

    kind: 'PSK',
    re: /crypto isakmp key (?:[06] )?(?<v>\S{1,256})/dg,
  },
  {
    id: 'ios-community',
    anchors: ['snmp-server community '],
    kind: 'SNMP',
    re: /snmp-server community (?:[07] )?(?<v>\S{1,256})/dg,
  },
  // Docker / npm credentials: base64 of "user:password" under "auth".
  {
    id: 'registry-auth',
    anchors: ['"auth"', '_auth', 'auth="'],
    kind: 'PASSWORD',
    re: /(?:"auth"[ \t]{0,8}:[ \t]{0,8}"|_auth(?<![A-Za-z0-9]_auth)[ \t]{0,8}=[ \t]{0,8}"?|auth="(?<![A-Za-z0-9_]auth="))(?<v>[A-Za-z0-9+/]{8,4096}={0,2})/dg,
  },
  // strongSwan / Libreswan ipsec.secrets: ": PSK \"…\"", ": EAP \"…\"", ": XAUTH \"…\"".
  {
    id: 'ipsec-secrets',
    anchors: ['PSK "', 'EAP "', 'XAUTH "', 'NTLM "', "PSK '", "EAP '", "XAUTH '", "NTLM '"],
    kind: 'PSK',
    re: /(?:PSK|EAP|XAUTH|NTLM)(?<=:[ \t]{0,8}(?:PSK|EAP|XAUTH|NTLM)) (?:"(?<v>[^"\r\n]{1,512})"|'[^'\r\n]{1,512}')/dg,
    valueEndsBefore: 1,
  },
  // A here-string fed to a command that reads a key or password: "wg set … preshared-key /dev/stdin <<< 'X'".
  {
    id: 'here-string',
    anchors: ['<<<'],
    kind: 'SECRET',
    re: /<<<(?<=(?:key|password|passwd|secret|psk|token|stdin|chpasswd)[^\n]{0,256}<<<)[ \t]{0,8}(?<q>['"]?)(?<v>[^\s'"]{1,512})/dgi,
  },
  // A value piped to base64 (how Kubernetes secrets are made): "echo -n 'X' | base64".
  {
    id: 'echo-base64',
    anchors: ['echo '],
    gate: ['| base64', '|base64'],
    kind: 'SECRET',
    re: /echo (?:-[ne]{1,2} )?(?<q>['"])(?<v>[^'"\r\n]{4,256})\k<q>[ \t]{0,8}\|[ \t]{0,8}base64\b(?![ \t]+(?:-d|--decode|-D))/dg,
    valueEndsBefore: null,
  },
  // lftp -u user,password
  {
    id: 'lftp-u',
    anchors: ['lftp'],
    kind: 'PASSWORD',
    re: /lftp\b[^\n]{0,256}?[ \t]-u[ \t]{1,8}(?<q>['"]?)[^\s,'"]{1,128},(?<v>[^\s'"]{1,256})/dg,
  },
  // Redis ACL: "user metrics on >password", "ACL SETUSER app on >password".
  {
    id: 'redis-acl',
    anchors: ['user ', 'SETUSER ', 'setuser '],
    gate: [' >'],
    kind: 'PASSWORD',
    re: /(?:user|SETUSER|setuser) [^\s>]{1,64}(?: [^\s>]{1,64}){0,6} >(?<v>[^\s]{1,256})/dg,
  },
  // Notification URLs whose secret is the whole user part: "slack://T00/B00/XXX@channel".
  {
    id: 'shoutrrr',
    anchors: ['slack://', 'discord://', 'teams://', 'telegram://', 'pushover://', 'gotify://'],
    kind: 'TOKEN',
    re: /(?:slack|discord|teams|telegram|pushover|gotify):\/\/(?<v>[A-Za-z0-9/_:.-]{16,512})@/dg,
    valueEndsBefore: 1,
  },
  // Twilio account SID and auth token as a basic-auth pair: "AC<32 hex>:<32 hex>".
  {
    id: 'twilio-pair',
    anchors: ['AC'],
    kind: 'TOKEN',
    re: /AC[0-9a-f]{32}:(?<v>[0-9a-f]{32})(?![0-9A-Za-z])/dg,
  },
  // Signatures of presigned URLs (S3 SigV4, GCS, Azure SAS).
  {
    id: 'url-signature',
    anchors: ['X-Amz-Signature=', 'X-Goog-Signature=', 'sig='],
    kind: 'TOKEN',
    re: /(?:X-Amz-Signature|X-Goog-Signature|sig)=(?<=[?&;][\w-]{0,24}=)(?<v>[A-Za-z0-9%+/=_-]{20,1024})/dg,
  },
  // PostgreSQL .pgpass lines: "host:port:database:user:password".
  {
    id: 'pgpass',
    anchors: [':5432:', ':6432:', ':*:'],
    lineStart: true,
    lineFirst: (c) => c > 32,
    kind: 'PASSWORD',
    re: /^(?:[^:\s]{1,253}|\*):(?:\d{1,5}|\*):(?:[^:\s]{1,128}|\*):(?:[^:\s]{1,128}|\*):(?<v>(?:[^:\s\\]|\\.){1,512})$/dgm,
  },
  // HAProxy "stats auth user:password".
  {
    id: 'haproxy-stats-auth',
    anchors: ['stats auth '],
    kind: 'PASSWORD',
    re: /stats auth [^\s:]{1,128}:(?<v>\S{1,512})/dg,
  },
  // SQL: IDENTIFIED BY '…', IDENTIFIED WITH plugin BY '…', PASSWORD '…', PASSWORD('…').
  {
    id: 'sql-password',
    anchors: ['identified by ', 'identified with ', "password '", "password('", "password ('"],
    kind: 'PASSWORD',
    re: /(?:identified (?:with \S{1,64} )?by|password) ?\(?'(?<v>[^'\r\n]{1,512})'/dgi,
    valueEndsBefore: 1,
  },
  // TACACS+ (tac_plus): "login = cleartext \"…\"", "enable = des <hash>".
  {
    id: 'tacplus',
    anchors: ['= cleartext ', '= des ', '= crypt '],
    kind: 'PASSWORD',
    re: /= (?:cleartext|des|crypt) "?(?<v>[^"\s]{1,512})/dg,
  },
  // "echo 'user:password' | chpasswd", "openssl passwd -6 'password'".
  {
    id: 'chpasswd',
    anchors: ['echo '],
    gate: ['chpasswd'],
    kind: 'PASSWORD',
    re: /echo (?:-[ne] )?(?<q>['"]?)[^\s:'"]{1,64}:(?<v>[^\s'"]{1,512})\k<q>[ \t]{0,8}\|[ \t]{0,8}(?:sudo (?:-\S+ )?)?chpasswd/dg,
    valueEndsBefore: null,
  },
  {
    id: 'openssl-passwd',
    anchors: ['openssl passwd '],
    kind: 'PASSWORD',
    re: /openssl passwd(?: -(?:salt \S{1,64}|\S{1,16})){0,4} (?<q>['"]?)(?<v>[^\s'"-][^\s'"]{0,511})\k<q>/dg,
    valueEndsBefore: null,
  },
  // nginx / Apache headers set in config: "proxy_set_header X-Auth-Token <v>;".
  {
    id: 'header-directive',
    anchors: ['proxy_set_header ', 'add_header ', 'RequestHeader set '],
    kind: 'TOKEN',
    re: /(?:proxy_set_header|add_header|RequestHeader set)[ \t]{1,8}(?:[A-Za-z0-9-]*(?:[Tt]oken|TOKEN|[Kk]ey|KEY|[Ss]ecret|SECRET|[Pp]assword|PASSWORD)[A-Za-z0-9-]*)[ \t]{1,8}["']?(?<v>[^"';\s]{8,1024})/dg,
  },
  // Net-SNMP trap sinks: "trap2sink host community".
  {
    id: 'snmp-trapsink',
    anchors: ['trapsink ', 'trap2sink ', 'informsink '],
    kind: 'SNMP',
    re: /(?:trap2?sink|informsink)[ \t]{1,8}\S{1,256}[ \t]{1,8}(?<v>[^\s#]{1,256})/dg,
  },
  // chrony / ntpd key files: "1 SHA256 HEX:…", "2 SHA1 ascii", "3 M secret".
  {
    id: 'ntp-keys',
    anchors: [' MD5 ', ' SHA1 ', ' SHA256 ', ' SHA512 ', ' AES128 ', ' AES256 ', ' M '],
    lineStart: true,
    lineFirst: (c) => c === 32 || c === 9 || (c >= 48 && c <= 57),
    kind: 'KEY',
    re: /^[ \t]*\d{1,5} (?:MD5|SHA1|SHA256|SHA512|AES128|AES256|M) (?:HEX:|ASCII:)?(?<v>\S{1,512})[ \t]*$/dgm,
  },
  // CLI tools that take a password argument.
  {
    id: 'ldap-w',
    anchors: ['ldapsearch', 'ldapmodify', 'ldapadd', 'ldapdelete', 'ldappasswd', 'ldapwhoami', 'ldapcompare'],
    kind: 'PASSWORD',
    re: /ldap(?:search|modify|add|delete|passwd|whoami|compare)\b[^\n]{0,512}?[ \t]-w[ \t]{1,8}(?<q>['"]?)(?<v>[^\s'"]{1,256})/dg,
  },
  {
    id: 'htpasswd-b',
    anchors: ['htpasswd '],
    kind: 'PASSWORD',
    re: /htpasswd(?:[ \t]{1,8}-[A-Za-z]{1,8}){0,3}?[ \t]{1,8}-[A-Za-z]{0,6}b[A-Za-z]{0,6}(?:[ \t]{1,8}-[A-Za-z]{1,8}){0,3}[ \t]{1,8}\S{1,512}[ \t]{1,8}\S{1,256}[ \t]{1,8}(?<q>['"]?)(?<v>[^\s'"]{1,256})/dg,
  },
  {
    id: 'rabbitmqctl',
    anchors: ['rabbitmqctl '],
    kind: 'PASSWORD',
    re: /rabbitmqctl(?:[ \t]{1,8}-\S{1,64}){0,4}[ \t]{1,8}(?:add_user|change_password)[ \t]{1,8}\S{1,256}[ \t]{1,8}(?<q>['"]?)(?<v>[^\s'"]{1,256})/dg,
  },
  {
    id: 'sudo-stdin',
    anchors: ['echo '],
    gate: ['sudo -S', 'sudo -kS', 'sudo --stdin'],
    kind: 'PASSWORD',
    re: /echo (?:-[ne] )?(?<q>['"]?)(?<v>[^\s'"|]{1,256})\k<q>[ \t]{0,8}\|[ \t]{0,8}sudo(?:[ \t]{1,8}-[A-Za-z]{1,8})*?[ \t]{1,8}(?:-[A-Za-z]*S[A-Za-z]*|--stdin)\b/dg,
    valueEndsBefore: null,
  },
  // JDBC Oracle thin URLs: "jdbc:oracle:thin:user/password@//host".
  {
    id: 'jdbc-oracle',
    anchors: ['jdbc:oracle:thin:'],
    kind: 'PASSWORD',
    re: /jdbc:oracle:thin:[^/\s:@"']{1,128}\/(?<v>[^@\s"']{1,256})@/dg,
    valueEndsBefore: 1,
  },
  // Kubernetes: the registry credentials of a dockerconfigjson secret, and env pairs
  // "- name: DB_PASSWORD" / "value: …".
  {
    id: 'dockerconfigjson',
    anchors: ['.dockerconfigjson'],
    kind: 'PASSWORD',
    re: /\.dockerconfigjson["']?:[ \t]{0,8}["']?(?<v>[A-Za-z0-9+/]{16,65536}={0,2})/dg,
  },
  {
    id: 'k8s-env-value',
    anchors: ['name: '],
    kind: 'SECRET',
    re: new RegExp(
      `name: ["']?${SECRET_ENV_NAME}["']?[ \\t]*\\r?\\n[ \\t]{1,64}value: ["']?(?<v>[^"'\\s][^"'\\r\\n]{0,1023})`,
      'dg',
    ),
    valueEndsBefore: null,
  },
  // Session cookies and ids in headers and logs: "Cookie: JSESSIONID=…", "sid=…", "session=…",
  // "connect.sid=…" (not "ssid=", a Wi-Fi network name).
  {
    id: 'session-id',
    anchors: ['sessid=', 'sessionid=', 'session_id=', 'session=', 'sid='],
    kind: 'TOKEN',
    re: /(?:sessid|sessionid|session_id|session|sid)=(?<=(?:^|[^A-Za-z0-9_.-])(?:J|PHP|ASP|[A-Za-z0-9]{0,24}[._-])?(?:sessid|sessionid|session_id|session|sid)=)(?<v>[A-Za-z0-9%._~+/=-]{16,4096})/dgi,
    // Twilio resource SIDs (two letters and 32 hex digits) identify, they do not authenticate.
    accept: (v) => !/^[A-Z]{2}[0-9a-f]{32}$/.test(v),
  },
  // IOS "show snmp community": "Community name: X", "Community Index: X", "Community SecurityName: X".
  {
    id: 'ios-show-community',
    anchors: ['Community name: ', 'Community Index: ', 'Community SecurityName: '],
    kind: 'SNMP',
    re: /Community (?:name|Index|SecurityName): (?<v>\S{1,256})/dg,
  },
  // VRRP / HSRP / NHRP cleartext authentication strings.
  {
    id: 'auth-text',
    anchors: ['authentication text ', 'nhrp authentication '],
    kind: 'SECRET',
    re: /(?:authentication text|nhrp authentication) (?<v>\S{1,256})/dg,
  },
  // Comware "key authentication|accounting|authorization cipher|simple X".
  {
    id: 'comware-key',
    anchors: ['key authentication ', 'key accounting ', 'key authorization '],
    kind: 'KEY',
    re: /key (?:authentication|accounting|authorization) (?:cipher|simple) (?<v>\S{1,256})/dg,
  },
  // Aruba AOS "mgmt-user <name> <role> <hash>".
  {
    id: 'aruba-mgmt-user',
    anchors: ['mgmt-user '],
    kind: 'HASH',
    re: /mgmt-user \S{1,64} \S{1,64} (?<v>[0-9a-f]{32,128})(?![0-9A-Za-z])/dg,
  },
];

// Rules whose secret is the whole match and that need no extra check behave as one alternation: at each
// offset the first such rule (in order) that matches wins, and the search goes on from its end.
const SIMPLE = RULES.filter(
  (r) => !r.re.source.includes('(?<v>') && r.accept === undefined && !r.re.multiline,
);
/** The other rules, each with its own candidates, in one object shape so property reads stay monomorphic. */
const REST: readonly CompiledRule[] = RULES.filter((r) => !SIMPLE.includes(r)).map(compile);
/** Sticky copies: each rule is tried at its candidates only. */
const SIMPLE_STICKY = SIMPLE.map((r) => new RegExp(r.re.source, 'y'));

/** A rule as `runRule` uses it: one object shape, so property reads stay monomorphic. */
interface CompiledRule {
  readonly id: string;
  readonly kind: string;
  readonly anchors: readonly string[];
  readonly delta: number;
  readonly lineStart: boolean;
  readonly lineFirst: ((c: number) => boolean) | undefined;
  readonly gate: readonly string[] | undefined;
  readonly accept: ((value: string) => boolean) | undefined;
  /** Sticky; without indices (and without group names) unless the value's place needs them. */
  readonly re: RegExp;
  /** Number of group `v` (0: none), and how far before the match end it ends (-1: read the indices). */
  readonly group: number;
  readonly endsBefore: number;
}

function compile(r: PatternRule): CompiledRule {
  const indices = r.valueEndsBefore === null;
  const flags = `${r.re.flags.replace(/[gd]/g, '')}${indices ? 'd' : ''}y`;
  return {
    id: r.id,
    kind: r.kind,
    anchors: r.anchors,
    delta: r.delta ?? 0,
    lineStart: r.lineStart === true,
    lineFirst: r.lineFirst,
    gate: r.gate,
    accept: r.accept,
    re: new RegExp(indices ? r.re.source : r.re.source.replace(/\(\?<[A-Za-z]\w*>/g, '('), flags),
    group: captureNumber(r.re.source, 'v'),
    endsBefore: indices ? -1 : (r.valueEndsBefore ?? 0),
  };
}

/** Number of the capturing group `(?<name>…)` in `source` (0 when there is none). */
function captureNumber(source: string, name: string): number {
  let n = 0;
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') {
      const named = /^\(\?<([A-Za-z]\w*)>/.exec(source.slice(i));
      if (named !== null) {
        n++;
        if (named[1] === name) return n;
      } else if (source[i + 1] !== '?') n++;
    }
  }
  return 0;
}

const JWT = GROUP.jwt;
const SNMP_COMMANDS = [
  'walk',
  'get',
  'bulk',
  'set',
  'table',
  'trap',
  'inform',
  'df',
  'status',
  'netstat',
  'delta',
  'test',
];

function anchorOptions(r: { readonly delta?: number; readonly re: RegExp }): {
  delta: number;
  exact: boolean;
} {
  return { delta: r.delta ?? 0, exact: !r.re.flags.includes('i') };
}

/** Every pattern detector's anchors (see `anchor-hits.ts`). */
export const PATTERN_ANCHORS: readonly AnchorSpec[] = [
  ...SIMPLE.flatMap((r, i) => anchors(GROUP.simple, i, r.anchors, anchorOptions(r))),
  ...REST.flatMap((r, i) => [
    ...anchors(RULE_GROUP_BASE + i, 0, r.anchors, anchorOptions(r)),
    ...(r.gate ?? []).map(gate),
  ]),
  ...anchors(JWT, 0, ['eyJ'], { exact: true }),
  ...anchors(
    GROUP.snmpCommand,
    0,
    SNMP_COMMANDS.map((c) => `snmp${c}`),
  ),
];

/**
 * @internal For tests: the offsets where `rule` is tried (for line-start rules, the line starts).
 * @example
 * candidatesOf(hits, 'github', text) // [12, 407]
 */
export function candidatesOf(hits: AnchorHits, id: string, text: string): number[] {
  const simple = SIMPLE.findIndex((r) => r.id === id);
  if (simple >= 0) {
    const { tags } = hits.of(GROUP.simple);
    return hits.offsets(GROUP.simple).filter((_, i) => tags[i] === simple);
  }
  const i = REST.findIndex((r) => r.id === id);
  const starts = hits.offsets(RULE_GROUP_BASE + i);
  return REST[i]!.lineStart ? starts.map((s) => text.lastIndexOf('\n', s - 1) + 1) : starts;
}

/** Appends the spans of every pattern match. */
export function findPatterns(text: string, out: Span[], hits: AnchorHits): void {
  findSimple(text, hits.of(GROUP.simple), out);
  findJwts(text, hits.of(JWT), out);
  findSnmpFlags(text, hits.of(GROUP.snmpCommand), out);
  for (let i = 0; i < REST.length; i++) {
    const rule = REST[i]!;
    const candidates = hits.of(RULE_GROUP_BASE + i);
    if (candidates.length === 0) continue;
    if (rule.gate !== undefined && !rule.gate.some((g) => hits.hasGate(g))) continue;
    runRule(rule, text, candidates, out);
  }
}

function findSimple(text: string, candidates: Candidates, out: Span[]): void {
  const { starts, tags, length } = candidates;
  let last = 0;
  for (let c = 0; c < length; c++) {
    const at = starts[c]!;
    if (at < last) continue;
    const re = SIMPLE_STICKY[tags[c]!]!;
    re.lastIndex = at;
    const m = re.exec(text);
    if (m === null) continue;
    last = at + m[0].length;
    if (isNonSecretValue(m[0])) continue;
    const rule = SIMPLE[tags[c]!]!;
    out.push({ start: at, end: last, kind: rule.kind, detector: rule.id });
  }
}

/** Runs one rule at its candidates, as one global pass over the whole text would find its matches. */
function runRule(rule: CompiledRule, text: string, candidates: Candidates, out: Span[]): void {
  const { starts, length } = candidates;
  const re = rule.re;
  let last = 0;
  let tried = -1;
  // Line-start rules: candidates before `lineEnd` are on the line already tried.
  let lineEnd = -1;
  for (let c = 0; c < length; c++) {
    let at = starts[c]!;
    if (rule.lineStart) {
      if (at < lineEnd) continue;
      at = text.lastIndexOf('\n', at - 1) + 1;
      lineEnd = text.indexOf('\n', starts[c]!);
      if (lineEnd < 0) lineEnd = text.length;
      if (rule.lineFirst !== undefined && !rule.lineFirst(text.charCodeAt(at))) continue;
    }
    if (at < last || at === tried) continue;
    tried = at;
    re.lastIndex = at;
    const m = re.exec(text);
    if (m === null) continue;
    const end = at + m[0].length;
    last = Math.max(end, at + 1);
    let s = at;
    let e = end;
    if (rule.endsBefore < 0) {
      const range = m.indices?.groups?.v;
      if (range !== undefined) [s, e] = range;
    } else if (rule.group > 0) {
      const v = m[rule.group];
      // A rule whose `valueEndsBefore` were wrong would cut the wrong part: then the whole match goes.
      if (v !== undefined && text.startsWith(v, end - rule.endsBefore - v.length)) {
        e = end - rule.endsBefore;
        s = e - v.length;
      }
    }
    const value = text.slice(s, e);
    if (isNonSecretValue(value)) continue;
    if (rule.accept !== undefined && !rule.accept(value)) continue;
    out.push({ start: s, end: e, kind: rule.kind, detector: rule.id });
  }
}

function isB64Url(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45 || c === 95;
}

/**
 * JWT / JWS: `eyJ<header>.eyJ<payload>.<signature>` (base64url JSON objects), from each `eyJ` that starts
 * a base64url run. Scanned by hand: a regex with bounded repeats would backtrack over every `eyJ` inside
 * a long base64url run.
 */
function findJwts(text: string, candidates: Candidates, out: Span[]): void {
  const { starts, length } = candidates;
  let last = 0;
  for (let c = 0; c < length; c++) {
    const start = starts[c]!;
    if (start < last || (start > 0 && isB64Url(text.charCodeAt(start - 1)))) continue;
    let i = start + 3;
    while (i < text.length && isB64Url(text.charCodeAt(i))) i++;
    last = i;
    if (i - start < 11 || text.charCodeAt(i) !== 46 || !text.startsWith('eyJ', i + 1)) continue;
    let k = i + 4;
    while (k < text.length && isB64Url(text.charCodeAt(k))) k++;
    if (k - i < 8 || text.charCodeAt(k) !== 46) continue;
    let e = k + 1;
    while (e < text.length && isB64Url(text.charCodeAt(e))) e++;
    out.push({ start, end: e, kind: 'TOKEN', detector: 'jwt' });
    last = e;
  }
}

const SNMP_COMMAND =
  /snmp(?:walk|get|getnext|bulkwalk|bulkget|set|table|trap|inform|df|status|netstat|delta|test)\b/y;
// Group 2, the value, ends the match.
const SNMP_FLAG = /[ \t]-(?:[AXc]|-community)(?:[ \t]{1,8}|=)?(["']?)([^\s"']{1,256})/g;

/** Net-SNMP command lines: `-c community`, `-A authpass`, `-X privpass`, anywhere on the line. */
function findSnmpFlags(text: string, candidates: Candidates, out: Span[]): void {
  const { starts, length } = candidates;
  let last = 0;
  for (let c = 0; c < length; c++) {
    const at = starts[c]!;
    if (at < last) continue;
    SNMP_COMMAND.lastIndex = at;
    if (!SNMP_COMMAND.test(text)) continue;
    let end = text.indexOf('\n', at);
    if (end < 0) end = text.length;
    const line = text.slice(at, end);
    SNMP_FLAG.lastIndex = 0;
    for (let f = SNMP_FLAG.exec(line); f !== null; f = SNMP_FLAG.exec(line)) {
      const value = f[2]!;
      if (isNonSecretValue(value)) continue;
      const end = at + f.index + f[0].length;
      out.push({ start: end - value.length, end, kind: 'SNMP', detector: 'snmp-cli' });
    }
    last = end;
  }
}
