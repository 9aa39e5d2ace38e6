/**
 * Palo Alto PAN-OS: operational mode (`show`, `ping`, `test … -match`, `request …`, `clear`, `debug`) and
 * configuration mode (`configure`, then `set` / `delete` / `edit` / `commit` / `load config`, `run` back
 * to operational), with `| match` / `| except` filters.
 */
import { higherRisk, type Risk, riskRank } from '../risk.js';
import type { Verdicts } from '../verdicts.js';
import { type LineVerdict, lv, splitPipes, words } from './common.js';

/**
 * Classifies a PAN-OS command block into `out`.
 * @example
 * classifyPanos('show system info | match version', out) // 'read'
 */
export function classifyPanos(text: string, out: Verdicts): Risk {
  const state = { config: false };
  let top: Risk = 'read';
  // Split on `;` and `&&` too: splitting can only add segments, never hide one.
  for (const raw of text.split(/\n|;|&&/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const v = panLine(line, state);
    top = higherRisk(top, out.add(line, v.risk, v.rule, v.reason));
  }
  return top;
}

function worse(a: LineVerdict, b: LineVerdict): LineVerdict {
  return riskRank(b.risk) > riskRank(a.risk) ? b : a;
}

function panLine(line: string, state: { config: boolean }): LineVerdict {
  const { command, raw } = splitPipes(line);
  const w = words(command.toLowerCase());
  let v = cmd(w, state);
  for (const p of raw) {
    const k = words(p)[0] ?? '';
    if (!/^(match|except|count|no-more)$/.test(k))
      v = worse(v, lv('unknown', 'panos.pipe.unknown', 'unrecognised pipe'));
  }
  return v;
}

function cmd(w: string[], state: { config: boolean }): LineVerdict {
  const head = w[0] ?? '';
  const s = w.slice(1).join(' ');
  switch (head) {
    case 'show':
      return lv('read', 'panos.show', 'shows state or configuration');
    case 'ping':
    case 'traceroute':
      return lv('read', `panos.${head}`, 'sends probes');
    case 'less':
    case 'tail':
    case 'grep':
    case 'find':
    case 'ls':
      return lv('read', `panos.${head}`, 'reads logs');
    case 'exit':
    case 'quit':
      if (state.config) state.config = false;
      return lv('read', `panos.${head}`, 'leaves a mode');
    case 'up':
    case 'top':
    case 'check':
    case 'validate':
    case 'compare':
      return lv('read', `panos.${head}`, 'navigates or validates');
    case 'edit':
      return state.config
        ? lv('read', 'panos.edit', 'moves in the configuration hierarchy')
        : lv('unknown', 'panos.edit', 'edit outside configuration mode');
    case 'configure':
      state.config = true;
      return lv('moderate', 'panos.configure', 'enters configuration mode');
    case 'run':
      return cmd(w.slice(1), { config: false });
    case 'test':
      return /^(security-policy-match|nat-policy-match|pbf-policy-match|decryption-policy-match|qos-policy-match|routing fib-lookup|url|url-info-cloud|dns-proxy|authentication|user-id|arp)/.test(
        s,
      ) && !/\bauthentication\b.*\bpassword\b/.test(s)
        ? lv('read', 'panos.test.match', 'evaluates a policy lookup')
        : lv('moderate', 'panos.test', 'a test that acts on the device');
    case 'set':
      if (!state.config && /^cli\b/.test(s)) return lv('read', 'panos.set.cli', 'CLI session setting');
      if (
        /^(mgt-config users \S+ (password|phash|public-key|permissions))|^mgt-config password-complexity/.test(
          s,
        )
      )
        return lv('dangerous', 'panos.set.credentials', 'changes administrator credentials');
      if (
        /^deviceconfig system (ip-address|netmask|default-gateway|service|permitted-ip|type)|^deviceconfig system service disable-/.test(
          s,
        )
      )
        return lv('dangerous', 'panos.set.management', 'changes management access');
      if (/\blink-state down\b|\bdisabled yes\b|^deviceconfig high-availability/.test(s))
        return lv('dangerous', 'panos.set.disable', 'disables interfaces or changes HA');
      return lv('moderate', 'panos.set', 'changes configuration');
    case 'delete':
      if (!state.config)
        return /^(debug-log|core|software version)/.test(s)
          ? lv('moderate', 'panos.delete.file', 'deletes files')
          : lv('moderate', 'panos.delete', 'deletes data');
      if (
        w.length <= 3 ||
        /^(rulebase( security| nat)?( rules)?$|mgt-config users|network interface|deviceconfig|vsys \S+ rulebase|shared|zone$|network virtual-router)/.test(
          s,
        )
      )
        return lv(
          'dangerous',
          'panos.delete.wide',
          'removes rules, users, interfaces or management settings',
        );
      return lv('moderate', 'panos.delete', 'removes a configuration item');
    case 'rename':
    case 'move':
    case 'clone':
    case 'copy':
    case 'override':
    case 'annotate':
    case 'revert':
    case 'save':
    case 'tag':
      return lv('moderate', `panos.${head}`, 'changes configuration');
    case 'commit':
      if (/^(validate|check)/.test(s)) return lv('read', 'panos.commit.validate', 'validates');
      return lv('moderate', 'panos.commit', 'activates the candidate configuration');
    case 'load':
      return /^config (partial|from)/.test(s) && !/^config partial/.test(s)
        ? lv('dangerous', 'panos.load.config', 'replaces the candidate configuration')
        : lv('dangerous', 'panos.load', 'loads configuration');
    case 'request':
      return request(s);
    case 'clear':
      return /^session all\b|^session\s*$|^arp all|^routing|^mac all|^(counter|log) all/.test(s) &&
        !/counter/.test(s)
        ? lv('dangerous', 'panos.clear.wide', 'drops every session or table')
        : lv('moderate', 'panos.clear', 'clears counters or entries');
    case 'debug':
      return /^(dataplane|software|management-server|routing|ike|user-id)\s+(show|status)|^(cli show|swm status)/.test(
        s,
      )
        ? lv('read', 'panos.debug.show', 'shows debug state')
        : /restart|reset|kill|on$|off$/.test(s)
          ? lv('dangerous', 'panos.debug.restart', 'restarts or resets a process')
          : lv('moderate', 'panos.debug', 'changes debugging');
    case 'scp':
    case 'tftp':
    case 'ftp':
      return /\bexport\b/.test(s)
        ? lv('moderate', `panos.${head}.export`, 'exports files')
        : lv('moderate', `panos.${head}.import`, 'imports files');
    case 'schedule':
      return lv('moderate', 'panos.schedule', 'schedules a job');
    case 'ssh':
    case 'telnet':
      return lv('unknown', `panos.${head}`, 'opens another session');
    default:
      return lv('unknown', 'panos.unknown', `"${head}" is not a recognised command`);
  }
}

function request(s: string): LineVerdict {
  if (/^password-hash\b/.test(s)) return lv('read', 'panos.request.password-hash', 'computes a hash');
  if (
    /^(restart|shutdown)\b|^system (private-data-reset|software install|software\s+.*\binstall\b|reset|factory)|^system software (install|downgrade)|^high-availability state (suspend|functional)|^high-availability sync-to-remote|^(plugins|global-protect-client software) install|^dataplane|^system fqdn|^system disk|^system raid/.test(
      s,
    )
  )
    return /^system fqdn refresh/.test(s)
      ? lv('moderate', 'panos.request.fqdn', 'refreshes FQDN objects')
      : lv('dangerous', 'panos.request.disruptive', 'restarts, shuts down, resets or installs software');
  if (
    /^system software (check|info)\b|^license info|^(content|anti-virus|wildfire) upgrade (check|info)|^commit-lock\s*$|^config-lock\s*$|^support (check|info)|^system external-list show/.test(
      s,
    )
  )
    return lv('read', 'panos.request.info', 'queries updates or licences');
  if (
    /^(content|anti-virus|wildfire|global-protect-clientless-vpn|global-protect-client) upgrade install/.test(
      s,
    )
  )
    return lv('moderate', 'panos.request.content-install', 'installs content updates');
  return lv('moderate', 'panos.request', 'an operational request that changes state');
}
