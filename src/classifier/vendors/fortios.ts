/**
 * Fortinet FortiOS: `get` / `show` / `diagnose` / `execute`, `config … end` blocks with `edit` / `set`
 * / `unset` / `delete` / `purge` / `next`, `sudo <vdom>` and `| grep`. Diagnose and execute are read only
 * for listed read-only forms.
 */

import { resolveKeyword, table } from '../keywords.js';
import { higherRisk, type Risk, riskRank } from '../risk.js';
import type { Verdicts } from '../verdicts.js';
import { type LineVerdict, lv, splitPipes, words } from './common.js';

const HEADS = [
  ['get', 1] as const,
  ...table(
    2,
    'config',
    'show',
    'diagnose',
    'execute',
    'exit',
    'end',
    'next',
    'abort',
    'tree',
    'fnsysctl',
    'edit',
    'set',
    'unset',
    'delete',
    'purge',
    'rename',
    'clone',
    'move',
    'append',
    'select',
    'unselect',
  ),
];

const EXEC_READ =
  /^(ping|ping6|ping-options|ping6-options|traceroute|tracert6|traceroute-options|log display|log filter|dhcp lease-list|tac report|disk list|sensor list|sensor detail|router show|vpn sslvpn list|date$|time$|update-status|ha manage$|usb-disk list|interface dhcpclient-show|modem status|system custom-language list|telnet-options|ssh-options|mtr|nslookup|whois|traceroute6|ping6-options)/;
const EXEC_DANGEROUS =
  /^(reboot|shutdown|factoryreset|factoryreset2|factoryreset-shutdown|formatlogdisk|erase-disk|restore|disk format|cfg reload|set-next-reboot|ha (failover|disconnect)|router clear bgp all|router clear ospf process|log delete-all|wireless-controller reset-wtp all|switch-controller switch-action restart|upd-vd-license|vm-license|fortiguard-log delete-all|scsi-dev|batch|clear system arp table|system entropy|usb-disk format|update-image|backup-.*-restore|central-mgmt unregister|forticarrier-license|fortitoken-cloud|auto-script start|run)/;
const DIAG_READ_VERB =
  /\b(list|show|stat|stats|status|top|top-mem|read|info|get|dump|summary|display|version|versions|check|checksum|print|mpstat|perf|uptime|deviceinfo|sysinfo|nic|fdb|history|health|route|arp|pidof|memory|cpu|lookup|query|dns|state|monitor|statistics|table)\b/;
const DIAG_WRITE =
  /\b(clear|kill|killall|delete|del|flush|reset|restart|reboot|shutdown|disable|enable|set|unset|purge|erase|format|remove|kill-all|upload|update|add|test|flow trace start|filter|daemon-log|write|execute|restore|config|crashlog delete|failover|reload|purge|sync|resync|start|stop)\b/;

/**
 * Classifies a FortiOS command block into `out`.
 * @example
 * classifyFortiOS('get system status | grep Version', out) // 'read'
 */
export function classifyFortiOS(text: string, out: Verdicts): Risk {
  const stack: string[] = [];
  let top: Risk = 'read';
  // Split on `;` and `&&` too: splitting can only add segments, never hide one.
  for (const raw of text.split(/\n|;|&&/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const v = fortiLine(line, stack);
    top = higherRisk(top, out.add(line, v.risk, v.rule, v.reason));
  }
  return top;
}

function fortiLine(line: string, stack: string[]): LineVerdict {
  const { command, stages, raw } = splitPipes(line);
  let w = words(command.toLowerCase());
  let v: LineVerdict;
  // `sudo global …` / `sudo <vdom> …` (FortiOS 7) runs one command in another context.
  if (w[0] === 'sudo' && w.length > 2) w = w.slice(2);
  // FortiOS accepts unique abbreviations (`exe reboot`, `diag sys top`, `g sys status`); an ambiguous one
  // takes its riskiest reading and is never read.
  const cands = resolveKeyword(w[0] ?? '', HEADS);
  if (cands.length > 1) {
    let worst = lv('unknown', 'fortios.ambiguous', `"${w[0]}" is ambiguous`);
    for (const c of cands) {
      const alt = fortiLine([c, ...w.slice(1)].join(' '), [...stack]);
      if (riskRank(alt.risk) > riskRank(worst.risk)) worst = alt;
    }
    return worst;
  }
  if (cands.length === 1) w = [cands[0]!, ...w.slice(1)];
  const head = w[0] ?? '';
  const s = w.slice(1).join(' ');
  if (head === 'config') {
    stack.push(s);
    // Entering a table changes nothing by itself; every edit/set/delete/purge inside is judged on its own.
    v = lv('read', 'fortios.config', 'enters a configuration table');
  } else if (head === 'end') {
    stack.pop();
    v = lv('read', 'fortios.end', 'leaves a configuration table (saves)');
  } else if (head === 'abort') {
    stack.pop();
    v = lv('read', 'fortios.abort', 'leaves without saving');
  } else if (head === 'next' || head === 'exit' || head === 'quit') {
    v = lv('read', `fortios.${head}`, 'navigates');
  } else if (head === 'get' || head === 'show' || head === 'tree' || head === 'help' || head === '?') {
    v = /\bshow\b.*\b(full-configuration)\b.*\b(with-sensitive|sensitive)\b/.test(line.toLowerCase())
      ? lv('moderate', 'fortios.show.sensitive', 'reveals secrets')
      : lv('read', `fortios.${head}`, 'shows state or configuration');
  } else if (stack.length > 0) {
    v = tableLine(head, s, stack[stack.length - 1] ?? '');
  } else if (head === 'diagnose' || head === 'diag' || head === 'diagnos' || head === 'dia') {
    v = diagnose(s);
  } else if (head === 'execute' || head === 'exec' || head === 'exe' || head === 'execut') {
    v = execute(s);
  } else if (head === 'fnsysctl') {
    v =
      /^(ls|cat|df|ps|ifconfig|date|uptime|du|top)\b/.test(s) && !/\b(shadow|passwd|\.key)\b/.test(s)
        ? lv('read', 'fortios.fnsysctl', 'reads the system')
        : lv('unknown', 'fortios.fnsysctl', 'shell command');
  } else if (
    head === 'edit' ||
    head === 'set' ||
    head === 'unset' ||
    head === 'delete' ||
    head === 'purge' ||
    head === 'append' ||
    head === 'select' ||
    head === 'unselect' ||
    head === 'rename' ||
    head === 'clone' ||
    head === 'move'
  ) {
    v = tableLine(head, s, '');
  } else {
    v = lv('unknown', 'fortios.unknown', `"${head}" is not a recognised command`);
  }
  for (const p of raw) {
    const k = words(p)[0] ?? '';
    if (k !== 'grep') v = worse(v, lv('unknown', 'fortios.pipe.unknown', 'unrecognised pipe'));
  }
  void stages;
  return v;
}

function worse(a: LineVerdict, b: LineVerdict): LineVerdict {
  return riskRank(b.risk) > riskRank(a.risk) ? b : a;
}

function tableLine(head: string, s: string, table: string): LineVerdict {
  const admin = /^system (admin|api-user|sso-admin|accprofile)/.test(table);
  if (head === 'edit') return lv('moderate', 'fortios.edit', 'selects or creates an entry');
  if (head === 'purge') return lv('dangerous', 'fortios.purge', 'deletes every entry of the table');
  if (head === 'delete')
    return admin || (/^(system interface|firewall policy$|system ha)/.test(table) && false)
      ? lv('dangerous', 'fortios.delete.admin', 'removes an administrator')
      : lv('moderate', 'fortios.delete', 'deletes an entry');
  if (head === 'set' || head === 'unset' || head === 'append' || head === 'select' || head === 'unselect') {
    if (
      /^(password|passwd|old-password|new-password|accprofile|trusthost[0-9]*|ip6-trusthost[0-9]*|api-key)\b/.test(
        s,
      ) &&
      (admin || /password|passwd/.test(s))
    )
      return lv('dangerous', 'fortios.set.credentials', 'changes administrator credentials or trusted hosts');
    if (
      /^(allowaccess|admin-port|admin-sport|admin-ssh-port|admin-https-redirect|admin-telnet-port|admin-ssh|admin-server-cert|admintimeout|admin-lockout|admin-restrict-local|strong-crypto|management-vdom|admin-https-ssl-versions)\b/.test(
        s,
      )
    )
      return lv('dangerous', 'fortios.set.management', 'changes management access');
    if (/^status\s+down\b|^status\s+disable\b/.test(s) && /^system (interface|ha)/.test(table))
      return lv('dangerous', 'fortios.set.down', 'takes an interface down');
    if (/^system ha/.test(table)) return lv('dangerous', 'fortios.set.ha', 'changes high availability');
    if (
      /^(mode|opmode|vdom-mode|vdom-admin|inspection-mode)\b/.test(s) &&
      /^system (global|settings)/.test(table)
    )
      return lv('dangerous', 'fortios.set.mode', 'changes the operating mode');
    if (/^ip\b/.test(s) && /^system interface/.test(table))
      return lv('moderate', 'fortios.set.ip', 'changes an interface address');
    return lv('moderate', `fortios.${head}`, 'changes configuration');
  }
  return lv('moderate', `fortios.${head}`, 'changes configuration');
}

function diagnose(s: string): LineVerdict {
  if (/^sys(tem)? session clear\b/.test(s) && !/filter/.test(s))
    return lv('dangerous', 'fortios.diagnose.session-clear', 'drops every session');
  if (
    /^sys(tem)? (kill|killall|reboot|shutdown|flash format|ha reset)/.test(s) ||
    (/^(hardware|hard) (certificate|deviceinfo disk format)|^debug application .* -1$/.test(s) &&
      /kill|format/.test(s))
  )
    return lv('dangerous', 'fortios.diagnose.kill', 'kills processes or resets hardware');
  if (
    /^debug (enable|disable|reset|console|application|flow (filter|trace|show)|crashlog clear|info|cli)/.test(
      s,
    )
  )
    return /crashlog clear/.test(s)
      ? lv('moderate', 'fortios.diagnose.debug', 'clears the crash log')
      : /^debug info$/.test(s)
        ? lv('read', 'fortios.diagnose.debug-info', 'shows debug settings')
        : lv('moderate', 'fortios.diagnose.debug', 'changes debug settings');
  if (/^sniffer packet\b/.test(s))
    return lv('read', 'fortios.diagnose.sniffer', 'captures packets to the screen');
  if (/^sys(tem)? session filter\b/.test(s))
    return lv('moderate', 'fortios.diagnose.session-filter', 'sets the session filter');
  if (/^debug crashlog read|^debug report/.test(s))
    return lv('read', 'fortios.diagnose.crashlog', 'reads the crash log');
  if (DIAG_WRITE.test(s))
    return lv('moderate', 'fortios.diagnose.change', 'a diagnose command that changes state');
  if (DIAG_READ_VERB.test(s)) return lv('read', 'fortios.diagnose.read', 'a read-only diagnose command');
  return lv('unknown', 'fortios.diagnose.unknown', 'unrecognised diagnose command');
}

function execute(s: string): LineVerdict {
  if (EXEC_DANGEROUS.test(s))
    return lv('dangerous', 'fortios.execute.disruptive', 'reboots, resets, formats or restores');
  if (EXEC_READ.test(s)) return lv('read', 'fortios.execute.read', 'a read-only execute command');
  if (
    /^(backup|update-now|update-av|update-ips|cfg save|dhcp lease-clear|clear|interface dhcpclient-renew|vpn|router clear|send-fds-statistics|log (upload|backup|fortianalyzer)|fortiguard-log|central-mgmt|ssh|telnet|wireless-controller|switch-controller|sensor|revision|fsso|api-user generate-key|certificate|tftp|scp|ftp|usb-disk|date|time)\b/.test(
      s,
    )
  )
    return /^(ssh|telnet)\b/.test(s)
      ? lv('unknown', 'fortios.execute.session', 'opens another session')
      : /^api-user generate-key/.test(s)
        ? lv('dangerous', 'fortios.execute.api-key', 'regenerates an API key')
        : lv('moderate', 'fortios.execute.change', 'an execute command that changes state');
  return lv('unknown', 'fortios.execute.unknown', 'unrecognised execute command');
}
