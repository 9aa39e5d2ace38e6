/**
 * The local credential vault: device passwords sealed with `airlock/envelope` (LocalKeyring, the
 * embedded default: per-org master key under a root key file with mode 0600) and stored as `alk1.…`
 * strings in `credentials.json`. A password is opened only inside the SSH transport's credential
 * callback, at connect time, and each open is audited as `field.decrypted` with its purpose.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError } from 'airlock';
import type { AuditRecorder } from 'airlock/audit';
import { createEnvelope, createVault, FileDekStore, LocalKeyring, type SecretRef } from 'airlock/envelope';

/** A device credential kept sealed in the vault. */
export interface Vault {
  readonly dir: string;
  /** Seals and stores the password of `target` (e.g. `ssh://admin@10.0.0.1:22`). */
  store(target: string, password: string): Promise<void>;
  /** True when the vault holds a credential for `target`. */
  has(target: string): boolean;
  /**
   * A credential callback for the transport: opens the password at the last moment, audited with
   * `purpose`. Throws `ConfigError` `CREDENTIAL_NOT_FOUND` when the vault holds none.
   */
  credential(target: string, purpose: string, runId?: string): () => Promise<string>;
  close(): void;
}

/** Options of {@link openVault}. */
export interface VaultOptions {
  readonly dir: string;
  readonly org: string;
  readonly audit?: AuditRecorder;
}

/**
 * Opens (creating if needed) the vault in `dir`.
 * @example
 * const vault = await openVault({ dir: '.airlock', org: 'acme', audit: log })
 * await vault.store('ssh://admin@10.0.0.1:22', process.env.ROUTER_PASSWORD!)
 */
export async function openVault(options: VaultOptions): Promise<Vault> {
  await mkdir(options.dir, { recursive: true, mode: 0o700 });
  const envelope = createEnvelope({
    keyring: new LocalKeyring({ dir: join(options.dir, 'keys') }),
    store: new FileDekStore({ dir: join(options.dir, 'deks') }),
    actor: { kind: 'system', id: 'noc-agent/vault' },
    ...(options.audit === undefined ? {} : { audit: options.audit }),
  });
  const file = join(options.dir, 'credentials.json');
  const read = (): Record<string, string> => {
    if (!existsSync(file)) return {};
    try {
      const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('shape');
      return parsed as Record<string, string>;
    } catch (cause) {
      throw new ConfigError('VAULT_CORRUPT', `the vault's credentials.json in ${options.dir} is not valid`, {
        cause,
      });
    }
  };
  // The envelope's credential vault: a password sealed for one device opens only as that device's.
  const sealed = createVault(envelope);
  const ref = (target: string): SecretRef => ({ org: options.org, deviceId: target, name: 'password' });
  return {
    dir: options.dir,
    async store(target, password) {
      const all = { ...read(), [target]: await sealed.sealSecret(ref(target), password) };
      // Atomic replace: a crash leaves the old file or the new one, never half of one.
      const tmp = `${file}.${process.pid}.tmp`;
      await writeFile(tmp, `${JSON.stringify(all, null, 2)}\n`, { mode: 0o600 });
      await rename(tmp, file);
    },
    has: (target) => typeof read()[target] === 'string',
    credential: (target, purpose, runId) => async () => {
      const value = read()[target];
      if (typeof value !== 'string') {
        throw new ConfigError(
          'CREDENTIAL_NOT_FOUND',
          `no credential for ${target} in the vault; pass --password-env VAR once to store it`,
        );
      }
      return sealed.openSecret(ref(target), value, { purpose, ...(runId === undefined ? {} : { runId }) });
    },
    close: () => envelope.close(),
  };
}
