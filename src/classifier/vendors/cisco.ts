/**
 * Cisco IOS / IOS-XE, NX-OS and Arista EOS: exec commands with abbreviations (`sh run`, `wr`, `rel`,
 * `conf t`), pipe filters, and configuration mode across a multi-line block (`do`, `end`, `exit`). A line
 * whose abbreviation is ambiguous takes the riskiest reading.
 */
import { resolveKeyword, table } from '../keywords.js';
import { higherRisk, type Risk, riskRank } from '../risk.js';
import type { Vendor } from '../types.js';
import type { Verdicts } from '../verdicts.js';
import { type LineVerdict, lv, splitPipes, words } from './common.js';

type Family = 'ios' | 'nxos' | 'eos';

/** Classifies Linux text (EOS `bash`, NX-OS `run bash`); injected to avoid an import cycle. */
export type ShellHook = (src: string, out: Verdicts, depth: number) => Risk;

const EXEC = [
  ...table(2, 'show', 'ping', 'write', 'enable', 'pwd', 'undebug', 'cd'),
  ...table(
    3,
    'traceroute',
    'terminal',
    'dir',
    'more',
    'verify',
    'disable',
    'exit',
    'end',
    'copy',
    'reload',
    'erase',
    'delete',
    'format',
    'clear',
    'clock',
    'debug',
    'install',
    'request',
    'squeeze',
    'crypto',
    'license',
    'test',
    'send',
    'ssh',
    'telnet',
    'connect',
    'where',
    'who',
    'help',
    'lock',
    'mkdir',
    'rmdir',
    'rename',
    'fsck',
    'ping6',
    'traceroute6',
    'logout',
    'quit',
    'no',
    'rollback',
    'checkpoint',
    'restart',
    'system',
    'bash',
    'run',
    'guestshell',
    'tclsh',
    'python',
    'monitor',
    'archive',
    'event',
    'load',
    'schedule',
    'zerotouch',
    'boot',
    'configure',
    'setup',
    'login',
    'systat',
    'tail',
    'diff',
    'watch',
    'upgrade',
    'factory-reset',
    'hw-module',
    'reset',
    'attach',
    'dot1x',
    'vsh',
    'tac-pac',
    'start-shell',
    'unmount',
    'cli',
    'do',
    'alias',
    'sleep',
    'echo',
  ),
];
const CONFIG_ONLY = table(2, 'shutdown');

const READ_EXEC: Record<string, string> = {
  show: 'shows state',
  pwd: 'shows the directory',
  dir: 'lists files',
  more: 'shows a file',
  verify: 'verifies a file',
  enable: 'raises session privilege',
  disable: 'lowers session privilege',
  exit: 'leaves the session or mode',
  end: 'leaves configuration mode',
  logout: 'ends the session',
  quit: 'ends the session',
  where: 'lists sessions',
  who: 'lists users',
  help: 'help',
  lock: 'locks the terminal',
  systat: 'lists sessions',
  cd: 'changes directory',
  traceroute: 'traces a path',
  traceroute6: 'traces a path',
  diff: 'compares files',
  sleep: 'waits',
  echo: 'prints text',
  tail: 'shows a file',
};

const PIPES: Record<Family, ReturnType<typeof table>> = {
  ios: [
    ...table(1, 'include', 'exclude', 'begin', 'section', 'count'),
    ...table(2, 'format', 'redirect', 'tee', 'append'),
  ],
  nxos: [
    ...table(1, 'include', 'begin', 'count', 'section'),
    ...table(
      2,
      'exclude',
      'egrep',
      'grep',
      'head',
      'last',
      'less',
      'sort',
      'uniq',
      'wc',
      'json',
      'json-pretty',
      'xml',
      'no-more',
      'human',
      'diff',
      'email',
      'redirect',
      'tee',
      'append',
      'vsh',
      'cut',
      'tr',
      'sed',
      'awk',
      'xmlin',
      'xmlout',
      'python',
    ),
  ],
  eos: [
    ...table(1, 'include', 'begin', 'section'),
    ...table(
      2,
      'exclude',
      'count',
      'json',
      'no-more',
      'nz',
      'redirect',
      'tee',
      'append',
      'grep',
      'egrep',
      'head',
      'tail',
      'wc',
      'sort',
      'uniq',
      'less',
      'awk',
      'sed',
      'cut',
      'tr',
      'python',
      'bash',
    ),
  ],
};
const READ_PIPES = new Set([
  'include',
  'exclude',
  'begin',
  'section',
  'count',
  'format',
  'egrep',
  'grep',
  'head',
  'last',
  'less',
  'sort',
  'uniq',
  'wc',
  'json',
  'json-pretty',
  'xml',
  'no-more',
  'human',
  'diff',
  'nz',
  'tail',
  'cut',
  'tr',
]);
const WRITE_PIPES = new Set(['redirect', 'tee', 'append', 'email']);
const REGEX_PIPES = new Set(['include', 'exclude', 'begin', 'section', 'egrep', 'grep']);

/** Per-block state: configuration mode and its nesting. */
interface Mode {
  config: boolean;
  depth: number;
}

/**
 * Classifies an IOS / NX-OS / EOS command block into `out`.
 * @example
 * classifyCisco('sh run | i hostname', 'ios', out, 0, shell) // 'read'
 */
export function classifyCisco(
  text: string,
  vendor: Vendor,
  out: Verdicts,
  depth: number,
  shell: ShellHook,
): Risk {
  const fam: Family = vendor === 'nxos' ? 'nxos' : vendor === 'eos' ? 'eos' : 'ios';
  const mode: Mode = { config: false, depth: 0 };
  let top: Risk = 'read';
  for (const rawLine of text.split('\n')) {
    // NX-OS chains commands with `;`; elsewhere splitting can only add segments, never hide one.
    for (const part of rawLine.split(/;|&&/)) {
      const line = part.trim();
      if (line === '' || line.startsWith('!') || line.startsWith('#')) continue;
      const r = mode.config
        ? configLine(line, fam, mode, out, depth, shell)
        : execLine(line, fam, mode, out, depth, shell);
      top = higherRisk(top, out.add(line, r.risk, r.rule, r.reason));
    }
  }
  return top;
}

function execLine(
  line: string,
  fam: Family,
  mode: Mode,
  out: Verdicts,
  depth: number,
  shell: ShellHook,
): LineVerdict {
  const { command, stages, raw } = splitPipes(line);
  const w = words(command);
  const cands = resolveKeyword(w[0] ?? '', EXEC);
  if (cands.length === 0)
    return lv('unknown', `${fam}.unknown`, `"${w[0] ?? ''}" is not a recognised exec command`);
  let best: LineVerdict | undefined;
  for (const kw of cands) {
    const r = execCommand(kw, w.slice(1), fam, mode, out, depth, shell);
    if (!best || riskRank(r.risk) > riskRank(best.risk)) best = r;
  }
  let v = best!;
  if (cands.length > 1)
    v = riskRank(v.risk) < 2 ? lv('unknown', `${fam}.ambiguous`, `"${w[0]}" is ambiguous`) : v;
  if (stages.length > 0 || raw.length > 0) v = worse(v, pipeVerdict(stages, raw, fam));
  if ((fam === 'nxos' || fam === 'eos') && /(^|\s)>>?\s*\S/.test(line))
    v = worse(v, lv('moderate', `${fam}.redirect`, 'writes output to a file'));
  return v;
}

function worse(a: LineVerdict, b: LineVerdict): LineVerdict {
  return riskRank(b.risk) > riskRank(a.risk) ? b : a;
}

function pipeVerdict(stages: string[], raw: string[], fam: Family): LineVerdict {
  let v = lv('read', `${fam}.pipe`, 'output filter');
  for (const piece of raw) {
    const kw = resolveKeyword(words(piece)[0] ?? '', PIPES[fam]);
    if (kw.some((k) => WRITE_PIPES.has(k)))
      return lv('moderate', `${fam}.pipe.write`, 'pipe writes output to a file or mail');
  }
  let afterRegex = false;
  for (const s of stages) {
    const first = words(s)[0] ?? '';
    const kw = resolveKeyword(first, PIPES[fam]);
    if (kw.length === 1 && READ_PIPES.has(kw[0]!)) {
      afterRegex = REGEX_PIPES.has(kw[0]!);
      continue;
    }
    // IOS passes the rest of the line to an include/exclude regex: a spaced `|` there is still regex.
    if (fam === 'ios' && afterRegex && kw.length === 0) continue;
    v = worse(v, lv('unknown', `${fam}.pipe.unknown`, `unrecognised pipe "${first}"`));
  }
  return v;
}

const SUBMODES =
  /^(interface|int|router|line|vlan|vrf|ip access-list|ipv6 access-list|route-map|class-map|policy-map|key chain|ip vrf|address-family|crypto|aaa group|management|monitor session|object-group|controller|redundancy|spanning-tree mst|track|ip sla|template|event manager applet|archive|flow|zone|parameter-map|port-channel)\b/i;

function execCommand(
  kw: string,
  args: string[],
  fam: Family,
  mode: Mode,
  out: Verdicts,
  depth: number,
  shell: ShellHook,
): LineVerdict {
  const a = args.map((x) => x.toLowerCase());
  const read = Object.hasOwn(READ_EXEC, kw) ? READ_EXEC[kw] : undefined;
  if (read !== undefined) {
    if (kw === 'more' && a.some((x) => /^\/(erase|ascii|binary)/.test(x)))
      return lv('moderate', `${fam}.more`, 'more with options');
    return lv('read', `${fam}.${kw}`, read);
  }
  switch (kw) {
    case 'ping':
    case 'ping6': {
      const rep =
        a.indexOf('repeat') >= 0
          ? a[a.indexOf('repeat') + 1]
          : a.indexOf('count') >= 0
            ? a[a.indexOf('count') + 1]
            : undefined;
      if ((rep !== undefined && Number(rep) > 1000) || a.includes('flood'))
        return lv('moderate', `${fam}.ping.flood`, 'a flood ping loads the network');
      return lv('read', `${fam}.ping`, 'sends echo requests');
    }
    case 'terminal': {
      const sub = a[0] ?? '';
      if (
        /^(le|len|leng|lengt|length|wi|wid|widt|width|mon|moni|monit|monito|monitor|no|exec|history|hist|pager|escape-character|type|terminal-type|session-timeout|timeout|exec-timeout|time|ti|tim|timestamp|dont-ask-no|color|sh|shell)$/.test(
          sub,
        )
      )
        return lv('read', `${fam}.terminal`, 'session display setting');
      if (sub.startsWith('do'))
        return lv('moderate', `${fam}.terminal.dont-ask`, 'disables confirmation prompts');
      return lv('unknown', `${fam}.terminal.unknown`, 'unrecognised terminal setting');
    }
    case 'write': {
      const sub = a[0] ?? 'memory';
      if ('terminal'.startsWith(sub) && sub.length >= 1)
        return lv('read', `${fam}.write.terminal`, 'shows the running configuration');
      if ('erase'.startsWith(sub) && sub.length >= 1)
        return lv('dangerous', `${fam}.write.erase`, 'erases the startup configuration');
      return lv('moderate', `${fam}.write.memory`, 'saves the running configuration');
    }
    case 'copy':
      return copy(a, fam);
    case 'reload':
      if (a[0] !== undefined && 'cancel'.startsWith(a[0]) && a[0].length >= 1)
        return lv('moderate', `${fam}.reload.cancel`, 'cancels a scheduled reload');
      return lv('dangerous', `${fam}.reload`, 'reloads the device');
    case 'erase':
    case 'format':
    case 'squeeze':
    case 'factory-reset':
    case 'zerotouch':
      return kw === 'zerotouch' && a[0] === 'cancel'
        ? lv('dangerous', `${fam}.zerotouch`, 'changes zero-touch provisioning (reloads)')
        : lv('dangerous', `${fam}.${kw}`, 'erases storage or configuration');
    case 'delete':
    case 'rmdir':
      return a.some(
        (x) =>
          /\/(force|recursive)|^(bootflash|flash|nvram|startup-config|running-config)/.test(x) ||
          x.includes('*'),
      ) || a.some((x) => /\.(bin|pkg|swi|conf|cfg)$/.test(x))
        ? lv('dangerous', `${fam}.delete.wide`, 'deletes images, configurations or whole directories')
        : lv('moderate', `${fam}.delete`, 'deletes a file');
    case 'clear':
      return clear(a, fam);
    case 'debug':
      return a[0] === 'all' || a.includes('all')
        ? lv('dangerous', `${fam}.debug.all`, 'debug all can overload the CPU')
        : lv('moderate', `${fam}.debug`, 'enables debugging');
    case 'undebug':
    case 'no':
      if (kw === 'no' && !/^(deb|debu|debug|mon|moni|monitor|te|ter|term|terminal)/.test(a[0] ?? ''))
        return lv('unknown', `${fam}.no`, 'unrecognised exec command');
      if (kw === 'no' && /^te/.test(a[0] ?? '')) return lv('read', `${fam}.no-terminal`, 'session setting');
      return lv('moderate', `${fam}.undebug`, 'disables debugging');
    case 'configure': {
      const sub = a[0] ?? 'terminal';
      if (/^(rep|repl|repla|replac|replace)$/.test(sub))
        return lv('dangerous', `${fam}.configure.replace`, 'replaces the whole configuration');
      if (/^(ne|net|netw|netwo|networ|network|mem|memo|memor|memory|overwrite-network)$/.test(sub))
        return lv('dangerous', `${fam}.configure.load`, 'loads configuration from elsewhere');
      if (/^(conf|confi|confir|confirm|rev|reve|rever|revert)$/.test(sub))
        return lv('moderate', `${fam}.configure.confirm`, 'confirms or reverts an archive');
      if (
        /^(t|te|ter|term|termi|termin|termina|terminal|s|se|ses|sess|sessi|sessio|session|private|exclusive|dual-stage|lock|checkpoint)$/.test(
          sub,
        ) ||
        args.length === 0
      ) {
        mode.config = true;
        mode.depth = 1;
        return lv('moderate', `${fam}.configure`, 'enters configuration mode');
      }
      return lv('unknown', `${fam}.configure.unknown`, 'unrecognised configure variant');
    }
    case 'do': {
      const r = execLineNested(args.join(' '), fam, mode, out, depth, shell);
      return r;
    }
    case 'install':
    case 'upgrade':
    case 'request':
    case 'boot':
    case 'hw-module':
    case 'reset':
    case 'system':
      if (
        kw === 'request' &&
        /^(platform software package expand|platform software (trace|process) .*show)/.test(a.join(' '))
      )
        return lv('moderate', `${fam}.request`, 'a platform request');
      if (kw === 'system' && /^(ping|traceroute)/.test(a[0] ?? ''))
        return lv('read', `${fam}.system.ping`, 'sends probes');
      return lv('dangerous', `${fam}.${kw}`, 'installs software, switches over or resets hardware');
    case 'restart':
      return lv('dangerous', `${fam}.restart`, 'restarts a process');
    case 'rollback':
    case 'load':
      return lv('dangerous', `${fam}.${kw}`, 'replaces the configuration');
    case 'crypto':
      return /zeroize|generate|gen|zer|remove|import/.test(a.join(' '))
        ? lv('dangerous', `${fam}.crypto.key`, 'creates or destroys device keys')
        : lv('moderate', `${fam}.crypto`, 'changes crypto state');
    case 'clock':
      return lv('moderate', `${fam}.clock.set`, 'sets the clock');
    case 'archive':
      return /download-sw|upload-sw|tar \/x|overwrite/.test(a.join(' '))
        ? lv('dangerous', `${fam}.archive.software`, 'installs or extracts software')
        : lv('moderate', `${fam}.archive`, 'archives the configuration');
    case 'event':
      return lv('unknown', `${fam}.event`, 'runs an event-manager applet');
    case 'mkdir':
    case 'rename':
    case 'checkpoint':
    case 'schedule':
    case 'license':
    case 'send':
    case 'fsck':
    case 'unmount':
    case 'dot1x':
    case 'monitor':
    case 'tac-pac':
      if (kw === 'monitor' && fam === 'nxos')
        return lv('unknown', `${fam}.monitor`, 'unrecognised monitor command');
      return lv('moderate', `${fam}.${kw}`, `${kw} changes state`);
    case 'bash':
    case 'run':
    case 'start-shell': {
      const rest = kw === 'run' ? (/^(bash|guestshell)$/.test(a[0] ?? '') ? args.slice(1) : undefined) : args;
      if (!rest || rest.length === 0) return lv('unknown', `${fam}.shell`, 'opens a shell');
      const risk = shell(rest.join(' '), out, depth + 1);
      return lv(risk, `${fam}.bash`, 'runs a Linux command');
    }
    case 'guestshell':
    case 'tclsh':
    case 'python':
    case 'ssh':
    case 'telnet':
    case 'connect':
    case 'attach':
    case 'vsh':
    case 'cli':
    case 'setup':
    case 'login':
    case 'watch':
    case 'test':
      return lv('unknown', `${fam}.${kw}`, 'runs code or opens another session');
    case 'alias':
      return lv('dangerous', `${fam}.alias`, 'redefines commands');
    default:
      return lv('unknown', `${fam}.unknown`, `"${kw}" not classified`);
  }
}

function execLineNested(
  line: string,
  fam: Family,
  mode: Mode,
  out: Verdicts,
  depth: number,
  shell: ShellHook,
): LineVerdict {
  const saved = { ...mode };
  const r = execLine(line, fam, mode, out, depth, shell);
  // `do` runs one exec command; it never leaves configuration mode.
  mode.config = saved.config;
  mode.depth = saved.depth;
  return { ...r, rule: `${r.rule}.do` };
}

const LOCATION = (x: string): 'running' | 'startup' | 'storage' | 'remote' | 'other' => {
  if (
    /^(system:)?(ru|run|runn|runni|runnin|running|running-config|running-con.*)$/.test(x) ||
    x === 'system:running-config'
  )
    return 'running';
  if (/^(nvram:)?(st|sta|star|start|startu|startup|startup-config|startup-con.*)$/.test(x)) return 'startup';
  if (
    /^(flash|bootflash|disk[0-9]|slot[0-9]|usbflash[0-9]?|usb[0-9]?|harddisk|crashinfo|nvram|volatile|logflash|ramfs|flash-.*):/.test(
      x,
    )
  )
    return 'storage';
  if (/^(tftp|ftp|scp|sftp|http|https|rcp|null):/.test(x)) return 'remote';
  return 'other';
};

function copy(a: string[], fam: Family): LineVerdict {
  const loc = a.filter((x) => !x.startsWith('/') || x.includes(':') || /^\//.test(x) === false);
  const [src, dst] = [loc[0] ?? '', loc[1] ?? ''];
  const s = LOCATION(src);
  const d = LOCATION(dst);
  if (s === 'running' && d === 'startup')
    return lv('moderate', `${fam}.copy.save`, 'saves the running configuration');
  if (d === 'running')
    return lv('dangerous', `${fam}.copy.to-running`, 'merges external configuration into the running one');
  if (d === 'startup') return lv('dangerous', `${fam}.copy.to-startup`, 'replaces the startup configuration');
  if (/\.(bin|pkg|swi|iso|img|rpm)$/.test(src) || /\.(bin|pkg|swi|iso|img)$/.test(dst))
    return lv('dangerous', `${fam}.copy.image`, 'copies a software image');
  return lv('moderate', `${fam}.copy`, 'copies a file');
}

function clear(a: string[], fam: Family): LineVerdict {
  const s = a.join(' ');
  if (a.length === 0) return lv('unknown', `${fam}.clear`, 'clear without target');
  if (/\*|\ball\b|\bprocess\b|\bproc\b/.test(s))
    return lv('dangerous', `${fam}.clear.wide`, 'resets every session, route or process');
  const hasTarget = a.some((x) => /^[0-9a-f.:/]+$/.test(x) && /[.:]/.test(x));
  if (
    /\b(bgp|ospf|eigrp|isis|rip|route|neighbors?|crypto|sessions?|nat|mpls|ldp|vpn|ipsec|isakmp|ike|xlate|conn|dhcp binding)\b/.test(
      s,
    ) &&
    !hasTarget &&
    !/\bsoft\b|\bin\b$|\bout\b$|\bcounters?\b|\bstatistics\b|\bflap-statistics\b|\bdampening\b/.test(s)
  )
    return lv('dangerous', `${fam}.clear.protocol`, 'resets a routing protocol, routes or sessions');
  return lv('moderate', `${fam}.clear`, 'clears counters or one entry');
}

const CONFIG_DANGEROUS: Array<[RegExp, string]> = [
  [/^(no\s+)?shut(d|do|dow|down)?\b|^sh$/, 'shuts an interface, protocol or neighbour down'],
  [
    /^no\s+(int|inte|inter|interf|interfa|interfac|interface|router|vlan|vrf|line|ip routing|ipv6 routing|spanning-tree|feature|username|aaa|ip ssh|ssh|crypto|management|ip http|ip vrf|route-map|class-map|policy-map|ip access-list|logging|snmp-server|ntp|switchport|channel-group|ip address|ipv6 address|router-id|network|neighbor|address-family|boot|license|service|vpc|vpc domain|port-channel|nve|evpn|standby|vrrp|hsrp|mlag|management-interface)\b/,
    'removes an interface, protocol, user or management service',
  ],
  [
    /^(username|user)\b.*\b(secret|password|privilege|role|sshkey|ssh-key|nopassword)\b/,
    'sets a user password, key or privilege',
  ],
  [/^(username|user)\s+(admin|root|cisco)\b/, 'changes an administrator account'],
  [/^(no\s+)?enable\s+(secret|password|algorithm-type)/, 'changes the enable password'],
  [/^(no\s+)?aaa\b/, 'changes authentication'],
  [
    /^(no\s+)?(transport\s+input|access-class|login\b|ip access-group .* in$|ipv6 access-class|exec-timeout 0|password\b)/,
    'changes management access',
  ],
  [
    /^(no\s+)?(ip ssh|ssh server|management ssh|management api|management http|ip http (secure-)?server|feature (ssh|nxapi))\b/,
    'changes management access',
  ],
  [/^(no\s+)?(boot|config-register)\b/, 'changes the boot image or register'],
  [/^(no\s+)?crypto\s+(key|pki)\s+(zeroize|generate|import|trustpoint)/, 'changes device keys'],
  [
    /^(no\s+)?ip(v6)?\s+route\s+(vrf\s+\S+\s+)?(0\.0\.0\.0\s+0\.0\.0\.0|0\.0\.0\.0\/0|::\/0)/,
    'changes the default route',
  ],
  [
    /^switchport\s+trunk\s+allowed\s+vlan\s+(?!add\b|remove\b|except\b)/,
    'replaces the allowed VLAN list of a trunk',
  ],
  [/^default\s+(int|interface)\b/, 'resets an interface to defaults'],
  [/^neighbor\s+\S+\s+(shutdown|remove-private|password)\b/, 'changes a BGP session'],
  [/^(alias|cli alias)\b/, 'redefines commands'],
  [
    /^(no\s+)?(spanning-tree\s+(mode|vlan \S+ priority|bpduguard disable)|vtp\s+mode)\b/,
    'changes spanning-tree or VTP domain-wide',
  ],
  [
    /^(no\s+)?(ip routing|ipv6 unicast-routing|router bgp|router ospf \d+$|router eigrp)\s*$/,
    'changes routing globally',
  ],
  [
    /^(no\s+)?(license|install|system|hardware|vdc|reload|write erase|erase)\b/,
    'changes licensing, hardware or storage',
  ],
];

function configLine(
  line: string,
  fam: Family,
  mode: Mode,
  out: Verdicts,
  depth: number,
  shell: ShellHook,
): LineVerdict {
  const lower = line.toLowerCase().replace(/\s+/g, ' ');
  const w = words(lower);
  const first = w[0] ?? '';
  if (first === 'do') return execLineNested(line.trim().slice(2), fam, mode, out, depth, shell);
  if (/^end$/.test(first) || lower === '\x1a') {
    mode.config = false;
    mode.depth = 0;
    return lv('read', `${fam}.config.end`, 'leaves configuration mode');
  }
  if (/^(exit|ex|exi)$/.test(first) && w.length === 1) {
    mode.depth = Math.max(0, mode.depth - 1);
    if (mode.depth === 0) mode.config = false;
    return lv('read', `${fam}.config.exit`, 'leaves a configuration level');
  }
  const execCands = resolveKeyword(first, EXEC);
  const cfgCands = resolveKeyword(first, CONFIG_ONLY);
  // NX-OS and EOS accept show and other exec commands in configuration mode.
  if (execCands.length === 1 && execCands[0] === 'show' && cfgCands.length === 0)
    return execLine(line, fam, { ...mode }, out, depth, shell);
  let v = lv('moderate', `${fam}.config`, 'configuration change');
  for (const [re, why] of CONFIG_DANGEROUS) {
    if (re.test(lower)) {
      if (/^no\s+shut/.test(lower)) {
        v = lv('moderate', `${fam}.config.no-shutdown`, 'enables an interface');
        break;
      }
      v = lv('dangerous', `${fam}.config.${(re.source.match(/[a-z-]{3,}/) ?? ['rule'])[0]}`, why);
      break;
    }
  }
  if (SUBMODES.test(lower) && !lower.startsWith('no ')) mode.depth = 2;
  // An exec command typed in configuration mode (EOS runs them) counts with its exec risk.
  if (
    execCands.length > 0 &&
    first !== 'no' &&
    !(
      execCands.length === 1 &&
      /^(crypto|boot|monitor|event|archive|clock|license|alias|terminal)$/.test(execCands[0]!)
    )
  ) {
    const ev = execLine(line, fam, { ...mode }, out, depth, shell);
    if (riskRank(ev.risk) > riskRank(v.risk) && ev.risk !== 'unknown') v = ev;
  }
  return v;
}
