/**
 * A small credential vault on top of the envelope: device credentials live in the slot
 * `{ org, table: 'credentials', record: deviceId, field: name }`, so a password sealed for one device and
 * credential name never opens as another's.
 */
import type { Envelope, OpenOptions } from './api.js';
import type { Slot } from './slot.js';

/** Which credential: an org's device and the credential's name (`password`, `enable-secret`, `api-token`). */
export interface SecretRef {
  readonly org: string;
  readonly deviceId: string;
  readonly name: string;
}

export interface Vault {
  /** Seals a credential; returns the string form to store anywhere (database, JSON, config). */
  sealSecret(ref: SecretRef, value: string | Uint8Array): Promise<string>;
  /** Opens a credential as text; emits `field.decrypted` with the purpose. */
  openSecret(ref: SecretRef, sealed: string, options: OpenOptions): Promise<string>;
  /** The slot a credential is sealed in. */
  slotOf(ref: SecretRef): Slot;
}

/**
 * Wraps an envelope as a credential vault.
 * @example
 * const vault = createVault(envelope)
 * const sealed = await vault.sealSecret({ org: 'acme', deviceId: 'rtr-01', name: 'password' }, 'hunter2')
 * await vault.openSecret({ org: 'acme', deviceId: 'rtr-01', name: 'password' }, sealed, { purpose: 'ssh login' })
 */
export function createVault(envelope: Envelope, options: { table?: string } = {}): Vault {
  const table = options.table ?? 'credentials';
  const slotOf = (ref: SecretRef): Slot => ({
    org: ref?.org,
    table,
    record: ref?.deviceId,
    field: ref?.name,
  });
  return {
    slotOf,
    sealSecret: (ref, value) => envelope.seal(slotOf(ref), value),
    openSecret: (ref, sealed, opts) => envelope.openText(sealed, slotOf(ref), opts),
  };
}
