/**
 * Path patterns that change a verdict whatever the command: files whose content is a secret (reading
 * them is at least moderate) and system locations whose overwrite can brick or lock out a host.
 */

const SECRET_PATHS: readonly RegExp[] = [
  /(^|\/)(shadow|gshadow)(-|\.bak)?$/,
  /(^|\/)\.ssh\/(id_[a-z0-9]+|identity)$/,
  /(^|\/)id_(rsa|dsa|ecdsa|ed25519)(_sk)?$/,
  /\/etc\/ssh\/ssh_host_[a-z0-9]+_key$/,
  /(^|\/)(\.aws\/credentials|\.netrc|\.pgpass|\.git-credentials|\.vault-token|\.my\.cnf|\.boto)$/,
  /(^|\/)(\.kube\/config|\.docker\/config\.json|kubeconfig)$/,
  /\/etc\/ssl\/private(\/|$)/,
  /\.(key|p12|pfx|jks|keystore|kdbx)$/,
  /(key|priv)[^/]*\.pem$/i,
  /(^|\/)(chap-secrets|pap-secrets|ipsec\.secrets|krb5\.keytab|wpa_supplicant\.conf|master\.key)$/,
  /\/proc\/[^/]+\/environ$/,
  /(^|\/)\.env(\.[a-z]+)?$/,
  /\/etc\/(sudoers|security\/opasswd)$/,
  /(^|\/)(secrets?|credentials?|passwords?)(\.[a-z]+)?$/i,
];

const CRITICAL_WRITE: readonly RegExp[] = [
  /^\/dev\/(sd|hd|vd|xvd|nvme|mmcblk|md|dm-|mapper\/|loop|mem$|kmem$|port$)/,
  /^\/etc\/(passwd|shadow|group|gshadow|sudoers|fstab|hosts|resolv\.conf|network\/interfaces|netplan\/|ssh\/sshd_config|pam\.d\/|crypttab|inittab|ld\.so\.preload|securetty|nsswitch\.conf)/,
  /^\/boot\//,
  /^\/proc\/sysrq-trigger$/,
  /^\/sys\/(firmware|power|block)/,
  /^\/(bin|sbin|lib|lib64|usr\/bin|usr\/sbin|usr\/lib)\//,
  /(^|\/)\.ssh\/authorized_keys$/,
];

const HARMLESS_SINKS = /^\/dev\/(null|stdout|stderr|tty|fd\/[0-9]+)$/;

/**
 * True when a literal path names a file whose content is a secret.
 * @example
 * isSecretPath('/etc/shadow') // true
 */
export function isSecretPath(p: string): boolean {
  return SECRET_PATHS.some((r) => r.test(p));
}

/**
 * True when overwriting `p` can brick the host or lock everyone out.
 * @example
 * isCriticalPath('/dev/sda') // true
 */
export function isCriticalPath(p: string): boolean {
  return CRITICAL_WRITE.some((r) => r.test(p));
}

/** True for sinks such as /dev/null whose writes change nothing. */
export function isHarmlessSink(p: string): boolean {
  return HARMLESS_SINKS.test(p);
}

/** True for `/`, a top-level system directory, `~` or `*`-only targets (a recursive change there is wide). */
export function isWideTarget(p: string): boolean {
  return /^(\/+|\/\*|\/[a-z0-9]+\/?|~\/?|\*|\.\/?\*?|\.\.\/?|\$HOME\/?)$/.test(p);
}
