/**
 * `startSimulatedRouterOS`: a RouterOS 7-like device in memory, served over a real SSH server and a
 * RouterOS API listener on loopback, for tests and the reference demo. It is a test double: it
 * models a handful of menus and their output, not RouterOS.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { knownHostsLine } from '../known-hosts.js';
import { startApiServer } from './api-server.js';
import { startRestServer } from './rest-server.js';
import { startSshServer } from './ssh-server.js';
import { createRosState, listSecrets, type RosState, type SeedOptions } from './state.js';

/**
 * A running simulated device.
 * @example
 * const dev: SimulatedRouterOS = await startSimulatedRouterOS(); dev.state.received.length
 */
export interface SimulatedRouterOS {
  readonly host: '127.0.0.1';
  /** SSH port. */
  readonly port: number;
  /** RouterOS API (plain TCP) port. */
  readonly apiPort: number;
  /** RouterOS API-SSL port, when started with `apiTls`. */
  readonly apiTlsPort: number | null;
  /** RouterOS v7 REST port: HTTPS when started with `apiTls`, plain HTTP otherwise. */
  readonly restPort: number;
  /** known_hosts line pinning the generated host key: `[127.0.0.1]:port ssh-ed25519 AAAA…`. */
  readonly hostKey: string;
  /** The live device state; tests may read and change it. */
  readonly state: RosState;
  /** Every secret value in the device configuration, for leak assertions. */
  secrets(): string[];
  close(): Promise<void>;
}

/**
 * Starts a simulated RouterOS device on loopback (SSH and API on ephemeral ports).
 * @example
 * const dev = await startSimulatedRouterOS({ users: [{ name: 'admin', password: 'pw' }] })
 * const t = createSshTransport({ host: dev.host, port: dev.port, username: 'admin', password: 'pw',
 *   knownHosts: { content: dev.hostKey } })
 * await t.exec('/interface print')
 */
export async function startSimulatedRouterOS(
  options: SeedOptions & {
    /** A PEM key and certificate to also serve API-SSL (like port 8729). */
    readonly apiTls?: { readonly key: string | Buffer; readonly cert: string | Buffer };
  } = {},
): Promise<SimulatedRouterOS> {
  const state = createRosState(options);
  const digest = (s: string) => createHash('sha256').update(s).digest();
  const check = (user: string, password: string): boolean => {
    // Users live in the `/user` menu, so `/user add` and `/user set password=` take effect.
    const u = state.menus.get('user')?.items.find((x) => !x.disabled && x.props.name === user);
    const expected = u?.props.password;
    // Compare digests so the comparison time does not depend on where the passwords differ.
    return expected !== undefined && timingSafeEqual(digest(expected), digest(password));
  };
  const ssh = await startSshServer(state, check);
  const api = await startApiServer(state, check);
  const apiTls = options.apiTls === undefined ? null : await startApiServer(state, check, options.apiTls);
  const rest = await startRestServer(state, check, options.apiTls);
  let closed = false;
  return {
    host: '127.0.0.1',
    port: ssh.port,
    apiPort: api.port,
    apiTlsPort: apiTls?.port ?? null,
    restPort: rest.port,
    hostKey: knownHostsLine('127.0.0.1', ssh.port, ssh.publicKey),
    state,
    secrets: () => [...new Set(listSecrets(state).map((s) => s.value))],
    async close() {
      if (closed) return;
      closed = true;
      await Promise.all([
        new Promise<void>((resolve) => ssh.server.close(() => resolve())),
        new Promise<void>((resolve) => api.server.close(() => resolve())),
        new Promise<void>((resolve) => {
          rest.server.close(() => resolve());
          rest.server.closeAllConnections?.();
        }),
        new Promise<void>((resolve) => (apiTls === null ? resolve() : apiTls.server.close(() => resolve()))),
      ]);
    },
  };
}
