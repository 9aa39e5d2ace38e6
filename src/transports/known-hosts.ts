/**
 * OpenSSH known_hosts parsing and host key verification (sshd(8) "SSH_KNOWN_HOSTS FILE FORMAT"):
 * plain and hashed (`|1|salt|hmac`) host names, `[host]:port` for non-standard ports, `*`/`?`
 * wildcards, `!` negation, and the `@revoked` marker. Pinning answers the man-in-the-middle threat:
 * an agent must not type a device password into whoever answers on the device's address.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * One usable line of a known_hosts file.
 * @example
 * parseKnownHosts(text).filter((e) => e.marker === 'revoked')
 */
export interface KnownHostEntry {
  readonly marker: 'revoked' | 'cert-authority' | null;
  /** Comma-separated patterns, or a hashed name `|1|salt|hmac`. */
  readonly hosts: string;
  readonly keyType: string;
  readonly key: Buffer;
  /** 1-based line number, for error details. */
  readonly line: number;
}

/**
 * The outcome of checking a presented host key.
 * @example
 * if (verifyHostKey(entries, host, port, key).status === 'mismatch') alarm()
 */
export type HostKeyVerdict =
  | { readonly status: 'trusted'; readonly line: number }
  | { readonly status: 'mismatch'; readonly knownTypes: readonly string[] }
  | { readonly status: 'unknown' }
  | { readonly status: 'revoked'; readonly line: number };

/**
 * Parses known_hosts text; malformed lines are skipped (as OpenSSH does), never trusted.
 * @example
 * const entries = parseKnownHosts(readFileSync(`${homedir()}/.ssh/known_hosts`, 'utf8'))
 */
export function parseKnownHosts(text: string): KnownHostEntry[] {
  const entries: KnownHostEntry[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.trim();
    if (raw.length === 0 || raw.startsWith('#')) continue;
    const fields = raw.split(/\s+/);
    let marker: KnownHostEntry['marker'] = null;
    if (fields[0]?.startsWith('@')) {
      const m = fields.shift();
      if (m === '@revoked') marker = 'revoked';
      else if (m === '@cert-authority') marker = 'cert-authority';
      else continue; // An unknown marker may restrict trust in a way we do not understand: skip the line.
    }
    const [hosts, keyType, b64] = fields;
    if (hosts === undefined || keyType === undefined || b64 === undefined) continue;
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) continue;
    const key = Buffer.from(b64, 'base64');
    // The blob names its own type; a line whose type field disagrees with it is corrupt.
    if (blobKeyType(key) !== keyType) continue;
    entries.push({ marker, hosts, keyType, key, line: i + 1 });
  }
  return entries;
}

/**
 * The name OpenSSH looks up for a host and port: `host` on port 22, `[host]:port` otherwise.
 * @example
 * knownHostsName('10.0.0.1', 2222) // '[10.0.0.1]:2222'
 */
export function knownHostsName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

/**
 * Hashes a host name the way `ssh-keygen -H` does: `|1|base64(salt)|base64(HMAC-SHA1(salt, name))`.
 * @example
 * hashKnownHostsName('[127.0.0.1]:2222', randomBytes(20))
 */
export function hashKnownHostsName(name: string, salt: Uint8Array): string {
  const mac = createHmac('sha1', salt).update(name).digest('base64');
  return `|1|${Buffer.from(salt).toString('base64')}|${mac}`;
}

/**
 * Formats a known_hosts line for a host, port and OpenSSH public key (`type base64 [comment]`).
 * @example
 * knownHostsLine('127.0.0.1', 2222, 'ssh-ed25519 AAAAC3Nz...') // '[127.0.0.1]:2222 ssh-ed25519 AAAAC3Nz...'
 */
export function knownHostsLine(host: string, port: number, publicKey: string): string {
  const [type, b64] = publicKey.trim().split(/\s+/);
  return `${knownHostsName(host, port)} ${type} ${b64}`;
}

/** True when one host field (patterns or hash) matches the looked-up name. */
export function hostFieldMatches(field: string, name: string): boolean {
  if (field.startsWith('|1|')) {
    const [, , salt, mac] = field.split('|');
    if (salt === undefined || mac === undefined) return false;
    const expected = Buffer.from(mac, 'base64');
    const actual = createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest();
    return expected.length === actual.length && timingSafeEqual(expected, actual);
  }
  let matched = false;
  for (const pattern of field.split(',')) {
    if (pattern.startsWith('!')) {
      // A negated match vetoes the whole line, whatever else matches (sshd(8)).
      if (globMatches(pattern.slice(1), name)) return false;
    } else if (globMatches(pattern, name)) {
      matched = true;
    }
  }
  return matched;
}

/**
 * Checks a presented host key (the SSH wire blob) for a host and port against known_hosts entries.
 * A revoked key is refused wherever its line names it; `@cert-authority` lines are not used (host
 * certificates are not supported), so they never make a key trusted.
 * @example
 * const verdict = verifyHostKey(parseKnownHosts(text), '10.0.0.1', 22, keyBlob)
 * if (verdict.status !== 'trusted') refuse(verdict.status)
 */
export function verifyHostKey(
  entries: readonly KnownHostEntry[],
  host: string,
  port: number,
  key: Uint8Array,
): HostKeyVerdict {
  const names = [knownHostsName(host, port)];
  const forHost = entries.filter((e) => names.some((n) => hostFieldMatches(e.hosts, n)));
  const revoked = entries.find((e) => e.marker === 'revoked' && sameKey(e.key, key));
  if (revoked !== undefined) return { status: 'revoked', line: revoked.line };
  const pinned = forHost.filter((e) => e.marker === null);
  const hit = pinned.find((e) => sameKey(e.key, key));
  if (hit !== undefined) return { status: 'trusted', line: hit.line };
  if (pinned.length > 0)
    return { status: 'mismatch', knownTypes: [...new Set(pinned.map((e) => e.keyType))] };
  return { status: 'unknown' };
}

/**
 * The key types pinned for a host, so the client can ask the server for one of those first (as
 * OpenSSH does) rather than be offered an unpinned type and call it a mismatch.
 * @example
 * knownKeyTypes(entries, '10.0.0.1', 22) // ['ssh-ed25519']
 */
export function knownKeyTypes(entries: readonly KnownHostEntry[], host: string, port: number): string[] {
  const name = knownHostsName(host, port);
  const types = entries
    .filter((e) => e.marker === null && hostFieldMatches(e.hosts, name))
    .map((e) => e.keyType);
  return [...new Set(types)];
}

function sameKey(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

function blobKeyType(blob: Buffer): string | null {
  if (blob.length < 4) return null;
  const len = blob.readUInt32BE(0);
  if (len === 0 || len > 64 || 4 + len > blob.length) return null;
  return blob.subarray(4, 4 + len).toString('latin1');
}

function globMatches(pattern: string, name: string): boolean {
  // Iterative glob with backtracking on the last '*': linear in practice, no regex built from input.
  const p = pattern.toLowerCase();
  const s = name.toLowerCase();
  let pi = 0;
  let si = 0;
  let star = -1;
  let mark = 0;
  while (si < s.length) {
    if (pi < p.length && (p[pi] === '?' || p[pi] === s[si])) {
      pi++;
      si++;
    } else if (pi < p.length && p[pi] === '*') {
      star = pi++;
      mark = si;
    } else if (star !== -1) {
      pi = star + 1;
      si = ++mark;
    } else {
      return false;
    }
  }
  while (pi < p.length && p[pi] === '*') pi++;
  return pi === p.length;
}
