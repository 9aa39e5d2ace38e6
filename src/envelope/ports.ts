/**
 * The envelope's ports: small interfaces that keyrings (local files, AWS KMS), DEK stores (memory, file,
 * later a shared database), clocks and randomness sources implement. Tests fill them with plain objects.
 */

/** Who owns a data key and what it is bound to, passed to keyrings as encryption context. */
export interface DataKeyContext {
  /** The org whose master key wraps (or will wrap) the data key. */
  readonly org: string;
  /** The data-key reference the wrapped key is stored under. */
  readonly keyRef: string;
}

/** A fresh data key: plaintext bytes (the caller zeroes them) and the same key wrapped for the org. */
export interface GeneratedDataKey {
  readonly plaintext: Uint8Array;
  readonly wrapped: Uint8Array;
}

/**
 * Wraps and unwraps 32-byte data keys under per-org master keys. Implementations: `LocalKeyring`,
 * `AwsKmsKeyring`. Every method fails with a typed error (`KMS_UNAVAILABLE`, `KEY_PENDING_DELETION`, ...).
 */
export interface Keyring {
  /** Short name recorded in audit events (`local`, `aws-kms`). */
  readonly id: string;
  generateDataKey(context: DataKeyContext): Promise<GeneratedDataKey>;
  /** Returns the plaintext data key; the caller zeroes it. */
  unwrapDataKey(wrapped: Uint8Array, context: DataKeyContext): Promise<Uint8Array>;
  /** Re-wraps a data key from one org's master key to another's (for sharing a resource key). */
  rewrapDataKey(wrapped: Uint8Array, from: DataKeyContext, to: DataKeyContext): Promise<Uint8Array>;
  /** Destroys (or schedules the destruction of) the org's master key. Idempotent. */
  shred(org: string, options: { deletionWindowDays: number }): Promise<void>;
}

/** One wrap of a data key under an org's master key. */
export interface DekWrap {
  readonly keyring: string;
  /** Base64url of the wrapped key. */
  readonly wrapped: string;
}

/** A stored data key: its reference, owner, state and wraps. Never holds plaintext key bytes. */
export interface DekRecord {
  readonly keyRef: string;
  /** The org that owns the key (whose fields it seals). */
  readonly org: string;
  /** Per-org sequence number, for humans; the reference is what identifies a key. */
  readonly version: number;
  /** Set for resource keys (shareable); absent for an org's rotating general keys. */
  readonly resource?: string;
  /** Creation time, ms since the epoch. */
  readonly createdAt: number;
  /** `active` seals new fields; `retired` keys only open old ones. */
  readonly state: 'active' | 'retired';
  /** For resource keys: the reference of the version this one replaced (grants walk this chain). */
  readonly previous?: string;
  /** Uses reserved so far across all processes (always at least the number of fields sealed). */
  readonly reserved: number;
  /** Wraps by org: the owner's, plus one per org the key was granted to. */
  readonly wraps: Readonly<Record<string, DekWrap>>;
}

/** Result of installing a new active key: `installed`, or the key that another writer installed first. */
export type InstallResult =
  | { readonly installed: true }
  | { readonly installed: false; readonly active?: DekRecord };

/**
 * Persistent state of data keys. Every mutating call is atomic and linearizable across all processes
 * sharing the store; a crash leaves either the old or the new state, never a mix.
 */
export interface DekStore {
  getDek(keyRef: string): Promise<DekRecord | undefined>;
  /** The org's active general key, if any. */
  getActive(org: string): Promise<DekRecord | undefined>;
  getResourceDek(org: string, resource: string): Promise<DekRecord | undefined>;
  /** When the org was shredded (ms), or undefined. Must see other processes' shredding at once. */
  shreddedAt(org: string): Promise<number | undefined>;
  /**
   * Installs `record` as the org's active key if the current active key is `expectedActive` (null: none),
   * retiring the previous one. Never overwrites an existing reference. Throws `ORG_SHREDDED`.
   */
  installActive(record: DekRecord, expectedActive: string | null): Promise<InstallResult>;
  /**
   * Installs `record` as the current key of its (org, resource) if the current one is `expectedCurrent`
   * (null: none), retiring the previous one. Never overwrites an existing reference. Throws `ORG_SHREDDED`.
   */
  installResource(record: DekRecord, expectedCurrent: string | null): Promise<InstallResult>;
  /** Reserves up to `count` uses of an active key without passing `limit`; returns how many were granted. */
  reserveUses(keyRef: string, count: number, limit: number): Promise<number>;
  addWrap(keyRef: string, org: string, wrap: DekWrap): Promise<void>;
  /** Removes an org's wrap; returns whether there was one. */
  removeWrap(keyRef: string, org: string): Promise<boolean>;
  /** Tombstones the org and deletes every key it owns and every wrap under its master key. */
  shredOrg(org: string, at: number): Promise<void>;
}

/** Time source (ms since the epoch). */
export interface Clock {
  now(): number;
}

/** Randomness source for IVs, key references and keys. */
export interface Random {
  bytes(length: number): Uint8Array;
}
