/**
 * Model-based properties of the gate and the runner protocol around it. A small runner proposes
 * actions (checkpoint → decide → allow, or request an approval), operators approve (possibly with
 * an edit or "similar for this run"), deny, let time pass, restart the process (snapshot/restore),
 * stop, pause, redirect and change the trust level, and an adversarial executor tries to run any
 * action with any approval. A reference model predicts every consume, and every execution is checked.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAirlockError } from '../../src/errors.js';
import {
  type Action,
  createGate,
  createRunControl,
  type Gate,
  hashAction,
  restoreGate,
} from '../../src/gate/index.js';
import {
  type Classification,
  decide,
  parsePolicy,
  type Risk,
  type TrustLevel,
} from '../../src/trust/index.js';
import { auditLog, fakeClock } from './helpers.js';

const TTL = 10_000;
const USABLE = 5_000;

const POOL: readonly { action: Action; risk: Risk }[] = [
  { action: { tool: 'ssh', target: 'r1', args: { command: 'show version' } }, risk: 'read' },
  { action: { tool: 'ssh', target: 'r1', args: { command: 'interface ge-1 shutdown' } }, risk: 'moderate' },
  { action: { tool: 'ssh', target: 'r2', args: { command: 'interface ge-1 shutdown' } }, risk: 'moderate' },
  { action: { tool: 'ssh', target: 'r1', args: { command: 'reload' } }, risk: 'dangerous' },
  { action: { tool: 'ssh', target: 'r1', args: { command: 'frobnicate' } }, risk: 'unknown' },
  {
    action: { tool: 'ssh', target: 'r1', args: { command: 'show version' }, credentialRefs: ['enable'] },
    risk: 'moderate',
  },
];
const classify = (a: Action): Classification => {
  const hit = POOL.find((p) => hashAction(p.action) === hashAction(a));
  return { risk: hit?.risk ?? 'unknown', reasons: ['test pool'] };
};
// The most permissive policy possible: every rule allows. Dangerous must still ask.
const permissive = parsePolicy({
  v: 1,
  rules: [
    { id: 'allow-all', effect: 'allow', tool: 'ssh', risk: ['read', 'moderate', 'dangerous', 'unknown'] },
  ],
});

type Op =
  | { k: 'propose'; i: number }
  | { k: 'approve'; n: number; edit: number | null; similar: boolean }
  | { k: 'deny'; n: number }
  | { k: 'advance'; ms: number }
  | { k: 'restart' }
  | { k: 'stop' }
  | { k: 'pause' }
  | { k: 'resume' }
  | { k: 'redirect' }
  | { k: 'trust'; level: TrustLevel }
  | { k: 'consume'; n: number; i: number }
  | { k: 'runApproved'; n: number }
  | { k: 'authorize'; i: number; recent: boolean }
  | { k: 'plan'; items: number[] }
  | { k: 'approvePlan'; n: number };

const arbOps = (levels: readonly TrustLevel[]) => {
  const i = fc.nat({ max: POOL.length - 1 });
  const n = fc.nat({ max: 20 });
  return fc.array(
    fc.oneof(
      { weight: 10, arbitrary: fc.record({ k: fc.constant('propose' as const), i }) },
      {
        weight: 4,
        arbitrary: fc.record({
          k: fc.constant('approve' as const),
          n,
          edit: fc.option(i, { freq: 3 }),
          similar: fc.boolean(),
        }),
      },
      { weight: 2, arbitrary: fc.record({ k: fc.constant('deny' as const), n }) },
      {
        weight: 2,
        arbitrary: fc.record({
          k: fc.constant('advance' as const),
          ms: fc.constantFrom(1, 2_000, 4_999, 5_000, 9_999, 10_000),
        }),
      },
      { weight: 2, arbitrary: fc.constant({ k: 'restart' as const }) },
      { weight: 1, arbitrary: fc.constant({ k: 'stop' as const }) },
      { weight: 1, arbitrary: fc.constant({ k: 'pause' as const }) },
      { weight: 3, arbitrary: fc.constant({ k: 'resume' as const }) },
      { weight: 2, arbitrary: fc.constant({ k: 'redirect' as const }) },
      {
        weight: 1,
        arbitrary: fc.record({ k: fc.constant('trust' as const), level: fc.constantFrom(...levels) }),
      },
      { weight: 6, arbitrary: fc.record({ k: fc.constant('consume' as const), n, i }) },
      { weight: 8, arbitrary: fc.record({ k: fc.constant('runApproved' as const), n }) },
      { weight: 6, arbitrary: fc.record({ k: fc.constant('authorize' as const), i, recent: fc.boolean() }) },
      {
        weight: 2,
        arbitrary: fc.record({
          k: fc.constant('plan' as const),
          items: fc.array(i, { minLength: 1, maxLength: 3 }),
        }),
      },
      { weight: 2, arbitrary: fc.record({ k: fc.constant('approvePlan' as const), n }) },
    ),
    { minLength: 10, maxLength: 60, size: 'max' },
  ) as fc.Arbitrary<Op[]>;
};

interface ModelApproval {
  hash: string;
  risk: Risk;
  state: 'pending' | 'granted' | 'consumed' | 'closed';
  expiresAt: number;
  usableUntil: number;
}

/** Across all runs: proof the scenarios exercise the interesting paths (a vacuous property proves nothing). */
const seen = {
  plans: 0,
  approval: 0,
  grant: 0,
  trust: 0,
  edits: 0,
  reasked: 0,
  restarts: 0,
  consumeRefused: 0,
  stops: 0,
};
function resetSeen(): void {
  for (const k of Object.keys(seen) as (keyof typeof seen)[]) seen[k] = 0;
}
function expectExercised(): void {
  for (const [k, v] of Object.entries(seen))
    expect(v, `${k} exercised`).toBeGreaterThan(k === 'grant' || k === 'plans' ? 1 : 10);
}

interface Execution {
  hash: string;
  risk: Risk;
  via: 'trust' | 'approval' | 'grant';
  trust: TrustLevel;
}

async function runScenario(ops: Op[], startTrust: TrustLevel, policy = permissive) {
  const clock = fakeClock();
  const audit = auditLog();
  const opts = { clock, audit, ttlMs: TTL, usableForMs: USABLE, warnBeforeMs: 1_000, classify };
  let gate: Gate = createGate(opts);
  const control = createRunControl({ trust: startTrust, audit });
  const ids: string[] = [];
  const plans = new Map<string, string[]>();
  const model = new Map<string, ModelApproval>();
  const grants = new Map<string, Risk>(); // hash → max risk of a standing similar grant
  const executions: Execution[] = [];
  const sentInstructions: string[] = [];
  const deliveredInstructions: string[] = [];
  let stoppedAt: number | undefined;

  const expire = () => {
    for (const m of model.values()) {
      if (m.state === 'pending' && clock.now() >= m.expiresAt) m.state = 'closed';
      if (m.state === 'granted' && clock.now() >= m.usableUntil) m.state = 'closed';
    }
  };
  // The runner's protocol: checkpoint before every tool call; a stopped run executes nothing.
  const checkpoint = async (): Promise<TrustLevel | undefined> => {
    if (control.state === 'paused') return undefined; // would block until resume
    try {
      return (await control.checkpoint()).trust;
    } catch (e) {
      expect(isAirlockError(e, 'RUN_STOPPED')).toBe(true);
      return undefined;
    }
  };
  const execute = (a: Action, via: Execution['via'], trust: TrustLevel) => {
    expect(control.state).toBe('running');
    executions.push({ hash: hashAction(a), risk: classify(a).risk, via, trust });
    seen[via]++;
  };
  // Operators mostly answer recent requests; older ids still come up.
  const pick = (n: number) =>
    ids.length === 0
      ? undefined
      : ids[n < 15 ? ids.length - 1 - (n % Math.min(ids.length, 3)) : n % ids.length];

  for (const op of ops) {
    expire();
    switch (op.k) {
      case 'propose': {
        const trust = await checkpoint();
        if (trust === undefined) break;
        deliveredInstructions.push(...control.takeInstructions());
        const { action } = POOL[op.i]!;
        const c = classify(action);
        const d = decide(action, c, trust, policy);
        if (d.decision === 'allow') execute(action, 'trust', trust);
        else if (d.decision === 'ask') {
          const card = await gate.request(action, c, d);
          ids.push(card.approvalId);
          model.set(card.approvalId, {
            hash: card.actionHash,
            risk: c.risk,
            state: 'pending',
            expiresAt: clock.now() + TTL,
            usableUntil: 0,
          });
        }
        break;
      }
      case 'approve': {
        const id = pick(op.n);
        if (id === undefined) break;
        const m = model.get(id)!;
        const edit = op.edit === null ? undefined : POOL[op.edit]!.action;
        const newHash = edit ? hashAction(edit) : m.hash;
        const newRisk = edit ? classify(edit).risk : m.risk;
        try {
          const card = await gate.approve(id, {
            by: 'op',
            ...(edit ? { edit } : {}),
            ...(op.similar ? { scope: 'similar-for-run' } : {}),
          });
          // Expiry always denies: only a pending, unexpired approval can be answered.
          expect(m.state).toBe('pending');
          expect(clock.now()).toBeLessThan(m.expiresAt);
          expect(card.actionHash).toBe(newHash);
          const rank = { read: 0, moderate: 1, unknown: 2, dangerous: 3 };
          m.hash = newHash;
          if (edit) seen.edits++;
          if (card.status === 'pending') {
            seen.reasked++;
            expect(rank[newRisk]).toBeGreaterThan(rank[m.risk]);
            m.expiresAt = clock.now() + TTL;
          } else {
            expect(card.status).toBe('granted');
            m.state = 'granted';
            m.usableUntil = clock.now() + USABLE;
            if (op.similar) {
              expect(newRisk).not.toBe('dangerous');
              grants.set(newHash, newRisk);
            }
          }
          m.risk = newRisk;
        } catch (e) {
          expect(isAirlockError(e)).toBe(true);
          if (m.state === 'pending' && clock.now() < m.expiresAt) {
            expect(op.similar && (e as { code: string }).code).toBe('GRANT_SCOPE_NOT_ALLOWED');
          }
        }
        break;
      }
      case 'deny': {
        const id = pick(op.n);
        if (id === undefined) break;
        const m = model.get(id)!;
        const ok = await gate.deny(id, { by: 'op' }).then(
          () => true,
          () => false,
        );
        expect(ok).toBe(m.state === 'pending');
        if (ok) m.state = 'closed';
        break;
      }
      case 'advance':
        clock.advance(op.ms);
        break;
      case 'plan': {
        if ((await checkpoint()) === undefined) break;
        const items = op.items.map((i) => ({
          action: POOL[i]!.action,
          classification: classify(POOL[i]!.action),
        }));
        const plan = await gate.requestPlan(items);
        plans.set(
          plan.planId,
          plan.approvals.map((c) => c.approvalId),
        );
        plan.approvals.forEach((card, j) => {
          // Each step is bound to its own action's hash.
          expect(card.actionHash).toBe(hashAction(items[j]!.action));
          ids.push(card.approvalId);
          model.set(card.approvalId, {
            hash: card.actionHash,
            risk: items[j]!.classification.risk,
            state: 'pending',
            expiresAt: clock.now() + TTL,
            usableUntil: 0,
          });
        });
        break;
      }
      case 'approvePlan': {
        const planIds = [...plans.keys()];
        if (planIds.length === 0) break;
        const planId = planIds[op.n % planIds.length]!;
        const steps = plans.get(planId)!.map((id) => model.get(id)!);
        const predicted = steps.every((m) => m.state === 'pending');
        const ok = await gate.approvePlan(planId, { by: 'op' }).then(
          () => true,
          (e) => {
            expect(isAirlockError(e, 'PLAN_NOT_PENDING')).toBe(true);
            return false;
          },
        );
        expect(ok).toBe(predicted);
        if (ok) {
          seen.plans++;
          for (const m of steps) {
            m.state = 'granted';
            m.usableUntil = clock.now() + USABLE;
          }
        }
        break;
      }
      case 'restart': {
        const snap = JSON.parse(JSON.stringify(gate.snapshot()));
        gate.dispose();
        gate = await restoreGate(snap, opts);
        seen.restarts++;
        grants.clear();
        for (const m of model.values()) {
          if (m.state === 'granted') {
            m.state = 'pending';
            m.expiresAt = clock.now() + TTL;
          }
        }
        break;
      }
      case 'stop':
        if (stoppedAt === undefined) stoppedAt = executions.length;
        seen.stops++;
        await control.stop({ by: 'op' });
        await gate.denyAll({ by: 'op', reason: 'run stopped' });
        grants.clear();
        for (const m of model.values())
          if (m.state === 'pending' || m.state === 'granted') m.state = 'closed';
        break;
      case 'pause':
        await control.pause({ by: 'op' });
        break;
      case 'resume':
        await control.resume({ by: 'op' });
        break;
      case 'redirect': {
        if (control.state === 'stopped') break;
        const text = `instruction ${sentInstructions.length}`;
        if (
          await control.redirect(text, { by: 'op' }).then(
            () => true,
            () => false,
          )
        )
          sentInstructions.push(text);
        break;
      }
      case 'trust':
        await control.setTrust(op.level, { by: 'op' });
        break;
      case 'consume':
      case 'runApproved': {
        const id = pick(op.n);
        if (id === undefined) break;
        const trust = await checkpoint();
        if (trust === undefined) break;
        const m = model.get(id)!;
        // The honest runner runs the card's (possibly edited) action; the adversary runs anything.
        const action = op.k === 'consume' ? POOL[op.i]!.action : gate.get(id)!.action;
        const hash = hashAction(action);
        const predicted = m.state === 'granted' && m.hash === hash && clock.now() < m.usableUntil;
        const ok = await gate.consume(id, action).then(
          () => true,
          (e) => {
            expect(isAirlockError(e)).toBe(true);
            return false;
          },
        );
        expect(ok).toBe(predicted);
        if (!ok) seen.consumeRefused++;
        if (ok) {
          m.state = 'consumed';
          execute(action, 'approval', trust);
        }
        break;
      }
      case 'authorize': {
        const trust = await checkpoint();
        if (trust === undefined) break;
        const recent = op.recent ? pick(op.i) : undefined;
        const action = recent === undefined ? POOL[op.i]!.action : gate.get(recent)!.action;
        const hash = hashAction(action);
        const r = await gate.authorize(action, classify(action));
        if (!r.authorized) break;
        if (r.via === 'grant') {
          expect(grants.has(hash)).toBe(true);
          expect(classify(action).risk).not.toBe('dangerous');
        } else {
          const m = model.get(r.approvalId)!;
          expect(m.state).toBe('granted');
          expect(m.hash).toBe(hash);
          expect(clock.now()).toBeLessThan(m.usableUntil);
          m.state = 'consumed';
        }
        execute(action, r.via === 'grant' ? 'grant' : 'approval', trust);
        break;
      }
    }
  }
  if (stoppedAt !== undefined) expect(executions.length).toBe(stoppedAt);
  expect(deliveredInstructions).toEqual(sentInstructions.slice(0, deliveredInstructions.length));
  gate.dispose();
  return executions;
}

describe('gate properties', () => {
  const kept = JSON.parse(
    readFileSync(new URL('./fixtures/counterexamples.json', import.meta.url), 'utf8'),
  ) as { found: string; trust: TrustLevel; ops: Op[] }[];
  it.each(kept)('kept counterexample replays clean: $found', async ({ trust, ops }) => {
    await runScenario(ops, trust);
  });

  it('under manual and supervised, no non-read action executes without a matching, unexpired, unused approval (any interleaving of approvals, denials, timeouts, edits, restarts, stop, pause, redirect)', async () => {
    resetSeen();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<TrustLevel>('manual', 'supervised'),
        arbOps(['manual', 'supervised']),
        async (trust, ops) => {
          const executions = await runScenario(ops, trust);
          for (const e of executions) {
            if (e.via === 'trust') {
              expect(e.risk).toBe('read');
              expect(e.trust).toBe('supervised');
            }
          }
        },
      ),
      { seed: 42_005, numRuns: 150 },
    );
    expectExercised();
  });

  it('a dangerous action never runs on trust level alone, even autonomous with an allow-everything policy', async () => {
    resetSeen();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<TrustLevel>('manual', 'supervised', 'autonomous'),
        arbOps(['manual', 'supervised', 'autonomous']),
        async (trust, ops) => {
          const executions = await runScenario(ops, trust);
          for (const e of executions) {
            if (e.risk === 'dangerous') expect(e.via).toBe('approval');
            if (e.via === 'trust' && e.risk !== 'read') expect(e.trust).toBe('autonomous');
          }
        },
      ),
      { seed: 42_006, numRuns: 120 },
    );
    expectExercised();
  });

  it('an approval never authorizes a different action: consume with any other pool action fails', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: POOL.length - 1 }), fc.nat({ max: POOL.length - 1 }), async (a, b) => {
        const gate = createGate({ clock: fakeClock() });
        const card = await gate.request(POOL[a]!.action, classify(POOL[a]!.action));
        await gate.approve(card.approvalId, { by: 'op' });
        const same = hashAction(POOL[a]!.action) === hashAction(POOL[b]!.action);
        const ok = await gate.consume(card.approvalId, POOL[b]!.action).then(
          () => true,
          () => false,
        );
        expect(ok).toBe(same);
        gate.dispose();
      }),
      { seed: 42_007, numRuns: 60 },
    );
  });

  it('expiry always denies: an approval answered at or after its expiry never authorizes anything', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 3 * TTL }),
        fc.integer({ min: 0, max: 2 * USABLE }),
        async (wait, delay) => {
          const clock = fakeClock();
          const gate = createGate({ clock, ttlMs: TTL, usableForMs: USABLE });
          const action = POOL[3]!.action;
          const card = await gate.request(action, classify(action));
          const outcome = gate.wait(card.approvalId);
          clock.advance(wait);
          const approved = await gate.approve(card.approvalId, { by: 'op' }).then(
            () => true,
            () => false,
          );
          expect(approved).toBe(wait < TTL);
          if (!approved) expect(await outcome).toBe('expired');
          clock.advance(delay);
          const ok = await gate.consume(card.approvalId, action).then(
            () => true,
            () => false,
          );
          expect(ok).toBe(approved && delay < USABLE);
          gate.dispose();
        },
      ),
      { seed: 42_008, numRuns: 100 },
    );
  });
});
