/**
 * The embedded default keyring: one 256-bit master key (KEK) per org in a file, itself wrapped under a
 * root key taken from an environment variable (base64 of 32 bytes) or from a key file created with mode
 * 0600. Works with no network. Shredding overwrites and deletes the org's KEK file and leaves a tombstone
 * so the KEK is never silently re-created.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describeValue } from '../errors.js';
import { fsyncDir, unlinkQuiet, writeFileAtomic } from '../internal/durable-file.js';
import { type Aead, nodeAead } from './aead.js';
import { concatBytes, fromBase64 } from './bytes.js';
import { configError, EnvelopeErrorCode, orgShredded, tamperError, usageError } from './errors.js';
import { KeyMaterial } from './key-material.js';
import type { DataKeyContext, GeneratedDataKey, Keyring } from './ports.js';
import { assertId } from './slot.js';

export interface LocalKeyringOptions {
  /** Directory for `root.key` and `orgs/`; created with mode 0700. */
  readonly dir: string;
  /** Environment variable holding the root key as base64 of 32 bytes (default `AIRLOCK_ROOT_KEY`). */
  readonly rootKeyEnv?: string;
  /** Environment to read (default `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** AEAD used to wrap keys (default node:crypto AES-256-GCM). */
  readonly aead?: Aead;
}

const KEY_BYTES = 32;
const IV = 12;
const utf8 = new TextEncoder();

/**
 * Per-org KEKs on local disk under a root key.
 * @example
 * const keyring = new LocalKeyring({ dir: '/var/lib/airlock/keys' }) // root key from AIRLOCK_ROOT_KEY or root.key
 */
export class LocalKeyring implements Keyring {
  readonly id = 'local';
  readonly #dir: string;
  readonly #orgDir: string;
  readonly #aead: Aead;
  readonly #envName: string;
  readonly #env: Readonly<Record<string, string | undefined>>;
  #root: KeyMaterial | undefined;
  readonly #keks = new Map<string, KeyMaterial>();

  constructor(options: LocalKeyringOptions) {
    if (typeof options?.dir !== 'string' || options.dir.length === 0) {
      throw usageError(
        EnvelopeErrorCode.INVALID_INPUT,
        `"dir" expected a path, got ${describeValue(options?.dir)}`,
      );
    }
    this.#dir = options.dir;
    this.#orgDir = join(options.dir, 'orgs');
    this.#aead = options.aead ?? nodeAead;
    this.#envName = options.rootKeyEnv ?? 'AIRLOCK_ROOT_KEY';
    this.#env = options.env ?? process.env;
  }

  async generateDataKey(context: DataKeyContext): Promise<GeneratedDataKey> {
    const kek = this.#kek(context.org, true);
    const plaintext = new Uint8Array(randomBytes(KEY_BYTES));
    return { plaintext, wrapped: this.#wrap(kek, plaintext, context) };
  }

  async unwrapDataKey(wrapped: Uint8Array, context: DataKeyContext): Promise<Uint8Array> {
    const kek = this.#kek(context.org, false);
    if (wrapped.length !== IV + KEY_BYTES + 16) {
      throw tamperError(EnvelopeErrorCode.DECRYPT_FAILED, 'wrapped data key has the wrong length');
    }
    return this.#aead.open(kek.bytes, wrapped.subarray(0, IV), wrapped.subarray(IV), dekAad(context));
  }

  async rewrapDataKey(wrapped: Uint8Array, from: DataKeyContext, to: DataKeyContext): Promise<Uint8Array> {
    const dek = await this.unwrapDataKey(wrapped, from);
    try {
      return this.#wrap(this.#kek(to.org, true), dek, to);
    } finally {
      dek.fill(0);
    }
  }

  async shred(org: string, _options: { deletionWindowDays: number }): Promise<void> {
    assertId(org, 'org');
    mkdirSync(this.#orgDir, { recursive: true, mode: 0o700 });
    const base = join(this.#orgDir, orgFileName(org));
    // Tombstone first: from here on no process re-creates a KEK for this org.
    writeFileAtomic(`${base}.shredded`, `${new Date().toISOString()}\n`);
    try {
      const size = statSync(`${base}.kek`).size;
      writeFileAtomic(`${base}.kek.wipe`, new Uint8Array(size));
    } catch {
      // No KEK file: nothing to wipe.
    }
    unlinkQuiet(`${base}.kek`);
    unlinkQuiet(`${base}.kek.wipe`);
    fsyncDir(this.#orgDir);
    this.#keks.get(org)?.zero();
    this.#keks.delete(org);
  }

  #wrap(kek: KeyMaterial, dek: Uint8Array, context: DataKeyContext): Uint8Array {
    const iv = new Uint8Array(randomBytes(IV));
    return concatBytes(iv, this.#aead.seal(kek.bytes, iv, dek, dekAad(context)));
  }

  #rootKey(): KeyMaterial {
    if (this.#root) return this.#root;
    const fromEnv = this.#env[this.#envName];
    if (fromEnv !== undefined) {
      const bytes = fromBase64(fromEnv.trim());
      if (!bytes || bytes.length !== KEY_BYTES) {
        throw configError(
          EnvelopeErrorCode.ROOT_KEY_INVALID,
          `${this.#envName} expected base64 of ${KEY_BYTES} bytes, got ${describeValue(fromEnv)}`,
        );
      }
      this.#root = KeyMaterial.copyOf(bytes);
      bytes.fill(0);
      return this.#root;
    }
    mkdirSync(this.#dir, { recursive: true, mode: 0o700 });
    const file = join(this.#dir, 'root.key');
    createExclusive(file, `${Buffer.from(randomBytes(KEY_BYTES)).toString('base64')}\n`);
    const st = statSync(file);
    if ((st.mode & 0o077) !== 0) {
      throw configError(
        EnvelopeErrorCode.ROOT_KEY_INVALID,
        `root key file must not be readable by group or others (mode ${(st.mode & 0o777).toString(8)})`,
      );
    }
    const bytes = fromBase64(readFileSync(file, 'utf8').trim());
    if (!bytes || bytes.length !== KEY_BYTES) {
      throw configError(
        EnvelopeErrorCode.ROOT_KEY_INVALID,
        `root key file expected base64 of ${KEY_BYTES} bytes`,
      );
    }
    this.#root = KeyMaterial.copyOf(bytes);
    bytes.fill(0);
    return this.#root;
  }

  #kek(org: string, create: boolean): KeyMaterial {
    assertId(org, 'org');
    const cached = this.#keks.get(org);
    const base = join(this.#orgDir, orgFileName(org));
    if (statSync(`${base}.shredded`, { throwIfNoEntry: false })) {
      cached?.zero();
      this.#keks.delete(org);
      throw orgShredded();
    }
    if (cached) return cached;
    const root = this.#rootKey();
    const file = `${base}.kek`;
    let text: string | undefined;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      if (!create) {
        throw usageError(EnvelopeErrorCode.KEY_NOT_FOUND, 'the org has no master key in this keyring');
      }
    }
    if (text === undefined) {
      const kek = new Uint8Array(randomBytes(KEY_BYTES));
      const iv = new Uint8Array(randomBytes(IV));
      const wrapped = concatBytes(iv, this.#aead.seal(root.bytes, iv, kek, kekAad(org)));
      kek.fill(0);
      mkdirSync(this.#orgDir, { recursive: true, mode: 0o700 });
      // Two processes may race here; exactly one file wins and both use it.
      createExclusive(
        file,
        `${JSON.stringify({ v: 1, wrapped: Buffer.from(wrapped).toString('base64') })}\n`,
      );
      text = readFileSync(file, 'utf8');
    }
    let wrapped: Uint8Array | undefined;
    try {
      const doc = JSON.parse(text) as { v?: unknown; wrapped?: unknown };
      if (doc.v === 1 && typeof doc.wrapped === 'string') wrapped = fromBase64(doc.wrapped);
    } catch {
      wrapped = undefined;
    }
    if (!wrapped || wrapped.length !== IV + KEY_BYTES + 16) {
      throw tamperError(EnvelopeErrorCode.STORE_CORRUPT, 'org master key file is malformed');
    }
    let kek: Uint8Array;
    try {
      kek = this.#aead.open(root.bytes, wrapped.subarray(0, IV), wrapped.subarray(IV), kekAad(org));
    } catch (e) {
      throw tamperError(EnvelopeErrorCode.STORE_CORRUPT, 'org master key does not open under the root key', {
        cause: e,
      });
    }
    const material = KeyMaterial.take(kek);
    this.#keks.set(org, material);
    return material;
  }
}

/** File name of an org's KEK: a hash, so org ids never become paths. */
function orgFileName(org: string): string {
  return createHash('sha256').update(org, 'utf8').digest('hex').slice(0, 40);
}

function kekAad(org: string): Uint8Array {
  return utf8.encode(`airlock.local-keyring.kek.v1\u0000${org}`);
}

function dekAad(context: DataKeyContext): Uint8Array {
  const org = utf8.encode(context.org);
  const ref = utf8.encode(context.keyRef);
  const out = new Uint8Array(4 + org.length + 4 + ref.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, org.length);
  out.set(org, 4);
  view.setUint32(4 + org.length, ref.length);
  out.set(ref, 8 + org.length);
  return concatBytes(utf8.encode('airlock.local-keyring.dek.v1'), out);
}

/** Creates `file` with `content` (mode 0600) unless it exists; a reader never sees it half-written. */
function createExclusive(file: string, content: string): void {
  const tmp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    writeFileSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(tmp, file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  } finally {
    unlinkQuiet(tmp);
  }
  fsyncDir(join(file, '..'));
}
