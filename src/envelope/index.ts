/**
 * `airlock/envelope`: per-org envelope encryption of fields, with rotation, sharing and shredding.
 * Nothing here loads AWS code at import time: `AwsKmsKeyring` imports `@aws-sdk/client-kms` when first used.
 */
export { type Aead, nobleAead, nodeAead } from './aead.js';
export type {
  Envelope,
  EnvelopeOptions,
  OpenOptions,
  Plaintext,
  ResourceRef,
  RotationPolicy,
  SealOptions,
  ShredOptions,
} from './api.js';
export { AwsKmsKeyring, type AwsKmsKeyringOptions, aliasFor } from './aws-kms-keyring.js';
export {
  DEFAULT_MAX_AGE_MS,
  DEFAULT_MAX_MESSAGES,
  DEFAULT_RESERVE_BLOCK,
  systemClock,
  systemRandom,
} from './defaults.js';
export type { DekCacheOptions } from './dek-cache.js';
export { createEnvelope } from './envelope.js';
export { EnvelopeErrorCode } from './errors.js';
export { FileDekStore, type FileDekStoreOptions } from './file-store.js';
export { parseSealed, SEALED_VERSION, type SealedParts } from './format.js';
export { KeyMaterial } from './key-material.js';
export { LocalKeyring, type LocalKeyringOptions } from './local-keyring.js';
export { MemoryDekStore } from './memory-store.js';
export type {
  Clock,
  DataKeyContext,
  DekRecord,
  DekStore,
  DekWrap,
  GeneratedDataKey,
  InstallResult,
  Keyring,
  Random,
} from './ports.js';
export { encodeAad, type SealContext, type Slot } from './slot.js';
export { createVault, type SecretRef, type Vault } from './vault.js';
