/**
 * Signed checkpoints: a versioned, line-oriented text format (in the spirit of C2SP tlog-checkpoint and
 * signed-note, but Airlock's own) that pins a tree size and root at a time under an Ed25519 key:
 *
 *   airlock-audit-checkpoint/v1\n origin <text>\n size <n>\n root <64 hex>\n time <ISO-8601>\n key <16 hex>\n
 *   \n sig <base64 signature over every byte before the blank line>\n
 */
import { type KeyObject, verify } from 'node:crypto';
import { UsageError } from '../errors.js';
import { auditKeyId, type CheckpointSigner, loadAuditPublicKey } from './keys.js';

/**
 * First line of a v1 checkpoint.
 * @example
 * text.startsWith(CHECKPOINT_HEADER)
 */
export const CHECKPOINT_HEADER = 'airlock-audit-checkpoint/v1';

/** The signed statement. `root` is lowercase hex of the RFC 6962 tree head of the first `size` entries. */
export interface CheckpointBody {
  readonly origin: string;
  readonly size: number;
  readonly root: string;
  readonly time: string;
  readonly keyId: string;
}

/** A body with its signature (base64), and the exact text it was read from or written as. */
export interface Checkpoint extends CheckpointBody {
  readonly signature: string;
  readonly text: string;
}

/** Why a checkpoint text was rejected. */
export type CheckpointFault = 'CHECKPOINT_MALFORMED' | 'CHECKPOINT_FUTURE_VERSION';

const ORIGIN = /^[\x21-\x7e][\x20-\x7e]{0,254}$/;
const ROOT = /^[0-9a-f]{64}$/;
const KEY_ID = /^[0-9a-f]{16}$/;
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;
const SIG = /^[A-Za-z0-9+/]{86}==$/;

/**
 * The exact bytes that are signed.
 * @example
 * formatCheckpointBody({ origin: 'acme', size: 3, root, time, keyId })
 */
export function formatCheckpointBody(body: CheckpointBody): string {
  if (!ORIGIN.test(body.origin))
    throw new UsageError('AUDIT_BAD_ORIGIN', 'origin expected 1-255 printable ASCII');
  if (!Number.isSafeInteger(body.size) || body.size < 0) {
    throw new UsageError('AUDIT_OUT_OF_RANGE', 'size expected a non-negative integer');
  }
  if (!ROOT.test(body.root) || !KEY_ID.test(body.keyId) || !TIME.test(body.time)) {
    throw new UsageError('AUDIT_BAD_CHECKPOINT', 'root, keyId or time is not in checkpoint form');
  }
  return (
    `${CHECKPOINT_HEADER}\norigin ${body.origin}\nsize ${body.size}\nroot ${body.root}\n` +
    `time ${body.time}\nkey ${body.keyId}\n`
  );
}

/**
 * Signs a checkpoint body; the signer's key id is stamped into it.
 * @example
 * const cp = await signCheckpoint({ origin: 'acme', size: 3, root, time }, signer); writeFile(path, cp.text)
 */
export async function signCheckpoint(
  body: Omit<CheckpointBody, 'keyId'>,
  signer: CheckpointSigner,
): Promise<Checkpoint> {
  const full = { ...body, keyId: signer.keyId };
  const signed = formatCheckpointBody(full);
  const signature = Buffer.from(await signer.sign(Buffer.from(signed, 'utf8'))).toString('base64');
  return { ...full, signature, text: `${signed}\nsig ${signature}\n` };
}

/**
 * Parses a checkpoint text strictly (exact line order, no extra bytes). Does not check the signature.
 * @example
 * const p = parseCheckpoint(text); if (p.ok) verifyCheckpointSignature(p.checkpoint, publicKeyPem)
 */
export function parseCheckpoint(
  text: string,
): { ok: true; checkpoint: Checkpoint } | { ok: false; fault: CheckpointFault; message: string } {
  const bad = (message: string) => ({ ok: false as const, fault: 'CHECKPOINT_MALFORMED' as const, message });
  if (typeof text !== 'string') return bad('checkpoint expected text');
  const lines = text.split('\n');
  const header = lines[0] ?? '';
  const version = /^airlock-audit-checkpoint\/v(\d+)$/.exec(header);
  if (version === null) return bad('first line is not a checkpoint header');
  if (version[1] !== '1') {
    return { ok: false, fault: 'CHECKPOINT_FUTURE_VERSION', message: 'checkpoint version is not 1' };
  }
  if (lines.length !== 9 || lines[8] !== '' || lines[6] !== '') return bad('checkpoint expected 8 lines');
  const fields = ['origin', 'size', 'root', 'time', 'key'];
  const values: string[] = [];
  for (const [i, name] of fields.entries()) {
    const line = lines[i + 1] ?? '';
    if (!line.startsWith(`${name} `)) return bad(`line ${i + 2} expected "${name} …"`);
    values.push(line.slice(name.length + 1));
  }
  const sigLine = lines[7] ?? '';
  if (!sigLine.startsWith('sig ') || !SIG.test(sigLine.slice(4)))
    return bad('line 8 expected "sig <base64>"');
  const [origin, sizeText, root, time, keyId] = values as [string, string, string, string, string];
  if (!/^(0|[1-9]\d{0,15})$/.test(sizeText) || !Number.isSafeInteger(Number(sizeText)))
    return bad('size is not a count');
  const body = { origin, size: Number(sizeText), root, time, keyId };
  try {
    // Round-trip through the formatter: only the one canonical spelling is accepted.
    if (formatCheckpointBody(body) !== lines.slice(0, 6).join('\n') + '\n')
      return bad('checkpoint is not canonical');
  } catch {
    return bad('a checkpoint field is out of form');
  }
  return { ok: true, checkpoint: { ...body, signature: sigLine.slice(4), text } };
}

/**
 * True when the checkpoint is signed by `publicKey` and names that key's id.
 * @example
 * verifyCheckpointSignature(checkpoint, readFileSync('audit.pub', 'utf8'))
 */
export function verifyCheckpointSignature(
  checkpoint: Checkpoint,
  publicKey: string | KeyObject,
): 'ok' | 'KEY_MISMATCH' | 'BAD_SIGNATURE' {
  const key = loadAuditPublicKey(publicKey);
  if (auditKeyId(key) !== checkpoint.keyId) return 'KEY_MISMATCH';
  let body: string;
  try {
    body = formatCheckpointBody(checkpoint);
  } catch {
    return 'BAD_SIGNATURE';
  }
  const sig = Buffer.from(checkpoint.signature, 'base64');
  if (sig.length !== 64) return 'BAD_SIGNATURE';
  return verify(null, Buffer.from(body, 'utf8'), key, sig) ? 'ok' : 'BAD_SIGNATURE';
}
