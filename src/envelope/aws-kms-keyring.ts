/**
 * A keyring on AWS KMS: one KMS key per org (found by alias or ARN, optionally created), data keys from
 * GenerateDataKey, unwrapped with Decrypt and shared with ReEncrypt, always under an encryption context
 * naming the org and the key reference. `@aws-sdk/client-kms` is imported on first use, never at load time.
 * Shredding disables the key at once, then schedules its deletion after a 7–30 day window.
 */

import { createHash } from 'node:crypto';
import type { KMSClient, KMSClientConfig } from '@aws-sdk/client-kms';
import { describeValue, isAirlockError } from '../errors.js';
import { EnvelopeErrorCode, invalidInput, kmsError, tamperError } from './errors.js';
import type { DataKeyContext, GeneratedDataKey, Keyring } from './ports.js';
import { assertId } from './slot.js';

type KmsModule = typeof import('@aws-sdk/client-kms');

export interface AwsKmsKeyringOptions {
  /** Passed to `new KMSClient(...)`: region, credentials, endpoint, retries. */
  readonly clientConfig?: KMSClientConfig;
  /** Use the FIPS 140 endpoint of the region. */
  readonly useFipsEndpoint?: boolean;
  /** Maps an org to its KMS key (alias name, alias ARN, key ARN or key id). Default: `aliasFor(org)`. */
  readonly keyIdForOrg?: (org: string) => string;
  /** Create a key and alias for an org that has none (default false: fail with `KEY_NOT_FOUND`). */
  readonly createKeys?: boolean;
}

const CONTEXT_ORG = 'airlock:org';
const CONTEXT_REF = 'airlock:keyRef';

/**
 * Default alias of an org's key: `alias/airlock/org/<org>` when the org id is alias-safe, otherwise
 * `alias/airlock/sha256/<first 32 hex of its SHA-256>`. The two namespaces never collide.
 * @example
 * aliasFor('acme') // 'alias/airlock/org/acme'
 */
export function aliasFor(org: string): string {
  assertId(org, 'org');
  if (/^[A-Za-z0-9_-]{1,200}$/.test(org)) return `alias/airlock/org/${org}`;
  return `alias/airlock/sha256/${createHash('sha256').update(org, 'utf8').digest('hex').slice(0, 32)}`;
}

/**
 * Per-org master keys in AWS KMS.
 * @example
 * const keyring = new AwsKmsKeyring({ clientConfig: { region: 'eu-west-1' }, createKeys: true })
 */
export class AwsKmsKeyring implements Keyring {
  readonly id = 'aws-kms';
  readonly #options: AwsKmsKeyringOptions;
  #loaded: Promise<{ mod: KmsModule; client: KMSClient }> | undefined;
  readonly #keyIds = new Map<string, Promise<string>>();

  constructor(options: AwsKmsKeyringOptions = {}) {
    if (typeof options !== 'object' || options === null) {
      throw invalidInput(`AwsKmsKeyring options expected an object, got ${describeValue(options)}`);
    }
    this.#options = options;
  }

  /** The underlying SDK client (loaded on first call). */
  async client(): Promise<KMSClient> {
    return (await this.#load()).client;
  }

  #load(): Promise<{ mod: KmsModule; client: KMSClient }> {
    this.#loaded ??= (async () => {
      let mod: KmsModule;
      try {
        mod = await import('@aws-sdk/client-kms');
      } catch (e) {
        throw kmsError(
          EnvelopeErrorCode.KMS_UNAVAILABLE,
          'AwsKmsKeyring needs the optional peer dependency @aws-sdk/client-kms',
          { cause: e },
        );
      }
      const config: KMSClientConfig = {
        ...this.#options.clientConfig,
        ...(this.#options.useFipsEndpoint !== undefined
          ? { useFipsEndpoint: this.#options.useFipsEndpoint }
          : {}),
      };
      return { mod, client: new mod.KMSClient(config) };
    })();
    return this.#loaded;
  }

  async #send<T>(build: (mod: KmsModule) => object): Promise<T> {
    const { mod, client } = await this.#load();
    try {
      // The commands differ in type; the client accepts all of them.
      return (await client.send(build(mod) as never)) as T;
    } catch (e) {
      throw mapKmsError(e);
    }
  }

  /** Resolves (and with `createKeys`, creates) the org's key; cached per org. */
  #keyId(org: string, create: boolean): Promise<string> {
    assertId(org, 'org');
    const cached = this.#keyIds.get(org);
    if (cached) return cached;
    const p = this.#resolve(org, create);
    this.#keyIds.set(org, p);
    p.catch(() => {
      if (this.#keyIds.get(org) === p) this.#keyIds.delete(org);
    });
    return p;
  }

  async #resolve(org: string, create: boolean): Promise<string> {
    const alias = this.#options.keyIdForOrg ? this.#options.keyIdForOrg(org) : aliasFor(org);
    if (typeof alias !== 'string' || alias.length === 0) {
      throw invalidInput(`keyIdForOrg expected to return a key id, got ${describeValue(alias)}`);
    }
    try {
      const out = await this.#send<{ KeyMetadata?: { Arn?: string } }>(
        (m) => new m.DescribeKeyCommand({ KeyId: alias }),
      );
      if (!out.KeyMetadata?.Arn)
        throw kmsError(EnvelopeErrorCode.KMS_UNAVAILABLE, 'DescribeKey returned no key ARN');
      return out.KeyMetadata.Arn;
    } catch (e) {
      const canCreate = create && this.#options.createKeys === true && alias.startsWith('alias/');
      if (!canCreate || (e as { code?: string }).code !== EnvelopeErrorCode.KEY_NOT_FOUND) throw e;
    }
    const created = await this.#send<{ KeyMetadata?: { Arn?: string; KeyId?: string } }>(
      (m) =>
        new m.CreateKeyCommand({
          Description: 'Airlock org master key',
          Tags: [{ TagKey: CONTEXT_ORG, TagValue: org }],
        }),
    );
    const arn = created.KeyMetadata?.Arn;
    if (!arn) throw kmsError(EnvelopeErrorCode.KMS_UNAVAILABLE, 'CreateKey returned no key ARN');
    try {
      await this.#send((m) => new m.CreateAliasCommand({ AliasName: alias, TargetKeyId: arn }));
      return arn;
    } catch (e) {
      // Another process created the org's key first: use theirs, retire ours.
      await this.#send((m) => new m.ScheduleKeyDeletionCommand({ KeyId: arn, PendingWindowInDays: 7 })).catch(
        () => undefined,
      );
      if ((e as { details?: { kmsError?: unknown } }).details?.kmsError !== 'AlreadyExistsException') throw e;
      const out = await this.#send<{ KeyMetadata?: { Arn?: string } }>(
        (m) => new m.DescribeKeyCommand({ KeyId: alias }),
      );
      if (!out.KeyMetadata?.Arn)
        throw kmsError(EnvelopeErrorCode.KMS_UNAVAILABLE, 'DescribeKey returned no key ARN');
      return out.KeyMetadata.Arn;
    }
  }

  async generateDataKey(context: DataKeyContext): Promise<GeneratedDataKey> {
    const keyId = await this.#keyId(context.org, true);
    const out = await this.#send<{ Plaintext?: Uint8Array; CiphertextBlob?: Uint8Array }>(
      (m) =>
        new m.GenerateDataKeyCommand({
          KeyId: keyId,
          KeySpec: 'AES_256',
          EncryptionContext: kmsContext(context),
        }),
    );
    if (out.Plaintext?.length !== 32 || !out.CiphertextBlob) {
      out.Plaintext?.fill(0);
      throw kmsError(EnvelopeErrorCode.KMS_UNAVAILABLE, 'GenerateDataKey returned no 32-byte key');
    }
    return { plaintext: out.Plaintext, wrapped: out.CiphertextBlob };
  }

  async unwrapDataKey(wrapped: Uint8Array, context: DataKeyContext): Promise<Uint8Array> {
    const keyId = await this.#keyId(context.org, false);
    const out = await this.#send<{ Plaintext?: Uint8Array }>(
      (m) =>
        new m.DecryptCommand({
          KeyId: keyId,
          CiphertextBlob: wrapped,
          EncryptionContext: kmsContext(context),
        }),
    );
    if (out.Plaintext?.length !== 32) {
      out.Plaintext?.fill(0);
      throw kmsError(EnvelopeErrorCode.KMS_UNAVAILABLE, 'Decrypt returned no 32-byte key');
    }
    return out.Plaintext;
  }

  async rewrapDataKey(wrapped: Uint8Array, from: DataKeyContext, to: DataKeyContext): Promise<Uint8Array> {
    const sourceKeyId = await this.#keyId(from.org, false);
    const destinationKeyId = await this.#keyId(to.org, true);
    // ReEncrypt: the data key never leaves KMS in plaintext while it is shared.
    const out = await this.#send<{ CiphertextBlob?: Uint8Array }>(
      (m) =>
        new m.ReEncryptCommand({
          CiphertextBlob: wrapped,
          SourceKeyId: sourceKeyId,
          SourceEncryptionContext: kmsContext(from),
          DestinationKeyId: destinationKeyId,
          DestinationEncryptionContext: kmsContext(to),
        }),
    );
    if (!out.CiphertextBlob)
      throw kmsError(EnvelopeErrorCode.KMS_UNAVAILABLE, 'ReEncrypt returned no ciphertext');
    return out.CiphertextBlob;
  }

  async shred(org: string, options: { deletionWindowDays: number }): Promise<void> {
    const days = options.deletionWindowDays;
    if (!Number.isInteger(days) || days < 7 || days > 30) {
      throw invalidInput(`"deletionWindowDays" expected an integer 7..30, got ${describeValue(days)}`);
    }
    let keyId: string;
    try {
      keyId = await this.#keyId(org, false);
    } catch (e) {
      if ((e as { code?: string }).code === EnvelopeErrorCode.KEY_NOT_FOUND) return;
      throw e;
    }
    this.#keyIds.delete(org);
    const pending = (e: unknown) => {
      if ((e as { code?: string }).code !== EnvelopeErrorCode.KEY_PENDING_DELETION) throw e;
    };
    // Disable first: it takes effect at once, while deletion only happens after the window.
    await this.#send((m) => new m.DisableKeyCommand({ KeyId: keyId })).catch(pending);
    await this.#send(
      (m) => new m.ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: days }),
    ).catch(pending);
  }
}

function kmsContext(context: DataKeyContext): Record<string, string> {
  return { [CONTEXT_ORG]: context.org, [CONTEXT_REF]: context.keyRef };
}

const CODES: Record<string, EnvelopeErrorCode> = {
  NotFoundException: EnvelopeErrorCode.KEY_NOT_FOUND,
  KMSInvalidStateException: EnvelopeErrorCode.KEY_PENDING_DELETION,
  DisabledException: EnvelopeErrorCode.KEY_DISABLED,
  ThrottlingException: EnvelopeErrorCode.KMS_THROTTLED,
  LimitExceededException: EnvelopeErrorCode.KMS_THROTTLED,
  AccessDeniedException: EnvelopeErrorCode.KMS_ACCESS_DENIED,
  NotAuthorizedException: EnvelopeErrorCode.KMS_ACCESS_DENIED,
};

/** Maps an SDK failure to a stable code. The remote message is not copied (it may name resources). */
export function mapKmsError(e: unknown): Error {
  if (isAirlockError(e)) return e;
  const name = typeof (e as { name?: unknown })?.name === 'string' ? (e as { name: string }).name : 'Error';
  const status = (e as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode ?? null;
  const details = { kmsError: name.slice(0, 64), httpStatus: status };
  if (name === 'InvalidCiphertextException' || name === 'IncorrectKeyException') {
    return tamperError(
      EnvelopeErrorCode.DECRYPT_FAILED,
      'KMS refused to unwrap the data key (ciphertext or context mismatch)',
      { cause: e, details },
    );
  }
  const code = Object.hasOwn(CODES, name) ? CODES[name]! : EnvelopeErrorCode.KMS_UNAVAILABLE;
  return kmsError(code, `KMS request failed: ${name}${status === null ? '' : ` (HTTP ${status})`}`, {
    cause: e,
    details,
  });
}
