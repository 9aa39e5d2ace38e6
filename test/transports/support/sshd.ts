/**
 * Starts a real OpenSSH sshd (Debian's openssh-server) on a free loopback port with a throwaway
 * host key, client key and config, for the SSH transport tests. Missing sshd fails in CI and skips
 * locally.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SSHD_PATH = '/usr/sbin/sshd';

export interface SshdFixture {
  readonly port: number;
  readonly username: string;
  /** `[127.0.0.1]:port type base64` for the server's host key. */
  readonly knownHostsLine: string;
  /** A second, unrelated host key line (for mismatch tests). */
  readonly otherKnownHostsLine: string;
  readonly clientKey: string;
  readonly dir: string;
  stop(): Promise<void>;
}

/** True when sshd can be used; in CI a missing sshd is a failure, not a skip. */
export function sshdAvailable(): boolean {
  const ok = existsSync(SSHD_PATH);
  if (!ok && process.env.CI) {
    throw new Error(
      `${SSHD_PATH} is missing: .ci/run must install Debian's openssh-server for the SSH tests`,
    );
  }
  return ok;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function keygen(path: string, type: 'ed25519' | 'rsa' = 'ed25519'): void {
  const bits = type === 'rsa' ? ['-b', '2048'] : [];
  execFileSync('ssh-keygen', ['-q', '-t', type, ...bits, '-N', '', '-C', 'airlock-test', '-f', path]);
}

/** Options for unusual servers: extra sshd_config lines and the host key type. */
export interface SshdOptions {
  readonly extraConfig?: readonly string[];
  readonly hostKeyType?: 'ed25519' | 'rsa';
}

export async function startSshd(options: SshdOptions = {}): Promise<SshdFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'airlock-sshd-'));
  keygen(join(dir, 'host_key'), options.hostKeyType);
  keygen(join(dir, 'other_host_key'));
  keygen(join(dir, 'client_key'));
  writeFileSync(join(dir, 'authorized_keys'), readFileSync(join(dir, 'client_key.pub')));
  // sshd refuses to start without its privilege separation directory.
  try {
    mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  } catch {
    // Not root: sshd then runs unprivileged and the directory check is its own to report.
  }
  const username = execFileSync('id', ['-un']).toString().trim();
  const port = await freePort();
  const config = [
    `Port ${port}`,
    'ListenAddress 127.0.0.1',
    `HostKey ${join(dir, 'host_key')}`,
    `PidFile ${join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
    'UsePAM no',
    'StrictModes no',
    'PermitRootLogin prohibit-password',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'PubkeyAuthentication yes',
    'LogLevel ERROR',
    'MaxStartups 50',
    ...(options.extraConfig ?? []),
  ].join('\n');
  writeFileSync(join(dir, 'sshd_config'), `${config}\n`);
  const child: ChildProcess = spawn(SSHD_PATH, ['-D', '-e', '-f', join(dir, 'sshd_config')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    if (stderr.length < 4096) stderr += d.toString();
  });
  await waitForPort(port, child, () => stderr);
  const pub = (name: string) =>
    readFileSync(join(dir, `${name}.pub`), 'utf8')
      .trim()
      .split(/\s+/)
      .slice(0, 2)
      .join(' ');
  return {
    port,
    username,
    dir,
    knownHostsLine: `[127.0.0.1]:${port} ${pub('host_key')}`,
    otherKnownHostsLine: `[127.0.0.1]:${port} ${pub('other_host_key')}`,
    clientKey: readFileSync(join(dir, 'client_key'), 'utf8'),
    async stop() {
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function waitForPort(port: number, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`sshd exited with ${child.exitCode}: ${log()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`sshd did not listen on ${port}: ${log()}`);
}
