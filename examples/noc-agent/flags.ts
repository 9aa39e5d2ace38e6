/**
 * Command-line flags of the NOC agent: parsed strictly with node:util `parseArgs` into a validated
 * configuration. A bad flag is a `ConfigError` whose message is one line that names the flag and what
 * it expected, never the value that came (a mistyped password must not end up on screen).
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, describeValue } from 'airlock';
import { EXIT_CODE_HELP } from './exit-codes.js';

/** Vendor ids, as `airlock/classifier` names them (a test keeps the two lists equal). */
export const VENDORS = ['routeros', 'ios', 'nxos', 'junos', 'eos', 'fortios', 'panos', 'linux'] as const;
export type Vendor = (typeof VENDORS)[number];
/** Trust levels, as `airlock/trust` names them (a test keeps the two lists equal). */
export const TRUST_LEVELS = ['manual', 'supervised', 'autonomous'] as const;
export type TrustLevel = (typeof TRUST_LEVELS)[number];
export const MODELS = ['scripted', 'bedrock'] as const;
export type ModelKind = (typeof MODELS)[number];
export const APPROVE_MODES = ['ask', 'never'] as const;
export type ApproveMode = (typeof APPROVE_MODES)[number];

export const DEFAULT_TASK = 'users on VLAN 20 lose connectivity: find out why and fix it';
export const DEFAULT_REGION = 'us-east-1';

/** Where the agent works: the built-in simulated RouterOS device, or a real device over SSH. */
export type DeviceTarget =
  | { readonly kind: 'simulated' }
  | { readonly kind: 'ssh'; readonly user: string; readonly host: string; readonly port: number };

/** The validated configuration of one run. */
export interface NocConfig {
  readonly device: DeviceTarget;
  readonly passwordEnv: string | undefined;
  readonly knownHosts: string;
  readonly vendor: Vendor;
  readonly model: ModelKind;
  readonly modelId: string | undefined;
  readonly region: string;
  /** Lets a `us.`/`eu.`/`global.` inference profile through the pin (prompts may leave the region). */
  readonly allowCrossRegionProfile: boolean;
  readonly trust: TrustLevel;
  /** A JSON policy file (`airlock/trust` format) applied to every decision. */
  readonly policyFile: string | undefined;
  readonly approve: ApproveMode;
  readonly auditFile: string | undefined;
  readonly vaultDir: string | undefined;
  readonly task: string;
  readonly org: string;
  readonly color: boolean | undefined;
  readonly maxToolCalls: number | undefined;
  readonly maxTurns: number | undefined;
}

/** The result of parsing: either help was asked for, or a configuration to run. */
export type ParsedFlags = { readonly help: true } | { readonly help: false; readonly config: NocConfig };

const OPTIONS = {
  device: { type: 'string' },
  'password-env': { type: 'string' },
  'known-hosts': { type: 'string' },
  vendor: { type: 'string' },
  model: { type: 'string' },
  'model-id': { type: 'string' },
  region: { type: 'string' },
  'allow-cross-region-profile': { type: 'boolean' },
  trust: { type: 'string' },
  policy: { type: 'string' },
  approve: { type: 'string' },
  audit: { type: 'string' },
  vault: { type: 'string' },
  task: { type: 'string' },
  org: { type: 'string' },
  'max-tool-calls': { type: 'string' },
  'max-turns': { type: 'string' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/**
 * Parses argv (without `node` and the script) into a run configuration; throws `ConfigError` with a
 * one-line message on any bad flag.
 * @example
 * const parsed = parseFlags(['--trust', 'manual'], process.env)
 * if (!parsed.help) console.log(parsed.config.trust) // 'manual'
 */
export function parseFlags(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): ParsedFlags {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false }));
  } catch (e) {
    throw new ConfigError('BAD_FLAG', flagParseMessage(e), { cause: e });
  }
  if (values.help === true) return { help: true };

  const str = (name: keyof typeof OPTIONS): string | undefined => {
    const v = values[name];
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || v.trim() === '') {
      throw new ConfigError('BAD_FLAG', `--${name} expected a non-empty value`);
    }
    return v;
  };

  const device = parseDevice(str('device'));
  const passwordEnv = str('password-env');
  if (passwordEnv !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(passwordEnv)) {
    throw new ConfigError('BAD_FLAG', '--password-env expected the NAME of an environment variable');
  }
  if (passwordEnv !== undefined && device.kind === 'simulated') {
    throw new ConfigError('BAD_FLAG', '--password-env needs --device (the simulated device makes its own)');
  }
  const model = oneOf('model', str('model'), MODELS, 'scripted');
  const modelId = str('model-id');
  if (modelId !== undefined && model !== 'bedrock') {
    throw new ConfigError('BAD_FLAG', '--model-id needs --model bedrock');
  }
  const region = str('region') ?? DEFAULT_REGION;
  if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) {
    throw new ConfigError(
      'BAD_FLAG',
      `--region expected an AWS region such as us-east-1, got ${describeValue(region)}`,
    );
  }
  if (values['allow-cross-region-profile'] === true && model !== 'bedrock') {
    throw new ConfigError('BAD_FLAG', '--allow-cross-region-profile needs --model bedrock');
  }
  if (values.color === true && values['no-color'] === true) {
    throw new ConfigError('BAD_FLAG', '--color and --no-color cannot be used together');
  }
  const org = str('org') ?? 'demo-org';
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(org)) {
    throw new ConfigError('BAD_FLAG', '--org expected 1-64 letters, digits, dots, dashes or underscores');
  }

  return {
    help: false,
    config: {
      device,
      passwordEnv,
      knownHosts: str('known-hosts') ?? join(env.HOME ?? homedir(), '.ssh', 'known_hosts'),
      vendor: oneOf('vendor', str('vendor'), VENDORS, 'routeros'),
      model,
      modelId,
      region,
      allowCrossRegionProfile: values['allow-cross-region-profile'] === true,
      trust: oneOf('trust', str('trust'), TRUST_LEVELS, 'supervised'),
      policyFile: str('policy'),
      approve: oneOf('approve', str('approve'), APPROVE_MODES, 'ask'),
      auditFile: str('audit'),
      vaultDir: str('vault'),
      task: str('task') ?? DEFAULT_TASK,
      org,
      color: values.color === true ? true : values['no-color'] === true ? false : undefined,
      maxToolCalls: positiveInt('max-tool-calls', str('max-tool-calls')),
      maxTurns: positiveInt('max-turns', str('max-turns')),
    },
  };
}

function oneOf<T extends string>(
  name: string,
  value: string | undefined,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new ConfigError('BAD_FLAG', `--${name} expected one of ${allowed.join('|')}`);
}

function positiveInt(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,6}$/.test(value) || Number(value) < 1) {
    throw new ConfigError('BAD_FLAG', `--${name} expected a whole number from 1 to 999999`);
  }
  return Number(value);
}

/**
 * `ssh://user@host[:port]`; a password in the URL is refused (it would sit in shell history).
 * @example
 * parseDevice('ssh://admin@10.0.0.1:2222') // { kind: 'ssh', user: 'admin', host: '10.0.0.1', port: 2222 }
 */
export function parseDevice(value: string | undefined): DeviceTarget {
  if (value === undefined || value === 'simulated') return { kind: 'simulated' };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError('BAD_FLAG', '--device expected ssh://user@host[:port]');
  }
  if (url.protocol !== 'ssh:') throw new ConfigError('BAD_FLAG', '--device expected an ssh:// URL');
  if (url.password !== '') {
    throw new ConfigError(
      'BAD_FLAG',
      '--device must not carry a password; use --password-env VAR or the vault',
    );
  }
  if (url.username === '')
    throw new ConfigError('BAD_FLAG', '--device expected a user: ssh://user@host[:port]');
  if (url.pathname !== '' && url.pathname !== '/') {
    throw new ConfigError('BAD_FLAG', '--device expected no path after host[:port]');
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === '') throw new ConfigError('BAD_FLAG', '--device expected a host: ssh://user@host[:port]');
  const port = url.port === '' ? 22 : Number(url.port);
  return { kind: 'ssh', user: decodeURIComponent(url.username), host, port };
}

/** Turns node's parseArgs errors into one line without its stack or the offending value's content. */
function flagParseMessage(e: unknown): string {
  const code = (e as { code?: unknown }).code;
  const message = e instanceof Error ? e.message : '';
  const flag = /'(-{1,2}[A-Za-z0-9-]+)/.exec(message)?.[1];
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown flag ${flag ?? ''}`.trim();
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return flag === undefined
        ? 'a flag is missing its value'
        : `${flag.replace(/ .*/, '')} expected a value`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return 'unexpected argument (put the task in --task "...")';
    default:
      return 'could not parse the flags';
  }
}

/**
 * The `--help` text.
 * @example
 * process.stdout.write(helpText())
 */
export function helpText(): string {
  const codes = EXIT_CODE_HELP.map(([c, d]) => `  ${String(c).padStart(3)}  ${d}`).join('\n');
  return `noc-agent: an AI agent that troubleshoots network devices, with Airlock in the loop.

Usage:
  npm run demo                                   offline: simulated RouterOS device, scripted model
  npm run demo -- --model bedrock --device ssh://admin@10.0.0.1 --password-env ROUTER_PASSWORD

Device:
  --device ssh://user@host[:port]   real device over SSH (default: a simulated RouterOS device)
  --password-env VAR                read the device password from $VAR and seal it in the vault;
                                    without it the password comes from the vault
  --known-hosts FILE                pinned host keys (default ~/.ssh/known_hosts); unknown keys are refused
  --vendor ID                       routeros|ios|nxos|junos|eos|fortios|panos|linux (default routeros)
  --vault DIR                       local vault for device credentials (default .airlock/)

Model:
  --model scripted|bedrock          scripted: offline, no AI service (default); bedrock: Amazon Bedrock
  --model-id ID                     Bedrock model id (default: the agent's default model)
  --region REGION                   Bedrock region (default ${DEFAULT_REGION}); credentials come from the
                                    AWS SDK chain (env, profiles, SSO); AWS_ENDPOINT_URL_BEDROCK_RUNTIME works
  --allow-cross-region-profile      accept a us./eu./global. inference profile id (refused by default:
                                    such profiles may process the prompt in other regions)

Safety:
  --trust manual|supervised|autonomous   who decides (default supervised: reads run, changes ask)
  --policy FILE                     JSON policy (airlock/trust format: {"v":1,"rules":[…]}); deny wins;
                                    under autonomous, moderate changes run only where a rule allows
  --approve ask|never               ask: prompt on a terminal (default); never: deny every approval
                                    (unattended runs). Without a terminal, the offline demo uses a
                                    demo auto-approver (approves moderate, denies dangerous) and a
                                    real device or model gets every approval denied.
  --max-tool-calls N, --max-turns N ceilings for this run
  --audit FILE                      audit log (JSONL); default .airlock/audit/<run>.jsonl
  --org ID                          tenant id for keys and audit events (default demo-org)

Other:
  --task "..."                      what to do (default: "${DEFAULT_TASK}")
  --color, --no-color               force colour on or off (NO_COLOR is honoured)
  -h, --help                        this text

Exit codes:
${codes}
`;
}
