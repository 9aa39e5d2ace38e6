/**
 * Connects the agent to its device: the simulated RouterOS device (started here, its admin password
 * made fresh and sealed in the vault at once) or a real device over SSH. Either way the host key is
 * pinned (the simulator's own key, or the operator's known_hosts) and the password reaches the SSH
 * library only through the vault's audited credential callback.
 */
import { randomBytes } from 'node:crypto';
import { accessSync, constants } from 'node:fs';
import { ConfigError } from 'airlock';
import type { AuditRecorder } from 'airlock/audit';
import type { Redactor } from 'airlock/redact';
import { createSshTransport, type DeviceTransport, startSimulatedRouterOS } from 'airlock/transports';
import type { NocConfig, Vendor } from './flags.js';
import type { Vault } from './vault.js';

/** The device side of a run. */
export interface DeviceSession {
  readonly transport: DeviceTransport;
  /** How the device was reached, for the header (no secrets). */
  readonly description: string;
  /** How the host key is trusted, for the header. */
  readonly hostKey: string;
  /** Every secret the simulated device holds (for the demo's own leak check); empty for real devices. */
  readonly seededSecrets: readonly string[];
  close(): Promise<void>;
}

/** The vault record name of the simulated device's password. */
export const SIMULATED_TARGET = 'simulated-routeros';

/**
 * Opens the device session (nothing is sent until the first command).
 * @example
 * const device = await openDevice(config, { vault, redactor, env: process.env, runId })
 */
export async function openDevice(
  config: NocConfig,
  deps: { vault: Vault; redactor: Redactor; env: NodeJS.ProcessEnv; runId: string },
): Promise<DeviceSession> {
  const { vault, redactor, env, runId } = deps;
  if (config.device.kind === 'simulated') {
    // A fresh password per run, sealed at once: the plaintext lives only in this scope and in the
    // simulator (which plays the device and must know it).
    const password = `Sim-${randomBytes(12).toString('base64url')}`;
    const device = await startSimulatedRouterOS({ users: [{ name: 'admin', password, group: 'full' }] });
    try {
      await vault.store(SIMULATED_TARGET, password);
      redactor.register(password, { kind: 'PASSWORD', name: 'device admin password' });
    } catch (e) {
      await device.close();
      throw e;
    }
    const transport = createSshTransport({
      host: device.host,
      port: device.port,
      username: 'admin',
      password: vault.credential(SIMULATED_TARGET, 'ssh login to the simulated device', runId),
      knownHosts: { content: device.hostKey },
      readyTimeoutMs: 10_000,
    });
    return {
      transport,
      description: `simulated RouterOS 7 (${device.state.boardName}) at ssh://admin@${device.host}:${device.port}`,
      hostKey: "pinned (the simulator's own key, never trust-on-first-use)",
      seededSecrets: [...device.secrets(), password],
      async close() {
        await transport.close().catch(() => {});
        await device.close();
      },
    };
  }

  const { user, host, port } = config.device;
  const target = `ssh://${user}@${host}:${port}`;
  try {
    accessSync(config.knownHosts, constants.R_OK);
  } catch {
    throw new ConfigError(
      'KNOWN_HOSTS_UNREADABLE',
      `cannot read the known_hosts file ${config.knownHosts}; pass --known-hosts FILE (host keys are always pinned)`,
    );
  }
  if (config.passwordEnv !== undefined) {
    const password = env[config.passwordEnv];
    if (password === undefined || password.length === 0) {
      throw new ConfigError(
        'PASSWORD_ENV_EMPTY',
        `environment variable ${config.passwordEnv} is not set or empty`,
      );
    }
    await vault.store(target, password);
  } else if (!vault.has(target)) {
    throw new ConfigError(
      'CREDENTIAL_NOT_FOUND',
      `no credential for ${target} in the vault (${vault.dir}); pass --password-env VAR once to seal it there`,
    );
  }
  // The redactor must know the password to catch it anywhere (banners, echoes, configs).
  const known = await vault.credential(target, 'register the device password with the redactor', runId)();
  redactor.register(known, { kind: 'PASSWORD', name: `password of ${target}` });
  const transport = createSshTransport({
    host,
    port,
    username: user,
    password: vault.credential(target, `ssh login to ${target}`, runId),
    knownHosts: { path: config.knownHosts },
    readyTimeoutMs: 10_000,
  });
  return {
    transport,
    description: `${config.vendor} device at ${target}`,
    hostKey: `pinned from ${config.knownHosts}`,
    seededSecrets: [],
    close: () => transport.close().catch(() => {}),
  };
}

/**
 * A harmless read per vendor, run once before the agent starts to prove the session works.
 * @example
 * await transport.exec(PREFLIGHT.routeros) // '/system identity print'
 */
export const PREFLIGHT: Readonly<Record<Vendor, string>> = {
  routeros: '/system identity print',
  ios: 'show clock',
  nxos: 'show clock',
  eos: 'show clock',
  junos: 'show system uptime',
  fortios: 'get system status',
  panos: 'show clock',
  linux: 'uname -a',
};

/**
 * Runs the preflight read and records it; connection faults propagate as the transport's typed errors.
 * @example
 * const identity = await preflight(device.transport, 'routeros', redactor, log, org, runId)
 */
export async function preflight(
  transport: DeviceTransport,
  vendor: Vendor,
  redactor: Redactor,
  audit: AuditRecorder,
  org: string,
  runId: string,
): Promise<string> {
  const command = PREFLIGHT[vendor];
  const r = await transport.exec(command, { timeoutMs: 15_000, maxOutputBytes: 64 * 1024 });
  await audit.record({
    type: 'command.executed',
    org,
    runId,
    actor: { kind: 'system', id: 'noc-agent/preflight' },
    data: {
      target: transport.target.slice(0, 512),
      exitStatus: r.exitStatus,
      durationMs: r.durationMs,
      outputBytes: r.outputBytes,
    },
  });
  return redactor.redact(r.output).text.trim();
}
