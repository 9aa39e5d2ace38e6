/**
 * `airlock audit …`: verify a log (exit 0 valid, 1 invalid, 2 usage or unreadable input), generate a
 * checkpoint signing key pair, and sign a checkpoint of a log's current head. Output is one line per
 * outcome and never a stack trace: a verifier's output is read by people under pressure.
 */

import { createPublicKey } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import {
  createEd25519Signer,
  parseCheckpoint,
  signCheckpoint,
  verifyLog,
  verifyLogText,
  writeAuditKeyPair,
  writeCheckpointFile,
} from '../audit/index.js';
import { isAirlockError } from '../errors.js';

/** Where the CLI writes; tests pass buffers. */
export interface CliIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

export const EXIT_OK = 0;
export const EXIT_INVALID = 1;
export const EXIT_USAGE = 2;

const USAGE = [
  'usage: airlock audit verify <log.jsonl> [--checkpoint FILE] [--public-key FILE] [--allow-torn-tail]',
  '       airlock audit checkpoint <log.jsonl> --private-key FILE [--out FILE] [--origin NAME]',
  '       airlock audit keygen <prefix>            (writes <prefix>.key and <prefix>.pub)',
].join('\n');

/**
 * Runs `airlock audit <args>` and returns the exit code.
 * @example
 * process.exitCode = await runAuditCommand(['verify', 'audit.jsonl'], { out: console.log, err: console.error })
 */
export async function runAuditCommand(args: readonly string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  try {
    const parsed = parseFlags(rest);
    if (parsed === undefined) return usage(io);
    switch (sub) {
      case 'verify':
        return await verify(parsed, io);
      case 'checkpoint':
        return await checkpoint(parsed, io);
      case 'keygen':
        return await keygen(parsed, io);
      default:
        return usage(io);
    }
  } catch (e) {
    // Our errors carry safe messages; anything else is reported by kind only.
    const msg = isAirlockError(e) ? `${e.code}: ${e.message}` : `unexpected ${(e as Error)?.name ?? 'error'}`;
    io.err(`airlock audit: ${msg}`);
    return EXIT_USAGE;
  }
}

interface Flags {
  readonly positional: string[];
  readonly values: Map<string, string>;
  readonly switches: Set<string>;
}

const VALUE_FLAGS = new Set(['--checkpoint', '--public-key', '--private-key', '--out', '--origin']);
const SWITCHES = new Set(['--allow-torn-tail']);

function parseFlags(args: readonly string[]): Flags | undefined {
  const positional: string[] = [];
  const values = new Map<string, string>();
  const switches = new Set<string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (VALUE_FLAGS.has(a)) {
      const v = args[++i];
      if (v === undefined || values.has(a)) return undefined;
      values.set(a, v);
    } else if (SWITCHES.has(a)) {
      switches.add(a);
    } else if (a.startsWith('-')) {
      return undefined;
    } else {
      positional.push(a);
    }
  }
  return { positional, values, switches };
}

function usage(io: CliIo): number {
  io.err(USAGE);
  return EXIT_USAGE;
}

function readText(path: string, what: string, io: CliIo): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    io.err(`airlock audit: cannot read ${what} (${(e as { code?: string }).code ?? 'error'})`);
    return undefined;
  }
}

async function verify(flags: Flags, io: CliIo): Promise<number> {
  const [logPath, extra] = flags.positional;
  if (logPath === undefined || extra !== undefined) return usage(io);
  const keyPath = flags.values.get('--public-key');
  let cpPath = flags.values.get('--checkpoint');
  // With a key but no explicit checkpoint, the log's own sidecar checkpoint is the one to check.
  if (keyPath !== undefined && cpPath === undefined) cpPath = `${logPath}.checkpoint`;
  if (cpPath !== undefined && keyPath === undefined) {
    io.err('airlock audit: --checkpoint needs --public-key (a checkpoint is evidence only under its key)');
    return EXIT_USAGE;
  }
  const log = readText(logPath, 'the log', io);
  if (log === undefined) return EXIT_USAGE;
  const options: { checkpoint?: string; publicKey?: string; allowTornTail?: boolean } = {};
  if (cpPath !== undefined && keyPath !== undefined) {
    const cp = readText(cpPath, 'the checkpoint', io);
    if (cp === undefined) return EXIT_USAGE;
    const key = readText(keyPath, 'the public key', io);
    if (key === undefined) return EXIT_USAGE;
    options.checkpoint = cp;
    options.publicKey = key;
  }
  if (flags.switches.has('--allow-torn-tail')) options.allowTornTail = true;
  const r = verifyLogText(log, options);
  if (!r.ok) {
    const where = r.index === null ? 'checkpoint' : `entry ${r.index}`;
    io.out(`INVALID ${where}: ${r.reason} (${r.message})`);
    return EXIT_INVALID;
  }
  const signed =
    r.signedSize > 0 || options.checkpoint !== undefined
      ? `, ${r.signedSize} signed`
      : ', no checkpoint checked';
  const torn = r.tornBytes > 0 ? `, ignored a torn tail of ${r.tornBytes} bytes` : '';
  io.out(`OK ${r.size} entries${signed}${torn}, root ${r.root}`);
  return EXIT_OK;
}

async function checkpoint(flags: Flags, io: CliIo): Promise<number> {
  const [logPath, extra] = flags.positional;
  const keyPath = flags.values.get('--private-key');
  if (logPath === undefined || extra !== undefined || keyPath === undefined) return usage(io);
  const outPath = flags.values.get('--out') ?? `${logPath}.checkpoint`;
  const pem = readText(keyPath, 'the private key', io);
  if (pem === undefined) return EXIT_USAGE;
  const signer = createEd25519Signer(pem);
  const publicKey = createPublicKey(pem).export({ format: 'pem', type: 'spki' }).toString();
  // Never sign over a log that does not extend what was signed before.
  const previous = existsSync(outPath) ? readText(outPath, 'the previous checkpoint', io) : undefined;
  const r = await verifyLog(logPath, previous === undefined ? {} : { checkpoint: previous, publicKey });
  if (!r.ok) {
    const where = r.index === null ? 'checkpoint' : `entry ${r.index}`;
    io.out(`INVALID ${where}: ${r.reason} (${r.message}); not signing`);
    return EXIT_INVALID;
  }
  let origin = flags.values.get('--origin');
  if (origin === undefined && previous !== undefined) {
    const p = parseCheckpoint(previous);
    if (p.ok) origin = p.checkpoint.origin;
  }
  const cp = await signCheckpoint(
    { origin: origin ?? 'airlock', size: r.size, root: r.root, time: new Date().toISOString() },
    signer,
  );
  await writeCheckpointFile(outPath, cp);
  io.out(`SIGNED ${r.size} entries, root ${r.root}, key ${cp.keyId} -> ${outPath}`);
  return EXIT_OK;
}

async function keygen(flags: Flags, io: CliIo): Promise<number> {
  const [prefix, extra] = flags.positional;
  if (prefix === undefined || extra !== undefined) return usage(io);
  const pair = await writeAuditKeyPair(prefix);
  io.out(`KEY ${pair.keyId}: private ${pair.privateKeyPath} (keep secret), public ${pair.publicKeyPath}`);
  return EXIT_OK;
}
