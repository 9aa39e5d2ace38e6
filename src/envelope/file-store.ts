/**
 * The durable embedded DEK store: one JSON document per directory, replaced atomically under a
 * cross-process lock. Reads are served from a snapshot revalidated with one `stat` per call, so a
 * shredding or a revocation by another process is seen by the very next operation. No native addons.
 */
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../internal/durable-file.js';
import { EnvelopeErrorCode, tamperError } from './errors.js';
import { type FileLockOptions, withFileLock } from './file-lock.js';
import type { DekRecord, DekStore, DekWrap, InstallResult } from './ports.js';
import type { StoreState } from './store-state.js';
import * as ops from './store-state.js';

export interface FileDekStoreOptions extends FileLockOptions {
  /** Directory holding `deks.json` and its lock; created with mode 0700 if missing. */
  readonly dir: string;
}

/**
 * A DEK store in a directory, safe to share between processes on one host.
 * @example
 * const store = new FileDekStore({ dir: '/var/lib/airlock/keys' })
 */
export class FileDekStore implements DekStore {
  readonly #file: string;
  readonly #lock: string;
  readonly #lockOptions: FileLockOptions;
  #state: StoreState = ops.emptyState();
  #signature = '';

  constructor(options: FileDekStoreOptions) {
    mkdirSync(options.dir, { recursive: true, mode: 0o700 });
    this.#file = join(options.dir, 'deks.json');
    this.#lock = join(options.dir, 'deks.lock');
    this.#lockOptions = {
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.staleMs !== undefined ? { staleMs: options.staleMs } : {}),
    };
  }

  /** Returns the current snapshot, re-reading the file only when its identity changed. */
  #read(force = false): StoreState {
    const st = statSync(this.#file, { bigint: true, throwIfNoEntry: false });
    if (!st) {
      this.#signature = '';
      this.#state = ops.emptyState();
      return this.#state;
    }
    const sig = `${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`;
    if (force || sig !== this.#signature) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(readFileSync(this.#file, 'utf8'));
      } catch (e) {
        throw tamperError(EnvelopeErrorCode.STORE_CORRUPT, 'store file is not valid JSON', { cause: e });
      }
      this.#state = ops.checkState(parsed);
      this.#signature = sig;
    }
    return this.#state;
  }

  #mutate<T>(fn: (s: StoreState) => T): Promise<T> {
    return withFileLock(
      this.#lock,
      () => {
        // Under the lock, always start from the file: another process may have written since our snapshot.
        const state = structuredClone(this.#read(true));
        const before = JSON.stringify(state);
        const result = fn(state);
        const after = JSON.stringify(state);
        if (after !== before) {
          writeFileAtomic(this.#file, after);
          this.#state = state;
          this.#signature = '';
        }
        return result;
      },
      this.#lockOptions,
    );
  }

  async getDek(keyRef: string): Promise<DekRecord | undefined> {
    return ops.getDek(this.#read(), keyRef);
  }
  async getActive(org: string): Promise<DekRecord | undefined> {
    return ops.getActive(this.#read(), org);
  }
  async getResourceDek(org: string, resource: string): Promise<DekRecord | undefined> {
    return ops.getResourceDek(this.#read(), org, resource);
  }
  async shreddedAt(org: string): Promise<number | undefined> {
    return ops.shreddedAt(this.#read(), org);
  }
  installActive(record: DekRecord, expectedActive: string | null): Promise<InstallResult> {
    return this.#mutate((s) => ops.installActive(s, record, expectedActive));
  }
  installResource(record: DekRecord, expectedCurrent: string | null): Promise<InstallResult> {
    return this.#mutate((s) => ops.installResource(s, record, expectedCurrent));
  }
  reserveUses(keyRef: string, count: number, limit: number): Promise<number> {
    return this.#mutate((s) => ops.reserveUses(s, keyRef, count, limit));
  }
  addWrap(keyRef: string, org: string, wrap: DekWrap): Promise<void> {
    return this.#mutate((s) => ops.addWrap(s, keyRef, org, wrap));
  }
  removeWrap(keyRef: string, org: string): Promise<boolean> {
    return this.#mutate((s) => ops.removeWrap(s, keyRef, org));
  }
  shredOrg(org: string, at: number): Promise<void> {
    return this.#mutate((s) => ops.shredOrg(s, org, at));
  }
}
