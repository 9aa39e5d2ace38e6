/**
 * MikroTik RouterOS: `/menu path command key=value`, menu context across lines (`/ip address` then
 * `print`), abbreviations (`/ip addr pr`), `;`, `[ … ]` substitutions, `{ … }` blocks and scripting
 * (`:foreach`, `:execute`, `:parse`). Scripts that run stored or downloaded code are never read.
 */
import { resolveKeyword, table } from '../keywords.js';
import { higherRisk, maxRisk, type Risk, riskRank } from '../risk.js';
import { Verdicts } from '../verdicts.js';
import { type LineVerdict, lv } from './common.js';
import { ROUTEROS_MENUS } from './routeros-menus.js';

interface Arg {
  text: string;
  bare: boolean;
  subs: Stmt[][];
  blocks: Stmt[][];
  strings: string[];
}
type Stmt = { args: Arg[]; text: string };

class RosSyntax extends Error {}

const MAX_DEPTH = 24;

function parse(src: string): Stmt[] {
  let i = 0;
  const n = src.length;
  const list = (until: string, depth: number): Stmt[] => {
    if (depth > MAX_DEPTH) throw new RosSyntax('nesting too deep');
    const stmts: Stmt[] = [];
    let args: Arg[] = [];
    let start = i;
    let cur: Arg | undefined;
    const end = (): void => {
      if (args.length > 0) stmts.push({ args, text: src.slice(start, i).trim() });
      args = [];
      cur = undefined;
      start = i + 1;
    };
    const arg = (): Arg => {
      if (!cur) {
        cur = { text: '', bare: true, subs: [], blocks: [], strings: [] };
        args.push(cur);
      }
      return cur;
    };
    while (i < n) {
      const c = src[i]!;
      if (c === '\\' && src[i + 1] === '\n') {
        i += 2;
        continue;
      }
      if (c === ' ' || c === '\t') {
        cur = undefined;
        i++;
        continue;
      }
      if (c === '\n' || c === ';') {
        end();
        i++;
        continue;
      }
      if (c === '#' && args.length === 0 && !cur) {
        while (i < n && src[i] !== '\n') i++;
        continue;
      }
      if (c === ']' || c === '}' || c === ')') {
        if (c !== until) throw new RosSyntax('unbalanced bracket');
        end();
        return stmts;
      }
      if (c === '[' || c === '{' || c === '(') {
        const a = arg();
        a.bare = false;
        i++;
        const inner = list(c === '[' ? ']' : c === '{' ? '}' : ')', depth + 1);
        if (src[i] !== (c === '[' ? ']' : c === '{' ? '}' : ')')) throw new RosSyntax('unterminated bracket');
        i++;
        if (c === '{') a.blocks.push(inner);
        else a.subs.push(inner);
        a.text += c === '[' ? '[…]' : c === '{' ? '{…}' : '(…)';
        continue;
      }
      if (c === '"') {
        const a = arg();
        a.bare = false;
        let s = '';
        i++;
        while (i < n && src[i] !== '"') {
          if (src[i] === '\\') {
            s += src[i + 1] ?? '';
            i += 2;
          } else s += src[i++];
        }
        if (i >= n) throw new RosSyntax('unterminated string');
        i++;
        a.strings.push(s);
        a.text += s;
        continue;
      }
      const a = arg();
      a.text += c;
      i++;
    }
    if (until !== '') throw new RosSyntax('unterminated bracket');
    end();
    return stmts;
  };
  return list('', 0);
}

/** A menu name, or an abbreviation of one (RouterOS accepts unique prefixes). */
function isKnownMenuWord(word: string): boolean {
  if (ROUTEROS_MENUS.has(word)) return true;
  if (word.length < 2) return false;
  for (const m of ROUTEROS_MENUS) if (m.startsWith(word)) return true;
  return false;
}

const COMMANDS = [
  ['print', 1] as const,
  ['check', 5] as const,
  ['profile', 4] as const,
  ['print-file', 7] as const,
  ['password', 4] as const,
  ...table(
    2,
    'export',
    'monitor',
    'monitor-traffic',
    'get',
    'find',
    'ping',
    'traceroute',
    'torch',
    'check-for-updates',
    'add',
    'set',
    'edit',
    'comment',
    'enable',
    'disable',
    'unset',
    'move',
    'remove',
    'reset-counters',
    'reset-counters-all',
    'flush',
    'save',
    'load',
    'cancel',
    'send',
    'fetch',
    'flood-ping',
    'bandwidth-test',
    'scan',
    'import',
    'run',
    'upload',
    'download',
    'renew',
    'release',
    'make-static',
    'reboot',
    'shutdown',
    'reset-configuration',
    'upgrade',
    'install',
    'downgrade',
    'uninstall',
    'format-drive',
    'quit',
    'undo',
    'redo',
    'beep',
    'setup',
    'start',
    'stop',
    'apply-changes',
    'reset',
    'blink',
    'info',
    'sniff',
    'quick',
    'clear',
    'refresh',
    'resolve',
    'check-installation',
    'cable-test',
    'speed-test',
    'wol',
    'mac-ping',
    'mac-telnet',
    'telnet',
    'ssh',
    'ssh-exec',
    'generate-key',
    'import-ssh-key',
    'sign',
    'create-certificate-request',
    'renew-lease',
    'force-update',
    'enable-all',
    'disable-all',
    'monitor-once',
    'rebalance',
    'snapshot',
    'close',
    'restart',
    'discard',
    'accept',
    'unschedule',
    'change',
    'clear-cache',
    'dump',
    'show',
    'scan-list',
    'test',
    'enroll',
    'revoke',
    'remove-all',
  ),
];

const READ_CMDS = new Set([
  'print',
  'check',
  'monitor',
  'monitor-traffic',
  'get',
  'find',
  'ping',
  'traceroute',
  'torch',
  'profile',
  'check-for-updates',
  'quit',
  'info',
  'resolve',
  'check-installation',
  'mac-ping',
  'monitor-once',
  'show',
  'export',
  'blink',
]);
const DANGEROUS_CMDS = new Set([
  'reboot',
  'shutdown',
  'reset-configuration',
  'upgrade',
  'install',
  'downgrade',
  'uninstall',
  'format-drive',
  'import',
  'run',
  'load',
  'password',
  'setup',
  'apply-changes',
  'remove-all',
  'disable-all',
]);
const SCRIPTING = new Set([
  ':put',
  ':delay',
  ':resolve',
  ':len',
  ':pick',
  ':typeof',
  ':tostr',
  ':toarray',
  ':tonum',
  ':toip',
  ':toip6',
  ':tobool',
  ':toid',
  ':totime',
  ':tocrlf',
  ':return',
  ':error',
  ':nothing',
  ':time',
  ':jobname',
  ':rndnum',
  ':rndstr',
  ':timestamp',
  ':serialize',
  ':deserialize',
  ':convert',
  ':local',
  ':set',
  ':global',
  ':if',
  ':do',
  ':onerror',
  ':retry',
  ':while',
  ':for',
  ':foreach',
  ':find',
  ':environment',
  ':terminal',
  ':beep',
  ':log',
  ':execute',
  ':parse',
  ':grep',
  ':toarray',
  ':tonsec',
]);
const SECRET_MENUS =
  /^(ppp secret|interface wireless security-profiles|interface wifi security|ip ipsec (identity|peer|key)|radius|user-manager|snmp community|ip hotspot user|interface wireguard peers|interface wireguard|system ntp key|user-manager user)/;
const MGMT_MENUS =
  /^(ip service|ip ssh|tool mac-server|user|user group|user aaa|ip settings|system routerboard settings|system package|system device-mode|system license|interface wireguard$|ip socks|snmp$|system logging action|certificate settings)/;

interface Ctx {
  path: string[];
  loop: boolean;
  out: Verdicts;
  depth: number;
}

/**
 * Classifies RouterOS CLI or script text into `out`.
 * @example
 * classifyRouterOS('/ip address print', out) // 'read'
 */
export function classifyRouterOS(text: string, out: Verdicts, depth = 0): Risk {
  let stmts: Stmt[];
  try {
    stmts = parse(text);
  } catch (e) {
    let top = out.add(
      text,
      'unknown',
      'routeros.syntax',
      e instanceof RosSyntax ? e.message : 'parse failure',
    );
    // Unparsable text is still searched piece by piece; this can only raise the verdict.
    if (depth < MAX_DEPTH) {
      // Lines that parse on their own are classified normally, menu context carried across them.
      const lineCtx: Ctx = { path: [], loop: false, out: new Verdicts(), depth: MAX_DEPTH };
      for (const line of text.split(/\n|;/)) {
        let stmts: Stmt[] | undefined;
        try {
          stmts = parse(line);
        } catch {
          stmts = undefined;
        }
        if (!stmts || line.length === text.length) continue;
        const probe = new Verdicts();
        lineCtx.out = probe;
        if (statements(stmts, lineCtx) === 'dangerous') {
          const worst = probe.segments.find((x) => x.risk === 'dangerous');
          top = higherRisk(
            top,
            out.add(
              line,
              'dangerous',
              worst?.rule ?? 'routeros.syntax.dangerous',
              `${worst?.reason ?? 'dangerous'} (inside text that could not be parsed)`,
            ),
          );
        }
      }
      for (const piece of text.split(/[\n;{}[\]()"]/)) {
        if (piece.trim() === '' || piece.length === text.length) continue;
        const probe = new Verdicts();
        if (classifyRouterOS(piece, probe, MAX_DEPTH) === 'dangerous') {
          const worst = probe.segments.find((x) => x.risk === 'dangerous');
          top = higherRisk(
            top,
            out.add(
              piece,
              'dangerous',
              worst?.rule ?? 'routeros.syntax.dangerous',
              `${worst?.reason ?? 'dangerous'} (inside text that could not be parsed)`,
            ),
          );
        }
      }
    }
    return top;
  }
  return statements(stmts, { path: [], loop: false, out, depth });
}

function statements(stmts: Stmt[], ctx: Ctx): Risk {
  let top: Risk = 'read';
  for (const s of stmts) top = higherRisk(top, statement(s, ctx));
  return top;
}

function nestedRisk(args: Arg[], ctx: Ctx, loop: boolean): Risk {
  let top: Risk = 'read';
  for (const a of args) {
    for (const s of a.subs) top = higherRisk(top, statements(s, { ...ctx, path: [...ctx.path] }));
    for (const b of a.blocks)
      top = higherRisk(top, statements(b, { ...ctx, path: [...ctx.path], loop: ctx.loop || loop }));
  }
  return top;
}

function statement(s: Stmt, ctx: Ctx): Risk {
  const first = s.args[0]!;
  const head = first.text.toLowerCase();
  if (head.startsWith(':')) return scripting(s, head, ctx);
  // Menu path: absolute (`/ip address …`, `/ip/address/print`), relative, or `..`.
  let path = head.startsWith('/') ? [] : [...ctx.path];
  const rest: Arg[] = head.startsWith('/')
    ? [
        ...head
          .split('/')
          .filter((x) => x.length > 0)
          .map((text) => ({ text, bare: true, subs: [], blocks: [], strings: [] })),
        ...s.args.slice(1),
      ]
    : [...s.args];
  let cmd: string | undefined;
  let idx = 0;
  // Words this line adds to the path; each must be a known menu for a bare path to count as read.
  let unknownMenuWord = false;
  for (; idx < rest.length; idx++) {
    const a = rest[idx]!;
    const t = a.text.toLowerCase();
    if (!a.bare || t.includes('=')) break;
    // `$fn`, `[$f]` and other non-identifiers call functions or variables: not a menu path.
    if (!/^[a-z0-9][a-z0-9_.-]*$/.test(t) && t !== '..') {
      return higherRisk(
        nestedRisk(s.args, ctx, false),
        ctx.out.add(s.text, 'unknown', 'routeros.dynamic', 'calls a variable or function'),
      );
    }
    if (t === '..') {
      path.pop();
      continue;
    }
    const c = resolveKeyword(t, COMMANDS);
    if (c.length > 1) {
      // An ambiguous abbreviation takes its riskiest reading, and is never read.
      const args = rest.slice(idx + 1);
      let worst = lv('unknown', 'routeros.ambiguous', `"${t}" is ambiguous`);
      for (const cand of c) {
        const alt = menuCommand(path.join(' '), cand, args, ctx);
        if (riskRank(alt.risk) > riskRank(worst.risk))
          worst = { ...alt, reason: `${alt.reason} ("${t}" is ambiguous)` };
      }
      return higherRisk(
        nestedRisk(s.args, ctx, false),
        ctx.out.add(s.text, worst.risk, worst.rule, worst.reason),
      );
    }
    if (c.length === 1) {
      cmd = c[0];
      break;
    }
    if (!isKnownMenuWord(t)) unknownMenuWord = true;
    path.push(t);
  }
  const nestedTop = nestedRisk(s.args, ctx, false);
  if (cmd === undefined) {
    if (idx < rest.length)
      return higherRisk(
        nestedTop,
        ctx.out.add(s.text, 'unknown', 'routeros.unknown', 'no recognised command'),
      );
    // A bare menu path changes the context for the following lines. A word that is no known menu may be
    // a command missing from the tables (`reset-mac-address ether1`): not proven read.
    ctx.path = path;
    if (unknownMenuWord)
      return higherRisk(
        nestedTop,
        ctx.out.add(s.text, 'unknown', 'routeros.unknown', 'no recognised command or menu'),
      );
    return higherRisk(nestedTop, ctx.out.add(s.text, 'read', 'routeros.menu', 'changes the current menu'));
  }
  path = path.map((p) => p.toLowerCase());
  const args = rest.slice(idx + 1);
  const v = menuCommand(path.join(' '), cmd, args, ctx);
  let risk = higherRisk(nestedTop, v.risk);
  let verdict = v;
  if (ctx.loop && (cmd === 'remove' || cmd === 'disable') && risk !== 'dangerous') {
    verdict = lv('dangerous', `${v.rule}.in-loop`, `${v.reason}, repeated in a loop`);
    risk = 'dangerous';
  }
  ctx.out.add(s.text, verdict.risk, verdict.rule, verdict.reason);
  return risk;
}

function kv(args: Arg[]): Map<string, Arg> {
  const m = new Map<string, Arg>();
  for (const a of args) {
    const eq = a.text.indexOf('=');
    if (eq > 0) m.set(a.text.slice(0, eq).toLowerCase(), { ...a, text: a.text.slice(eq + 1) });
  }
  return m;
}

function menuCommand(path: string, cmd: string, args: Arg[], ctx: Ctx): LineVerdict {
  const keys = kv(args);
  const flags = new Set(args.filter((a) => a.bare && !a.text.includes('=')).map((a) => a.text.toLowerCase()));
  const rule = `routeros.${path ? `${path.replace(/ /g, '.')}.` : ''}${cmd}`;
  // Stored code that runs later (scheduler, scripts, netwatch hooks) is judged by its content.
  const code = [
    'on-event',
    'source',
    'up-script',
    'down-script',
    'test-script',
    'on-up',
    'on-down',
    'script',
    'lease-script',
    'on-login',
    'on-logout',
  ]
    .map((k) => keys.get(k))
    .filter((a): a is Arg => a !== undefined);
  let codeRisk: Risk = 'read';
  for (const c of code) {
    if (c.subs.length > 0 || c.blocks.length > 0)
      codeRisk = higherRisk(codeRisk, nestedRisk([c], ctx, false));
    const body = c.strings.join('') || c.text;
    if (/\$/.test(body)) codeRisk = higherRisk(codeRisk, 'unknown');
    codeRisk = higherRisk(codeRisk, classifyRouterOS(body, ctx.out, ctx.depth + 1));
  }
  if (cmd === 'export') {
    if (flags.has('show-sensitive') || keys.has('show-sensitive'))
      return lv('moderate', `${rule}.show-sensitive`, 'reveals secrets');
    if (keys.has('file')) return lv('moderate', `${rule}.file`, 'writes the export to a file');
    return lv('read', rule, 'prints the configuration');
  }
  if (READ_CMDS.has(cmd)) {
    if (keys.has('file') || keys.has('append'))
      return lv('moderate', `${rule}.file`, 'writes output to a file');
    if (cmd === 'print' && SECRET_MENUS.test(path) && !flags.has('count-only'))
      return lv('moderate', `${rule}.secrets`, 'prints stored secrets');
    if (
      cmd === 'ping' &&
      (keys.has('flood') ||
        Number(keys.get('count')?.text ?? '0') > 1000 ||
        Number(keys.get('size')?.text ?? '0') > 10000)
    )
      return lv('moderate', `${rule}.flood`, 'a flood ping');
    if (
      cmd === 'ping' &&
      /^(interval)$/.test([...keys.keys()].join()) &&
      /^0*\.0/.test(keys.get('interval')?.text ?? '')
    )
      return lv('moderate', `${rule}.flood`, 'a flood ping');
    return lv('read', rule, `${cmd} only reads`);
  }
  if (DANGEROUS_CMDS.has(cmd)) {
    if (cmd === 'load' && !/^system backup/.test(path) && path !== '')
      return lv('moderate', rule, 'loads data');
    return lv(
      'dangerous',
      rule,
      cmd === 'import' || cmd === 'run'
        ? 'runs a script whose content is not visible here'
        : `${cmd} is disruptive`,
    );
  }
  const wide =
    args.some((a) =>
      a.subs.some((s) => s.some((st) => /^find$/i.test(st.args[0]?.text ?? '') && st.args.length === 1)),
    ) ||
    (flags.has('[…]') &&
      args.some(
        (a) => a.subs.length > 0 && a.subs.every((s) => s.length > 0 && s.every((st) => st.args.length <= 1)),
      ));
  if (cmd === 'remove') {
    if (
      wide ||
      args.some(
        (a) =>
          a.subs.length > 0 && a.subs.some((s) => s.some((st) => /^find$/i.test(st.args[0]?.text ?? ''))),
      )
    )
      return lv('dangerous', `${rule}.find`, 'removes every matching item');
    if (
      MGMT_MENUS.test(path) ||
      (/^(interface|ip address|ip route|routing|interface bridge$)/.test(path) &&
        /\b(0\.0\.0\.0\/0)\b/.test(args.map((a) => a.text).join(' ')))
    )
      return lv('dangerous', `${rule}.management`, 'removes a user, service or management setting');
    return lv('moderate', rule, 'removes an item');
  }
  const setsPassword = keys.has('password') || path === 'password';
  const disables = cmd === 'disable' || /^(yes|true)$/i.test(keys.get('disabled')?.text ?? '');
  if (/^user\b/.test(path) && (setsPassword || cmd === 'remove' || keys.has('group')))
    return lv('dangerous', `${rule}.credentials`, 'changes a user password or group');
  if (MGMT_MENUS.test(path) && cmd !== 'add' && cmd !== 'comment')
    return lv('dangerous', `${rule}.management`, 'changes management access, packages or boot settings');
  if (
    /^(interface|interface ethernet|interface bridge|interface vlan|interface bonding|interface wireless|interface wifi)$/.test(
      path,
    ) &&
    disables
  )
    return lv('dangerous', `${rule}.disable`, 'disables an interface');
  if (/^ip route$/.test(path) && /0\.0\.0\.0\/0/.test(args.map((a) => a.text).join(' ')))
    return lv('dangerous', `${rule}.default-route`, 'changes the default route');
  if (
    /^ip firewall (filter|raw)$/.test(path) &&
    /^(drop|reject|tarpit)$/.test(keys.get('action')?.text ?? '') &&
    /^input$/.test(keys.get('chain')?.text ?? '') &&
    !keys.has('src-address') &&
    !keys.has('src-address-list') &&
    !keys.has('dst-port') &&
    !keys.has('protocol') &&
    !keys.has('in-interface') &&
    !keys.has('connection-state')
  )
    return lv('dangerous', `${rule}.drop-input`, 'drops all input (management) traffic');
  if (cmd === 'enable-all' || (cmd === 'disable' && wide))
    return lv('dangerous', `${rule}.wide`, 'changes every item');
  if (cmd === 'set' && wide) return lv('dangerous', `${rule}.wide`, 'changes every item');
  const base: LineVerdict = ['fetch', 'ssh', 'ssh-exec', 'telnet', 'mac-telnet', 'test'].includes(cmd)
    ? cmd === 'fetch'
      ? lv('moderate', rule, 'downloads or uploads a file')
      : lv('unknown', rule, 'opens a session or runs remote code')
    : lv('moderate', rule, `${cmd} changes configuration or state`);
  if (codeRisk === 'dangerous' || codeRisk === 'unknown')
    return lv(codeRisk, `${rule}.script`, 'stores code that is itself risky');
  return base;
}

function scripting(s: Stmt, head: string, ctx: Ctx): Risk {
  if (!SCRIPTING.has(head))
    return ctx.out.add(
      s.text,
      'unknown',
      'routeros.script.unknown',
      `${head} is not a recognised scripting command`,
    );
  const loop = /^:(foreach|for|while|do)$/.test(head);
  let top = nestedRisk(s.args.slice(1), ctx, loop);
  if (head === ':execute' || head === ':parse') {
    const body = s.args.slice(1).find((a) => a.text.toLowerCase().startsWith('script=')) ?? s.args[1];
    if (!body)
      return higherRisk(top, ctx.out.add(s.text, 'unknown', 'routeros.execute', 'executes nothing visible'));
    const code = body.strings.join('') || body.text.replace(/^script=/i, '');
    const inner =
      /\$/.test(code) || body.subs.length > 0 ? 'unknown' : classifyRouterOS(code, ctx.out, ctx.depth + 1);
    top = maxRisk(top, inner, head === ':parse' ? 'unknown' : 'read');
    return higherRisk(
      top,
      ctx.out.add(
        s.text,
        higherRisk(inner, head === ':parse' ? 'unknown' : 'moderate'),
        `routeros.script${head.replace(':', '.')}`,
        'runs a script string',
      ),
    );
  }
  if (head === ':log')
    return higherRisk(top, ctx.out.add(s.text, 'moderate', 'routeros.script.log', 'writes a log entry'));
  if (head === ':beep')
    return higherRisk(top, ctx.out.add(s.text, 'moderate', 'routeros.script.beep', 'makes a sound'));
  return higherRisk(
    top,
    ctx.out.add(s.text, 'read', `routeros.script${head.replace(':', '.')}`, 'script control or output'),
  );
}
