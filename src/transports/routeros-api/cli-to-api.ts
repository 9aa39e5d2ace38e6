/**
 * Maps a CLI-style RouterOS command (`/ip address print`, `/interface enable vlan20`,
 * `/ip firewall filter set numbers=3 disabled=yes`) to API words. Only plain forms map; scripting
 * (`[find …]`, `;`, `:foreach`) is refused rather than guessed, so what runs is what was approved.
 */

const VERBS = new Set([
  'print',
  'set',
  'add',
  'remove',
  'enable',
  'disable',
  'reboot',
  'shutdown',
  'ping',
  'getall',
  'monitor',
  'reset-counters',
  'move',
  'unset',
  'export',
]);

/** Why a command could not be mapped. */
export class CliMappingError extends Error {}

/**
 * Converts a CLI command to API words.
 * @example
 * cliToApiWords('/ip address print detail') // ['/ip/address/print']
 * cliToApiWords('/interface enable vlan20') // ['/interface/enable', '=numbers=vlan20']
 */
export function cliToApiWords(command: string): string[] {
  if (/[[\];{}$\n]|^\s*:/.test(command)) {
    throw new CliMappingError('scripting syntax ([ ], ;, $, :commands) has no API equivalent');
  }
  const tokens = splitWords(command.trim());
  const path: string[] = [];
  let verb: string | undefined;
  const words: string[] = [];
  let positional = 0;
  for (const tok of tokens) {
    if (verb === undefined && !tok.includes('=')) {
      for (const seg of tok.split('/').filter((s) => s.length > 0)) {
        if (verb !== undefined) throw new CliMappingError('unexpected word after the command');
        if (VERBS.has(seg)) verb = seg;
        else path.push(seg);
      }
      continue;
    }
    if (verb === undefined) throw new CliMappingError('a parameter came before the command');
    const eq = tok.indexOf('=');
    if (eq > 0) {
      words.push(`=${tok.slice(0, eq)}=${tok.slice(eq + 1)}`);
    } else if (verb === 'print' && ['detail', 'terse', 'without-paging', 'brief'].includes(tok)) {
      // Display modifiers have no meaning over the API: every property is returned.
    } else if (tok === 'show-sensitive') {
      words.push('=show-sensitive=');
    } else if (positional++ === 0) {
      words.push(verb === 'ping' ? `=address=${tok}` : `=numbers=${tok}`);
    } else {
      throw new CliMappingError('more than one unnamed argument');
    }
  }
  if (verb === undefined) {
    // `/ping` style root commands: the last path segment is the command.
    verb = path.pop();
    if (verb === undefined) throw new CliMappingError('no command given');
  }
  if (verb === 'export') throw new CliMappingError('export is not available over the API; use SSH');
  return [`/${[...path, verb].join('/')}`, ...words];
}

function splitWords(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  let inWord = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '"') {
      inWord = true;
      for (i++; i < s.length && s[i] !== '"'; i++) cur += s[i] === '\\' ? (s[++i] ?? '') : s[i];
      if (i >= s.length) throw new CliMappingError('unterminated quote');
    } else if (c === ' ' || c === '\t') {
      if (inWord) out.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (inWord) out.push(cur);
  return out;
}
