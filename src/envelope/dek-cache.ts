/**
 * A cache of unwrapped data keys with a time-to-live, a use budget and a size bound. Evicted keys are
 * zeroed. Concurrent misses for the same key share one unwrap, so a burst of opens costs one KMS call.
 */
import { EnvelopeErrorCode, kmsError } from './errors.js';
import { KeyMaterial } from './key-material.js';

export interface DekCacheOptions {
  /** How long an unwrapped key stays usable (default 5 minutes). */
  readonly ttlMs?: number;
  /** How many operations one unwrap may serve (default 100,000). */
  readonly maxUses?: number;
  /** How many keys are held at once; the least recently used is evicted (default 1,000). */
  readonly maxEntries?: number;
}

interface Entry {
  readonly key: KeyMaterial;
  readonly owner: string;
  readonly as: string;
  readonly expiresAt: number;
  usesLeft: number;
}

/** Unwrapped-key cache. Keys are `(keyRef, acting org)`: a grantee's unwrap never serves the owner. */
export class DekCache {
  readonly #ttl: number;
  readonly #maxUses: number;
  readonly #maxEntries: number;
  readonly #entries = new Map<string, Entry>();
  readonly #pending = new Map<string, Promise<KeyMaterial>>();
  /** Bumped by every purge so an unwrap that started before it is not cached after it. */
  #epoch = 0;

  readonly #now: () => number;

  constructor(options: DekCacheOptions = {}, now: () => number = Date.now) {
    this.#now = now;
    this.#ttl = options.ttlMs ?? 5 * 60_000;
    this.#maxUses = options.maxUses ?? 100_000;
    this.#maxEntries = options.maxEntries ?? 1_000;
  }

  /**
   * Runs `use` with the key for (keyRef, as), unwrapping with `load` on a miss. `use` runs synchronously
   * right after the key is checked live, so no eviction can zero it in between.
   */
  async with<T>(
    keyRef: string,
    owner: string,
    as: string,
    load: () => Promise<Uint8Array>,
    use: (key: Uint8Array) => T,
  ): Promise<T> {
    if (this.#maxUses === 0 || this.#ttl === 0) {
      // Caching disabled: unwrap for this one operation and destroy the key right after.
      const key = await load();
      try {
        return use(key);
      } finally {
        key.fill(0);
      }
    }
    const id = `${keyRef}\u0000${as}`;
    for (let attempt = 0; attempt < 3; attempt++) {
      const hit = this.#take(id, this.#now());
      if (hit) return use(hit.bytes);
      const key = await this.#load(id, owner, as, load);
      if (!key.zeroed) return use(key.bytes);
    }
    // Only reachable if purges keep racing with this unwrap.
    throw kmsError(
      EnvelopeErrorCode.KMS_UNAVAILABLE,
      'data key was evicted repeatedly while being unwrapped',
    );
  }

  #take(id: string, now: number): KeyMaterial | undefined {
    const e = this.#entries.get(id);
    if (!e) return undefined;
    if (e.expiresAt <= now || e.usesLeft <= 0 || e.key.zeroed) {
      this.#evict(id);
      return undefined;
    }
    e.usesLeft--;
    // Refresh recency (Map keeps insertion order).
    this.#entries.delete(id);
    this.#entries.set(id, e);
    return e.key;
  }

  #load(id: string, owner: string, as: string, load: () => Promise<Uint8Array>): Promise<KeyMaterial> {
    const pending = this.#pending.get(id);
    if (pending) return pending;
    const epoch = this.#epoch;
    const p = (async () => {
      const key = KeyMaterial.take(await load());
      if (epoch === this.#epoch) {
        this.#evict(id);
        this.#entries.set(id, {
          key,
          owner,
          as,
          expiresAt: this.#now() + this.#ttl,
          usesLeft: this.#maxUses - 1,
        });
        while (this.#entries.size > this.#maxEntries) {
          const oldest = this.#entries.keys().next().value as string;
          this.#evict(oldest);
        }
      }
      return key;
    })();
    this.#pending.set(id, p);
    const clear = () => {
      if (this.#pending.get(id) === p) this.#pending.delete(id);
    };
    p.then(clear, clear);
    return p;
  }

  #evict(id: string): void {
    const e = this.#entries.get(id);
    if (!e) return;
    this.#entries.delete(id);
    e.key.zero();
  }

  /** Caches a key this process just generated (taking ownership), so its first uses need no unwrap. */
  prime(keyRef: string, org: string, key: Uint8Array): void {
    if (this.#maxUses === 0 || this.#ttl === 0) {
      key.fill(0);
      return;
    }
    const id = `${keyRef}\u0000${org}`;
    this.#evict(id);
    this.#entries.set(id, {
      key: KeyMaterial.take(key),
      owner: org,
      as: org,
      expiresAt: this.#now() + this.#ttl,
      usesLeft: this.#maxUses,
    });
    while (this.#entries.size > this.#maxEntries) this.#evict(this.#entries.keys().next().value as string);
  }

  /** Zeroes and drops every key owned by, or unwrapped for, `org`. */
  purgeOrg(org: string): void {
    this.#epoch++;
    for (const [id, e] of this.#entries) if (e.owner === org || e.as === org) this.#evict(id);
  }

  /** Zeroes and drops one key for one acting org (after a revocation). */
  purgeKey(keyRef: string, as: string): void {
    this.#epoch++;
    this.#evict(`${keyRef}\u0000${as}`);
  }

  /** Zeroes and drops everything. */
  clear(): void {
    this.#epoch++;
    for (const id of [...this.#entries.keys()]) this.#evict(id);
  }

  get size(): number {
    return this.#entries.size;
  }
}
