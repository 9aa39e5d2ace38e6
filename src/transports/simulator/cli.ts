/**
 * The simulated RouterOS command line: tokenizes a line the way RouterOS does (menus by space or
 * slash, `key=value`, quotes, `[find …]`, `;` between commands), runs it against the in-memory
 * state, and answers with RouterOS's own error texts (`bad command name xyz (line 1 column 2)`).
 */
import { exportConfig, printMenu } from './format.js';
import { addItem, type RosItem, type RosMenu, type RosState, removeItem, vlan20Reachable } from './state.js';

/** What one command line produced. */
export interface CliResult {
  readonly output: string;
  /** 0 when every command succeeded, 1 after the first failing one (its error is the last line). */
  readonly status: 0 | 1;
}

interface Token {
  readonly text: string;
  /** 1-based column of the token's first character. */
  readonly col: number;
  readonly kind: 'word' | 'find' | 'sep';
}

class CliError extends Error {}

const WRITE_VERBS = new Set([
  'set',
  'add',
  'remove',
  'enable',
  'disable',
  'reboot',
  'shutdown',
  'reset-configuration',
]);
const EXTRA_DIRS = ['system', 'system/resource', 'system/identity', 'log'];

/**
 * Runs one command line as `user` against `state`.
 * @example
 * runCli(state, 'admin', '/interface print').output
 */
export function runCli(state: RosState, user: string, line: string): CliResult {
  let out = '';
  try {
    const tokens = tokenize(line);
    let start = 0;
    for (let i = 0; i <= tokens.length; i++) {
      if (i === tokens.length || tokens[i]!.kind === 'sep') {
        const stmt = tokens.slice(start, i);
        start = i + 1;
        if (stmt.length > 0) out += runStatement(state, user, stmt);
      }
    }
    return { output: out, status: 0 };
  } catch (e) {
    if (e instanceof CliError) return { output: `${out}${e.message}\n`, status: 1 };
    throw e;
  }
}

function tokenize(line: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < line.length) {
    const c = line[i]!;
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
    } else if (c === ';' || c === '\n') {
      tokens.push({ text: c, col: i + 1, kind: 'sep' });
      i++;
    } else if (c === '[') {
      let depth = 0;
      let j = i;
      for (; j < line.length; j++) {
        if (line[j] === '"') j = skipQuoted(line, j);
        else if (line[j] === '[') depth++;
        else if (line[j] === ']' && --depth === 0) break;
      }
      if (j >= line.length) throw new CliError(`syntax error (line 1 column ${i + 1})`);
      tokens.push({ text: line.slice(i + 1, j).trim(), col: i + 1, kind: 'find' });
      i = j + 1;
    } else {
      let text = '';
      const col = i + 1;
      while (i < line.length && !' \t\r\n;['.includes(line[i]!)) {
        if (line[i] === '"') {
          const end = skipQuoted(line, i);
          text += unescapeQuoted(line.slice(i + 1, end));
          i = end + 1;
        } else {
          text += line[i];
          i++;
        }
      }
      tokens.push({ text, col, kind: 'word' });
    }
  }
  return tokens;
}

function skipQuoted(line: string, start: number): number {
  for (let j = start + 1; j < line.length; j++) {
    if (line[j] === '\\') j++;
    else if (line[j] === '"') return j;
  }
  throw new CliError(`syntax error (line 1 column ${start + 1})`);
}

function unescapeQuoted(s: string): string {
  return s.replace(/\\(.)/g, '$1');
}

function isDir(state: RosState, path: string): boolean {
  if (EXTRA_DIRS.includes(path)) return true;
  for (const p of state.menus.keys()) if (p === path || p.startsWith(`${path}/`)) return true;
  return false;
}

function runStatement(state: RosState, user: string, tokens: Token[]): string {
  // Menus may be given by space or by slash (`/ip address print`, `/ip/address/print`); each path
  // segment keeps its own column so errors point where RouterOS would.
  let path = '';
  let verb: Token | undefined;
  const args: Token[] = [];
  for (const t of tokens) {
    if (verb !== undefined || t.kind !== 'word' || t.text.includes('=')) {
      args.push(t);
      continue;
    }
    let offset = 0;
    for (const part of t.text.split('/')) {
      const seg: Token = { text: part, col: t.col + offset, kind: 'word' };
      offset += part.length + 1;
      if (part.length === 0) continue;
      if (verb !== undefined) {
        args.push(seg);
        continue;
      }
      const next = path === '' ? part : `${path}/${part}`;
      if (isDir(state, next)) path = next;
      else verb = seg;
    }
  }
  if (verb === undefined)
    throw new CliError(`bad command name ${path.split('/').pop() ?? ''} (line 1 column 1)`);
  if (
    WRITE_VERBS.has(verb.text) &&
    state.menus.get('user')?.items.find((u) => u.props.name === user)?.props.group === 'read'
  ) {
    throw new CliError('not enough permissions (9)');
  }
  const menu = state.menus.get(path);
  switch (verb.text) {
    case 'print':
      return doPrint(state, path, menu, verb, args);
    case 'export':
      return doExport(state, path, args);
    case 'ping':
      if (path === '') return doPing(state, args);
      break;
    case 'reboot':
      if (path === 'system') {
        state.rebootCount++;
        state.log.push({ time: now(), topics: 'system,info', message: `system rebooted by ${user}` });
        return 'Reboot, yes? [y/N]: y\nsystem will reboot shortly\n';
      }
      break;
    case 'set':
      if (path === 'system/identity') return setIdentity(state, user, args);
      if (menu !== undefined) return doSet(state, user, menu, args);
      break;
    case 'add':
      if (menu !== undefined) return doAdd(state, user, menu, args);
      break;
    case 'remove':
    case 'enable':
    case 'disable':
      if (menu !== undefined) return doToggle(state, user, menu, verb.text, args);
      break;
  }
  throw new CliError(`bad command name ${verb.text} (line 1 column ${verb.col})`);
}

function expectEnd(args: Token[], allowed: readonly string[]): Set<string> {
  const seen = new Set<string>();
  for (const a of args) {
    if (a.kind !== 'word' || !allowed.includes(a.text)) {
      throw new CliError(`expected end of command (line 1 column ${a.col})`);
    }
    seen.add(a.text);
  }
  return seen;
}

function doPrint(
  state: RosState,
  path: string,
  menu: RosMenu | undefined,
  verb: Token,
  args: Token[],
): string {
  const flags = expectEnd(args, ['detail', 'terse', 'without-paging', 'show-sensitive', 'brief']);
  if (path === 'system/resource') return printResource(state);
  if (path === 'system/identity') return `  name: ${state.identity}\n`;
  if (path === 'log') return state.log.map((l) => `${l.time} ${l.topics} ${l.message}`).join('\n') + '\n';
  if (menu === undefined) throw new CliError(`bad command name print (line 1 column ${verb.col})`);
  return printMenu(menu, { detail: flags.has('detail'), showSensitive: flags.has('show-sensitive') });
}

function doExport(state: RosState, path: string, args: Token[]): string {
  const flags = expectEnd(args, ['show-sensitive', 'hide-sensitive', 'terse', 'verbose', 'compact']);
  return exportConfig(state, path, { showSensitive: flags.has('show-sensitive') });
}

function printResource(state: RosState): string {
  const up = Math.floor((Date.now() - state.bootedAt) / 1000);
  const uptime = `${Math.floor(up / 86400)}d${Math.floor((up % 86400) / 3600)}h${Math.floor((up % 3600) / 60)}m${up % 60}s`;
  const rows: Array<[string, string]> = [
    ['uptime', uptime],
    ['version', state.version],
    ['build-time', '2024-10-28 13:16:56'],
    ['factory-software', '6.44.6'],
    ['free-memory', '842.5MiB'],
    ['total-memory', '1024.0MiB'],
    ['cpu', 'ARMv7'],
    ['cpu-count', '4'],
    ['cpu-frequency', '1400MHz'],
    ['cpu-load', '3%'],
    ['free-hdd-space', '412.0MiB'],
    ['total-hdd-space', '512.0MiB'],
    ['architecture-name', 'arm'],
    ['board-name', state.boardName],
    ['platform', 'MikroTik'],
  ];
  return rows.map(([k, v]) => `${k.padStart(20)}: ${v}`).join('\n') + '\n';
}

function doPing(state: RosState, args: Token[]): string {
  let address: string | undefined;
  let count = 4;
  for (const a of args) {
    if (a.kind === 'word' && a.text.startsWith('count=')) {
      count = Number(a.text.slice(6));
      if (!Number.isInteger(count) || count < 1)
        throw new CliError(`value of count out of range (1..4294967295)`);
      count = Math.min(count, 20);
    } else if (a.kind === 'word' && a.text.startsWith('address=')) {
      address = a.text.slice(8);
    } else if (a.kind === 'word' && address === undefined && /^\d+\.\d+\.\d+\.\d+$/.test(a.text)) {
      address = a.text;
    } else if (!(a.kind === 'word' && /^(interval|size|src-address|interface)=/.test(a.text))) {
      throw new CliError(`expected end of command (line 1 column ${a.col})`);
    }
  }
  if (address === undefined) throw new CliError('missing value(s) of argument(s) address');
  const reachable = address.startsWith('10.20.0.') ? vlan20Reachable(state) : !address.startsWith('10.99.');
  const lines = ['  SEQ HOST                                     SIZE TTL TIME       STATUS'];
  for (let seq = 0; seq < count; seq++) {
    lines.push(
      reachable
        ? `  ${String(seq).padStart(3)} ${address.padEnd(40)}   56  64 ${(0.4 + seq * 0.05).toFixed(2)}ms`
        : `  ${String(seq).padStart(3)} ${address.padEnd(40)}                      timeout`,
    );
  }
  const received = reachable ? count : 0;
  lines.push(
    `    sent=${count} received=${received} packet-loss=${reachable ? 0 : 100}%` +
      (reachable ? ' min-rtt=0.40ms avg-rtt=0.45ms max-rtt=0.50ms' : ''),
  );
  return `${lines.join('\n')}\n`;
}

function setIdentity(state: RosState, user: string, args: Token[]): string {
  for (const a of args) {
    if (a.kind === 'word' && a.text.startsWith('name=') && a.text.length > 5)
      state.identity = a.text.slice(5);
    else throw new CliError(`expected end of command (line 1 column ${a.col})`);
  }
  logChange(state, user, 'system identity changed');
  return '';
}

function parseProps(menu: RosMenu, args: Token[]): Record<string, string> {
  const props: Record<string, string> = {};
  for (const a of args) {
    const eq = a.text.indexOf('=');
    const key = a.text.slice(0, eq);
    if (a.kind !== 'word' || eq <= 0 || menu.readonly.includes(key) || !/^[a-z0-9-]+$/.test(key)) {
      throw new CliError(`expected end of command (line 1 column ${a.col})`);
    }
    props[key] = a.text.slice(eq + 1);
  }
  return props;
}

function splitRefs(args: Token[]): { refs: Token[]; rest: Token[] } {
  const refs: Token[] = [];
  const rest: Token[] = [];
  for (const a of args) {
    if (a.kind === 'find' || (a.kind === 'word' && !a.text.includes('='))) refs.push(a);
    else if (a.text.startsWith('numbers=')) refs.push({ ...a, text: a.text.slice(8) });
    else rest.push(a);
  }
  return { refs, rest };
}

function resolveRefs(menu: RosMenu, refs: Token[]): RosItem[] {
  if (refs.length === 0) throw new CliError('missing value(s) of argument(s) numbers');
  const found = new Set<RosItem>();
  for (const r of refs) {
    if (r.kind === 'find') {
      for (const item of findItems(menu, r.text)) found.add(item);
      continue;
    }
    for (const part of r.text.split(',')) {
      const item = /^\d+$/.test(part)
        ? menu.items[Number(part)]
        : part.startsWith('*')
          ? menu.items.find((i) => i.id === part.toUpperCase())
          : menu.nameProp === null
            ? undefined
            : menu.items.find((i) => i.props[menu.nameProp!] === part);
      if (item === undefined) throw new CliError('no such item');
      found.add(item);
    }
  }
  return [...found];
}

function findItems(menu: RosMenu, expr: string): RosItem[] {
  const words = tokenize(expr).filter((t) => t.kind === 'word');
  if (words[0]?.text !== 'find')
    throw new CliError(`bad command name ${words[0]?.text ?? ''} (line 1 column 2)`);
  const conds = words.slice(1).filter((w) => w.text !== 'where');
  return menu.items.filter((item) =>
    conds.every((c) => {
      if (c.text === 'disabled') return item.disabled;
      if (c.text === '!disabled') return !item.disabled;
      const m = /^([a-z0-9-]+)([=~])(.*)$/.exec(c.text);
      if (m === null) throw new CliError(`syntax error (line 1 column ${c.col})`);
      const [, key, op, value] = m as unknown as [string, string, string, string];
      const actual =
        key === 'disabled'
          ? item.disabled
            ? 'yes'
            : 'no'
          : key === 'default'
            ? item.props.name === 'default'
              ? 'yes'
              : 'no'
            : (item.props[key] ?? '');
      // `~` is a regex in RouterOS; the simulator matches it as a substring, so no pattern from a
      // command can make it backtrack.
      return op === '=' ? actual === value : actual.includes(value);
    }),
  );
}

function doSet(state: RosState, user: string, menu: RosMenu, args: Token[]): string {
  const { refs, rest } = splitRefs(args);
  const props = parseProps(menu, rest);
  const items = resolveRefs(menu, refs);
  for (const item of items) {
    for (const [k, v] of Object.entries(props)) {
      if (k === 'disabled') item.disabled = v === 'yes';
      else item.props[k] = v;
    }
  }
  logChange(state, user, `${menu.path.replaceAll('/', ' ')} item changed`);
  return '';
}

function doAdd(state: RosState, user: string, menu: RosMenu, args: Token[]): string {
  const props = parseProps(menu, args);
  const disabled = props.disabled === 'yes';
  delete props.disabled;
  if (menu.nameProp !== null) {
    const name = props[menu.nameProp];
    if (name === undefined) throw new CliError(`failure: ${menu.nameProp} not specified`);
    const pool = menu.mirror === undefined ? menu : (state.menus.get(menu.mirror) ?? menu);
    if (pool.items.some((i) => i.props[menu.nameProp!] === name))
      throw new CliError('failure: already have such name');
  }
  if (menu.path === 'ip/address' && props.address !== undefined && props.network === undefined) {
    props.network = networkOf(props.address);
  }
  const item = addItem(state, menu, props);
  item.disabled = disabled;
  logChange(state, user, `${menu.path.replaceAll('/', ' ')} item added`);
  return '';
}

function doToggle(state: RosState, user: string, menu: RosMenu, verb: string, args: Token[]): string {
  const { refs, rest } = splitRefs(args);
  if (rest.length > 0) throw new CliError(`expected end of command (line 1 column ${rest[0]!.col})`);
  for (const item of resolveRefs(menu, refs)) {
    if (verb === 'remove') removeItem(state, menu, item);
    else item.disabled = verb === 'disable';
  }
  logChange(
    state,
    user,
    `${menu.path.replaceAll('/', ' ')} item ${verb === 'remove' ? 'removed' : `${verb}d`}`,
  );
  return '';
}

function networkOf(cidr: string): string {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(cidr);
  if (m === null) throw new CliError('invalid value for argument address');
  const bits = Number(m[5]);
  if (bits > 32 || m.slice(1, 5).some((o) => Number(o) > 255))
    throw new CliError('invalid value for argument address');
  const ip = m.slice(1, 5).reduce((acc, o) => acc * 256 + Number(o), 0);
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  const net = (ip & mask) >>> 0;
  return [24, 16, 8, 0].map((sh) => (net >>> sh) & 255).join('.');
}

function logChange(state: RosState, user: string, what: string): void {
  state.log.push({ time: now(), topics: 'system,info', message: `${what} by ${user}` });
  if (state.log.length > 1000) state.log.splice(0, state.log.length - 1000);
}

function now(): string {
  return new Date().toISOString().slice(0, 19).replace('T', ' ');
}
