/**
 * An in-memory DEK store for tests and single-process tools. Same rules as the file store (they share
 * `store-state.ts`); state is lost when the process exits, and with it every field it sealed.
 */
import type { DekRecord, DekStore, DekWrap, InstallResult } from './ports.js';
import * as ops from './store-state.js';

/**
 * A DEK store held in memory.
 * @example
 * const envelope = createEnvelope({ keyring, store: new MemoryDekStore() })
 */
export class MemoryDekStore implements DekStore {
  readonly #state = ops.emptyState();

  async getDek(keyRef: string): Promise<DekRecord | undefined> {
    return ops.getDek(this.#state, keyRef);
  }
  async getActive(org: string): Promise<DekRecord | undefined> {
    return ops.getActive(this.#state, org);
  }
  async getResourceDek(org: string, resource: string): Promise<DekRecord | undefined> {
    return ops.getResourceDek(this.#state, org, resource);
  }
  async shreddedAt(org: string): Promise<number | undefined> {
    return ops.shreddedAt(this.#state, org);
  }
  async installActive(record: DekRecord, expectedActive: string | null): Promise<InstallResult> {
    return ops.installActive(this.#state, record, expectedActive);
  }
  async installResource(record: DekRecord, expectedCurrent: string | null): Promise<InstallResult> {
    return ops.installResource(this.#state, record, expectedCurrent);
  }
  async reserveUses(keyRef: string, count: number, limit: number): Promise<number> {
    return ops.reserveUses(this.#state, keyRef, count, limit);
  }
  async addWrap(keyRef: string, org: string, wrap: DekWrap): Promise<void> {
    ops.addWrap(this.#state, keyRef, org, wrap);
  }
  async removeWrap(keyRef: string, org: string): Promise<boolean> {
    return ops.removeWrap(this.#state, keyRef, org);
  }
  async shredOrg(org: string, at: number): Promise<void> {
    ops.shredOrg(this.#state, org, at);
  }
}
