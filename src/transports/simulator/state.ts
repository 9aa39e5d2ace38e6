/**
 * The simulated RouterOS device's in-memory state: menus of items (interfaces, addresses, routes,
 * firewall rules, users, PPP secrets, wireless, IPsec, SNMP) seeded with a small office router whose
 * VLAN 20 users have lost connectivity, and whose configuration holds several secrets.
 */

/**
 * One row of a menu, like a RouterOS item with an internal id (`*1`).
 * @example
 * dev.state.menus.get('interface')!.items.find((i) => i.props.name === 'vlan20')!.disabled
 */
export interface RosItem {
  readonly id: string;
  disabled: boolean;
  readonly props: Record<string, string>;
}

/**
 * A RouterOS menu such as `/ip/address`.
 * @example
 * const menu: RosMenu = dev.state.menus.get('ip/firewall/filter')!
 */
export interface RosMenu {
  /** Slash path without the leading slash, e.g. `ip/address`. */
  readonly path: string;
  readonly items: RosItem[];
  /** Columns of a table `print`; props not listed here are shown only by `print detail`. */
  readonly columns: readonly string[];
  /** `detail`: printed one item per block even without `detail` (firewall rules, like RouterOS). */
  readonly printStyle: 'table' | 'detail';
  /** Props hidden unless `show-sensitive` (RouterOS 7 behaviour). */
  readonly sensitive: readonly string[];
  /** Props never printed or exported (user passwords). */
  readonly hidden: readonly string[];
  /** Props computed by the device, not exported and not settable. */
  readonly readonly: readonly string[];
  /** The prop that names an item, usable as a reference (`/interface enable vlan20`). */
  readonly nameProp: string | null;
  readonly exportable: boolean;
  /** Other menus holding the same item objects (`interface/vlan` items also live in `interface`). */
  readonly mirror?: string;
  /** Props every added item gets unless given. */
  readonly defaults?: Readonly<Record<string, string>>;
}

/**
 * A device user: name, group and password (never printed).
 * @example
 * startSimulatedRouterOS({ users: [{ name: 'noc', password: 'pw', group: 'read' }] })
 */
export interface SimulatedUser {
  readonly name: string;
  readonly password: string;
  /** `full` may change state; `read` may only look. Default `full`. */
  readonly group?: 'full' | 'read';
}

/**
 * A log line of `/log print`.
 * @example
 * dev.state.log.at(-1)?.message
 */
export interface RosLogEntry {
  readonly time: string;
  readonly topics: string;
  readonly message: string;
}

/**
 * A command the simulated device received, for tests to assert on.
 * @example
 * expect(dev.state.received.map((c) => c.command)).not.toContain('/system reboot')
 */
export interface ReceivedCommand {
  readonly via: 'ssh-exec' | 'ssh-shell' | 'api';
  readonly user: string;
  readonly command: string;
}

/**
 * The fault seeded into the demo scenario "users on VLAN 20 lose connectivity".
 * @example
 * startSimulatedRouterOS({ fault: 'vlan-disabled' })
 */
export type SeededFault = 'firewall-drop' | 'vlan-disabled' | 'none';

/**
 * The whole simulated device. Tests may read and change it directly.
 * @example
 * dev.state.identity = 'lab-rtr'
 */
export interface RosState {
  identity: string;
  readonly version: string;
  readonly boardName: string;
  readonly bootedAt: number;
  readonly menus: Map<string, RosMenu>;
  readonly users: SimulatedUser[];
  readonly log: RosLogEntry[];
  readonly received: ReceivedCommand[];
  rebootCount: number;
  nextId: number;
}

/**
 * Options of {@link createRosState}.
 * @example
 * createRosState({ identity: 'edge-01', fault: 'none' })
 */
export interface SeedOptions {
  readonly identity?: string;
  /** Device users; default one `admin` (full) whose password is `AdminPass-7Q!`. */
  readonly users?: readonly SimulatedUser[];
  /** Default `firewall-drop`: rule 3 drops forward traffic from 10.20.0.0/24. */
  readonly fault?: SeededFault;
}

/**
 * Secret values the seeded configuration contains (for tests asserting none leaked).
 * @example
 * expect(sentToModel).not.toContain(SEEDED_SECRETS.wpaPsk)
 */
export const SEEDED_SECRETS = Object.freeze({
  pppPassword: 'Pp7-branch-Tunnel!2026',
  wpaPsk: 'Office-WiFi-9f3Kq2Lm',
  ipsecSecret: 'ipsec-PSK-4d8a1c77e2',
  snmpAuthPassword: 'snmpv3-Auth-51e0b9',
  snmpCommunity: 'n0c-m0nitor-83c1',
  adminPassword: 'AdminPass-7Q!',
});

type Row = Record<string, string> & { disabled?: string };

/**
 * Builds a fresh seeded device state.
 * @example
 * const state = createRosState({ fault: 'vlan-disabled' })
 */
export function createRosState(options: SeedOptions = {}): RosState {
  const fault = options.fault ?? 'firewall-drop';
  const state: RosState = {
    identity: options.identity ?? 'core-rtr-01',
    version: '7.16.2 (stable)',
    boardName: 'RB4011iGS+',
    bootedAt: Date.now() - (3 * 86_400 + 4 * 3_600 + 17 * 60 + 9) * 1000,
    menus: new Map(),
    users: [...(options.users ?? [{ name: 'admin', password: SEEDED_SECRETS.adminPassword, group: 'full' }])],
    log: [],
    received: [],
    rebootCount: 0,
    nextId: 1,
  };
  const menu = (m: Omit<RosMenu, 'items'>, rows: Row[]): RosMenu => {
    const full: RosMenu = { ...m, items: rows.map((r) => makeItem(state, r, m.defaults)) };
    state.menus.set(m.path, full);
    return full;
  };
  const iface = { sensitive: [], hidden: [], nameProp: 'name' } as const;
  const ifaces = menu(
    {
      ...iface,
      path: 'interface',
      columns: ['name', 'type', 'actual-mtu', 'l2mtu', 'mac-address'],
      printStyle: 'table',
      readonly: ['type', 'actual-mtu', 'l2mtu', 'mac-address'],
      exportable: false,
    },
    [1, 2, 3, 4, 5].map((n) => ({
      name: `ether${n}`,
      'default-name': `ether${n}`,
      type: 'ether',
      'actual-mtu': '1500',
      l2mtu: '1598',
      'mac-address': `48:8F:5A:10:20:0${n}`,
      ...(n === 1 ? { comment: 'WAN uplink' } : {}),
    })),
  );
  const bridge = menu(
    {
      ...iface,
      path: 'interface/bridge',
      columns: ['name', 'mtu', 'actual-mtu', 'l2mtu', 'protocol-mode', 'mac-address'],
      printStyle: 'table',
      readonly: ['type', 'actual-mtu', 'l2mtu', 'mac-address'],
      exportable: true,
      mirror: 'interface',
      defaults: { type: 'bridge', mtu: 'auto', 'actual-mtu': '1500', l2mtu: '1598', 'protocol-mode': 'rstp' },
    },
    [{ name: 'bridge1', 'mac-address': '48:8F:5A:10:20:02' }],
  );
  const vlan = menu(
    {
      ...iface,
      path: 'interface/vlan',
      columns: ['name', 'mtu', 'arp', 'vlan-id', 'interface'],
      printStyle: 'table',
      readonly: ['type', 'actual-mtu', 'l2mtu', 'mac-address'],
      exportable: true,
      mirror: 'interface',
      defaults: { type: 'vlan', mtu: '1500', 'actual-mtu': '1500', l2mtu: '1594', arp: 'enabled' },
    },
    [
      { name: 'vlan10', 'vlan-id': '10', interface: 'bridge1', 'mac-address': '48:8F:5A:10:20:02' },
      {
        name: 'vlan20',
        'vlan-id': '20',
        interface: 'bridge1',
        comment: 'staff',
        'mac-address': '48:8F:5A:10:20:02',
        ...(fault === 'vlan-disabled' ? { disabled: 'yes' } : {}),
      },
    ],
  );
  const wifiProfiles = menu(
    {
      path: 'interface/wireless/security-profiles',
      columns: ['name', 'mode', 'authentication-types', 'wpa2-pre-shared-key'],
      printStyle: 'table',
      sensitive: ['wpa2-pre-shared-key'],
      hidden: [],
      readonly: [],
      nameProp: 'name',
      exportable: true,
    },
    [
      { name: 'default', mode: 'none', 'authentication-types': '' },
      {
        name: 'office',
        mode: 'dynamic-keys',
        'authentication-types': 'wpa2-psk',
        'wpa2-pre-shared-key': SEEDED_SECRETS.wpaPsk,
      },
    ],
  );
  ifaces.items.push(...bridge.items, ...vlan.items);
  void wifiProfiles;
  const addr = {
    sensitive: [],
    hidden: [],
    readonly: ['network'],
    nameProp: null,
    exportable: true,
  } as const;
  menu({ ...addr, path: 'ip/address', columns: ['address', 'network', 'interface'], printStyle: 'table' }, [
    { address: '203.0.113.2/30', network: '203.0.113.0', interface: 'ether1', comment: 'WAN' },
    { address: '192.168.88.1/24', network: '192.168.88.0', interface: 'bridge1' },
    { address: '10.10.0.1/24', network: '10.10.0.0', interface: 'vlan10' },
    { address: '10.20.0.1/24', network: '10.20.0.0', interface: 'vlan20' },
  ]);
  menu(
    {
      ...addr,
      readonly: [],
      path: 'ip/route',
      columns: ['dst-address', 'gateway', 'distance'],
      printStyle: 'table',
    },
    [
      { 'dst-address': '0.0.0.0/0', gateway: '203.0.113.1', distance: '1' },
      {
        'dst-address': '172.16.50.0/24',
        gateway: '10.255.255.2',
        distance: '1',
        comment: 'branch via IPsec',
      },
    ],
  );
  menu(
    {
      ...addr,
      readonly: [],
      path: 'ip/firewall/filter',
      columns: ['chain', 'action', 'src-address', 'dst-address', 'in-interface', 'protocol'],
      printStyle: 'detail',
    },
    [
      {
        chain: 'input',
        action: 'accept',
        'connection-state': 'established,related',
        comment: 'defconf: accept established,related',
      },
      { chain: 'input', action: 'drop', 'connection-state': 'invalid', comment: 'defconf: drop invalid' },
      { chain: 'input', action: 'accept', protocol: 'icmp', comment: 'defconf: accept ICMP' },
      {
        chain: 'forward',
        action: 'drop',
        'src-address': '10.20.0.0/24',
        comment: 'maintenance: block vlan20',
        ...(fault === 'firewall-drop' ? {} : { disabled: 'yes' }),
      },
      {
        chain: 'forward',
        action: 'accept',
        'connection-state': 'established,related',
        comment: 'defconf: fasttrack',
      },
      { chain: 'input', action: 'drop', 'in-interface': 'ether1', comment: 'defconf: drop all from WAN' },
    ],
  );
  menu(
    {
      path: 'user',
      columns: ['name', 'group', 'address', 'last-logged-in'],
      printStyle: 'table',
      sensitive: [],
      hidden: ['password'],
      readonly: ['last-logged-in'],
      nameProp: 'name',
      exportable: false,
    },
    state.users.map((u) => ({
      name: u.name,
      group: u.group ?? 'full',
      password: u.password,
      'last-logged-in': '',
    })),
  );
  menu(
    {
      path: 'ppp/secret',
      columns: ['name', 'service', 'profile', 'remote-address', 'password'],
      printStyle: 'table',
      sensitive: ['password'],
      hidden: [],
      readonly: [],
      nameProp: 'name',
      exportable: true,
    },
    [
      {
        name: 'branch-office',
        service: 'l2tp',
        profile: 'default-encryption',
        'remote-address': '10.255.255.2',
        'local-address': '10.255.255.1',
        password: SEEDED_SECRETS.pppPassword,
      },
    ],
  );
  menu(
    {
      path: 'ip/ipsec/peer',
      columns: ['name', 'address', 'profile', 'exchange-mode'],
      printStyle: 'table',
      sensitive: [],
      hidden: [],
      readonly: [],
      nameProp: 'name',
      exportable: true,
    },
    [{ name: 'branch', address: '198.51.100.7/32', profile: 'default', 'exchange-mode': 'ike2' }],
  );
  menu(
    {
      path: 'ip/ipsec/identity',
      columns: ['peer', 'auth-method', 'secret'],
      printStyle: 'table',
      sensitive: ['secret'],
      hidden: [],
      readonly: [],
      nameProp: null,
      exportable: true,
    },
    [{ peer: 'branch', 'auth-method': 'pre-shared-key', secret: SEEDED_SECRETS.ipsecSecret }],
  );
  menu(
    {
      path: 'snmp/community',
      columns: ['name', 'addresses', 'security', 'read-access', 'write-access'],
      printStyle: 'table',
      sensitive: ['authentication-password'],
      hidden: [],
      readonly: [],
      nameProp: 'name',
      exportable: true,
    },
    [
      {
        name: 'public',
        addresses: '::/0',
        security: 'none',
        'read-access': 'yes',
        'write-access': 'no',
        disabled: 'yes',
      },
      {
        name: SEEDED_SECRETS.snmpCommunity,
        addresses: '10.10.0.0/24',
        security: 'authorized',
        'read-access': 'yes',
        'write-access': 'no',
        'authentication-protocol': 'SHA1',
        'authentication-password': SEEDED_SECRETS.snmpAuthPassword,
      },
    ],
  );
  const t0 = new Date(state.bootedAt);
  const stamp = (offsetS: number) =>
    new Date(t0.getTime() + offsetS * 1000).toISOString().slice(0, 19).replace('T', ' ');
  state.log.push(
    { time: stamp(5), topics: 'system,info', message: 'router rebooted' },
    { time: stamp(40), topics: 'interface,info', message: 'ether1 link up (speed 1G, full duplex)' },
    { time: stamp(41), topics: 'interface,info', message: 'bridge1 link up' },
    {
      time: stamp(90),
      topics: 'system,info,account',
      message: 'user admin logged in from 10.10.0.50 via ssh',
    },
    fault === 'firewall-drop'
      ? { time: stamp(95), topics: 'system,info', message: 'filter rule added by admin' }
      : { time: stamp(95), topics: 'system,info', message: 'vlan20 disabled by admin' },
  );
  return state;
}

function makeItem(
  state: RosState,
  row: Row,
  defaults: Readonly<Record<string, string>> | undefined,
): RosItem {
  const { disabled, ...props } = row;
  return {
    id: `*${(state.nextId++).toString(16).toUpperCase()}`,
    disabled: disabled === 'yes',
    props: { ...defaults, ...props },
  };
}

/**
 * Adds an item to a menu (and to its mirror menu), returning it.
 * @example
 * addItem(state, state.menus.get('ip/address')!, { address: '10.30.0.1/24', interface: 'bridge1' })
 */
export function addItem(state: RosState, menu: RosMenu, props: Record<string, string>): RosItem {
  const item = makeItem(state, props, menu.defaults);
  menu.items.push(item);
  if (menu.mirror !== undefined) state.menus.get(menu.mirror)?.items.push(item);
  return item;
}

/**
 * Removes an item from a menu and its mirror.
 * @example
 * removeItem(state, menu, item)
 */
export function removeItem(state: RosState, menu: RosMenu, item: RosItem): void {
  for (const m of [menu, menu.mirror === undefined ? undefined : state.menus.get(menu.mirror)]) {
    if (m === undefined) continue;
    const i = m.items.indexOf(item);
    if (i >= 0) m.items.splice(i, 1);
  }
  // Removing an item from the base menu also removes it from menus that mirror into it.
  for (const other of state.menus.values()) {
    if (other.mirror === menu.path) {
      const i = other.items.indexOf(item);
      if (i >= 0) other.items.splice(i, 1);
    }
  }
}

/**
 * Every secret value the device holds, with where it lives and whether RouterOS hides it without
 * `show-sensitive`, so tests can assert that none reached a model.
 * @example
 * for (const s of listSecrets(state)) expect(sentToModel).not.toContain(s.value)
 */
export function listSecrets(
  state: RosState,
): Array<{ path: string; prop: string; value: string; hiddenByDefault: boolean }> {
  const out: Array<{ path: string; prop: string; value: string; hiddenByDefault: boolean }> = [];
  for (const m of state.menus.values()) {
    for (const item of m.items) {
      for (const prop of [...m.sensitive, ...m.hidden]) {
        const value = item.props[prop];
        if (value !== undefined && value.length > 0)
          out.push({ path: `/${m.path}`, prop, value, hiddenByDefault: true });
      }
      if (m.path === 'snmp/community' && item.props.name !== 'public') {
        // An SNMP community name is a shared secret that RouterOS prints in the clear.
        out.push({
          path: '/snmp/community',
          prop: 'name',
          value: item.props.name ?? '',
          hiddenByDefault: false,
        });
      }
    }
  }
  return out;
}

/**
 * Whether VLAN 20 hosts can reach the router and beyond, derived from state (drives `/ping`).
 * @example
 * vlan20Reachable(state) // false in the seeded fault
 */
export function vlan20Reachable(state: RosState): boolean {
  const vlan = state.menus.get('interface')?.items.find((i) => i.props.name === 'vlan20');
  if (vlan === undefined || vlan.disabled) return false;
  const addr = state.menus
    .get('ip/address')
    ?.items.find((i) => !i.disabled && i.props.interface === 'vlan20');
  if (addr === undefined) return false;
  const drops = state.menus
    .get('ip/firewall/filter')
    ?.items.some(
      (i) =>
        !i.disabled && i.props.action === 'drop' && (i.props['src-address'] ?? '').startsWith('10.20.0.'),
    );
  return drops !== true;
}
