/**
 * RouterOS 7-style text rendering for the simulator: table and detail `print`, and `/export`
 * (secrets only with `show-sensitive`, user passwords never), close enough to real output that
 * parsers and redactors written against the simulator also work on devices.
 */
import type { RosItem, RosMenu, RosState } from './state.js';

const QUOTED = new Set([
  'name',
  'default-name',
  'comment',
  'password',
  'secret',
  'wpa2-pre-shared-key',
  'authentication-password',
  'peer',
  'profile',
]);
const EXPORT_ORDER = [
  'interface/bridge',
  'interface/vlan',
  'interface/wireless/security-profiles',
  'ip/ipsec/peer',
  'ip/ipsec/identity',
  'ip/address',
  'ip/firewall/filter',
  'ip/route',
  'ppp/secret',
  'snmp/community',
];

/** Which props of an item may be shown. */
function visibleProps(menu: RosMenu, item: RosItem, showSensitive: boolean): Array<[string, string]> {
  return Object.entries(item.props).filter(
    ([k]) => !menu.hidden.includes(k) && (showSensitive || !menu.sensitive.includes(k)),
  );
}

function flagsOf(menu: RosMenu, item: RosItem): string {
  if (menu.path.startsWith('interface') && menu.path !== 'interface/wireless/security-profiles') {
    return item.disabled ? 'X' : 'R';
  }
  return item.disabled ? 'X' : ' ';
}

function flagsLegend(menu: RosMenu): string {
  return menu.path.startsWith('interface') && menu.path !== 'interface/wireless/security-profiles'
    ? 'Flags: X - DISABLED; R - RUNNING'
    : 'Flags: X - DISABLED';
}

function quoteDetail(k: string, v: string): string {
  return QUOTED.has(k) || v === '' || /[\s"\\;]/.test(v) ? `"${v.replace(/["\\]/g, '\\$&')}"` : v;
}

function quoteExport(v: string): string {
  return v === '' || /[\s"\\;$[\]{}]/.test(v) ? `"${v.replace(/["\\$]/g, '\\$&')}"` : v;
}

/**
 * Renders `print` as a RouterOS 7 table (or detail blocks for menus RouterOS prints that way).
 * @example
 * printMenu(menu, { detail: false, showSensitive: false })
 */
export function printMenu(menu: RosMenu, opts: { detail: boolean; showSensitive: boolean }): string {
  if (opts.detail || menu.printStyle === 'detail') return printDetail(menu, opts.showSensitive);
  const cols = menu.columns.filter(
    (c) => !menu.hidden.includes(c) && (opts.showSensitive || !menu.sensitive.includes(c)),
  );
  const rows = menu.items.map((item, i) => [
    String(i),
    flagsOf(menu, item),
    ...cols.map((c) => item.props[c] ?? ''),
  ]);
  const header = [' #', '', ...cols.map((c) => c.toUpperCase())];
  const widths = header.map((h, ci) => Math.max(h.length, ...rows.map((r) => (r[ci] ?? '').length)));
  const line = (r: string[]) =>
    r
      .map((cell, ci) => (ci === 0 ? cell.padStart(widths[ci]!) : cell.padEnd(widths[ci]!)))
      .join(' ')
      .trimEnd();
  const out = [flagsLegend(menu), `Columns: ${cols.map((c) => c.toUpperCase()).join(', ')}`, line(header)];
  for (const [i, r] of rows.entries()) {
    const comment = menu.items[i]!.props.comment;
    if (comment !== undefined) out.push(`${' '.repeat(widths[0]! + 1)};;; ${comment}`);
    out.push(line(r));
  }
  return `${out.join('\n')}\n`;
}

function printDetail(menu: RosMenu, showSensitive: boolean): string {
  const out = [flagsLegend(menu)];
  for (const [i, item] of menu.items.entries()) {
    const prefix = `${String(i).padStart(2)} ${flagsOf(menu, item)}`;
    const props = visibleProps(menu, item, showSensitive).filter(([k]) => k !== 'comment');
    const body = props.map(([k, v]) => `${k}=${quoteDetail(k, v)}`).join(' ');
    const comment = item.props.comment;
    if (comment !== undefined) {
      out.push(`${prefix}   ;;; ${comment}`, `      ${body}`);
    } else {
      out.push(`${prefix}   ${body}`);
    }
    out.push('');
  }
  return `${out.join('\n')}\n`;
}

/**
 * Renders `/export` (or `<menu> export`) for the menus under `prefix`.
 * @example
 * exportConfig(state, '', { showSensitive: false })
 */
export function exportConfig(state: RosState, prefix: string, opts: { showSensitive: boolean }): string {
  const date = new Date().toISOString().slice(0, 19).replace('T', ' ');
  const out = [
    `# ${date} by RouterOS ${state.version.split(' ')[0]}`,
    '# software id = 8X3K-QH2A',
    '#',
    `# model = ${state.boardName}`,
    '# serial number = HD0812345AB',
  ];
  for (const path of EXPORT_ORDER) {
    if (prefix !== '' && path !== prefix && !path.startsWith(`${prefix}/`)) continue;
    const menu = state.menus.get(path);
    if (menu === undefined || !menu.exportable || menu.items.length === 0) continue;
    out.push(`/${path.replaceAll('/', ' ')}`);
    for (const item of menu.items) {
      const props = visibleProps(menu, item, opts.showSensitive)
        .filter(([k, v]) => !menu.readonly.includes(k) && !(menu.defaults?.[k] === v) && k !== 'type')
        .sort(([a], [b]) => a.localeCompare(b));
      const words = [
        ...(item.disabled ? ['disabled=yes'] : []),
        ...props.map(([k, v]) => `${k}=${quoteExport(v)}`),
      ];
      out.push(`add ${words.join(' ')}`);
    }
  }
  if (prefix === '' || prefix === 'system' || prefix === 'system/identity') {
    out.push('/system identity', `set name=${quoteExport(state.identity)}`);
  }
  return `${out.join('\n')}\n`;
}
