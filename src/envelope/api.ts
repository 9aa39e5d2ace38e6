/**
 * The envelope's public types: options, per-call options and the `Envelope` interface that
 * `createEnvelope` returns. Kept apart from the implementation so the contract reads on one page.
 */
import type { Actor, AuditRecorder } from '../audit/events.js';
import type { Aead } from './aead.js';
import type { DekCacheOptions } from './dek-cache.js';
import type { Clock, DekStore, Keyring, Random } from './ports.js';
import type { SealContext, Slot } from './slot.js';

/** When data keys rotate. */
export interface RotationPolicy {
  /** Rotate once the active key is this old (default 30 days). */
  readonly maxAgeMs?: number;
  /** Rotate once this many fields were sealed (reserved) under the active key (default 2^24). */
  readonly maxMessages?: number;
  /** Uses reserved from the store per round trip (default 4096). */
  readonly reserveBlock?: number;
}

export interface EnvelopeOptions {
  readonly keyring: Keyring;
  readonly store: DekStore;
  /** Receives `key.*`, `field.decrypted` and `org.shredded` events. A refused event fails the operation. */
  readonly audit?: AuditRecorder;
  /** Actor named in audit events (default `{ kind: 'system', id: 'airlock/envelope' }`). */
  readonly actor?: Actor;
  readonly cache?: DekCacheOptions;
  readonly rotation?: RotationPolicy;
  /** AES-256-GCM backend (default `nodeAead`). */
  readonly aead?: Aead;
  readonly clock?: Clock;
  readonly random?: Random;
}

/** Plaintext accepted by `seal`: a UTF-8 string or bytes (at most 64 MiB). */
export type Plaintext = string | Uint8Array;

export interface SealOptions {
  /** Extra context bound into the AAD; the same context must be given to `open`. */
  readonly context?: SealContext;
  /** Seal under the org's key for this resource, which can later be granted to other orgs. */
  readonly resource?: string;
}

export interface OpenOptions {
  /** Why the field is decrypted; recorded in the `field.decrypted` event. Required. */
  readonly purpose: string;
  /** The org acting (default `slot.org`); another org opens a shared field through its grant. */
  readonly as?: string;
  readonly context?: SealContext;
  readonly runId?: string;
  readonly toolCallId?: string;
  readonly actor?: Actor;
}

/** Names a resource key directly (for `grant` and `revoke`). */
export interface ResourceRef {
  readonly org: string;
  readonly resource: string;
}

export interface ShredOptions {
  /** Days before the keyring destroys the master key, 7..30 (default 30; AWS KMS honours it). */
  readonly deletionWindowDays?: number;
}

/** The envelope API. All methods are async and throw only `AirlockError`s with stable codes. */
export interface Envelope {
  /** Seals `plaintext` for `slot`; returns the string form `alk1.…`. */
  seal(slot: Slot, plaintext: Plaintext, options?: SealOptions): Promise<string>;
  /** Seals `plaintext` for `slot`; returns the bytes form. */
  sealToBytes(slot: Slot, plaintext: Plaintext, options?: SealOptions): Promise<Uint8Array>;
  /** Opens a sealed value (either form) in its slot; emits `field.decrypted`. */
  open(sealed: string | Uint8Array, slot: Slot, options: OpenOptions): Promise<Uint8Array>;
  /** `open`, decoded as UTF-8. */
  openText(sealed: string | Uint8Array, slot: Slot, options: OpenOptions): Promise<string>;
  /** Re-seals a field under the org's current key (or its resource key); returns the same form as given. */
  reseal<T extends string | Uint8Array>(
    sealed: T,
    slot: Slot,
    options: OpenOptions & SealOptions,
  ): Promise<T>;
  /** Rotates the org's data key now; returns the new active key reference. */
  rotate(org: string, reason?: string): Promise<string>;
  /** Shares the resource key of a sealed value (or a named resource) with another org. */
  grant(target: string | Uint8Array | ResourceRef, toOrg: string): Promise<void>;
  /** Removes another org's wrap of a resource key; returns whether it had one. */
  revoke(target: string | Uint8Array | ResourceRef, fromOrg: string): Promise<boolean>;
  /** Makes every field of `org` unopenable in every process, then destroys its master key. */
  shred(org: string, options?: ShredOptions): Promise<void>;
  /** Zeroes every cached data key of this envelope. */
  close(): void;
}
