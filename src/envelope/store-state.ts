/**
 * The DEK store's state as one plain document, and the pure operations on it that both the memory store
 * and the file store apply (the file store under its cross-process lock). Keeping the rules in one place
 * makes the two stores behave the same: compare-and-set rotation, insert-if-absent references, tombstones.
 */
import { describeValue } from '../errors.js';
import { EnvelopeErrorCode, orgShredded, tamperError } from './errors.js';
import type { DekRecord, DekWrap, InstallResult } from './ports.js';

export const STORE_VERSION = 1;

interface OrgEntry {
  active?: string;
  shreddedAt?: number;
}

/** The whole store. Records are replaced, never mutated in place, so snapshots stay consistent. */
export interface StoreState {
  v: typeof STORE_VERSION;
  deks: Record<string, DekRecord>;
  orgs: Record<string, OrgEntry>;
  /** `${org}\u0000${resource}` → keyRef. */
  resources: Record<string, string>;
}

export function emptyState(): StoreState {
  return { v: STORE_VERSION, deks: {}, orgs: {}, resources: {} };
}

const own = (o: object, k: string) => Object.hasOwn(o, k);
const resourceKey = (org: string, resource: string) => `${org}\u0000${resource}`;

export function getDek(s: StoreState, keyRef: string): DekRecord | undefined {
  return own(s.deks, keyRef) ? s.deks[keyRef] : undefined;
}

export function getActive(s: StoreState, org: string): DekRecord | undefined {
  const ref = own(s.orgs, org) ? s.orgs[org]?.active : undefined;
  return ref === undefined ? undefined : getDek(s, ref);
}

export function getResourceDek(s: StoreState, org: string, resource: string): DekRecord | undefined {
  const k = resourceKey(org, resource);
  return own(s.resources, k) ? getDek(s, s.resources[k]!) : undefined;
}

export function shreddedAt(s: StoreState, org: string): number | undefined {
  return own(s.orgs, org) ? s.orgs[org]?.shreddedAt : undefined;
}

function assertNotShredded(s: StoreState, org: string): void {
  if (shreddedAt(s, org) !== undefined) throw orgShredded();
}

export function installActive(s: StoreState, record: DekRecord, expected: string | null): InstallResult {
  assertNotShredded(s, record.org);
  const current = getActive(s, record.org);
  if ((current?.keyRef ?? null) !== expected) {
    return current ? { installed: false, active: current } : { installed: false };
  }
  // References are random, but a collision must never replace a key that sealed fields depend on.
  if (own(s.deks, record.keyRef)) return { installed: false, ...(current ? { active: current } : {}) };
  if (current) s.deks[current.keyRef] = { ...current, state: 'retired' };
  s.deks[record.keyRef] = record;
  s.orgs[record.org] = { ...(s.orgs[record.org] ?? {}), active: record.keyRef };
  return { installed: true };
}

export function installResource(s: StoreState, record: DekRecord, expected: string | null): InstallResult {
  assertNotShredded(s, record.org);
  if (record.resource === undefined) {
    throw tamperError(EnvelopeErrorCode.STORE_CORRUPT, 'resource key without resource');
  }
  const current = getResourceDek(s, record.org, record.resource);
  if ((current?.keyRef ?? null) !== expected || own(s.deks, record.keyRef)) {
    return current ? { installed: false, active: current } : { installed: false };
  }
  if (current) s.deks[current.keyRef] = { ...current, state: 'retired' };
  s.deks[record.keyRef] = record;
  s.resources[resourceKey(record.org, record.resource)] = record.keyRef;
  return { installed: true };
}

export function reserveUses(s: StoreState, keyRef: string, count: number, limit: number): number {
  const rec = getDek(s, keyRef);
  if (rec?.state !== 'active' || shreddedAt(s, rec.org) !== undefined) return 0;
  const granted = Math.max(0, Math.min(count, limit - rec.reserved));
  if (granted > 0) s.deks[keyRef] = { ...rec, reserved: rec.reserved + granted };
  return granted;
}

export function addWrap(s: StoreState, keyRef: string, org: string, wrap: DekWrap): void {
  assertNotShredded(s, org);
  const rec = getDek(s, keyRef);
  if (!rec) throw tamperError(EnvelopeErrorCode.DEK_UNKNOWN, 'no data key under that reference');
  s.deks[keyRef] = { ...rec, wraps: { ...rec.wraps, [org]: wrap } };
}

export function removeWrap(s: StoreState, keyRef: string, org: string): boolean {
  const rec = getDek(s, keyRef);
  if (!rec || !own(rec.wraps, org) || org === rec.org) return false;
  const wraps = { ...rec.wraps };
  delete wraps[org];
  s.deks[keyRef] = { ...rec, wraps };
  return true;
}

export function shredOrg(s: StoreState, org: string, at: number): void {
  if (shreddedAt(s, org) === undefined) s.orgs[org] = { shreddedAt: at };
  else s.orgs[org] = { shreddedAt: shreddedAt(s, org)! };
  for (const [ref, rec] of Object.entries(s.deks)) {
    if (rec.org === org) {
      delete s.deks[ref];
    } else if (own(rec.wraps, org)) {
      const wraps = { ...rec.wraps };
      delete wraps[org];
      s.deks[ref] = { ...rec, wraps };
    }
  }
  for (const [k, ref] of Object.entries(s.resources)) if (!own(s.deks, ref)) delete s.resources[k];
}

/** Validates a parsed store document; throws `STORE_CORRUPT` rather than trusting a damaged file. */
export function checkState(value: unknown): StoreState {
  const v = value as Partial<StoreState> | null;
  if (
    typeof v !== 'object' ||
    v === null ||
    v.v !== STORE_VERSION ||
    typeof v.deks !== 'object' ||
    typeof v.orgs !== 'object' ||
    typeof v.resources !== 'object'
  ) {
    throw tamperError(
      EnvelopeErrorCode.STORE_CORRUPT,
      `store document has an unexpected shape (${describeValue(value)})`,
    );
  }
  return v as StoreState;
}
