/**
 * The run's audit trail: a durable JSONL log with a signed checkpoint, kept where the operator can
 * verify it later with `npx airlock audit verify`. The signing key lives beside the vault and is made
 * on first use; the public key is what an auditor holds. After the run the log is verified, with its
 * checkpoint, before the program reports success.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  type AuditEvent,
  type AuditLog,
  auditKeyId,
  createAuditLog,
  createEd25519Signer,
  createEventRedactor,
  createFileSink,
  readCheckpointFile,
  type TextRedactor,
  type VerifyResult,
  verifyLog,
  writeAuditKeyPair,
} from 'airlock/audit';

/** An open audit trail for one run. */
export interface AuditTrail {
  readonly log: AuditLog;
  readonly path: string;
  readonly checkpointPath: string;
  readonly publicKeyPath: string;
  readonly keyId: string;
  /** Every event written so far, in order (what the summary is built from). */
  readonly events: readonly AuditEvent[];
  /** Closes the log (writing the final signed checkpoint) and verifies file + checkpoint. */
  closeAndVerify(): Promise<VerifyResult>;
}

/** Options of {@link openAuditTrail}. */
export interface AuditTrailOptions {
  readonly path: string;
  /** Directory of `audit-signing.key` / `audit-signing.pub` (created on first use). */
  readonly keyDir: string;
  readonly org: string;
  /** The run's redactor, so secrets registered from the vault are masked in events too. */
  readonly redactor?: TextRedactor;
}

/**
 * Opens (or continues) the audit log at `path`, signing checkpoints with the key in `keyDir`.
 * @example
 * const trail = await openAuditTrail({ path: '.airlock/audit/run.jsonl', keyDir: '.airlock', org: 'acme' })
 */
export async function openAuditTrail(options: AuditTrailOptions): Promise<AuditTrail> {
  await mkdir(dirname(options.path), { recursive: true, mode: 0o700 });
  await mkdir(options.keyDir, { recursive: true, mode: 0o700 });
  const prefix = join(options.keyDir, 'audit-signing');
  if (!existsSync(`${prefix}.key`)) await writeAuditKeyPair(prefix);
  const privateKeyPem = await readFile(`${prefix}.key`, 'utf8');
  const publicKeyPem = await readFile(`${prefix}.pub`, 'utf8');
  const signer = createEd25519Signer(privateKeyPem);
  const checkpointPath = `${options.path}.checkpoint`;
  const log = createAuditLog({
    sink: createFileSink(options.path),
    org: options.org,
    signer,
    checkpointFile: { path: checkpointPath, every: 1000 },
    ...(options.redactor === undefined ? {} : { redact: createEventRedactor(options.redactor) }),
  });
  await log.ready();
  const events: AuditEvent[] = [];
  log.subscribe((entry) => events.push(entry.event));
  return {
    log,
    path: options.path,
    checkpointPath,
    publicKeyPath: `${prefix}.pub`,
    keyId: auditKeyId(publicKeyPem),
    events,
    async closeAndVerify() {
      await log.close();
      const checkpoint = await readCheckpointFile(checkpointPath);
      return verifyLog(options.path, { checkpoint, publicKey: publicKeyPem });
    },
  };
}
