/**
 * Juniper Junos: operational mode (`show`, `ping`, `request system reboot`, `clear`, `restart`) and
 * configuration mode (`configure`, then `set` / `delete` / `deactivate` / `commit` / `rollback` /
 * `load`, and `run` back to operational), with unique-prefix abbreviations and `|` output modifiers.
 */
import { resolveKeyword, table } from '../keywords.js';
import { higherRisk, type Risk, riskRank } from '../risk.js';
import type { Verdicts } from '../verdicts.js';
import { type LineVerdict, lv, splitPipes, words } from './common.js';

const OP = [
  ...table(
    2,
    'show',
    'ping',
    'traceroute',
    'monitor',
    'request',
    'clear',
    'restart',
    'configure',
    'set',
    'file',
    'help',
    'exit',
    'quit',
    'start',
    'test',
    'op',
    'ssh',
    'telnet',
    'save',
    'load',
    'edit',
    'commit',
    'delete',
    'rollback',
    'deactivate',
    'activate',
    'run',
    'top',
    'up',
    'status',
    'compare',
    'annotate',
    'copy',
    'rename',
    'insert',
    'replace',
    'wildcard',
    'protect',
    'unprotect',
    'validate',
    'mtrace',
    'count',
  ),
];
const PIPES = [
  ...table(
    2,
    'match',
    'except',
    'count',
    'display',
    'no-more',
    'last',
    'find',
    'trim',
    'resolve',
    'compare',
    'hold',
    'refresh',
    'save',
    'append',
    'tee',
    'request',
    'color',
    'ignore-case',
  ),
];
const READ_PIPES = new Set([
  'match',
  'except',
  'count',
  'display',
  'no-more',
  'last',
  'find',
  'trim',
  'resolve',
  'compare',
  'hold',
  'refresh',
  'color',
  'ignore-case',
]);

/**
 * Classifies a Junos command block into `out`.
 * @example
 * classifyJunos('show route | match 10.0 | no-more', out) // 'read'
 */
export function classifyJunos(text: string, out: Verdicts): Risk {
  let config = false;
  let top: Risk = 'read';
  for (const raw of text.split('\n')) {
    for (const part of raw.split(/;|&&/)) {
      const line = part.trim();
      if (line === '' || line.startsWith('#')) continue;
      const r = junosLine(line, config);
      if (r.enter !== undefined) config = r.enter;
      top = higherRisk(top, out.add(line, r.v.risk, r.v.rule, r.v.reason));
    }
  }
  return top;
}

function junosLine(line: string, config: boolean): { v: LineVerdict; enter?: boolean } {
  const { command, stages, raw } = splitPipes(line);
  const w = words(command.toLowerCase());
  const cands = resolveKeyword(w[0] ?? '', OP);
  if (cands.length === 0)
    return { v: lv('unknown', 'junos.unknown', `"${w[0] ?? ''}" is not a recognised command`) };
  const args = expandPath(w.slice(1));
  let r = command1(cands[0]!, args, config);
  // An ambiguous abbreviation takes its riskiest reading, and is never read.
  for (const c of cands.slice(1)) {
    const alt = command1(c, args, config);
    if (riskRank(alt.v.risk) > riskRank(r.v.risk))
      r = {
        ...alt,
        ...(r.enter !== undefined || alt.enter !== undefined ? { enter: alt.enter ?? r.enter } : {}),
      };
    else if (alt.enter !== undefined) r = { ...r, enter: alt.enter };
  }
  if (cands.length > 1 && riskRank(r.v.risk) < riskRank('unknown'))
    r = { ...r, v: lv('unknown', 'junos.ambiguous', `"${w[0]}" is ambiguous`) };
  let v = r.v;
  for (const piece of raw) {
    const k = resolveKeyword(words(piece)[0] ?? '', PIPES);
    if (k.some((x) => x === 'save' || x === 'append' || x === 'tee'))
      v = worse(v, lv('moderate', 'junos.pipe.save', 'saves output to a file'));
    if (k.includes('request')) v = worse(v, lv('unknown', 'junos.pipe.request', 'pipe runs a request'));
  }
  for (const s of stages) {
    const k = resolveKeyword(words(s)[0] ?? '', PIPES);
    if (k.length !== 1 || !(READ_PIPES.has(k[0]!) || k[0] === 'save' || k[0] === 'append' || k[0] === 'tee'))
      v = worse(v, lv('unknown', 'junos.pipe.unknown', 'unrecognised output modifier'));
  }
  return r.enter === undefined ? { v } : { v, enter: r.enter };
}

const TOP = table(
  3,
  'interfaces',
  'protocols',
  'system',
  'routing-options',
  'security',
  'firewall',
  'policy-options',
  'vlans',
  'routing-instances',
  'chassis',
  'snmp',
  'class-of-service',
  'services',
  'forwarding-options',
  'groups',
  'apply-groups',
  'event-options',
  'access',
  'bridge-domains',
  'switch-options',
  'virtual-chassis',
  'poe',
);
const SYSTEM = table(
  3,
  'services',
  'login',
  'root-authentication',
  'syslog',
  'host-name',
  'ntp',
  'name-server',
);

/** Expands abbreviated configuration path words (`int` → interfaces, `sys ser` → system services). */
function expandPath(a: string[]): string[] {
  if (a.length === 0) return a;
  const first = resolveKeyword(a[0]!, TOP);
  const out = [...a];
  if (first.length === 1) out[0] = first[0]!;
  if (out[0] === 'system' && out[1] !== undefined) {
    const second = resolveKeyword(out[1], SYSTEM);
    if (second.length === 1) out[1] = second[0]!;
  }
  return out;
}

function worse(a: LineVerdict, b: LineVerdict): LineVerdict {
  return riskRank(b.risk) > riskRank(a.risk) ? b : a;
}

const pre = (tok: string | undefined, word: string, min = 2): boolean =>
  tok !== undefined && tok.length >= Math.min(min, word.length) && word.startsWith(tok);

function command1(kw: string, a: string[], config: boolean): { v: LineVerdict; enter?: boolean } {
  const s = a.join(' ');
  switch (kw) {
    case 'show':
    case 'status':
    case 'compare':
    case 'help':
    case 'count':
      return { v: lv('read', `junos.${kw}`, 'shows state or configuration') };
    case 'ping':
    case 'traceroute':
    case 'mtrace':
      return {
        v:
          a.some((x) => pre(x, 'rapid')) && a.some((x, i) => pre(a[i - 1], 'count') && Number(x) > 1000)
            ? lv('moderate', 'junos.ping.flood', 'a flood ping')
            : lv('read', `junos.${kw}`, 'sends probes'),
      };
    case 'monitor':
      if (pre(a[0], 'start') || pre(a[0], 'stop') || (pre(a[0], 'list', 1) && false))
        return { v: lv('moderate', 'junos.monitor.file', 'starts or stops logging to a file') };
      return { v: lv('read', 'junos.monitor', 'monitors interfaces or traffic') };
    case 'exit':
    case 'quit':
    case 'top':
    case 'up':
      return config && (kw === 'exit' || kw === 'quit') && (a.length === 0 || pre(a[0], 'configuration-mode'))
        ? {
            v: lv('read', `junos.${kw}`, 'leaves configuration mode'),
            enter: a.length === 0 ? config : false,
          }
        : { v: lv('read', `junos.${kw}`, 'navigates') };
    case 'edit':
      if (!config) return { v: lv('moderate', 'junos.configure', 'enters configuration mode'), enter: true };
      return { v: lv('read', 'junos.edit', 'moves in the configuration hierarchy') };
    case 'configure':
      return { v: lv('moderate', 'junos.configure', 'enters configuration mode'), enter: true };
    case 'run':
      return { v: command1(resolveKeyword(a[0] ?? '', OP)[0] ?? 'unknown', a.slice(1), false).v };
    case 'file':
      if (/^(li|lis|list|sh|sho|show|compare|checksum|archive-list)/.test(a[0] ?? ''))
        return { v: lv('read', 'junos.file.show', 'lists or shows files') };
      if (pre(a[0], 'delete') && /\/config\/|juniper\.conf|\*/.test(s))
        return { v: lv('dangerous', 'junos.file.delete-config', 'deletes configuration files') };
      return { v: lv('moderate', 'junos.file', 'changes files') };
    case 'request':
      return { v: request(a) };
    case 'clear':
      if (
        /\b(bgp neighbor|bgp)\s*$/.test(s) ||
        /\ball\b|\bsession\s*$|\bdatabase\s*$|\bospf neighbor\s*$|\bisis adjacency\s*$|\bsecurity flow session\s*$/.test(
          s,
        )
      )
        return { v: lv('dangerous', 'junos.clear.wide', 'resets every session or neighbour') };
      return { v: lv('moderate', 'junos.clear', 'clears counters or one entry') };
    case 'restart':
      if (
        /^(ro|rou|rout|routi|routin|routing|ch|cha|chassis-control|ma|man|mana|management|ss|ssh|sshd|interface-control|dhcp|gr|gra|gracefully|so|sof|soft|firewall|fpc)/.test(
          a[0] ?? '',
        ) ||
        a.length === 0
      )
        return {
          v: lv('dangerous', 'junos.restart.critical', 'restarts routing, chassis or management processes'),
        };
      return { v: lv('moderate', 'junos.restart', 'restarts one process') };
    case 'start':
    case 'op':
    case 'test':
    case 'ssh':
    case 'telnet':
      return { v: lv('unknown', `junos.${kw}`, 'runs a shell, script or session') };
    case 'set':
      if (!config) {
        if (pre(a[0], 'cli')) return { v: lv('read', 'junos.set.cli', 'CLI session setting') };
        if (pre(a[0], 'date')) return { v: lv('moderate', 'junos.set.date', 'sets the clock') };
      }
      return { v: setLine(a) };
    case 'delete':
    case 'deactivate':
    case 'wildcard':
      return { v: deleteLine(kw, a) };
    case 'activate':
    case 'annotate':
    case 'copy':
    case 'rename':
    case 'insert':
    case 'replace':
    case 'protect':
    case 'unprotect':
      return { v: lv('moderate', `junos.${kw}`, 'edits the candidate configuration') };
    case 'commit': {
      if (pre(a[0], 'check')) return { v: lv('read', 'junos.commit.check', 'validates the candidate') };
      return { v: lv('moderate', 'junos.commit', 'activates the candidate configuration') };
    }
    case 'validate':
      return { v: lv('read', 'junos.validate', 'validates') };
    case 'rollback':
      return { v: lv('moderate', 'junos.rollback', 'loads a previous configuration into the candidate') };
    case 'load':
      if (pre(a[0], 'override') || pre(a[0], 'factory-default') || pre(a[0], 'replace'))
        return { v: lv('dangerous', 'junos.load.override', 'replaces the whole configuration') };
      return { v: lv('moderate', 'junos.load', 'merges configuration') };
    case 'save':
      return { v: lv('moderate', 'junos.save', 'saves to a file') };
    default:
      return { v: lv('unknown', 'junos.unknown', 'not classified') };
  }
}

function request(a: string[]): LineVerdict {
  const s = a.join(' ');
  if (pre(a[0], 'system')) {
    const sub = a[1] ?? '';
    if (
      /^(reb|rebo|reboo|reboot|ha|hal|halt|po|pow|powe|power-off|power-cycle|zer|zero|zeroi|zeroiz|zeroize|sof|soft|softw|softwa|softwar|software|snaps|snapsh|snapsho|snapshot|rec|reco|recover|recovery)$/.test(
        sub,
      ) ||
      /^(power|software|zeroize)/.test(sub)
    )
      return /^snap/.test(sub)
        ? lv('moderate', 'junos.request.snapshot', 'takes a snapshot')
        : /^soft/.test(sub) && /\b(validate)\b/.test(s) && !/\b(add|rollback|install|delete)\b/.test(s)
          ? lv('read', 'junos.request.software-validate', 'validates a package')
          : lv('dangerous', 'junos.request.system', 'reboots, halts, zeroizes or changes software');
    if (
      /^(con|conf|confi|config|configu|configur|configura|configurat|configurati|configuratio|configuration)$/.test(
        sub,
      )
    )
      return /rescue\s+(save|sa)|\bsa/.test(s)
        ? lv('moderate', 'junos.request.rescue', 'saves a rescue configuration')
        : lv('dangerous', 'junos.request.configuration', 'changes stored configurations');
    if (/^(st|sto|stor|stora|storag|storage)$/.test(sub))
      return /\bdry-run\b/.test(s)
        ? lv('read', 'junos.request.storage-dry-run', 'lists cleanup candidates')
        : lv('moderate', 'junos.request.storage', 'deletes old files');
    if (/^(lic|licen|licens|license)$/.test(sub))
      return lv('moderate', 'junos.request.license', 'changes licences');
    if (/^(log|logo|logou|logout)$/.test(sub))
      return lv('moderate', 'junos.request.logout', 'logs a user out');
    return lv('dangerous', 'junos.request.system-other', 'a system request');
  }
  if (pre(a[0], 'support'))
    return /\binformation\b|\binfo\b/.test(s) && !/\bsave\b/.test(s)
      ? lv('read', 'junos.request.support', 'collects support information')
      : lv('moderate', 'junos.request.support', 'writes support files');
  if (
    pre(a[0], 'chassis') ||
    pre(a[0], 'routing-engine') ||
    pre(a[0], 'vmhost') ||
    pre(a[0], 'node') ||
    pre(a[0], 'virtual-chassis')
  )
    return lv('dangerous', 'junos.request.chassis', 'restarts or takes hardware offline');
  if (pre(a[0], 'security') && /\b(pki)\b/.test(s))
    return lv('moderate', 'junos.request.pki', 'changes certificates');
  return lv('dangerous', 'junos.request', 'an operational request');
}

function setLine(a: string[]): LineVerdict {
  const s = a.join(' ');
  if (/\b(root-authentication|authentication\s+(encrypted-password|plain-text-password|ssh-))/.test(s))
    return lv('dangerous', 'junos.set.credentials', 'changes login credentials');
  if (/^system\s+login\b/.test(s) && /\b(class super-user|authentication|uid)\b/.test(s))
    return lv('dangerous', 'junos.set.login', 'changes administrator accounts');
  if (/(^|\s)disable\s*$/.test(s) || /\binactive\b/.test(s))
    return lv('dangerous', 'junos.set.disable', 'disables an interface or protocol');
  if (/^system\s+services\b/.test(s) && /\b(connection-limit|rate-limit|root-login deny)\b/.test(s))
    return lv('dangerous', 'junos.set.management', 'restricts management access');
  if (/^(firewall|policy-options)\b.*\b(discard|reject)\b/.test(s) && /\blo0\b|\binput\b|\bfilter\b/.test(s))
    return lv('moderate', 'junos.set.filter', 'edits a firewall filter');
  if (/^interfaces\s+(fxp0|em0|me0|vme|lo0)\b.*\bfilter\b/.test(s))
    return lv('dangerous', 'junos.set.mgmt-filter', 'filters management or loopback traffic');
  if (/^routing-options\s+static\s+route\s+0\.0\.0\.0\/0\b/.test(s))
    return lv('dangerous', 'junos.set.default-route', 'changes the default route');
  if (
    /^(chassis|system\s+(root-authentication|host-name)|system\s+ports|security\s+zones\s+.*host-inbound)/.test(
      s,
    ) &&
    /\b(cluster|redundancy|console|auxiliary|host-inbound)/.test(s)
  )
    return lv('dangerous', 'junos.set.chassis', 'changes chassis, console or inbound services');
  return lv('moderate', 'junos.set', 'edits the candidate configuration');
}

function deleteLine(kw: string, a: string[]): LineVerdict {
  const s = a.join(' ');
  if (a.length <= 1 || kw === 'wildcard')
    return lv('dangerous', `junos.${kw}.wide`, 'removes a whole hierarchy');
  if (
    /^(system\s+(services|login|root-authentication|syslog)|interfaces\s+\S+\s*$|protocols\s+\S+\s*$|routing-options\s*$|security\s+(policies|zones)\s*$|firewall\s*$|routing-instances\s*$|interfaces\s+(fxp0|em0|me0|irb|lo0))/.test(
      s,
    )
  )
    return lv('dangerous', `junos.${kw}.critical`, 'removes management, an interface or a protocol');
  if (/^routing-options\s+static\s+route\s+0\.0\.0\.0\/0\b/.test(s))
    return lv('dangerous', `junos.${kw}.default-route`, 'removes the default route');
  return lv('moderate', `junos.${kw}`, 'edits the candidate configuration');
}
