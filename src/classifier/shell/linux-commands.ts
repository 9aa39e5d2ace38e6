/**
 * Rules for individual Linux commands: what each program does with its arguments. Wrappers (`sudo`,
 * `env`, `timeout`, `xargs`, `find -exec`, `bash -c`, `ssh host cmd`…) unwrap to the command they run;
 * programs that read arbitrary code (`python3 -c`, `awk 'BEGIN{system()}'`, `sh` on a pipe) are never read.
 */
import { higherRisk, riskRank } from '../risk.js';
import type { ShWord } from './ir.js';
import { isCriticalPath, isSecretPath, isWideTarget } from './paths.js';
import { type CmdContext, type CmdVerdict, literals, v } from './verdict.js';

const READ_ANY_ARGS = new Set(
  (
    'ls ll la dir vdir pwd whoami id groups uname uptime cal df du free vmstat iostat mpstat pidstat sar top htop atop ' +
    'ps pgrep pidof lsof ss netstat stat file which whereis type realpath readlink basename dirname printenv lsblk blkid ' +
    'lscpu lsmod lspci lsusb lshw dmidecode nproc arch tree last lastb lastlog w who users finger pinky getconf locale ' +
    'true false sleep test [ [[ expr seq cd pushd popd dirs : hash help man info apropos whatis traceroute traceroute6 ' +
    'tracepath tracepath6 mtr dig nslookup host whois arping nstat ifstat iftop nload bmon lsattr getfacl numfmt tty ' +
    'jobs wait read mapfile readarray let times echo printf yes env-check lsns lsipc lslocks lsinitramfs ' +
    'ip-check nmap-check findmnt iotop slabtop sensors hwclock-check inxi neofetch screenfetch mokutil-check ' +
    'resolvectl-check lldpctl ibstat ibv_devinfo ipcs pstree fuser-check'
  ).split(' '),
);

/** Read commands whose file arguments are shown: a secret path among them makes them moderate. */
const READ_CONTENT = new Set(
  (
    'cat tac less more most head tail grep egrep fgrep rgrep rg ag ack zgrep zegrep zfgrep zcat bzcat xzcat zstdcat ' +
    'zless zmore wc cut tr nl fold fmt paste join comm diff diff3 sdiff cmp colordiff md5sum sha1sum sha224sum ' +
    'sha256sum sha384sum sha512sum b2sum cksum sum base64 base32 basenc xxd hexdump od strings jq yq column rev look ' +
    'expand unexpand iconv pr view-file'
  ).split(' '),
);

const SHELLS = new Set([
  'sh',
  'bash',
  'zsh',
  'dash',
  'ksh',
  'mksh',
  'ash',
  'fish',
  'csh',
  'tcsh',
  'busybox-sh',
]);
const INTERPRETERS = new Set([
  'python',
  'python2',
  'python3',
  'perl',
  'ruby',
  'node',
  'nodejs',
  'php',
  'lua',
  'tclsh',
  'Rscript',
  'pwsh',
  'powershell',
  'deno',
  'bun',
  'osascript',
  'jshell',
  'irb',
  'groovy',
]);
const FETCHERS = new Set([
  'curl',
  'wget',
  'fetch',
  'nc',
  'ncat',
  'netcat',
  'socat',
  'aria2c',
  'http',
  'https',
  'xh',
  'lwp-request',
  'GET',
  'tftp',
  'ftp',
  'scp',
  'rsync',
]);
const DANGEROUS_ALWAYS: Record<string, string> = {
  reboot: 'reboots the host',
  shutdown: 'shuts the host down',
  poweroff: 'powers the host off',
  halt: 'halts the host',
  kexec: 'replaces the running kernel',
  wipefs: 'erases filesystem signatures',
  shred: 'irreversibly overwrites files',
  sfdisk: 'rewrites a partition table',
  sgdisk: 'rewrites a partition table',
  gdisk: 'edits a partition table',
  mkswap: 'formats a swap area',
  chpasswd: 'changes passwords in bulk',
  killall5: 'signals every process',
  pvremove: 'removes LVM physical volumes',
  vgremove: 'removes LVM volume groups',
  lvremove: 'removes LVM logical volumes',
  'mdadm-zero': 'erases RAID metadata',
  blkdiscard: 'discards every block of a device',
  'iptables-restore': 'replaces the whole firewall ruleset',
  'ip6tables-restore': 'replaces the whole firewall ruleset',
  'nft-restore': 'replaces the whole firewall ruleset',
  fsck: 'repairs a filesystem (can destroy data when mounted)',
  e2fsck: 'repairs a filesystem (can destroy data when mounted)',
  xfs_repair: 'repairs a filesystem',
  flashrom: 'rewrites firmware',
  'fwupdmgr-install': 'updates firmware',
  'do-release-upgrade': 'upgrades the OS release',
  'rpi-update': 'updates firmware',
  'grub-install': 'rewrites the boot loader',
  'update-grub': 'rewrites the boot loader',
  'grub2-mkconfig': 'rewrites the boot loader',
  dracut: 'rebuilds the initramfs',
  mkinitramfs: 'rebuilds the initramfs',
  'update-initramfs': 'rebuilds the initramfs',
};
const MODERATE_ALWAYS = new Set(
  (
    'cp mv mkdir touch ln install rmdir truncate tee chgrp setfacl chattr split csplit patch mktemp rsync scp sftp ' +
    'ftp tftp useradd groupadd groupmod gpasswd newgrp chage chfn chsh visudo vipw vigr vi vim nvim nano emacs ed ' +
    'ex pico joe mcedit crontab at batch modprobe insmod rmmod depmod swapon swapoff umount losetup ' +
    'logger wall write mesg renice sysctl-set hwclock timedatectl-set update-alternatives ldconfig ' +
    'a2enmod a2dismod a2ensite a2dissite certbot htpasswd ssh-keygen ssh-copy-id gpg localectl loginctl ' +
    'pip pip3 npm yarn pnpm gem cargo go make cmake gcc cc g++ tar unzip zip gzip gunzip bzip2 bunzip2 xz unxz zstd 7z ' +
    'restorecon setenforce setsebool semanage aa-enforce aa-complain ntpdate chronyc-set mail sendmail mutt'
  ).split(' '),
);
/** Commands that delete things (dangerous in loops, xargs and find -exec). */
const REMOVERS = new Set([
  'rm',
  'unlink',
  'rmdir',
  'shred',
  'userdel',
  'groupdel',
  'kill',
  'pkill',
  'killall',
  'truncate',
]);

const PROTECTED_SERVICES =
  /^(sshd?|openssh(-server)?|ssh\.socket|sshd\.socket|network|networking|NetworkManager|systemd-networkd|systemd-resolved|dbus|systemd-logind|wpa_supplicant|dhcpcd|ifup@.*|getty@.*|serial-getty@.*)(\.service)?$/;

const SECRET_EXAMPLES = [
  '/etc/shadow',
  '/etc/gshadow',
  '/root/.ssh/id_rsa',
  '/root/.ssh/id_ed25519',
  '/home/u/.ssh/id_rsa',
  '/etc/ssl/private/server.key',
  '/etc/ssh/ssh_host_rsa_key',
  '/root/.aws/credentials',
  '/proc/1/environ',
];

/** True when a glob word could match a secret file (checked against typical secret paths). */
function globMayBeSecret(raw: string): boolean {
  // Many wildcards would make the test regex backtrack badly; such a glob may match anything.
  if (raw.length > 200 || (raw.match(/[*?[]/g)?.length ?? 0) > 8) return true;
  let re = '^';
  for (const ch of raw)
    re +=
      ch === '*'
        ? '.*'
        : ch === '?'
          ? '.'
          : ch === '['
            ? '['
            : ch === ']'
              ? ']'
              : /[\\^$.|+(){}]/.test(ch)
                ? `\\${ch}`
                : ch;
  try {
    const r = new RegExp(`${re}$`);
    return SECRET_EXAMPLES.some((p) => r.test(p) || r.test(p.replace(/^\/root|^\/home\/u/, '~')));
  } catch {
    return true;
  }
}

/** Verdict for file arguments that are shown to the caller. */
function contentArgs(args: readonly ShWord[]): CmdVerdict | undefined {
  for (const a of args) {
    if (a.literal) {
      if (isSecretPath(a.text)) return v('moderate', 'linux.secret-file', `reads a secret file (${a.text})`);
    } else if (a.glob) {
      if (globMayBeSecret(a.text))
        return v('moderate', 'linux.secret-glob', 'a glob may match a secret file');
    } else if (!a.text.startsWith('-')) {
      const stripped = a.text.replace(/\$\{?[A-Za-z_][A-Za-z0-9_]*\}?/g, '/x').replace(/["']/g, '');
      if (isSecretPath(stripped)) return v('moderate', 'linux.secret-file', 'reads a secret file');
      if (/^\/x$/.test(stripped) || a.fromCommand)
        return v('unknown', 'linux.dynamic-file', 'shows a file chosen at run time');
    }
  }
  return undefined;
}

function has(args: readonly string[], ...flags: string[]): boolean {
  return args.some((a) => flags.includes(a));
}
/** Short-option cluster test: `-rf` has `r`. */
function hasShort(args: readonly string[], ch: string): boolean {
  return args.some((a) => /^-[A-Za-z]+$/.test(a) && a.includes(ch));
}
function positionals(args: readonly string[]): string[] {
  return args.filter((a) => !a.startsWith('-'));
}

/**
 * Classifies one simple command given as words (the first is the program).
 * @example
 * classifyArgv(words('ls -l'), ctx) // { risk: 'read', … }
 */
export function classifyArgv(words: readonly ShWord[], ctx: CmdContext): CmdVerdict {
  if (words.length === 0) return v('read', 'linux.empty', 'no command');
  const head = words[0]!;
  if (!head.literal) return v('unknown', 'linux.dynamic-command', 'the program name is computed at run time');
  const path = head.text;
  const name = path.includes('/') ? path.slice(path.lastIndexOf('/') + 1) : path;
  const rest = words.slice(1);
  const args = rest.map((w) => w.text);
  const lit = literals(rest);
  let r = rule(name, rest, args, lit, ctx);
  // Case never lowers risk: `RM -RF /` runs rm on case-insensitive filesystems.
  if (r.rule === 'linux.unknown-command' && name !== name.toLowerCase()) {
    const lower = rule(
      name.toLowerCase(),
      rest,
      args.map((a) => a.toLowerCase()),
      lit?.map((a) => a.toLowerCase()),
      ctx,
    );
    if (riskRank(lower.risk) > riskRank(r.risk)) r = lower;
  }
  // A read that shows files is moderate when one of them is a secret.
  if (r.risk === 'read') {
    // Only programs that print file content can leak a secret file; `ls -l /etc/shadow` does not.
    if (READ_CONTENT.has(name) || /^(awk|gawk|mawk|sed|sort|uniq|curl|wget)$/.test(name)) {
      const s = contentArgs(rest);
      if (s) return s;
    }
  }
  return r;
}

function rule(
  name: string,
  rest: readonly ShWord[],
  args: string[],
  lit: string[] | undefined,
  ctx: CmdContext,
): CmdVerdict {
  const danger = Object.hasOwn(DANGEROUS_ALWAYS, name) ? DANGEROUS_ALWAYS[name] : undefined;
  if (danger !== undefined) return v('dangerous', `linux.${name}`, danger);
  if (/^mkfs(\..+)?$|^mke2fs$|^mkfs\.|^mkdosfs$/.test(name))
    return v('dangerous', 'linux.mkfs', 'formats a filesystem');
  if (READ_CONTENT.has(name)) return v('read', `linux.read.${name}`, `${name} only reads`);
  if (READ_ANY_ARGS.has(name)) return readish(name, args, ctx);
  if (MODERATE_ALWAYS.has(name)) {
    if (name === 'tee' && rest.some((w) => w.literal && isCriticalPath(w.text)))
      return v('dangerous', 'linux.tee.critical', 'overwrites a critical system file');
    if ((name === 'mv' || name === 'truncate') && positionals(args).some(isCriticalPath))
      return v('dangerous', `linux.${name}.critical`, 'moves away or empties a critical system file');
    if (
      (name === 'cp' || name === 'mv' || name === 'install' || name === 'ln') &&
      positionals(args).slice(-1).some(isCriticalPath)
    )
      return v('dangerous', `linux.${name}.critical`, 'overwrites a critical system file');
    if ((name === 'at' || name === 'batch') && ctx.stdin.kind === 'text') {
      // The job runs later with the same effect: judge it by its text.
      const job = ctx.shell(ctx.stdin.text);
      if (riskRank(job.risk) > riskRank('moderate')) return tag(job, name);
    }
    if (name === 'crontab' && has(args, '-l')) return v('read', 'linux.crontab.list', 'lists the crontab');
    if (name === 'crontab' && has(args, '-r'))
      return v('dangerous', 'linux.crontab.remove', 'removes the whole crontab', true);
    if (name === 'hwclock' && (args.length === 0 || has(args, '-r', '--show')))
      return v('read', 'linux.hwclock.show', 'shows the clock');
    if (name === 'tar' && args.length > 0 && /^-?[a-z]*t[a-z]*$/.test(args[0]!) && !/[cxru]/.test(args[0]!))
      return v('read', 'linux.tar.list', 'lists an archive');
    if (
      (name === 'pip' || name === 'pip3') &&
      /^(list|show|freeze|check|search|--version|-V)$/.test(args[0] ?? '')
    )
      return v('read', 'linux.pip.query', 'queries packages');
    if (
      (name === 'npm' || name === 'yarn' || name === 'pnpm') &&
      /^(ls|list|view|info|outdated|-v|--version|why|explain)$/.test(args[0] ?? '')
    )
      return v('read', `linux.${name}.query`, 'queries packages');
    if (name === 'rmmod' || name === 'swapoff')
      return v('moderate', `linux.${name}`, `${name} changes the running system`, name === 'rmmod');
    return v('moderate', `linux.${name}`, `${name} changes files or system state`, REMOVERS.has(name));
  }
  const program = PROGRAM_RULES.get(name);
  if (program) return program({ name, rest, args, lit, ctx });
  if (SHELLS.has(name)) return shell(name, rest, ctx);
  if (INTERPRETERS.has(name) || /^python[0-9.]+$|^perl[0-9.]+$|^ruby[0-9.]+$|^php[0-9.]+$/.test(name))
    return interpreter(name, rest, ctx);
  if (name === 'zypper' || name === 'emerge' || name === 'opkg' || name === 'pkg') return pkg(name, args);
  if (name === 'lsblk' || name === 'hdparm') return v('unknown', `linux.${name}`, 'not recognised');
  return v('unknown', 'linux.unknown-command', `${name} is not a recognised command`);
}

/** What every per-program rule receives. */
interface RuleInput {
  readonly name: string;
  readonly rest: readonly ShWord[];
  readonly args: string[];
  readonly lit: string[] | undefined;
  readonly ctx: CmdContext;
}

type ProgramRule = (input: RuleInput) => CmdVerdict;

function programRules(
  entries: ReadonlyArray<readonly [readonly string[], ProgramRule]>,
): Map<string, ProgramRule> {
  const rules = new Map<string, ProgramRule>();
  // The first entry naming a program wins, as the first matching `case` did.
  for (const [names, fn] of entries) for (const n of names) if (!rules.has(n)) rules.set(n, fn);
  return rules;
}

// One small function per program, found by one hash lookup: a switch over ~350 names made one huge
// function that V8 optimised late (after ~100 profiler ticks) and that compared names one by one.
const PROGRAM_RULES: ReadonlyMap<string, ProgramRule> = programRules([
  [['sudo', 'doas', 'pkexec'], ({ rest, ctx }) => sudo(rest, ctx)],
  [['env'], ({ rest, ctx }) => env(rest, ctx)],
  [
    [
      'nohup',
      'time',
      'builtin',
      'exec',
      'setsid',
      'unbuffer',
      'stdbuf',
      'nice',
      'ionice',
      'chrt',
      'taskset',
      'numactl',
      'caffeinate',
      'strace',
      'ltrace',
      'valgrind',
      'torsocks',
      'proxychains',
      'proxychains4',
      'firejail',
      'busybox',
      'catchsegv',
      'faketime',
      'cgexec',
      'systemd-inhibit',
    ],
    ({ name, rest, ctx }) => wrapper(name, rest, ctx),
  ],
  [
    ['command'],
    ({ name, rest, args, ctx }) => {
      if (args[0] === '-v' || args[0] === '-V') return v('read', 'linux.command-v', 'looks a command up');
      return wrapper(name, rest, ctx);
    },
  ],
  [['timeout'], ({ name, rest, ctx }) => wrapper(name, rest, ctx, 1)],
  [['chroot'], ({ name, rest, ctx }) => wrapper(name, rest, ctx, 1)],
  [['flock'], ({ name, rest, ctx }) => wrapper(name, rest, ctx, 1)],
  [['runuser', 'su'], ({ rest, ctx }) => su(rest, ctx)],
  [['watch'], ({ rest, ctx }) => watch(rest, ctx)],
  [['xargs'], ({ rest, ctx }) => xargs(rest, ctx)],
  [['find'], ({ rest, ctx }) => find(rest, ctx)],
  [
    ['eval'],
    ({ lit, ctx }) => {
      if (!lit) return v('unknown', 'linux.eval.dynamic', 'eval of text computed at run time');
      return tag(ctx.shell(lit.join(' ')), 'eval');
    },
  ],
  [['source', '.'], (_input) => v('unknown', 'linux.source', 'runs the commands of a file')],
  [['trap', 'alias'], ({ name, lit, ctx }) => aliasLike(name, lit, ctx)],
  [['ssh'], ({ rest, ctx }) => ssh(rest, ctx)],
  [['rm'], ({ args }) => rm(args)],
  [
    ['dd'],
    ({ args }) =>
      has(
        args.map((a) => a.split('=')[0]!),
        'of',
      )
        ? v('dangerous', 'linux.dd', 'writes raw blocks to a file or device')
        : v('moderate', 'linux.dd.stdout', 'copies raw data'),
  ],
  [
    ['chmod', 'chown'],
    ({ name, args }) => {
      const recursive = hasShort(args, 'R') || has(args, '--recursive');
      const targets = positionals(args).slice(1);
      if (recursive && targets.some(isWideTarget))
        return v('dangerous', `linux.${name}.recursive-wide`, `${name} -R on a system-wide path`);
      if (targets.some(isCriticalPath) || targets.some((t) => /^\/etc\/(shadow|sudoers|passwd)/.test(t)))
        return v('dangerous', `linux.${name}.critical`, `${name} on a critical system file`);
      return v('moderate', `linux.${name}`, `${name} changes permissions`);
    },
  ],
  [
    ['passwd'],
    ({ args }) => {
      if (has(args, '-S', '--status')) return v('read', 'linux.passwd.status', 'shows password status');
      if (
        positionals(args).length === 0 ||
        positionals(args).includes('root') ||
        has(args, '-d', '-l', '--delete', '--lock')
      )
        return v('dangerous', 'linux.passwd.admin', 'changes or disables the administrator password');
      return v('moderate', 'linux.passwd', "changes a user's password");
    },
  ],
  [
    ['userdel', 'deluser'],
    ({ args }) =>
      positionals(args).includes('root')
        ? v('dangerous', 'linux.userdel.root', 'removes root')
        : v('moderate', 'linux.userdel', 'removes a user', true),
  ],
  [
    ['usermod'],
    ({ args }) =>
      positionals(args).includes('root') || has(args, '-L', '--lock', '-e', '--expiredate')
        ? v('dangerous', 'linux.usermod.lock', 'locks or changes a privileged account')
        : v('moderate', 'linux.usermod', 'changes a user'),
  ],
  [
    ['init', 'telinit'],
    ({ args }) =>
      /^[0-6sS]$/.test(args[0] ?? '') && !/^[2-5]$/.test(args[0]!)
        ? v('dangerous', 'linux.init', 'changes the runlevel (halt, reboot or single-user)')
        : v('moderate', 'linux.init', 'changes the runlevel'),
  ],
  [
    ['fdisk', 'cfdisk', 'parted', 'gparted'],
    ({ name, args }) => {
      if (
        has(args, '-l', '--list') ||
        (name === 'parted' &&
          (args.includes('print') || args.includes('-l')) &&
          !/mklabel|rm|mkpart|resize|name|set|unit/.test(args.join(' ').replace(/\bprint\b/, '')))
      )
        return v('read', `linux.${name}.list`, 'lists partitions');
      return v('dangerous', `linux.${name}`, 'edits a partition table');
    },
  ],
  [['kill', 'pkill', 'killall'], ({ name, args }) => kill(name, args)],
  [['systemctl'], ({ args }) => systemctl(args)],
  [['service'], ({ args }) => service(args)],
  [['ip'], ({ rest, args, ctx }) => ip(args, rest, ctx)],
  [
    ['iptables', 'ip6tables', 'iptables-legacy', 'ip6tables-legacy', 'iptables-nft', 'ebtables', 'arptables'],
    ({ name, args }) => iptables(name, args),
  ],
  [['iptables-save', 'ip6tables-save'], (_input) => v('read', 'linux.iptables-save', 'prints the ruleset')],
  [['nft'], ({ args }) => nft(args)],
  [['ufw'], ({ args }) => ufw(args)],
  [['firewall-cmd'], ({ args }) => firewallCmd(args)],
  [
    ['apt', 'apt-get', 'aptitude', 'yum', 'dnf', 'zypper', 'apk', 'pacman', 'snap', 'flatpak', 'brew'],
    ({ name, args }) => pkg(name, args),
  ],
  [
    ['apt-cache', 'apt-mark'],
    ({ name, args }) =>
      args[0] === 'hold' || args[0] === 'unhold'
        ? v('moderate', 'linux.apt-mark', 'changes package holds')
        : v('read', `linux.${name}`, 'queries packages'),
  ],
  [['dpkg', 'rpm'], ({ name, args }) => dpkg(name, args)],
  [['dpkg-query', 'rpmquery'], ({ name }) => v('read', `linux.${name}`, 'queries packages')],
  [['docker', 'podman', 'nerdctl'], ({ name, args, ctx }) => docker(name, args, ctx)],
  [['kubectl', 'oc'], ({ name, args }) => kubectl(name, args)],
  [['git'], ({ args }) => git(args)],
  [
    ['hostnamectl', 'timedatectl', 'localectl', 'resolvectl', 'networkctl', 'loginctl', 'bootctl'],
    ({ name, args }) => ctl(name, args),
  ],
  [
    ['hostname'],
    ({ args }) =>
      positionals(args).length === 0 && !has(args, '-b', '-F', '--file', '--boot')
        ? v('read', 'linux.hostname', 'shows the hostname')
        : v('moderate', 'linux.hostname.set', 'changes the hostname'),
  ],
  [
    ['date'],
    ({ args }) =>
      has(args, '-s', '--set') || positionals(args).some((a) => !a.startsWith('+'))
        ? v('moderate', 'linux.date.set', 'sets the clock')
        : v('read', 'linux.date', 'shows the date'),
  ],
  [['nmcli'], ({ args }) => nmcli(args)],
  [
    ['journalctl'],
    ({ args }) =>
      args.some((a) => /^--(vacuum|rotate|flush|relinquish|sync|setup-keys)/.test(a))
        ? v('moderate', 'linux.journalctl.maintain', 'rotates or deletes journal files')
        : v('read', 'linux.journalctl', 'reads logs'),
  ],
  [
    ['dmesg'],
    ({ args }) =>
      hasShort(args, 'c') ||
      hasShort(args, 'C') ||
      has(
        args,
        '--clear',
        '--read-clear',
        '-D',
        '-E',
        '-n',
        '--console-off',
        '--console-on',
        '--console-level',
      )
        ? v('moderate', 'linux.dmesg.clear', 'clears or reconfigures the kernel log')
        : v('read', 'linux.dmesg', 'reads the kernel log'),
  ],
  [
    ['sysctl'],
    ({ args }) =>
      has(args, '-w', '--write', '-p', '--load', '--system') || args.some((a) => a.includes('='))
        ? v('moderate', 'linux.sysctl.set', 'changes kernel parameters')
        : v('read', 'linux.sysctl', 'reads kernel parameters'),
  ],
  [
    ['mount'],
    ({ args }) =>
      args.length === 0 ||
      (args.length <= 2 &&
        args.every((a) => /^-[lt]$|^-[a-z]*l|^(ext4|xfs|nfs|tmpfs|proc|cgroup2?)$/.test(a)) &&
        !args.some((a) => a.startsWith('/')))
        ? v('read', 'linux.mount.list', 'lists mounts')
        : v('moderate', 'linux.mount', 'mounts a filesystem'),
  ],
  [
    ['ifconfig'],
    ({ args }) =>
      args.length <= 1 || (args.length === 1 && args[0] === '-a') || (args.length === 2 && args[0] === '-a')
        ? v('read', 'linux.ifconfig', 'shows interfaces')
        : args.includes('down')
          ? v('dangerous', 'linux.ifconfig.down', 'takes an interface down')
          : v('moderate', 'linux.ifconfig.set', 'changes an interface'),
  ],
  [['ifdown'], (_input) => v('dangerous', 'linux.ifdown', 'takes an interface down')],
  [['ifup'], (_input) => v('moderate', 'linux.ifup', 'brings an interface up')],
  [
    ['route'],
    ({ args }) =>
      args.every((a) => /^-[nveFC]+$/.test(a))
        ? v('read', 'linux.route', 'shows routes')
        : args.includes('default') && args.includes('del')
          ? v('dangerous', 'linux.route.del-default', 'removes the default route')
          : v('moderate', 'linux.route.set', 'changes routes'),
  ],
  [
    ['arp'],
    ({ args }) =>
      args.every((a) => /^-[anve]+$/.test(a) || !a.startsWith('-')) && !has(args, '-d', '-s', '-f')
        ? v('read', 'linux.arp', 'shows the ARP cache')
        : v('moderate', 'linux.arp.set', 'changes the ARP cache'),
  ],
  [
    ['ping', 'ping6'],
    ({ args }) =>
      hasShort(args, 'f') || has(args, '--flood')
        ? v('moderate', 'linux.ping.flood', 'a flood ping loads the network')
        : v('read', 'linux.ping', 'sends echo requests'),
  ],
  [['curl'], ({ args, ctx }) => curl(args, ctx)],
  [['wget'], ({ args }) => wget(args)],
  [
    ['tcpdump', 'tshark', 'dumpcap'],
    ({ name, args }) =>
      hasShort(args, 'w') || has(args, '--write')
        ? v('moderate', `linux.${name}.write`, 'writes a capture file')
        : v('read', `linux.${name}`, 'captures packets to the screen'),
  ],
  [
    ['ethtool'],
    ({ args }) =>
      args.length === 0 ||
      args.length === 1 ||
      /^-(i|S|k|g|l|a|c|T|m|P|-show-\w+|-driver|-statistics)$/.test(args[0] ?? '')
        ? v('read', 'linux.ethtool', 'shows NIC settings')
        : v('moderate', 'linux.ethtool.set', 'changes NIC settings'),
  ],
  [
    ['tc'],
    ({ args }) =>
      /^(show|list|ls|-s|-d|-j)$/.test(args[1] ?? '') ||
      args.slice(0, 3).some((a) => a === 'show' || a === 'ls' || a === 'list')
        ? v('read', 'linux.tc.show', 'shows traffic control')
        : v('moderate', 'linux.tc.set', 'changes traffic control'),
  ],
  [
    ['ipset'],
    ({ args }) =>
      /^(list|-L|-l|save|-S|test|-T|--list)$/.test(args[0] ?? '')
        ? v('read', 'linux.ipset.list', 'lists sets')
        : args[0] === 'flush' || args[0] === 'destroy' || args[0] === '-F' || args[0] === '-X'
          ? v('dangerous', 'linux.ipset.flush', 'flushes or destroys sets')
          : v('moderate', 'linux.ipset.set', 'changes sets'),
  ],
  [
    ['conntrack'],
    ({ args }) =>
      has(args, '-L', '--dump', '-G', '--get', '-C', '--count', '-S', '--stats', '-E', '--event')
        ? v('read', 'linux.conntrack', 'shows connection tracking')
        : has(args, '-F', '--flush')
          ? v('dangerous', 'linux.conntrack.flush', 'drops every tracked connection')
          : v('moderate', 'linux.conntrack.set', 'changes connection tracking'),
  ],
  [
    ['bridge', 'brctl'],
    ({ name, args }) =>
      args.some((a) => /^(show|showmacs|showstp|monitor)$/.test(a)) ||
      args.length === 0 ||
      (args.length >= 2 && /^(link|fdb|mdb|vlan)$/.test(args[0]!) && /^(show|list)$/.test(args[1]!)) ||
      (args.length === 1 && /^(link|fdb|mdb|vlan)$/.test(args[0]!))
        ? v('read', `linux.${name}.show`, 'shows bridges')
        : v('moderate', `linux.${name}.set`, 'changes bridges'),
  ],
  [
    ['lldpcli'],
    ({ args }) =>
      /^(show|sh)$/.test(args[0] ?? '')
        ? v('read', 'linux.lldpcli', 'shows LLDP')
        : v('moderate', 'linux.lldpcli.set', 'configures LLDP'),
  ],
  [['vtysh'], ({ args, ctx }) => vtysh(args, ctx)],
  [
    ['birdc', 'birdcl'],
    ({ args }) =>
      /^(show|sh)$/.test(positionals(args)[0] ?? '')
        ? v('read', 'linux.birdc.show', 'shows BIRD state')
        : positionals(args).length === 0
          ? v('unknown', 'linux.birdc.interactive', 'interactive routing shell')
          : v('moderate', 'linux.birdc', 'changes BIRD state'),
  ],
  [
    ['smartctl'],
    ({ args }) =>
      has(args, '-t', '--test', '-s', '--smart', '-o', '-S', '-X')
        ? v('moderate', 'linux.smartctl.set', 'runs or configures a disk test')
        : v('read', 'linux.smartctl', 'reads disk health'),
  ],
  [
    ['mdadm'],
    ({ args }) =>
      has(args, '--detail', '-D', '--examine', '-E', '--query', '-Q', '--detail-platform')
        ? v('read', 'linux.mdadm.show', 'shows RAID state')
        : has(args, '--zero-superblock', '--create', '-C', '--remove', '--fail', '--stop', '-S')
          ? v('dangerous', 'linux.mdadm.change', 'changes a RAID array')
          : v('moderate', 'linux.mdadm', 'manages RAID'),
  ],
  [
    ['pvs', 'vgs', 'lvs', 'pvdisplay', 'vgdisplay', 'lvdisplay', 'pvscan', 'vgscan', 'lvscan'],
    ({ name }) => v('read', `linux.${name}`, 'shows LVM state'),
  ],
  [
    ['zpool', 'zfs'],
    ({ name, args }) =>
      /^(list|status|get|iostat|history|events|version)$/.test(args[0] ?? '')
        ? v('read', `linux.${name}.show`, 'shows ZFS state')
        : /^(destroy|labelclear|rollback)$/.test(args[0] ?? '')
          ? v('dangerous', `linux.${name}.destroy`, 'destroys ZFS data')
          : v('moderate', `linux.${name}`, 'changes ZFS state'),
  ],
  [
    ['cryptsetup'],
    ({ args }) =>
      /^(status|luksDump|isLuks|benchmark)$/.test(args[0] ?? '')
        ? v('read', 'linux.cryptsetup.show', 'shows encryption state')
        : /^(luksFormat|erase|luksErase|luksKillSlot|luksRemoveKey|reencrypt)$/.test(
              args.find((a) => !a.startsWith('-')) ?? '',
            )
          ? v('dangerous', 'linux.cryptsetup.erase', 'destroys encryption keys')
          : v('moderate', 'linux.cryptsetup', 'changes encrypted volumes'),
  ],
  [['openssl'], ({ args }) => openssl(args)],
  [['awk', 'gawk', 'mawk', 'nawk'], ({ rest, ctx }) => awk(rest, ctx)],
  [['sed', 'gsed'], ({ args }) => sed(args)],
  [
    ['sort'],
    ({ args }) =>
      args.some((a) => /^-o|^--output/.test(a))
        ? v('moderate', 'linux.sort.output', 'writes a file')
        : v('read', 'linux.sort', 'sorts text'),
  ],
  [
    ['uniq'],
    ({ args }) =>
      positionals(args).length >= 2
        ? v('moderate', 'linux.uniq.output', 'writes a file')
        : v('read', 'linux.uniq', 'filters lines'),
  ],
  [
    ['history'],
    ({ args }) =>
      has(args, '-c', '-d', '-w', '-a', '-r', '-n')
        ? v('moderate', 'linux.history.change', 'changes shell history')
        : v('read', 'linux.history', 'shows shell history'),
  ],
  [
    ['export', 'declare', 'typeset', 'local', 'readonly', 'set', 'unset', 'shopt', 'umask', 'ulimit'],
    ({ name, rest, ctx }) => builtinState(name, rest, ctx),
  ],
  [
    ['exit', 'logout', 'return', 'break', 'continue', 'clear', 'reset', 'stty', 'tput'],
    ({ name }) => v('read', `linux.${name}`, 'session only'),
  ],
  [['at-now'], (_input) => v('moderate', 'linux.at', 'schedules a command')],
  [['ssh-keyscan', 'nmap'], ({ name }) => v('read', `linux.${name}`, 'probes the network')],
  [
    ['telnet', 'socat', 'screen', 'tmux', 'minicom', 'picocom', 'expect'],
    ({ name }) => v('unknown', `linux.${name}`, 'opens an interactive or raw channel'),
  ],
  [['shutdown-cancel'], (_input) => v('moderate', 'linux.shutdown-cancel', 'cancels a shutdown')],
  [['lsof-k'], (_input) => v('read', 'linux.lsof', 'lists open files')],
  [
    ['fwupdmgr'],
    ({ args }) =>
      /^(get-devices|get-updates|get-releases|get-history|get-remotes|--version)$/.test(args[0] ?? '')
        ? v('read', 'linux.fwupdmgr.show', 'shows firmware state')
        : v('dangerous', 'linux.fwupdmgr', 'updates firmware'),
  ],
  [
    ['update-rc.d', 'chkconfig'],
    ({ name, args }) =>
      args.includes('--list') || args.length === 0
        ? v('read', `linux.${name}.list`, 'lists services')
        : v('moderate', `linux.${name}`, 'changes service start-up'),
  ],
  [['setcap'], (_input) => v('moderate', 'linux.setcap', 'grants capabilities')],
  [
    ['ipmitool'],
    ({ args }) => {
      const t = positionals(args.filter((_a, i) => !/^-[HUPIpLAKyEf]$/.test(args[i - 1] ?? ''))).join(' ');
      if (
        /^(chassis (power (off|cycle|reset|soft)|bootdev)|mc reset|bmc reset|raw|user set|lan set|sel clear|sdr clear)/.test(
          t,
        )
      )
        return v('dangerous', 'linux.ipmitool.power', 'power-cycles, resets or reconfigures the BMC');
      if (
        /^(sdr|sel (list|elist|info)|sensor|chassis status|lan print|mc info|fru|user list|power status|chassis power status|dcmi)/.test(
          t,
        )
      )
        return v('read', 'linux.ipmitool.show', 'reads BMC state');
      return v('moderate', 'linux.ipmitool', 'acts on the BMC');
    },
  ],
  [
    ['helm'],
    ({ args }) =>
      /^(list|ls|status|get|history|show|search|version|env|template|lint|repo list|dependency list)$/.test(
        positionals(args)[0] ?? '',
      )
        ? v('read', 'linux.helm.show', 'reads releases')
        : /^(uninstall|delete|del)$/.test(positionals(args)[0] ?? '')
          ? v('dangerous', 'linux.helm.uninstall', 'removes a release', true)
          : v('moderate', 'linux.helm', 'changes releases'),
  ],
  [
    ['virsh'],
    ({ args }) =>
      /^(list|dominfo|domstate|domifaddr|domblklist|dumpxml|net-list|net-info|pool-list|vol-list|nodeinfo|capabilities|version|vcpuinfo|domstats|sysinfo|hostname|uri)$/.test(
        positionals(args)[0] ?? '',
      )
        ? v('read', 'linux.virsh.show', 'reads VM state')
        : /^(destroy|shutdown|reboot|undefine|reset|managedsave-remove|vol-delete|pool-destroy|net-destroy|snapshot-delete)$/.test(
              positionals(args)[0] ?? '',
            )
          ? v('dangerous', 'linux.virsh.stop', 'stops, resets or deletes a VM')
          : v('moderate', 'linux.virsh', 'changes VMs'),
  ],
  [
    [
      'nginx',
      'apachectl',
      'apache2ctl',
      'httpd',
      'haproxy',
      'sshd',
      'named-checkconf',
      'named-checkzone',
      'postconf',
      'mailq',
      'unbound-checkconf',
      'visudo-check',
    ],
    ({ name, args }) => {
      if (args.length === 0 && /^(nginx|httpd|haproxy|sshd)$/.test(name))
        return v('moderate', `linux.${name}.start`, 'starts a daemon');
      if (
        /^(named-check|unbound-check|mailq)/.test(name) ||
        (name === 'postconf' && args.every((a) => /^-[nd]$/.test(a) || !a.includes('='))) ||
        (args.some((a) => /^-[tTVvSlMc]$|^-tt$|^(configtest|-DDUMP_\w+|status|fullstatus)$/.test(a)) &&
          !args.some((a) => /^(stop|restart|graceful|graceful-stop|start|-e)$/.test(a)))
      )
        return name === 'postconf' && args.some((a) => a.includes('='))
          ? v('moderate', 'linux.postconf.set', 'changes mail settings')
          : v('read', `linux.${name}.check`, 'tests or prints the configuration');
      if (args.includes('-s') && args.includes('stop'))
        return v('dangerous', `linux.${name}.stop`, 'stops the server');
      return v('moderate', `linux.${name}`, 'controls a server');
    },
  ],
  [
    ['nc', 'ncat', 'netcat'],
    ({ name, args }) =>
      args.some((a) => /^-[a-zA-Z]*z/.test(a)) && !args.some((a) => /^-[a-zA-Z]*[elcL]/.test(a))
        ? v('read', `linux.${name}.scan`, 'checks whether a port is open')
        : v('unknown', `linux.${name}`, 'opens a raw channel'),
  ],
  [
    ['fuser'],
    ({ args }) =>
      args.some((a) => /^-[a-zA-Z]*k/.test(a))
        ? v('moderate', 'linux.fuser.kill', 'kills processes using a file', true)
        : v('read', 'linux.fuser', 'lists processes using a file'),
  ],
  [
    ['exportfs'],
    ({ args }) =>
      args.length === 0 || args.every((a) => /^-[vs]+$/.test(a))
        ? v('read', 'linux.exportfs.list', 'lists exports')
        : v('moderate', 'linux.exportfs', 'changes NFS exports'),
  ],
  [
    [
      'showmount',
      'nfsstat',
      'lsscsi',
      'lstopo',
      'iscsiadm-session',
      'mokutil',
      'efibootmgr-show',
      'ldapsearch',
      'namei',
      'pmap',
      'ulimit-show',
      'uptime-show',
    ],
    ({ name }) => v('read', `linux.${name}`, 'shows system state'),
  ],
  [
    ['multipath'],
    ({ args }) =>
      args.every((a) => /^-(l|ll|v[0-9])$/.test(a)) && args.length > 0
        ? v('read', 'linux.multipath.list', 'lists paths')
        : v('moderate', 'linux.multipath', 'changes multipath maps'),
  ],
  [
    ['iscsiadm'],
    ({ args }) =>
      args.includes('session') && !args.some((a) => /^(--logout|-u|--login|-l|-o)$/.test(a))
        ? v('read', 'linux.iscsiadm.session', 'lists sessions')
        : v('moderate', 'linux.iscsiadm', 'changes iSCSI sessions'),
  ],
  [
    ['nvme'],
    ({ args }) =>
      /^(list|smart-log|id-ctrl|id-ns|error-log|list-subsys)$/.test(args[0] ?? '')
        ? v('read', 'linux.nvme.show', 'reads NVMe state')
        : /^(format|sanitize|delete-ns|fw-download|fw-commit)$/.test(args[0] ?? '')
          ? v('dangerous', 'linux.nvme.format', 'formats or reflashes a drive')
          : v('moderate', 'linux.nvme', 'acts on an NVMe drive'),
  ],
  [
    ['blockdev'],
    ({ args }) =>
      args.every((a) => /^--(get[a-z0-9]*|report)$/.test(a) || !a.startsWith('-'))
        ? v('read', 'linux.blockdev.get', 'reads device settings')
        : v('moderate', 'linux.blockdev.set', 'changes device settings'),
  ],
  [
    ['hdparm'],
    ({ args }) =>
      args.every((a) => /^-[IitT]$/.test(a) || !a.startsWith('-'))
        ? v('read', 'linux.hdparm.show', 'reads drive settings')
        : v('dangerous', 'linux.hdparm.set', 'changes drive settings (can destroy data)'),
  ],
  [
    ['ceph'],
    ({ args }) =>
      /^(status|health|df|-s|osd (tree|df|stat|ls|dump)|mon stat|pg stat|versions|fs status|quorum_status)/.test(
        args.join(' '),
      )
        ? v('read', 'linux.ceph.show', 'reads cluster state')
        : v('moderate', 'linux.ceph', 'changes the cluster'),
  ],
  [
    ['getent'],
    ({ args }) =>
      /^(shadow|gshadow)$/.test(positionals(args)[0] ?? '')
        ? v('moderate', 'linux.getent.shadow', 'reads password hashes')
        : v('read', 'linux.getent', 'looks up a name database'),
  ],
  [
    ['systemd-analyze', 'systemd-cgls', 'systemd-cgtop', 'systemd-detect-virt'],
    ({ name, args }) =>
      /^(set-log-level|set-log-target)$/.test(args[0] ?? '')
        ? v('moderate', `linux.${name}.set`, 'changes systemd settings')
        : v('read', `linux.${name}`, 'shows systemd state'),
  ],
  [
    [
      'getcap',
      'getenforce',
      'sestatus',
      'aa-status',
      'apparmor_status',
      'ausearch',
      'aureport',
      'lastlog2',
      'faillock-show',
    ],
    ({ name }) => v('read', `linux.${name}`, 'shows security state'),
  ],
  [
    ['faillock'],
    ({ args }) =>
      has(args, '--reset')
        ? v('moderate', 'linux.faillock.reset', 'resets login failures')
        : v('read', 'linux.faillock', 'shows login failures'),
  ],
  [
    ['chronyc'],
    ({ args }) =>
      /^(tracking|sources|sourcestats|activity|ntpdata|serverstats|clients|-n|-c)$/.test(args[0] ?? '') ||
      args.length === 0
        ? v('read', 'linux.chronyc', 'shows time sync')
        : v('moderate', 'linux.chronyc.set', 'changes time sync'),
  ],
  [['ntpq', 'ntpstat', 'timedatectl-status'], ({ name }) => v('read', `linux.${name}`, 'shows time sync')],
  [['free-m'], (_input) => v('read', 'linux.free', 'memory')],
]);

function tag(inner: CmdVerdict, via: string): CmdVerdict {
  return {
    ...inner,
    rule: inner.rule.startsWith('linux.') ? inner.rule : `linux.${via}.${inner.rule}`,
    reason: `${via}: ${inner.reason}`,
  };
}

function readish(name: string, args: string[], _ctx: CmdContext): CmdVerdict {
  if (name === 'man' && args.some((a) => /^(-P|--pager|-H|--html)/.test(a)))
    return v('unknown', 'linux.man.pager', 'man runs a chosen pager or browser');
  if (name === 'top' && args.some((a) => /^-[^-]*[kr]/.test(a)))
    return v('unknown', 'linux.top', 'top with unusual options');
  return v('read', `linux.read.${name}`, `${name} only reads`);
}

/** Skips a wrapper's options (`-x value` pairs listed in `withValue`) and returns the wrapped command. */
function skipOptions(
  rest: readonly ShWord[],
  withValue: RegExp,
  positionalsToSkip = 0,
): ShWord[] | undefined {
  let i = 0;
  while (i < rest.length) {
    const w = rest[i]!;
    if (!w.literal) return undefined;
    if (w.text === '--') {
      i++;
      break;
    }
    if (!w.text.startsWith('-') || w.text === '-') break;
    if (withValue.test(w.text)) i += 2;
    else i++;
  }
  const left = rest.slice(i);
  return left.slice(positionalsToSkip);
}

function sudo(rest: readonly ShWord[], ctx: CmdContext): CmdVerdict {
  const lit0 = literals(rest);
  if (lit0 && lit0.length === 1 && /^-(l|ll|v|V|k|K|h)$/.test(lit0[0]!))
    return v('read', 'linux.sudo.info', 'sudo information');
  if (
    lit0?.some((a) => /^-[a-zA-Z]*[is]$|^--(login|shell)$/.test(a)) &&
    (skipOptions(rest, /^-[ugpCDhrtTUR]$|^--(user|group|prompt|close-from|chdir|host|role|type|other-user)$/)
      ?.length ?? 0) === 0
  )
    return v('unknown', 'linux.sudo.shell', 'opens a root shell');
  const inner = skipOptions(
    rest,
    /^-[ugpCDhrtTUR]$|^--(user|group|prompt|close-from|chdir|host|role|type|other-user)$/,
  );
  if (!inner) return v('unknown', 'linux.sudo.dynamic', 'sudo options computed at run time');
  if (inner.length === 0) return v('unknown', 'linux.sudo.bare', 'sudo without a command');
  return tag(classifyArgv(inner, ctx), 'sudo');
}

function env(rest: readonly ShWord[], ctx: CmdContext): CmdVerdict {
  let i = 0;
  let hijack = false;
  while (i < rest.length) {
    const w = rest[i]!;
    if (!w.literal) return v('unknown', 'linux.env.dynamic', 'env arguments computed at run time');
    if (/^-[uCP]$|^--(unset|chdir)$/.test(w.text)) i += 2;
    else if (/^-S|^--split-string/.test(w.text))
      return v('unknown', 'linux.env.split', 'env -S splits a command string');
    else if (w.text.startsWith('-')) i++;
    else if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(w.text)) {
      if (
        /^(LD_PRELOAD|LD_LIBRARY_PATH|LD_AUDIT|BASH_ENV|ENV|PATH|PYTHONPATH|PYTHONSTARTUP|PERL5OPT|NODE_OPTIONS|GIT_SSH_COMMAND|[A-Z_]*PAGER|EDITOR|VISUAL|BROWSER|LESSOPEN|LESSCLOSE|GIT_[A-Z_]+|SSH_ASKPASS|SUDO_ASKPASS|PROMPT_COMMAND|IFS)=/.test(
          w.text,
        )
      )
        hijack = true;
      i++;
    } else break;
  }
  const inner = rest.slice(i);
  if (inner.length === 0)
    return hijack
      ? v('read', 'linux.env.print', 'prints the environment')
      : v('read', 'linux.env.print', 'prints the environment');
  const r = tag(classifyArgv(inner, ctx), 'env');
  // A hijacking variable makes the command unproven, but never hides what it is.
  return hijack && riskRank(r.risk) < riskRank('unknown')
    ? v('unknown', 'linux.env.hijack', 'sets a variable that changes what the command runs')
    : r;
}

function wrapper(name: string, rest: readonly ShWord[], ctx: CmdContext, skip = 0): CmdVerdict {
  const valued: Record<string, RegExp> = {
    timeout: /^-[sk]$|^--(signal|kill-after)$/,
    nice: /^-n$|^--adjustment$/,
    ionice: /^-[cnp]$/,
    chrt: /^-[p]$/,
    taskset: /^-[pc]$/,
    flock: /^-[wEx]$|^--(timeout|conflict-exit-code)$/,
    strace: /^-[eoOpPsSuIbXa]$/,
    ltrace: /^-[eoOpsSuna]$/,
    stdbuf: /^-[ioe]$/,
    exec: /^-a$/,
    numactl: /^-[CNmpi]$/,
    chroot: /^--(userspec|groups)$/,
    faketime: /^-f$/,
  };
  if (name === 'nice' && rest[0]?.literal && /^-[0-9]+$/.test(rest[0].text))
    return wrapper(name, rest.slice(1), ctx, skip);
  if (
    name === 'numactl' &&
    rest.length > 0 &&
    rest.every((w) => w.literal && /^(--hardware|-H|--show|-s)$/.test(w.text))
  )
    return v('read', 'linux.numactl.show', 'shows NUMA layout');
  if (name === 'chrt' || name === 'taskset') skip = rest.some((w) => w.text === '-p') ? 0 : 1;
  if ((name === 'strace' || name === 'ltrace') && rest.some((w) => w.text === '-p'))
    return v('read', `linux.${name}.attach`, 'traces a running process');
  if (name === 'flock') {
    const r = skipOptions(rest, valued.flock!);
    if (r?.[1]?.literal && (r[1].text === '-c' || r[1].text === '--command'))
      return r[2]?.literal
        ? tag(ctx.shell(r[2].text), name)
        : v('unknown', 'linux.flock.dynamic', 'runs a computed command');
  }
  const inner = skipOptions(rest, (Object.hasOwn(valued, name) ? valued[name] : undefined) ?? /^$/, skip);
  if (!inner) return v('unknown', `linux.${name}.dynamic`, `${name} arguments computed at run time`);
  if (inner.length === 0) {
    if (name === 'time' || name === 'exec' || name === 'nice' || name === 'builtin' || name === 'command')
      return v('read', `linux.${name}`, 'no command');
    return v('unknown', `linux.${name}.bare`, `${name} without a command`);
  }
  if (name === 'busybox' && inner[0]?.literal && inner[0].text === 'sh')
    return shell('sh', inner.slice(1), ctx);
  return tag(classifyArgv(inner, ctx), name);
}

function su(rest: readonly ShWord[], ctx: CmdContext): CmdVerdict {
  for (let i = 0; i < rest.length; i++) {
    const w = rest[i]!;
    if (w.literal && (w.text === '-c' || w.text === '--command')) {
      const cmd = rest[i + 1];
      return cmd?.literal
        ? tag(ctx.shell(cmd.text), 'su')
        : v('unknown', 'linux.su.dynamic', 'runs a computed command');
    }
    if (w.literal && w.text === '--')
      return rest.length > i + 1
        ? tag(classifyArgv(rest.slice(i + 1), ctx), 'runuser')
        : v('unknown', 'linux.su.shell', 'opens a shell');
  }
  return v('unknown', 'linux.su.shell', 'opens a shell as another user');
}

function watch(rest: readonly ShWord[], ctx: CmdContext): CmdVerdict {
  const inner = skipOptions(rest, /^-[nqp]$|^--(interval|equexit|errexit-disabled)$/);
  if (!inner || !literals(inner)) return v('unknown', 'linux.watch.dynamic', 'watch of a computed command');
  if (inner.length === 0) return v('unknown', 'linux.watch.bare', 'watch without a command');
  const exec = rest.some((w) => w.text === '-x' || w.text === '--exec');
  const r = exec ? classifyArgv(inner, ctx) : ctx.shell(literals(inner)!.join(' '));
  // Repeating a change makes it worse, never better.
  return tag(r.removes ? { ...r, risk: 'dangerous' } : r, 'watch');
}

function xargs(rest: readonly ShWord[], ctx: CmdContext): CmdVerdict {
  const inner = skipOptions(
    rest,
    /^-[IdEeLlnPsa]$|^--(replace|delimiter|eof|max-lines|max-args|max-procs|max-chars|arg-file|process-slot-var)$/,
  );
  if (!inner) return v('unknown', 'linux.xargs.dynamic', 'xargs arguments computed at run time');
  if (inner.length === 0) return v('read', 'linux.xargs.echo', 'xargs echoes its input');
  const r = classifyArgv(inner, ctx);
  // Arguments come from input: the inner command may run on many targets.
  if (r.removes || r.risk === 'moderate')
    return {
      ...r,
      risk: r.removes ? 'dangerous' : higherRisk(r.risk, 'moderate'),
      reason: `xargs: ${r.reason} (for every input line)`,
      rule: `linux.xargs.${r.rule}`,
    };
  if (r.risk === 'read') return tag(r, 'xargs');
  return tag(r, 'xargs');
}

function find(rest: readonly ShWord[], ctx: CmdContext): CmdVerdict {
  let top: CmdVerdict = v('read', 'linux.find', 'find lists files');
  for (let i = 0; i < rest.length; i++) {
    const w = rest[i]!;
    if (!w.literal) continue;
    const t = w.text;
    if (t === '-delete') return v('dangerous', 'linux.find.delete', 'find -delete removes every match', true);
    if (/^-(exec|execdir|ok|okdir)$/.test(t)) {
      let j = i + 1;
      while (j < rest.length && !(rest[j]!.literal && (rest[j]!.text === ';' || rest[j]!.text === '+'))) j++;
      const inner = rest.slice(i + 1, j).filter((x) => !(x.literal && x.text === '{}'));
      const r =
        inner.length === 0
          ? v('unknown', 'linux.find.exec-empty', 'find -exec without a command')
          : classifyArgv(inner, ctx);
      const raised = r.removes
        ? v('dangerous', `linux.find.exec.${r.rule}`, `find -exec: ${r.reason} on every match`, true)
        : tag(r, 'find -exec');
      if (riskRank(raised.risk) > riskRank(top.risk)) top = raised;
      i = j;
    } else if (/^-(fprint|fprint0|fprintf|fls)$/.test(t)) {
      if (riskRank(top.risk) < 1) top = v('moderate', 'linux.find.fprint', 'find writes a file');
    }
  }
  return top;
}

function aliasLike(name: string, lit: string[] | undefined, ctx: CmdContext): CmdVerdict {
  if (!lit) return v('unknown', `linux.${name}.dynamic`, `${name} of computed text`);
  const bodies =
    name === 'alias'
      ? lit.filter((a) => a.includes('=')).map((a) => a.slice(a.indexOf('=') + 1))
      : lit.slice(0, 1).filter((a) => !a.startsWith('-'));
  if (bodies.length === 0) return v('read', `linux.${name}.list`, `lists ${name}es`);
  let top: CmdVerdict = v('moderate', `linux.${name}`, `${name} defines a command that runs later`);
  for (const b of bodies) {
    const r = ctx.shell(b);
    if (riskRank(r.risk) > riskRank(top.risk)) top = tag(r, name);
  }
  return top;
}

function ssh(rest: readonly ShWord[], ctx: CmdContext): CmdVerdict {
  let i = 0;
  while (i < rest.length && rest[i]!.literal && rest[i]!.text.startsWith('-'))
    i += /^-[bcDEeFIiJLlmOoPpQRSWw]$/.test(rest[i]!.text) ? 2 : 1;
  const inner = rest.slice(i + 1);
  if (i >= rest.length) return v('unknown', 'linux.ssh.bare', 'ssh without a host');
  if (inner.length === 0) return v('unknown', 'linux.ssh.interactive', 'opens a remote shell');
  const lit = literals(inner);
  if (!lit) return v('unknown', 'linux.ssh.dynamic', 'remote command computed at run time');
  return tag(ctx.shell(lit.join(' ')), 'ssh');
}

function rm(args: string[]): CmdVerdict {
  const recursive = hasShort(args, 'r') || hasShort(args, 'R') || has(args, '--recursive');
  const targets = positionals(args);
  if (recursive) return v('dangerous', 'linux.rm.recursive', 'recursive delete', true);
  if (targets.some((t) => isWideTarget(t) || isCriticalPath(t) || t.includes('*')))
    return v('dangerous', 'linux.rm.wide', 'deletes system files or globs', true);
  return v('moderate', 'linux.rm', 'deletes files', true);
}

function kill(name: string, args: string[]): CmdVerdict {
  const pos = positionals(args.filter((_a, i) => !(args[i - 1] === '-s' || args[i - 1] === '-n')));
  if (name === 'kill' && (has(args, '-l', '-L') || args.length === 0))
    return v('read', 'linux.kill.list', 'lists signals');
  if (name === 'kill' && args.some((a) => a === '-1' && args.indexOf(a) > 0))
    return v('dangerous', 'linux.kill.all', 'signals every process');
  if (
    pos.some(
      (p) =>
        p === '1' ||
        p === '-1' ||
        PROTECTED_SERVICES.test(p) ||
        /^(sshd?|init|systemd|dbus-daemon|NetworkManager)$/.test(p),
    ) ||
    has(args, '-u')
  )
    return v('dangerous', `linux.${name}.critical`, 'kills init, sshd, networking or a whole user');
  if (name === 'killall' && pos.length === 0)
    return v('dangerous', 'linux.killall', 'killall without a target');
  return v('moderate', `linux.${name}`, 'stops processes', true);
}

const SYSTEMCTL_READ =
  /^(status|show|cat|list-units|list-unit-files|list-sockets|list-timers|list-jobs|list-dependencies|list-machines|list-automounts|list-paths|is-active|is-enabled|is-failed|is-system-running|get-default|show-environment|help|--version|--failed)$/;

function systemctl(args: string[]): CmdVerdict {
  const verb =
    args.find((a) => !a.startsWith('-')) ??
    (args.includes('--failed') || args.length === 0 || args.every((a) => a.startsWith('-'))
      ? 'list-units'
      : '');
  const units = positionals(args).slice(1);
  if (SYSTEMCTL_READ.test(verb)) return v('read', `linux.systemctl.${verb}`, 'shows service state');
  if (
    units.some((u) =>
      /^(reboot|poweroff|halt|kexec|rescue|emergency|shutdown|ctrl-alt-del|soft-reboot)\.target$/.test(u),
    )
  )
    return v('dangerous', 'linux.systemctl.target', 'reboots, halts or isolates the system');
  if (
    /^(reboot|poweroff|halt|kexec|suspend|hibernate|hybrid-sleep|rescue|emergency|isolate|default|soft-reboot|switch-root)$/.test(
      verb,
    )
  )
    return v('dangerous', `linux.systemctl.${verb}`, 'changes the whole system state');
  if (
    /^(stop|disable|mask|kill)$/.test(verb) &&
    (units.some((u) => PROTECTED_SERVICES.test(u)) ||
      units.length === 0 ||
      units.some((u) => u.includes('*')))
  )
    return v('dangerous', `linux.systemctl.${verb}.critical`, 'stops remote access or networking');
  if (
    /^(start|stop|restart|reload|try-restart|reload-or-restart|try-reload-or-restart|enable|disable|mask|unmask|kill|daemon-reload|daemon-reexec|set-property|edit|preset|revert|reset-failed|link|set-default|condrestart|freeze|thaw|clean|set-environment|unset-environment|import-environment)$/.test(
      verb,
    )
  )
    return v(
      'moderate',
      `linux.systemctl.${verb}`,
      `systemctl ${verb} changes a service`,
      verb === 'stop' || verb === 'kill',
    );
  return v('unknown', 'linux.systemctl.unknown', 'unrecognised systemctl verb');
}

function service(args: string[]): CmdVerdict {
  if (args[0] === '--status-all' || args.length === 0)
    return v('read', 'linux.service.list', 'lists services');
  const [unit, verb] = [args[0]!, args[1] ?? ''];
  if (verb === 'status') return v('read', 'linux.service.status', 'shows service state');
  if (verb === 'stop' && PROTECTED_SERVICES.test(unit))
    return v('dangerous', 'linux.service.stop.critical', 'stops remote access or networking');
  return v('moderate', `linux.service.${verb || 'run'}`, 'changes a service');
}

const IP_OBJECTS =
  /^(a|ad|add|addr|addre|addres|address|l|li|lin|link|r|ro|rou|rout|route|ru|rul|rule|n|ne|nei|neig|neigh|neighbor|neighbour|ntable|tunnel|tun|tuntap|maddr|maddress|mroute|mrule|monitor|xfrm|netns|l2tp|fou|macsec|tcp_metrics|token|netconf|vrf|sr|nexthop|mptcp|ioam|stats|help)$/;

function ip(args: string[], rest: readonly ShWord[], ctx: CmdContext): CmdVerdict {
  let i = 0;
  while (i < args.length && args[i]!.startsWith('-'))
    i += /^-(n|netns|f|family|b|batch|rc|rcvbuf|l|loops)$/.test(args[i]!) ? 2 : 1;
  if (args.slice(0, i).some((a) => a === '-b' || a === '-batch' || a === '--batch'))
    return v('unknown', 'linux.ip.batch', 'ip batch file');
  const obj = args[i] ?? '';
  const verb = args[i + 1] ?? '';
  const tail = args.slice(i + 2);
  if (obj === '') return v('read', 'linux.ip.help', 'ip usage');
  if (!IP_OBJECTS.test(obj)) return v('unknown', 'linux.ip.unknown', 'unrecognised ip object');
  if (/^netns$/.test(obj) && verb === 'exec')
    return tag(classifyArgv(rest.slice(i + 3), ctx), 'ip netns exec');
  if (verb === '' || /^(show|sh|s|list|lst|ls|l|get|g|help|monitor)$/.test(verb) || obj.startsWith('mon'))
    return v('read', 'linux.ip.show', 'shows network state');
  if (/^(flush|f|fl|flu|flus)$/.test(verb))
    return v('dangerous', 'linux.ip.flush', 'flushes addresses, routes or neighbours');
  if (/^(set|s)$/.test(verb) && tail.includes('down'))
    return v('dangerous', 'linux.ip.link-down', 'takes an interface down');
  if (
    /^(del|delete|d)$/.test(verb) &&
    (tail.includes('default') || tail.includes('0.0.0.0/0') || obj.startsWith('a') || /^l/.test(obj))
  )
    return v('dangerous', 'linux.ip.del-critical', 'removes the default route, an address or a link', true);
  if (
    /^(add|a|del|delete|d|change|chg|replace|repl|set|append|prepend|test|save|restore|attach|detach|update)$/.test(
      verb,
    )
  )
    return v('moderate', `linux.ip.${verb}`, 'changes network configuration', verb.startsWith('d'));
  return v('unknown', 'linux.ip.unknown-verb', 'unrecognised ip verb');
}

function iptables(name: string, args: string[]): CmdVerdict {
  // Commands are the upper-case letters of short option clusters (`-vnL` lists) and the long forms.
  const LONG: Record<string, string> = {
    append: 'A',
    insert: 'I',
    delete: 'D',
    replace: 'R',
    list: 'L',
    'list-rules': 'S',
    flush: 'F',
    zero: 'Z',
    'new-chain': 'N',
    'delete-chain': 'X',
    policy: 'P',
    'rename-chain': 'E',
    check: 'C',
  };
  const cmds = new Set<string>();
  for (const a of args) {
    if (/^-[a-zA-Z]+$/.test(a)) for (const ch of a.slice(1)) if (/[A-Z]/.test(ch)) cmds.add(ch);
    const long = /^--([a-z-]+)$/.exec(a)?.[1];
    if (long && Object.hasOwn(LONG, long)) cmds.add(LONG[long]!);
  }
  if (args.length === 0 || (cmds.size === 0 && args.every((a) => /^-(h|-help|V|-version)$/.test(a))))
    return v('read', `linux.${name}.usage`, 'usage');
  if (cmds.size === 0) return v('unknown', `linux.${name}.unknown`, 'unrecognised firewall command');
  if (cmds.has('F') || cmds.has('X'))
    return v('dangerous', `linux.${name}.flush`, 'flushes firewall rules or chains');
  if (cmds.has('P'))
    return args.some((a) => /^(DROP|REJECT)$/.test(a))
      ? v('dangerous', `linux.${name}.policy-drop`, 'sets a default-drop policy')
      : v('moderate', `linux.${name}.policy`, 'sets a chain policy');
  if ([...cmds].every((c) => c === 'L' || c === 'S' || c === 'C'))
    return v('read', `linux.${name}.list`, 'lists firewall rules');
  if ([...cmds].some((c) => !'ADIRZNEX'.includes(c)))
    return v('unknown', `linux.${name}.unknown`, 'unrecognised firewall command');
  return v('moderate', `linux.${name}.edit`, 'edits firewall rules', cmds.has('D'));
}

function nft(args: string[]): CmdVerdict {
  const pos = positionals(args);
  if (args.some((a) => a === '-f' || a === '--file' || a === '-i' || a === '--interactive'))
    return v('dangerous', 'linux.nft.file', 'loads a whole ruleset');
  const verb = pos[0] ?? '';
  if (/^(list|ls|describe|monitor|-v|--version)$/.test(verb) || (pos.length === 0 && args.length > 0))
    return v('read', 'linux.nft.list', 'lists nftables');
  if (verb === 'flush' && (pos[1] === 'ruleset' || pos.length <= 2))
    return v('dangerous', 'linux.nft.flush', 'flushes firewall rules');
  if (verb === 'delete' && /^(table|chain)$/.test(pos[1] ?? ''))
    return v('dangerous', 'linux.nft.delete-table', 'deletes a firewall table or chain', true);
  if (/^(add|insert|delete|replace|create|flush|reset|rename|destroy)$/.test(verb))
    return v('moderate', `linux.nft.${verb}`, 'edits firewall rules');
  return v('unknown', 'linux.nft.unknown', 'unrecognised nft command');
}

function ufw(args: string[]): CmdVerdict {
  const verb = positionals(args)[0] ?? '';
  if (/^(status|show|version|app)$/.test(verb) && !(verb === 'app' && args[1] === 'update'))
    return v('read', 'linux.ufw.status', 'shows the firewall');
  if (/^(disable|reset|enable|default)$/.test(verb))
    return v('dangerous', `linux.ufw.${verb}`, 'switches or resets the whole firewall');
  if (verb === 'deny' || verb === 'reject')
    return args.includes('22') ||
      args.includes('ssh') ||
      args.includes('OpenSSH') ||
      !args.some((a) => /^[0-9]/.test(a))
      ? v('dangerous', 'linux.ufw.deny-wide', 'may block remote access')
      : v('moderate', 'linux.ufw.deny', 'adds a firewall rule');
  return v('moderate', `linux.ufw.${verb || 'edit'}`, 'edits the firewall');
}

function firewallCmd(args: string[]): CmdVerdict {
  if (
    args.length > 0 &&
    args.every((a) =>
      /^--(list-[a-z-]+|state|get-[a-z-]+|query-[a-z-]+|info-[a-z-]+|zone=.*|permanent|version|help|check-config)$/.test(
        a,
      ),
    ) &&
    args.some((a) => !/^--(zone=.*|permanent)$/.test(a))
  )
    return v('read', 'linux.firewall-cmd.query', 'queries the firewall');
  if (
    args.some((a) => /^--(panic-on|set-default-zone|complete-reload|remove-service=ssh|lockdown-on)/.test(a))
  )
    return v('dangerous', 'linux.firewall-cmd.wide', 'a firewall-wide change');
  return v('moderate', 'linux.firewall-cmd.edit', 'edits the firewall');
}

function pkg(name: string, args: string[]): CmdVerdict {
  const verb = positionals(args)[0] ?? '';
  const pkgs = positionals(args).slice(1);
  if (
    /^(list|show|search|info|policy|depends|rdepends|madison|showpkg|changelog|repolist|provides|whatprovides|check-update|list-updates|history|deplist|repoquery|-Q[a-z]*|-S[si]|query|outdated|versions|find|status|config-list|--version|-v)$/.test(
      verb,
    ) ||
    (name === 'pacman' && args.some((a) => /^-Q/.test(a) || /^-S[si]+$/.test(a)))
  )
    return v('read', `linux.${name}.query`, 'queries packages');
  if (/^(dist-upgrade|full-upgrade|distro-sync|system-upgrade|release-upgrade|refresh-all)$/.test(verb))
    return v('dangerous', `linux.${name}.${verb}`, 'upgrades the whole distribution');
  if (
    /^(remove|purge|erase|autoremove|uninstall|del|-R[a-z]*)$/.test(verb) ||
    args.some((a) => /^-R/.test(a) && name === 'pacman')
  ) {
    if (
      pkgs.some((p) =>
        /^(openssh-server|openssh|ssh|sudo|systemd|linux-image.*|kernel.*|libc6|glibc|bash|coreutils|network-manager|NetworkManager|iproute2|netplan\.io|ifupdown|grub.*|apt|dpkg|rpm|yum|dnf|python3)$/.test(
          p,
        ),
      ) ||
      pkgs.some((p) => p.includes('*')) ||
      verb === 'autoremove'
    )
      return v('dangerous', `linux.${name}.remove-critical`, 'removes a system-critical package', true);
    return v('moderate', `linux.${name}.remove`, 'removes packages', true);
  }
  if (
    /^(install|update|upgrade|reinstall|downgrade|add|refresh|makecache|clean|autoclean|mark|hold|enable|disable|-S[a-z]*|-U|-Syu|-Sy|-Su|in|up|dup|ref)$/.test(
      verb,
    ) ||
    args.some((a) => /^-S/.test(a))
  ) {
    if (
      pkgs.some((p) =>
        /^(linux-image|linux-firmware|kernel|firmware|grub|shim|openssh-server|systemd)/.test(p),
      ) ||
      verb === 'downgrade'
    )
      return v('dangerous', `linux.${name}.kernel`, 'changes the kernel, firmware or boot loader');
    return v('moderate', `linux.${name}.${verb}`, 'installs or updates packages');
  }
  return v('unknown', `linux.${name}.unknown`, 'unrecognised package command');
}

function dpkg(name: string, args: string[]): CmdVerdict {
  if (
    args.some(
      (a) =>
        /^-(l|L|s|S|p|c|I|-list|-listfiles|-status|-search|-print-avail|-contents|-info|-get-selections|-print-architecture|-audit|-verify)$/.test(
          a,
        ) ||
        (name === 'rpm' && /^-[qV][a-zA-Z]*$/.test(a)),
    )
  )
    return v('read', `linux.${name}.query`, 'queries packages');
  if (args.some((a) => /^-(P|r|-purge|-remove|e|-erase)$/.test(a)))
    return v('moderate', `linux.${name}.remove`, 'removes packages', true);
  return v('moderate', `linux.${name}`, 'installs or configures packages');
}

function docker(name: string, args: string[], ctx: CmdContext): CmdVerdict {
  const pos = positionals(args);
  const [a, b] = [pos[0] ?? '', pos[1] ?? ''];
  const read = /^(ps|images|logs|inspect|stats|top|version|info|history|port|diff|events|search)$/;
  if (
    read.test(a) ||
    (/^(container|image|network|volume|node|service|stack|context|plugin|secret|config|system|compose)$/.test(
      a,
    ) &&
      /^(ls|list|ps|inspect|logs|df|info|top|events|images|config|version)$/.test(b))
  )
    return a === 'secret' || a === 'config'
      ? v('moderate', `linux.${name}.secret`, 'shows secrets or configs')
      : v('read', `linux.${name}.${a}`, 'shows containers');
  if (a === 'exec' || (a === 'container' && b === 'exec'))
    return v('unknown', `linux.${name}.exec`, 'runs a command inside a container');
  if (
    /prune/.test(`${a} ${b}`) ||
    (a === 'rm' && args.some((x) => x === '-f' || x === '--force')) ||
    (/^(rmi|system)$/.test(a) && args.includes('-a'))
  )
    return v('dangerous', `linux.${name}.prune`, 'removes containers, images or volumes broadly', true);
  if (/^(rm|rmi|kill|stop)$/.test(a) || /^(rm|remove|kill|stop)$/.test(b))
    return v('moderate', `linux.${name}.${a}`, 'stops or removes containers', true);
  if (
    a === 'run' &&
    args.some((x) => x === '--privileged' || /^--pid=host|^--net(work)?=host|^-v\/:|^--volume=?\/:/.test(x))
  )
    return v('dangerous', `linux.${name}.run-privileged`, 'runs a privileged container');
  void ctx;
  return v('moderate', `linux.${name}.${a || 'cmd'}`, 'changes containers');
}

function kubectl(name: string, args: string[]): CmdVerdict {
  const pos = positionals(
    args.filter(
      (x, i) =>
        !/^-(n|o|l|c|f|-namespace|-output|-selector|-context|-container)$/.test(args[i - 1] ?? '') ||
        x.startsWith('-'),
    ),
  );
  const verb = pos[0] ?? '';
  const res = pos[1] ?? '';
  if (/^(get|describe)$/.test(verb) && /^secrets?$|^secret\//.test(res))
    return v('moderate', `linux.${name}.secret`, 'shows secrets');
  if (
    /^(get|describe|logs|top|explain|version|cluster-info|api-resources|api-versions|diff|events|auth|wait)$/.test(
      verb,
    ) ||
    (verb === 'config' && /^(view|get-contexts|current-context|get-clusters)$/.test(res))
  )
    return args.includes('--raw')
      ? v('moderate', `linux.${name}.raw`, 'shows credentials')
      : v('read', `linux.${name}.${verb}`, 'reads cluster state');
  if (verb === 'delete')
    return args.some((x) => x === '--all' || x === '-A' || x === '--all-namespaces') ||
      /^(ns|namespace|namespaces|node|nodes|crd|pv)$/.test(res)
      ? v('dangerous', `linux.${name}.delete-wide`, 'deletes cluster-wide resources', true)
      : v('moderate', `linux.${name}.delete`, 'deletes resources', true);
  if (/^(drain|replace|cordon)$/.test(verb) || (verb === 'rollout' && res === 'undo'))
    return v('dangerous', `linux.${name}.${verb}`, 'disrupts workloads');
  if (
    verb === 'exec' ||
    verb === 'run' ||
    verb === 'debug' ||
    verb === 'attach' ||
    verb === 'cp' ||
    verb === 'port-forward' ||
    verb === 'proxy'
  )
    return v('unknown', `linux.${name}.${verb}`, 'runs code or opens a channel in the cluster');
  return v('moderate', `linux.${name}.${verb || 'cmd'}`, 'changes cluster state');
}

function git(args: string[]): CmdVerdict {
  const verb = positionals(args)[0] ?? '';
  if (
    /^(status|log|diff|show|blame|shortlog|describe|rev-parse|ls-files|ls-tree|cat-file|grep|reflog|whatchanged|version|help|ls-remote)$/.test(
      verb,
    )
  )
    return v('read', `linux.git.${verb}`, 'reads the repository');
  if (
    (verb === 'branch' || verb === 'tag' || verb === 'remote' || verb === 'stash') &&
    positionals(args).length === 1 &&
    args.every((a) => a === verb || /^-(v|vv|a|r|l|-list|-all)$/.test(a))
  )
    return v('read', `linux.git.${verb}`, 'lists refs');
  if (
    (verb === 'reset' && args.includes('--hard')) ||
    (verb === 'clean' && args.some((a) => /^-[a-z]*f/.test(a))) ||
    (verb === 'push' &&
      args.some((a) => /^(-f|--force|--force-with-lease|--mirror|--delete)$/.test(a) || a.startsWith('+')))
  )
    return v('dangerous', `linux.git.${verb}`, 'discards or overwrites history or files', true);
  return v('moderate', `linux.git.${verb || 'cmd'}`, 'changes the repository');
}

function ctl(name: string, args: string[]): CmdVerdict {
  const verb = positionals(args)[0] ?? 'status';
  if (
    /^(status|show|list|list-[a-z-]+|query|dns|domain|statistics|lldp|timesync-status|show-timesync|show-session|show-user|show-seat|user-status|session-status|seat-status|--version|help|is-installed)$/.test(
      verb,
    )
  )
    return v('read', `linux.${name}.${verb}`, 'shows settings');
  if (name === 'loginctl' && /^(terminate|kill)-/.test(verb))
    return v('dangerous', `linux.${name}.${verb}`, 'ends sessions');
  if (name === 'networkctl' && /^(down|delete|reconfigure)$/.test(verb))
    return v('dangerous', `linux.${name}.${verb}`, 'takes links down');
  return v('moderate', `linux.${name}.${verb}`, 'changes settings');
}

function nmcli(args: string[]): CmdVerdict {
  const pos = positionals(args);
  const obj = pos[0] ?? '';
  const verb = pos[1] ?? '';
  const write =
    /^(up|down|delete|del|modify|mod|disconnect|add|reload|connect|set|edit|clone|import|export|on|off|rescan|reapply|load|hostname)$/;
  if (pos.some((p) => /^(down|disconnect|delete|del|off)$/.test(p)))
    return v('dangerous', 'linux.nmcli.down', 'takes connections or networking down');
  if (
    pos.length === 0 ||
    (/^(g|ge|gen|general|d|de|dev|devi|device|c|co|con|conn|connection|r|ra|radio|n|ne|net|networking|m|mo|monitor)$/.test(
      obj,
    ) &&
      (verb === '' ||
        /^(s|st|status|sh|show|l|list|wifi|permissions|logging|connectivity|all|lldp)$/.test(verb)) &&
      !pos.slice(1).some((p) => write.test(p)))
  )
    return v('read', 'linux.nmcli.show', 'shows network state');
  return v('moderate', 'linux.nmcli.set', 'changes network settings');
}

function curl(args: string[], _ctx: CmdContext): CmdVerdict {
  const writes = args.some((a) =>
    /^-[a-zA-Z]*[oO]$|^-[oO].|^--(output|remote-name|remote-name-all|output-dir|create-dirs|dump-header|cookie-jar|trace|trace-ascii|libcurl|stderr)$|^-[a-zA-Z]*[cD]$/.test(
      a,
    ),
  );
  const method =
    args.some((a) =>
      /^-[a-zA-Z]*[dFT]$|^-[dFT].|^--(data|data-raw|data-binary|data-urlencode|form|upload-file|json|form-string)/.test(
        a,
      ),
    ) ||
    args.some(
      (a, i) =>
        (/^(-X|--request)$/.test(args[i - 1] ?? '') || /^-X.+/.test(a)) &&
        !/^(-X)?(GET|HEAD|OPTIONS)$/i.test(a),
    );
  if (method) return v('moderate', 'linux.curl.send', 'sends data or a non-GET request');
  if (writes) return v('moderate', 'linux.curl.write', 'writes a file');
  if (args.some((a) => /^file:/i.test(a) || /^(-K|--config)$/.test(a)))
    return v('unknown', 'linux.curl.local', 'reads local files or a config');
  return v('read', 'linux.curl.get', 'fetches a URL to the screen');
}

function wget(args: string[]): CmdVerdict {
  if (
    args.includes('--spider') ||
    args.some(
      (a, i) =>
        (/^(-O|--output-document)$/.test(args[i - 1] ?? '') && a === '-') ||
        /^-[a-zA-Z]*O-$|^--output-document=-$/.test(a),
    )
  )
    return args.some((a) => /^--(post|method|body)/.test(a))
      ? v('moderate', 'linux.wget.send', 'sends data')
      : v('read', 'linux.wget.stdout', 'fetches a URL to the screen');
  return v('moderate', 'linux.wget', 'downloads a file');
}

function openssl(args: string[]): CmdVerdict {
  const verb = args[0] ?? '';
  if (
    /^(x509|req|crl|verify|s_client|version|ciphers|asn1parse|sess_id|list|help|speed|errstr|dgst|crl2pkcs7|pkcs7)$/.test(
      verb,
    ) &&
    !args.some((a) => /^-(out|keyout|signkey|new|x509toreq|CAcreateserial)$/.test(a))
  )
    return args.some((a) =>
      /^-(text|noout|in|subject|dates|issuer|fingerprint|serial|connect|servername|showcerts|purpose|ext|checkend|brief)$/.test(
        a,
      ),
    ) ||
      verb === 'version' ||
      verb === 'list' ||
      verb === 's_client' ||
      verb === 'ciphers'
      ? v('read', `linux.openssl.${verb}`, 'inspects certificates or connections')
      : v('unknown', `linux.openssl.${verb}`, 'unrecognised openssl use');
  if (/^(rsa|ec|pkey|pkcs12|genrsa|genpkey|enc|rand|passwd)$/.test(verb))
    return v('moderate', `linux.openssl.${verb}`, 'handles private keys or secrets');
  return v('unknown', `linux.openssl.${verb || 'bare'}`, 'unrecognised openssl use');
}

function awk(rest: readonly ShWord[], ctx: CmdContext): CmdVerdict {
  let i = 0;
  let program: ShWord | undefined;
  while (i < rest.length) {
    const w = rest[i]!;
    if (!w.literal) return v('unknown', 'linux.awk.dynamic', 'awk arguments computed at run time');
    if (w.text === '-f' || w.text.startsWith('--file'))
      return v('unknown', 'linux.awk.file', 'awk program from a file');
    // gawk also takes program text or extensions from options.
    if (/^(-e|-E|-i|-l|--source|--exec|--include|--load)/.test(w.text))
      return v('unknown', 'linux.awk.source', 'awk program from an option');
    if (/^-[vF]$/.test(w.text)) i += 2;
    else if (w.text === '--') i++;
    else if (w.text.startsWith('-')) i++;
    else {
      program = w;
      break;
    }
  }
  if (!program) return v('unknown', 'linux.awk.noprog', 'awk without a program');
  const p = program.text;
  if (p.length > 4096) return v('unknown', 'linux.awk.long', 'awk program too long to analyse');
  let top: CmdVerdict = v('read', 'linux.awk', 'awk filters text');
  const sys = [...p.matchAll(/system\s*\(\s*"((?:[^"\\]|\\.)*)"\s*\)/g)];
  if (/\bsystem\s*\(/.test(p)) {
    top = v('unknown', 'linux.awk.system', 'awk runs shell commands');
    for (const m of sys) {
      const r = ctx.shell(m[1]!.replace(/\\(.)/g, '$1'));
      if (riskRank(r.risk) > riskRank(top.risk)) top = tag(r, 'awk system()');
    }
    if (sys.length === 0 || /system\s*\(\s*[^"\s]/.test(p))
      top =
        riskRank(top.risk) < 2 ? v('unknown', 'linux.awk.system', 'awk runs computed shell commands') : top;
  }
  if (/(^|[^|])\|(?!\|)/.test(p) || (/\bgetline\b/.test(p) && /"\s*\|/.test(p))) {
    if (riskRank(top.risk) < 2) top = v('unknown', 'linux.awk.pipe', 'awk pipes to a command');
  }
  if (/print[f]?[^;}]*>/.test(p) || (/\b(fflush|close)\s*\(\s*"/.test(p) && /print[f]?[^;}]*>/.test(p))) {
    if (riskRank(top.risk) < 1) top = v('moderate', 'linux.awk.write', 'awk writes a file');
  }
  if (/@load|@include|\bENVIRON\b.*\|/.test(p) && riskRank(top.risk) < 2)
    top = v('unknown', 'linux.awk.extension', 'awk loads an extension');
  return top;
}

/** True when a sed script only filters text: no `w`/`W`/`e`/`r` commands and no `e`/`w` flags on `s`. */
function sedScriptIsRead(script: string): boolean {
  let i = 0;
  const n = script.length;
  const delimited = (d: string): boolean => {
    while (i < n && script[i] !== d) {
      if (script[i] === '\\') i++;
      if (script[i] === '\n') return false;
      i++;
    }
    if (i >= n) return false;
    i++;
    return true;
  };
  const address = (): boolean => {
    if (/[0-9]/.test(script[i] ?? '')) while (/[0-9~]/.test(script[i] ?? '')) i++;
    else if (script[i] === '$') i++;
    else if (script[i] === '/' || script[i] === '\\') {
      const d = script[i] === '\\' ? (script[++i] ?? '') : '/';
      i++;
      if (!delimited(d)) return false;
      while (/[IM]/.test(script[i] ?? '')) i++;
    }
    return true;
  };
  while (i < n) {
    while (i < n && /[\s;]/.test(script[i]!)) i++;
    if (i >= n) break;
    if (!address()) return false;
    if (script[i] === ',') {
      i++;
      if (script[i] === '+' || script[i] === '~') i++;
      if (!address()) return false;
    }
    while (script[i] === ' ' || script[i] === '!') i++;
    const c = script[i++] ?? '';
    if ('pdqQ=nNlgGhHxDPz{}'.includes(c) && c !== '') {
      while (/[0-9]/.test(script[i] ?? '')) i++;
      continue;
    }
    if (c === 's' || c === 'y') {
      const d = script[i++] ?? '';
      if (d === '' || d === '\n' || d === '\\') return false;
      if (!delimited(d) || !delimited(d)) return false;
      if (c === 's') {
        const flags = /^[gipIMm0-9ew]*/.exec(script.slice(i))![0];
        if (/[ew]/.test(flags)) return false;
        i += flags.length;
      }
      continue;
    }
    if (c === 'a' || c === 'i' || c === 'c' || c === 'b' || c === 't' || c === 'T' || c === ':') {
      while (i < n && script[i] !== '\n' && !(c !== 'a' && c !== 'i' && c !== 'c' && script[i] === ';')) i++;
      continue;
    }
    return false;
  }
  return true;
}

function sed(args: string[]): CmdVerdict {
  if (args.some((a) => /^-[a-zA-Z]*i|^--in-place/.test(a)))
    return v('moderate', 'linux.sed.in-place', 'edits files in place');
  if (args.some((a) => a === '-f' || a.startsWith('--file')))
    return v('unknown', 'linux.sed.file', 'sed script from a file');
  const scripts: string[] = [];
  let sawE = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-e' || a === '--expression') {
      scripts.push(args[i + 1] ?? '');
      sawE = true;
      i++;
    } else if (a.startsWith('--expression=')) {
      scripts.push(a.slice(13));
      sawE = true;
    } else if (!a.startsWith('-') && !sawE && scripts.length === 0) scripts.push(a);
  }
  if (scripts.length === 0) return v('unknown', 'linux.sed.noscript', 'sed without a script');
  // `w`, `W`, `e`, `r` and the `e`/`w` flags of `s` write files or run commands: only simple scripts are read.
  if (scripts.every(sedScriptIsRead)) return v('read', 'linux.sed', 'sed filters text');
  return v('unknown', 'linux.sed.complex', 'sed script may write files or run commands');
}

function builtinState(name: string, rest: readonly ShWord[], ctx: CmdContext): CmdVerdict {
  for (const w of rest) {
    if (
      /^(PATH|LD_PRELOAD|LD_LIBRARY_PATH|LD_AUDIT|BASH_ENV|ENV|IFS|PROMPT_COMMAND|PS4|SHELLOPTS|BASHOPTS|PYTHONPATH|PYTHONSTARTUP|PERL5OPT|NODE_OPTIONS|GIT_SSH_COMMAND|HISTFILE|[A-Z_]*PAGER|EDITOR|VISUAL|BROWSER|LESSOPEN|LESSCLOSE|GIT_[A-Z_]+)(\+)?=/.test(
        w.text,
      )
    )
      return v('unknown', `linux.${name}.hijack`, 'sets a variable that changes what later commands run');
    if (name === 'set' && w.literal && /^[+-]o$/.test(w.text)) continue;
    if (name === 'shopt' && w.literal && w.text === 'expand_aliases')
      return v('unknown', 'linux.shopt.aliases', 'enables aliases');
  }
  if (name === 'declare' || name === 'typeset') {
    if (rest.some((w) => w.literal && /^-[a-zA-Z]*f/.test(w.text)))
      return v('read', `linux.${name}.functions`, 'lists functions');
  }
  void ctx;
  return v('read', `linux.${name}`, 'shell state only');
}

function shell(name: string, rest: readonly ShWord[], ctx: CmdContext): CmdVerdict {
  for (let i = 0; i < rest.length; i++) {
    const w = rest[i]!;
    if (!w.literal)
      return v(
        w.procSub ? 'dangerous' : 'unknown',
        `linux.${name}.dynamic`,
        w.procSub ? 'runs code produced by another command' : 'shell arguments computed at run time',
      );
    if (/^-[a-zA-Z]*c[a-zA-Z]*$/.test(w.text)) {
      const code = rest[i + 1];
      if (!code) return v('unknown', `linux.${name}.c-empty`, `${name} -c without code`);
      if (!code.literal) {
        const fromFetch = code.subs.some((s) =>
          s.pipelines.some((p) =>
            p.stages.some(
              (st) =>
                st.kind === 'command' &&
                st.words[0]?.literal &&
                FETCHERS.has(st.words[0].text.split('/').pop()!),
            ),
          ),
        );
        return v(
          fromFetch ? 'dangerous' : 'unknown',
          `linux.${name}.c-dynamic`,
          fromFetch ? 'runs code downloaded from the network' : 'runs code computed at run time',
        );
      }
      return tag(ctx.shell(code.text), `${name} -c`);
    }
    if (/^-[a-zA-Z]*s[a-zA-Z]*$/.test(w.text) || w.text === '-') return stdinCode(name, ctx);
    if (w.text.startsWith('-') || w.text.startsWith('+')) {
      if (/^--(version|help)$/.test(w.text)) return v('read', `linux.${name}.version`, 'prints version');
      continue;
    }
    return v('unknown', `linux.${name}.script`, `${name} runs a script file`);
  }
  return stdinCode(name, ctx);
}

function stdinCode(name: string, ctx: CmdContext): CmdVerdict {
  const s = ctx.stdin;
  if (s.kind === 'fetch')
    return v('dangerous', `linux.${name}.remote-code`, 'pipes code downloaded from the network into a shell');
  if (s.kind === 'text') return tag(ctx.shell(s.text), `${name} stdin`);
  if (s.kind === 'decoded')
    return v('dangerous', `linux.${name}.obfuscated-code`, 'runs decoded (hidden) code');
  return v('unknown', `linux.${name}.stdin`, `${name} runs code from its input`);
}

const DESTRUCTIVE_CODE =
  /\b(rmtree|rm_rf|rm_r|remove_dir_all|rimraf|unlink|unlinkSync|rmSync|rmdirSync|os\.remove|os\.rmdir|File\.delete|FileUtils\.rm|reboot|shutdown|poweroff|halt|mkfs|wipefs|format_disk|DROP\s+(TABLE|DATABASE)|TRUNCATE|dd\s+if=|kill\s*\(\s*-?1\b|os\.kill|killpg|chmod\s*\(\s*["']\/)/i;

function interpreter(name: string, rest: readonly ShWord[], ctx: CmdContext): CmdVerdict {
  const lit = literals(rest);
  if (lit && lit.length === 1 && /^(--version|-V|-v|--help|-h)$/.test(lit[0]!))
    return v('read', `linux.${name}.version`, 'prints version');
  let code: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const w = rest[i]!;
    if (!w.literal)
      return v('unknown', `linux.${name}.dynamic`, 'interpreter arguments computed at run time');
    if (/^-[a-zA-Z]*[ceE]$|^--eval$|^-r$|^-m$/.test(w.text)) {
      if (w.text === '-m') {
        const mod = rest[i + 1]?.text ?? '';
        if (/^(json\.tool|platform|site|sysconfig|this|timeit|calendar|tokenize|pydoc)$/.test(mod))
          return v('read', `linux.${name}.module`, 'runs a read-only standard module');
        if (/^(http\.server|SimpleHTTPServer|smtpd|pip|venv|ensurepip)$/.test(mod))
          return v('moderate', `linux.${name}.module`, `runs ${mod}`);
        return v('unknown', `linux.${name}.module`, 'runs a module');
      }
      code = rest[i + 1]?.text;
      break;
    }
    if (!w.text.startsWith('-')) return v('unknown', `linux.${name}.script`, `${name} runs a script file`);
  }
  if (code === undefined) {
    if (ctx.stdin.kind === 'fetch')
      return v(
        'dangerous',
        `linux.${name}.remote-code`,
        'pipes code downloaded from the network into an interpreter',
      );
    if (ctx.stdin.kind === 'decoded')
      return v('dangerous', `linux.${name}.obfuscated-code`, 'runs decoded (hidden) code');
    if (ctx.stdin.kind === 'text') code = ctx.stdin.text;
    else return v('unknown', `linux.${name}.stdin`, `${name} runs code from its input`);
  }
  return inlineCode(name, code, ctx);
}

/** Inline code is never proven read; known destructive calls and shell strings inside it raise it. */
function inlineCode(name: string, code: string, ctx: CmdContext): CmdVerdict {
  if (code.length > 8192) return v('unknown', `linux.${name}.long`, 'inline code too long to analyse');
  if (DESTRUCTIVE_CODE.test(code))
    return v('dangerous', `linux.${name}.destructive-code`, 'inline code deletes, reboots or formats');
  let top: CmdVerdict = v('unknown', `linux.${name}.inline`, `inline ${name} code cannot be proven read`);
  if (
    /\b(system|popen|exec[a-z]*|spawn[a-zA-Z]*|subprocess|check_output|check_call|run|call|Popen|shell_exec|passthru|proc_open|`)/.test(
      code,
    )
  ) {
    for (const m of code.matchAll(/(["'`])((?:(?!\1)[^\\]|\\.){2,400})\1/g)) {
      const r = ctx.shell(m[2]!);
      if (riskRank(r.risk) > riskRank(top.risk)) top = tag(r, `${name} code`);
    }
  }
  return top;
}

function vtysh(args: string[], ctx: CmdContext): CmdVerdict {
  const cmds: string[] = [];
  for (let i = 0; i < args.length; i++)
    if (args[i] === '-c' || args[i] === '--command') cmds.push(args[++i] ?? '');
  if (args.some((a) => a === '-f' || a === '-b' || a === '--boot' || a.startsWith('--inputfile')))
    return v('dangerous', 'linux.vtysh.file', 'applies a configuration file');
  if (cmds.length === 0) return v('unknown', 'linux.vtysh.interactive', 'opens the routing shell');
  return tag(ctx.cli(cmds.join('\n')), 'vtysh');
}

export { FETCHERS, INTERPRETERS, SHELLS };
