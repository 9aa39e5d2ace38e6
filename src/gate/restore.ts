/**
 * Restoring a gate after a restart. Nothing is auto-approved and nothing is replayed: an approval
 * granted but not consumed before the restart is asked again, because the snapshot cannot prove the
 * action did not run after it was taken.
 */
import { systemClock } from '../trust/clock.js';
import type { ApprovalRecord } from './card.js';
import { Gate } from './gate.js';
import { DEFAULT_TTL_MS, positive } from './helpers.js';
import { openState } from './snapshot.js';
import type { GateOptions } from './types.js';

/**
 * Rebuilds a gate from a snapshot. Nothing is auto-approved: pending approvals stay pending (or
 * expire), approvals granted but not consumed before the restart are asked again (`restored: true`),
 * consumed ones stay consumed. Throws `GATE_STATE_VERSION_UNSUPPORTED`, `GATE_STATE_INVALID` or
 * `GATE_STATE_TAMPERED` (nothing is restored then).
 * @example
 * const gate = await restoreGate(JSON.parse(await fs.readFile('gate.json', 'utf8')), { audit: log })
 */
export async function restoreGate(snapshot: unknown, options: GateOptions = {}): Promise<Gate> {
  const records = openState(snapshot, options.integrityKey);
  const now = (options.clock ?? systemClock).now();
  const ttl = positive(options.ttlMs, DEFAULT_TTL_MS, 'ttlMs');
  const reasked: ApprovalRecord[] = [];
  for (const r of records) {
    if (r.status !== 'granted') continue;
    // We cannot know whether it ran after the snapshot was taken: ask again rather than replay.
    r.status = 'pending';
    r.restored = true;
    r.expiresAt = now + ttl;
    r.warned = false;
    r.reason = 'granted before a restart but not used; approve again';
    delete r.usableUntil;
    delete r.resolvedBy;
    delete r.resolvedAt;
    delete r.scope;
    reasked.push(r);
  }
  const gate = new Gate(options, records);
  await gate.init(reasked);
  return gate;
}
