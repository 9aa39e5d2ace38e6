/**
 * `createEnvelope`: per-org envelope encryption of fields. A per-org master key (in a `Keyring`) wraps
 * versioned data keys (in a `DekStore`); a data key seals fields with AES-256-GCM under an AAD naming the
 * slot. Rotation is automatic by age and by use count (reserved in blocks across processes); resource keys
 * can be granted to other orgs; shredding makes an org's fields unopenable everywhere at once.
 */
import type { Actor, AuditEventInput, AuditRecorder } from '../audit/events.js';
import { describeValue, isAirlockError } from '../errors.js';
import { type Aead, nodeAead } from './aead.js';
import type {
  Envelope,
  EnvelopeOptions,
  OpenOptions,
  Plaintext,
  ResourceRef,
  SealOptions,
  ShredOptions,
} from './api.js';
import { toBase64Url } from './bytes.js';
import {
  DEFAULT_MAX_AGE_MS,
  DEFAULT_MAX_MESSAGES,
  DEFAULT_RESERVE_BLOCK,
  newKeyRef,
  systemClock,
  systemRandom,
} from './defaults.js';
import { DekCache } from './dek-cache.js';
import {
  decryptFailed,
  EnvelopeErrorCode,
  invalidInput,
  kmsError,
  orgShredded,
  tamperError,
  usageError,
} from './errors.js';
import {
  formatSealed,
  IV_BYTES,
  parseSealed,
  sealedBytesHeaderLength,
  writeSealedBytesHeader,
} from './format.js';
import { checkOpenOptions, checkOptions, decodeWrap, positive, toPlaintextBytes } from './input.js';
import type { Clock, DekRecord, DekStore, Keyring, Random } from './ports.js';
import { assertId, checkSlot, encodeAad, encodeContext, type Slot } from './slot.js';

const SYSTEM_ACTOR: Actor = { kind: 'system', id: 'airlock/envelope' };
const utf8Strict = new TextDecoder('utf-8', { fatal: true });

/**
 * Creates an envelope over a keyring and a DEK store.
 * @example
 * const envelope = createEnvelope({ keyring: new LocalKeyring({ dir }), store: new FileDekStore({ dir }) })
 * const slot = { org: 'acme', table: 'devices', record: 'r1', field: 'password' }
 * const sealed = await envelope.seal(slot, 'hunter2')
 * await envelope.openText(sealed, slot, { purpose: 'ssh login' }) // 'hunter2'
 */
export function createEnvelope(options: EnvelopeOptions): Envelope {
  return new EnvelopeImpl(options);
}

class EnvelopeImpl implements Envelope {
  readonly #keyring: Keyring;
  readonly #store: DekStore;
  readonly #audit: AuditRecorder | undefined;
  readonly #actor: Actor;
  readonly #aead: Aead;
  readonly #clock: Clock;
  readonly #random: Random;
  readonly #cache: DekCache;
  readonly #maxAge: number;
  readonly #maxMessages: number;
  readonly #block: number;
  /** Uses this process reserved and has not spent yet, by key reference. */
  readonly #budget = new Map<string, number>();
  readonly #rotations = new Map<string, Promise<void>>();

  constructor(o: EnvelopeOptions) {
    if (typeof o !== 'object' || o === null)
      throw invalidInput(`options expected an object, got ${describeValue(o)}`);
    if (!o.keyring || typeof o.keyring.generateDataKey !== 'function')
      throw invalidInput('"keyring" expected a Keyring');
    if (!o.store || typeof o.store.installActive !== 'function')
      throw invalidInput('"store" expected a DekStore');
    this.#keyring = o.keyring;
    this.#store = o.store;
    this.#audit = o.audit;
    this.#actor = o.actor ?? SYSTEM_ACTOR;
    this.#aead = o.aead ?? nodeAead;
    this.#clock = o.clock ?? systemClock;
    this.#random = o.random ?? systemRandom;
    this.#cache = new DekCache(o.cache, () => this.#clock.now());
    this.#maxAge = positive(o.rotation?.maxAgeMs, DEFAULT_MAX_AGE_MS, 'rotation.maxAgeMs');
    this.#maxMessages = positive(o.rotation?.maxMessages, DEFAULT_MAX_MESSAGES, 'rotation.maxMessages');
    if (this.#maxMessages > 2 ** 32)
      throw invalidInput('"rotation.maxMessages" must not exceed 2^32 (NIST SP 800-38D)');
    this.#block = Math.min(
      positive(o.rotation?.reserveBlock, DEFAULT_RESERVE_BLOCK, 'rotation.reserveBlock'),
      this.#maxMessages,
    );
  }

  async seal(slot: Slot, plaintext: Plaintext, options: SealOptions = {}): Promise<string> {
    const { keyRef, iv, sealed } = await this.#seal(slot, plaintext, options, false);
    return formatSealed({ keyRef, iv, ciphertext: sealed });
  }

  async sealToBytes(slot: Slot, plaintext: Plaintext, options: SealOptions = {}): Promise<Uint8Array> {
    // The header is written in front of the ciphertext in place: a 1 MiB field is not copied again.
    const { keyRef, iv, sealed } = await this.#seal(slot, plaintext, options, true);
    return writeSealedBytesHeader(sealed, keyRef, iv);
  }

  async #seal(
    slotIn: Slot,
    plaintext: Plaintext,
    options: SealOptions,
    bytesForm: boolean,
  ): Promise<{ keyRef: string; iv: Uint8Array; sealed: Uint8Array }> {
    const slot = checkSlot(slotIn);
    const context = encodeContext(checkOptions(options).context);
    if (options.resource !== undefined) assertId(options.resource, 'resource');
    const owned = typeof plaintext === 'string';
    const pt = toPlaintextBytes(plaintext);
    try {
      if ((await this.#store.shreddedAt(slot.org)) !== undefined) this.#shredded(slot.org);
      const rec =
        options.resource === undefined
          ? await this.#spendActive(slot.org)
          : await this.#spendResource(slot.org, options.resource);
      const iv = this.#random.bytes(IV_BYTES);
      const aad = encodeAad(rec.keyRef, slot, context);
      const headroom = bytesForm ? sealedBytesHeaderLength(rec.keyRef.length) : 0;
      const sealed = await this.#withKey(rec, slot.org, (key) => this.#aead.seal(key, iv, pt, aad, headroom));
      return { keyRef: rec.keyRef, iv, sealed };
    } finally {
      if (owned) pt.fill(0);
    }
  }

  async open(sealed: string | Uint8Array, slotIn: Slot, options: OpenOptions): Promise<Uint8Array> {
    const parts = parseSealed(sealed);
    const slot = checkSlot(slotIn);
    const o = checkOpenOptions(options);
    const context = encodeContext(o.context);
    const as = o.as ?? slot.org;
    for (const org of as === slot.org ? [slot.org] : [slot.org, as]) {
      if ((await this.#store.shreddedAt(org)) !== undefined) this.#shredded(org);
    }
    const rec = await this.#store.getDek(parts.keyRef);
    if (!rec)
      throw tamperError(
        EnvelopeErrorCode.DEK_UNKNOWN,
        'the sealed value names a data key this store does not know',
      );
    // Another org's value in this slot fails like any other authentication failure.
    if (rec.org !== slot.org) throw decryptFailed();
    if (!Object.hasOwn(rec.wraps, as)) {
      throw usageError(EnvelopeErrorCode.NOT_GRANTED, 'the acting org holds no grant of this resource key');
    }
    const aad = encodeAad(rec.keyRef, slot, context);
    const plaintext = await this.#withKey(rec, as, (key) =>
      this.#aead.open(key, parts.iv, parts.ciphertext, aad),
    );
    try {
      await this.#record({
        type: 'field.decrypted',
        org: as,
        actor: o.actor ?? this.#actor,
        ...(o.runId !== undefined ? { runId: o.runId } : {}),
        ...(o.toolCallId !== undefined ? { toolCallId: o.toolCallId } : {}),
        data: { slot: { ...slot }, purpose: o.purpose, keyRef: rec.keyRef },
      });
    } catch (e) {
      plaintext.fill(0);
      throw e;
    }
    return plaintext;
  }

  async openText(sealed: string | Uint8Array, slot: Slot, options: OpenOptions): Promise<string> {
    const bytes = await this.open(sealed, slot, options);
    try {
      return utf8Strict.decode(bytes);
    } catch {
      throw invalidInput(`openText expected UTF-8 plaintext, got ${describeValue(bytes)}`);
    } finally {
      bytes.fill(0);
    }
  }

  async reseal<T extends string | Uint8Array>(
    sealed: T,
    slot: Slot,
    options: OpenOptions & SealOptions,
  ): Promise<T> {
    const plaintext = await this.open(sealed, slot, options);
    try {
      // A field under a resource key stays under it (keeping its grants) unless told otherwise.
      const resource = options.resource ?? (await this.#store.getDek(parseSealed(sealed).keyRef))?.resource;
      const sealOptions = {
        ...(options.context !== undefined ? { context: options.context } : {}),
        ...(resource !== undefined ? { resource } : {}),
      };
      return (
        typeof sealed === 'string'
          ? await this.seal(slot, plaintext, sealOptions)
          : await this.sealToBytes(slot, plaintext, sealOptions)
      ) as T;
    } finally {
      plaintext.fill(0);
    }
  }

  async rotate(org: string, reason = 'on demand'): Promise<string> {
    assertId(org, 'org');
    if (typeof reason !== 'string' || reason.length > 4096)
      throw invalidInput(`"reason" expected a string, got ${describeValue(reason)}`);
    if ((await this.#store.shreddedAt(org)) !== undefined) this.#shredded(org);
    const current = await this.#store.getActive(org);
    // If another process rotated meanwhile, its new key satisfies this request too.
    await this.#rotateFrom(org, current ?? null, reason);
    const active = await this.#store.getActive(org);
    if (!active) this.#shredded(org);
    return active.keyRef;
  }

  async grant(target: string | Uint8Array | ResourceRef, toOrg: string): Promise<void> {
    assertId(toOrg, 'toOrg');
    const current = await this.#target(target);
    if ((await this.#store.shreddedAt(toOrg)) !== undefined) this.#shredded(toOrg);
    // Every version of the resource key, so fields sealed before a rotation open for the grantee too.
    for await (const rec of this.#versions(current)) {
      if (Object.hasOwn(rec.wraps, toOrg)) continue;
      const wrapped = await this.#rewrapFor(rec, toOrg);
      await this.#store.addWrap(rec.keyRef, toOrg, {
        keyring: this.#keyring.id,
        wrapped: toBase64Url(wrapped),
      });
      await this.#record({
        type: 'key.shared',
        org: rec.org,
        actor: this.#actor,
        data: { keyRef: rec.keyRef, toOrg },
      });
    }
  }

  async revoke(target: string | Uint8Array | ResourceRef, fromOrg: string): Promise<boolean> {
    assertId(fromOrg, 'fromOrg');
    const current = await this.#target(target);
    if (fromOrg === current.org) throw invalidInput('an owner cannot revoke its own key; use shred');
    let removed = false;
    for await (const rec of this.#versions(current)) {
      const had = await this.#store.removeWrap(rec.keyRef, fromOrg);
      this.#cache.purgeKey(rec.keyRef, fromOrg);
      if (had) {
        removed = true;
        await this.#record({
          type: 'key.revoked',
          org: rec.org,
          actor: this.#actor,
          data: { keyRef: rec.keyRef, fromOrg },
        });
      }
    }
    return removed;
  }

  /** A resource key and its predecessors, newest first. */
  async *#versions(rec: DekRecord): AsyncGenerator<DekRecord> {
    let next: DekRecord | undefined = rec;
    for (let i = 0; next && i < 100_000; i++) {
      yield next;
      next = next.previous === undefined ? undefined : await this.#store.getDek(next.previous);
    }
  }

  /** Wraps `rec`'s key for another org, from the owner's wrap (KMS ReEncrypt: no plaintext key here). */
  async #rewrapFor(rec: DekRecord, toOrg: string): Promise<Uint8Array> {
    const own = rec.wraps[rec.org];
    if (!own) throw tamperError(EnvelopeErrorCode.STORE_CORRUPT, 'resource key has no wrap for its owner');
    return keyringCall(() =>
      this.#keyring.rewrapDataKey(
        decodeWrap(own.wrapped),
        { org: rec.org, keyRef: rec.keyRef },
        { org: toOrg, keyRef: rec.keyRef },
      ),
    );
  }

  async shred(org: string, options: ShredOptions = {}): Promise<void> {
    assertId(org, 'org');
    const days = options.deletionWindowDays ?? 30;
    if (!Number.isInteger(days) || days < 7 || days > 30) {
      throw invalidInput(`"deletionWindowDays" expected an integer 7..30, got ${describeValue(days)}`);
    }
    // Tombstone first: from this write on, no process opens or seals anything of this org.
    await this.#store.shredOrg(org, this.#clock.now());
    this.#cache.purgeOrg(org);
    await keyringCall(() => this.#keyring.shred(org, { deletionWindowDays: days }));
    await this.#record({
      type: 'org.shredded',
      org,
      actor: this.#actor,
      data: { keyring: this.#keyring.id, deletionWindowDays: days },
    });
  }

  close(): void {
    this.#cache.clear();
  }

  #shredded(org: string): never {
    this.#cache.purgeOrg(org);
    throw orgShredded();
  }

  async #target(target: string | Uint8Array | ResourceRef): Promise<DekRecord> {
    let rec: DekRecord | undefined;
    if (typeof target === 'string' || target instanceof Uint8Array) {
      rec = await this.#store.getDek(parseSealed(target).keyRef);
    } else {
      if (typeof target !== 'object' || target === null)
        throw invalidInput(
          `target expected a sealed value or { org, resource }, got ${describeValue(target)}`,
        );
      assertId(target.org, 'target.org');
      assertId(target.resource, 'target.resource');
      if ((await this.#store.shreddedAt(target.org)) !== undefined) this.#shredded(target.org);
      rec = await this.#store.getResourceDek(target.org, target.resource);
    }
    if (!rec) throw tamperError(EnvelopeErrorCode.DEK_UNKNOWN, 'no data key for that target');
    if ((await this.#store.shreddedAt(rec.org)) !== undefined) this.#shredded(rec.org);
    if (rec.resource === undefined) {
      throw usageError(
        EnvelopeErrorCode.GRANT_REQUIRES_RESOURCE_KEY,
        'only resource keys can be shared; seal with { resource }',
      );
    }
    // A sealed value may name an older version; grants and revocations apply to the whole resource.
    const current = await this.#store.getResourceDek(rec.org, rec.resource);
    if (!current) throw tamperError(EnvelopeErrorCode.DEK_UNKNOWN, 'no data key for that target');
    return current;
  }

  /** The org's active key with one use spent, rotating first when it is too old or used up. */
  async #spendActive(org: string): Promise<DekRecord> {
    for (let attempt = 0; attempt < 16; attempt++) {
      const rec = await this.#store.getActive(org);
      if (rec && this.#clock.now() - rec.createdAt < this.#maxAge && (await this.#spend(rec))) return rec;
      const reason = !rec
        ? 'first key for org'
        : this.#clock.now() - rec.createdAt >= this.#maxAge
          ? 'max age'
          : 'max messages';
      await this.#rotateFrom(org, rec ?? null, reason);
    }
    throw kmsError(
      EnvelopeErrorCode.STORE_LOCK_TIMEOUT,
      'could not obtain an active data key (rotation contended)',
    );
  }

  /** The resource's current key with one use spent; rotated (grants carried over) when old or used up. */
  async #spendResource(org: string, resource: string): Promise<DekRecord> {
    for (let attempt = 0; attempt < 16; attempt++) {
      const rec = await this.#store.getResourceDek(org, resource);
      if (rec && this.#clock.now() - rec.createdAt < this.#maxAge && (await this.#spend(rec))) return rec;
      await this.#rotateResource(org, resource, rec);
    }
    throw kmsError(
      EnvelopeErrorCode.STORE_LOCK_TIMEOUT,
      'could not obtain a resource key (rotation contended)',
    );
  }

  #rotateResource(org: string, resource: string, from: DekRecord | undefined): Promise<void> {
    const id = `${org}\u0000${resource}`;
    const running = this.#rotations.get(id);
    if (running) return running;
    const p = (async () => {
      const keyRef = newKeyRef(org, this.#random);
      const fresh = await this.#newRecord(org, keyRef, (from?.version ?? 0) + 1, resource);
      try {
        const wraps = { ...fresh.record.wraps };
        for (const grantee of Object.keys(from?.wraps ?? {})) {
          if (grantee === org || (await this.#store.shreddedAt(grantee)) !== undefined) continue;
          wraps[grantee] = {
            keyring: this.#keyring.id,
            wrapped: toBase64Url(await this.#rewrapFor(fresh.record, grantee)),
          };
        }
        const record: DekRecord = { ...fresh.record, wraps, ...(from ? { previous: from.keyRef } : {}) };
        const result = await this.#store.installResource(record, from?.keyRef ?? null);
        if (!result.installed) {
          fresh.key.fill(0);
          return;
        }
      } catch (e) {
        fresh.key.fill(0);
        throw e;
      }
      if (from) this.#budget.delete(from.keyRef);
      this.#cache.prime(keyRef, org, fresh.key);
      const reason = from ? 'resource key rotation' : 'resource key';
      await this.#record({
        type: 'key.generated',
        org,
        actor: this.#actor,
        data: { keyRef, keyring: this.#keyring.id, reason },
      });
      if (from) {
        await this.#record({
          type: 'key.rotated',
          org,
          actor: this.#actor,
          data: { from: from.keyRef, to: keyRef, reason },
        });
      }
    })();
    this.#rotations.set(id, p);
    const clear = () => {
      if (this.#rotations.get(id) === p) this.#rotations.delete(id);
    };
    p.then(clear, clear);
    return p;
  }

  /** Spends one reserved use of `rec`, reserving a new block from the store when this process has none. */
  async #spend(rec: DekRecord): Promise<boolean> {
    const left = this.#budget.get(rec.keyRef) ?? 0;
    if (left > 0) {
      this.#budget.set(rec.keyRef, left - 1);
      return true;
    }
    const granted = await this.#store.reserveUses(rec.keyRef, this.#block, this.#maxMessages);
    if (granted <= 0) {
      this.#budget.delete(rec.keyRef);
      return false;
    }
    this.#budget.set(rec.keyRef, (this.#budget.get(rec.keyRef) ?? 0) + granted - 1);
    return true;
  }

  /** Installs a new active key if `from` is still active; concurrent calls in this process share one attempt. */
  #rotateFrom(org: string, from: DekRecord | null, reason: string): Promise<void> {
    const running = this.#rotations.get(org);
    if (running) return running;
    const p = (async () => {
      const keyRef = newKeyRef(org, this.#random);
      const fresh = await this.#newRecord(org, keyRef, (from?.version ?? 0) + 1, undefined);
      const result = await this.#store.installActive(fresh.record, from?.keyRef ?? null);
      if (!result.installed) {
        // Another process won the race; its key is the one to use. Ours never sealed anything.
        fresh.key.fill(0);
        return;
      }
      if (from) this.#budget.delete(from.keyRef);
      this.#cache.prime(keyRef, org, fresh.key);
      await this.#record({
        type: 'key.generated',
        org,
        actor: this.#actor,
        data: { keyRef, keyring: this.#keyring.id, reason },
      });
      await this.#record({
        type: 'key.rotated',
        org,
        actor: this.#actor,
        data: { ...(from ? { from: from.keyRef } : {}), to: keyRef, reason },
      });
    })();
    this.#rotations.set(org, p);
    const clear = () => {
      if (this.#rotations.get(org) === p) this.#rotations.delete(org);
    };
    p.then(clear, clear);
    return p;
  }

  async #newRecord(org: string, keyRef: string, version: number, resource: string | undefined) {
    const generated = await keyringCall(() => this.#keyring.generateDataKey({ org, keyRef }));
    const record: DekRecord = {
      keyRef,
      org,
      version,
      ...(resource !== undefined ? { resource } : {}),
      createdAt: this.#clock.now(),
      state: 'active',
      reserved: 0,
      wraps: { [org]: { keyring: this.#keyring.id, wrapped: toBase64Url(generated.wrapped) } },
    };
    return { record, key: generated.plaintext };
  }

  #withKey<T>(rec: DekRecord, as: string, use: (key: Uint8Array) => T): Promise<T> {
    return this.#cache.with(
      rec.keyRef,
      rec.org,
      as,
      async () => {
        const wrap = rec.wraps[as];
        if (!wrap)
          throw usageError(EnvelopeErrorCode.NOT_GRANTED, 'the acting org holds no grant of this key');
        if (wrap.keyring !== this.#keyring.id) {
          throw usageError(
            EnvelopeErrorCode.KEY_NOT_FOUND,
            `data key is wrapped by keyring "${wrap.keyring}", not "${this.#keyring.id}"`,
          );
        }
        const key = await keyringCall(() =>
          this.#keyring.unwrapDataKey(decodeWrap(wrap.wrapped), { org: as, keyRef: rec.keyRef }),
        );
        try {
          await this.#record({
            type: 'key.unwrapped',
            org: as,
            actor: this.#actor,
            data: { keyRef: rec.keyRef, keyring: this.#keyring.id },
          });
        } catch (e) {
          key.fill(0);
          throw e;
        }
        return key;
      },
      use,
    );
  }

  async #record(event: AuditEventInput): Promise<void> {
    if (!this.#audit) return;
    try {
      await this.#audit.record(event);
    } catch (e) {
      throw kmsError(EnvelopeErrorCode.AUDIT_UNAVAILABLE, `audit recorder refused a ${event.type} event`, {
        cause: e,
      });
    }
  }
}

/** Keyrings are ports anyone can implement: a foreign error becomes `KMS_UNAVAILABLE` (cause kept). */
async function keyringCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    if (isAirlockError(e)) throw e;
    throw kmsError(EnvelopeErrorCode.KMS_UNAVAILABLE, 'keyring failed with a non-Airlock error', {
      cause: e,
    });
  }
}
