/**
 * Default ports and policy values: wall clock, `node:crypto` randomness, and rotation limits. The message
 * limit sits far below NIST SP 800-38D's 2^32 invocations per key for random 96-bit IVs.
 */
import { createHash, randomBytes, randomFillSync } from 'node:crypto';
import { toBase64Url } from './bytes.js';
import type { Clock, Random } from './ports.js';

/** Wall-clock time. */
export const systemClock: Clock = { now: () => Date.now() };

/**
 * Cryptographically secure randomness from `node:crypto`. Small requests (IVs, references) are cut from a
 * 4 KiB pool refilled by `randomFillSync`, because one OpenSSL call per 12-byte IV costs more than the
 * encryption of a short field. Pool bytes are handed out once and overwritten as they are taken.
 */
export const systemRandom: Random = {
  bytes: (length) => {
    if (length > 64) return new Uint8Array(randomBytes(length));
    if (poolAt + length > POOL.length) {
      randomFillSync(POOL);
      poolAt = 0;
    }
    const out = POOL.slice(poolAt, poolAt + length);
    POOL.fill(0, poolAt, poolAt + length);
    poolAt += length;
    return out;
  },
};
const POOL = new Uint8Array(4096);
let poolAt = POOL.length;

/** Default rotation: a new data key every 30 days or 2^24 sealed fields, whichever comes first. */
export const DEFAULT_MAX_AGE_MS = 30 * 24 * 60 * 60 * 1000;
export const DEFAULT_MAX_MESSAGES = 2 ** 24;
/** Uses reserved per store round trip; unused reservations of a process that exits count as used. */
export const DEFAULT_RESERVE_BLOCK = 4096;

/**
 * A new data-key reference: 8 characters naming the org (a hash prefix, so it is not the org id) and 16
 * random characters (96 bits). The store refuses to overwrite an existing reference in any case.
 */
export function newKeyRef(org: string, random: Random): string {
  const tag = createHash('sha256').update(org, 'utf8').digest().subarray(0, 6);
  return `${toBase64Url(tag)}${toBase64Url(random.bytes(12))}`;
}
