import { describe, expect, it } from 'vitest';
import { isAirlockError } from '../../src/errors.js';
import { type Action, createGate, hashAction } from '../../src/gate/index.js';
import type { Classification } from '../../src/trust/index.js';
import { auditLog, fakeClock, seqIds } from './helpers.js';

const reload: Action = {
  tool: 'ssh',
  target: 'core-sw1',
  args: { command: 'reload in 5', password: '__SECRET_PASSWORD_01__' },
  credentialRefs: ['core-enable', 'core-admin'],
};
const iface: Action = { tool: 'ssh', target: 'lab-sw1', args: { command: 'interface ge-0/0/1 shutdown' } };
const dangerous: Classification = { risk: 'dangerous', reasons: ['reload'], rule: 'cisco.reload' };
const moderate: Classification = { risk: 'moderate', reasons: ['interface change'] };

function setup(extra: Parameters<typeof createGate>[0] = {}) {
  const clock = fakeClock();
  const audit = auditLog();
  const gate = createGate({
    clock,
    audit,
    org: 'acme',
    runId: 'run-1',
    ttlMs: 60_000,
    warnBeforeMs: 10_000,
    newId: seqIds(),
    ...extra,
  });
  return { clock, audit, gate };
}

async function codeOf(p: Promise<unknown> | (() => unknown)): Promise<string | undefined> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    return isAirlockError(e) ? e.code : `non-airlock: ${String(e)}`;
  }
  return undefined;
}

describe('approval cards', () => {
  it('a card shows the exact action with placeholders, credentials by name, risk, reasons and the rule', async () => {
    const { gate, audit } = setup();
    const seen: string[] = [];
    gate.on('requested', (c) => seen.push(c.approvalId));
    const card = await gate.request(reload, dangerous, {
      reason: 'dangerous asks',
      rule: 'airlock/dangerous-asks',
    });
    expect(card).toMatchObject({
      status: 'pending',
      tool: 'ssh',
      target: 'core-sw1',
      args: { command: 'reload in 5', password: '__SECRET_PASSWORD_01__' },
      credentialRefs: ['core-admin', 'core-enable'],
      risk: 'dangerous',
      reasons: ['reload'],
      rule: 'airlock/dangerous-asks',
      reason: 'dangerous asks',
      actionHash: hashAction(reload),
      expiresAt: new Date(Date.parse(card.requestedAt) + 60_000).toISOString(),
    });
    expect(seen).toEqual([card.approvalId]);
    expect(gate.pending().map((c) => c.approvalId)).toEqual([card.approvalId]);
    expect(audit.types()).toEqual(['approval.requested']);
  });

  it("later mutation of the caller's action object does not change what was approved", async () => {
    const { gate } = setup();
    const mutable = { tool: 'ssh', target: 'r1', args: { command: 'show run' } };
    const card = await gate.request(mutable, moderate);
    mutable.args.command = 'reload';
    expect(gate.get(card.approvalId)?.args).toEqual({ command: 'show run' });
    expect(card.actionHash).toBe(hashAction({ tool: 'ssh', target: 'r1', args: { command: 'show run' } }));
  });
});

describe('approve, consume', () => {
  it('an approval authorizes its exact action once; a second consume fails APPROVAL_ALREADY_USED', async () => {
    const { gate, audit } = setup();
    const card = await gate.request(reload, dangerous);
    const waited = gate.wait(card.approvalId);
    await gate.approve(card.approvalId, { by: 'alice' });
    expect(await waited).toBe('allowed');
    const auth = await gate.consume(card.approvalId, reload);
    expect(auth).toEqual({ approvalId: card.approvalId, actionHash: card.actionHash, via: 'approval' });
    expect(await codeOf(gate.consume(card.approvalId, reload))).toBe('APPROVAL_ALREADY_USED');
    expect(audit.types()).toEqual(['approval.requested', 'approval.granted', 'approval.consumed']);
  });

  it('an approval never authorizes a different action (APPROVAL_ACTION_MISMATCH) and stays usable', async () => {
    const { gate } = setup();
    const card = await gate.request(reload, dangerous);
    await gate.approve(card.approvalId, { by: 'alice' });
    for (const other of [
      { ...reload, target: 'core-sw2' },
      { ...reload, args: { ...reload.args, command: 'reload' } },
      { ...reload, credentialRefs: ['core-admin'] },
      { ...reload, tool: 'netconf' },
    ]) {
      expect(await codeOf(gate.consume(card.approvalId, other))).toBe('APPROVAL_ACTION_MISMATCH');
    }
    expect((await gate.authorize({ ...reload, target: 'x' }, dangerous)).authorized).toBe(false);
    expect((await gate.consume(card.approvalId, reload)).actionHash).toBe(card.actionHash);
  });

  it('credential reference order does not matter; key order does not matter', async () => {
    const { gate } = setup();
    const card = await gate.request(reload, dangerous);
    await gate.approve(card.approvalId, { by: 'alice' });
    const reordered: Action = {
      credentialRefs: ['core-admin', 'core-enable'],
      args: { password: '__SECRET_PASSWORD_01__', command: 'reload in 5' },
      target: 'core-sw1',
      tool: 'ssh',
    };
    await expect(gate.consume(card.approvalId, reordered)).resolves.toBeDefined();
  });

  it('a pending or denied approval authorizes nothing', async () => {
    const { gate, audit } = setup();
    const card = await gate.request(iface, moderate);
    expect(await codeOf(gate.consume(card.approvalId, iface))).toBe('APPROVAL_PENDING');
    const w = gate.wait(card.approvalId);
    await gate.deny(card.approvalId, { by: 'bob', reason: 'change freeze' });
    expect(await w).toBe('denied');
    expect(await codeOf(gate.consume(card.approvalId, iface))).toBe('APPROVAL_DENIED');
    expect(await codeOf(gate.approve(card.approvalId, { by: 'alice' }))).toBe('APPROVAL_NOT_PENDING');
    expect(audit.events.at(-1)).toMatchObject({
      type: 'approval.denied',
      actor: { kind: 'user', id: 'bob' },
      data: { reason: 'change freeze' },
    });
  });

  it('authorize consumes a granted approval with the same hash, once', async () => {
    const { gate } = setup();
    const card = await gate.request(iface, moderate);
    await gate.approve(card.approvalId, { by: 'alice' });
    expect(await gate.authorize(iface, moderate)).toMatchObject({
      authorized: true,
      approvalId: card.approvalId,
    });
    expect((await gate.authorize(iface, moderate)).authorized).toBe(false);
  });
});

describe('expiry', () => {
  it('an unanswered approval warns, then expires (recorded as expired, not denied) and never runs', async () => {
    const { gate, clock, audit } = setup();
    const events: string[] = [];
    for (const e of ['expiring', 'expired', 'denied'] as const) gate.on(e, () => events.push(e));
    const card = await gate.request(reload, dangerous);
    const w = gate.wait(card.approvalId);
    clock.advance(49_999);
    expect(events).toEqual([]);
    clock.advance(1);
    expect(events).toEqual(['expiring']);
    clock.advance(10_000);
    expect(events).toEqual(['expiring', 'expired']);
    expect(await w).toBe('expired');
    expect(gate.get(card.approvalId)?.status).toBe('expired');
    expect(await codeOf(gate.approve(card.approvalId, { by: 'alice' }))).toBe('APPROVAL_EXPIRED');
    expect(await codeOf(gate.consume(card.approvalId, reload))).toBe('APPROVAL_EXPIRED');
    await Promise.resolve();
    expect(audit.types()).toEqual(['approval.requested', 'approval.expiring', 'approval.expired']);
  });

  it('expiry holds even if timers never fire (checked on every call)', async () => {
    const clock = fakeClock();
    const frozen = { ...clock, setTimeout: () => 0, clearTimeout: () => undefined };
    const gate = createGate({ clock: frozen, ttlMs: 1000 });
    const card = await gate.request(iface, moderate);
    clock.set(clock.now() + 1000);
    expect(await codeOf(gate.approve(card.approvalId, { by: 'a' }))).toBe('APPROVAL_EXPIRED');
  });

  it('a granted approval not consumed within usableForMs expires', async () => {
    const { gate, clock } = setup({ usableForMs: 5000 });
    const card = await gate.request(iface, moderate);
    await gate.approve(card.approvalId, { by: 'alice' });
    clock.advance(5000);
    expect(await codeOf(gate.consume(card.approvalId, iface))).toBe('APPROVAL_EXPIRED');
  });
});

describe('approve with edit', () => {
  const classify = (a: Action): Classification =>
    String(a.args.command).startsWith('reload')
      ? dangerous
      : String(a.args.command).startsWith('show')
        ? { risk: 'read', reasons: ['show'] }
        : moderate;

  it('re-classifies and re-binds: the edited action runs, the original no longer does', async () => {
    const { gate } = setup({ classify });
    const card = await gate.request(iface, moderate);
    const edited = { ...iface, args: { command: 'show interface ge-0/0/1' } };
    const after = await gate.approve(card.approvalId, { by: 'alice', edit: edited });
    expect(after).toMatchObject({
      status: 'granted',
      edited: true,
      risk: 'read',
      actionHash: hashAction(edited),
    });
    expect(await codeOf(gate.consume(card.approvalId, iface))).toBe('APPROVAL_ACTION_MISMATCH');
    expect((await gate.consume(card.approvalId, edited)).actionHash).toBe(hashAction(edited));
  });

  it('an edit that raises the risk is re-asked, not granted', async () => {
    const { gate, audit } = setup({ classify });
    const card = await gate.request(iface, moderate);
    const edited = { ...iface, args: { command: 'reload' } };
    const after = await gate.approve(card.approvalId, { by: 'alice', edit: edited });
    expect(after).toMatchObject({ status: 'pending', risk: 'dangerous', edited: true });
    expect(await codeOf(gate.consume(card.approvalId, edited))).toBe('APPROVAL_PENDING');
    expect(audit.types()).toEqual(['approval.requested', 'approval.requested']);
    await gate.approve(card.approvalId, { by: 'alice' });
    await expect(gate.consume(card.approvalId, edited)).resolves.toBeDefined();
  });

  it('an edit the policy denies is refused and the approval stays pending', async () => {
    const { gate } = setup({
      classify,
      check: (a) => ({ decision: String(a.args.command).includes('erase') ? 'deny' : 'ask' }),
    });
    const card = await gate.request(iface, moderate);
    expect(
      await codeOf(
        gate.approve(card.approvalId, { by: 'a', edit: { ...iface, args: { command: 'erase startup' } } }),
      ),
    ).toBe('APPROVAL_EDIT_DENIED');
    expect(gate.get(card.approvalId)?.status).toBe('pending');
  });

  it('edit needs a classifier; a throwing classifier fails closed', async () => {
    const a = setup();
    const c1 = await a.gate.request(iface, moderate);
    expect(await codeOf(a.gate.approve(c1.approvalId, { by: 'x', edit: iface }))).toBe(
      'EDIT_NEEDS_CLASSIFIER',
    );
    const b = setup({
      classify: () => {
        throw new Error('parser crashed');
      },
    });
    const c2 = await b.gate.request(iface, moderate);
    expect(await codeOf(b.gate.approve(c2.approvalId, { by: 'x', edit: iface }))).toBe(
      'EDIT_CLASSIFY_FAILED',
    );
    expect(b.gate.get(c2.approvalId)?.status).toBe('pending');
  });
});

describe('"allow similar for this run" grants', () => {
  it('are scoped to tool, target, command pattern and risk; visible, audited and revocable', async () => {
    const { gate, audit } = setup();
    const card = await gate.request(iface, moderate);
    await gate.approve(card.approvalId, {
      by: 'alice',
      scope: 'similar-for-run',
      similarCommand: 'interface ge-0/0/[0-9]+ shutdown',
    });
    const [g] = gate.grants();
    expect(g).toMatchObject({
      tool: 'ssh',
      target: 'lab-sw1',
      maxRisk: 'moderate',
      grantedBy: 'alice',
      sourceApprovalId: card.approvalId,
    });
    const similar = { ...iface, args: { command: 'interface ge-0/0/7 shutdown' } };
    expect(await gate.authorize(similar, moderate)).toMatchObject({
      authorized: true,
      via: 'grant',
      approvalId: g!.grantId,
    });
    expect((await gate.authorize({ ...similar, target: 'lab-sw2' }, moderate)).authorized).toBe(false);
    expect((await gate.authorize({ ...similar, tool: 'netconf' }, moderate)).authorized).toBe(false);
    expect(
      (await gate.authorize({ ...similar, args: { command: 'interface ge-0/0/7 mtu 9000' } }, moderate))
        .authorized,
    ).toBe(false);
    expect((await gate.authorize(similar, { risk: 'unknown', reasons: [] })).authorized).toBe(false);
    expect((await gate.authorize(similar, dangerous)).authorized).toBe(false);
    await gate.revokeGrant(g!.grantId, { by: 'alice' });
    expect(gate.grants()).toEqual([]);
    expect((await gate.authorize(similar, moderate)).authorized).toBe(false);
    expect(audit.types()).toEqual([
      'approval.requested',
      'approval.granted',
      'approval.consumed',
      'approval.denied',
    ]);
    expect(audit.events[1]).toMatchObject({ data: { scope: 'similar-for-run' } });
  });

  it("a grant trusts the gate's own classifier over the caller's when it says riskier", async () => {
    const { gate } = setup({ classify: () => dangerous });
    const card = await gate.request(iface, moderate);
    await gate.approve(card.approvalId, { by: 'alice', scope: 'similar-for-run' });
    expect((await gate.authorize(iface, moderate)).authorized).toBe(true); // the approval itself
    expect((await gate.authorize(iface, moderate)).authorized).toBe(false); // the grant: classifier says dangerous
  });

  it('a grant does not cover other credentials or other arguments', async () => {
    const { gate } = setup();
    const withCred = { ...iface, credentialRefs: ['lab-readonly'] };
    const card = await gate.request(withCred, moderate);
    await gate.approve(card.approvalId, {
      by: 'a',
      scope: 'similar-for-run',
      similarCommand: 'interface .*',
    });
    await gate.consume(card.approvalId, withCred);
    const cmd = { command: 'interface ge-0/0/3 shutdown' };
    expect((await gate.authorize({ ...withCred, args: cmd }, moderate)).authorized).toBe(true);
    expect(
      (await gate.authorize({ ...withCred, args: cmd, credentialRefs: ['lab-enable'] }, moderate)).authorized,
    ).toBe(false);
    expect((await gate.authorize({ ...withCred, args: cmd, credentialRefs: [] }, moderate)).authorized).toBe(
      false,
    );
    expect(
      (await gate.authorize({ ...withCred, args: { ...cmd, privileged: true } }, moderate)).authorized,
    ).toBe(false);
    expect(gate.grants()[0]).toMatchObject({ credentialRefs: ['lab-readonly'], uses: 1 });
  });

  it('a dangerous action cannot be approved as "similar"', async () => {
    const { gate } = setup();
    const card = await gate.request(reload, dangerous);
    expect(await codeOf(gate.approve(card.approvalId, { by: 'a', scope: 'similar-for-run' }))).toBe(
      'GRANT_SCOPE_NOT_ALLOWED',
    );
    expect(gate.get(card.approvalId)?.status).toBe('pending');
  });

  it('without a pattern a grant covers only the same command', async () => {
    const { gate } = setup();
    const card = await gate.request(iface, moderate);
    await gate.approve(card.approvalId, { by: 'a', scope: 'similar-for-run' });
    await gate.consume(card.approvalId, iface);
    expect((await gate.authorize(iface, moderate)).authorized).toBe(true);
    expect(
      (await gate.authorize({ ...iface, args: { command: 'interface ge-0/0/2 shutdown' } }, moderate))
        .authorized,
    ).toBe(false);
  });

  it.each([['(a+)+'], ['x'.repeat(300)], ['[']])('rejects the unsafe pattern %s', async (p) => {
    const { gate } = setup();
    const card = await gate.request(iface, moderate);
    expect(
      await codeOf(gate.approve(card.approvalId, { by: 'a', scope: 'similar-for-run', similarCommand: p })),
    ).toBe('GRANT_PATTERN_INVALID');
  });
});

describe('plans', () => {
  const steps = [
    { action: iface, classification: moderate },
    { action: { ...iface, args: { command: 'interface ge-0/0/2 shutdown' } }, classification: moderate },
    { action: reload, classification: dangerous },
  ];

  it('a plan is approved as a whole; each action is bound to its own hash and single-use', async () => {
    const { gate } = setup();
    const plan = await gate.requestPlan(steps);
    expect(plan.approvals.map((c) => c.planId)).toEqual([plan.planId, plan.planId, plan.planId]);
    await gate.approvePlan(plan.planId, { by: 'alice' });
    const [a, b] = plan.approvals;
    expect(await codeOf(gate.consume(a!.approvalId, steps[1]!.action))).toBe('APPROVAL_ACTION_MISMATCH');
    expect((await gate.consume(a!.approvalId, steps[0]!.action)).via).toBe('plan');
    expect(await codeOf(gate.consume(a!.approvalId, steps[0]!.action))).toBe('APPROVAL_ALREADY_USED');
    expect((await gate.consume(b!.approvalId, steps[1]!.action)).via).toBe('plan');
  });

  it('approving a plan with a denied item grants nothing', async () => {
    const { gate } = setup();
    const plan = await gate.requestPlan(steps);
    await gate.deny(plan.approvals[2]!.approvalId, { by: 'bob' });
    expect(await codeOf(gate.approvePlan(plan.planId, { by: 'alice' }))).toBe('PLAN_NOT_PENDING');
    expect(gate.pending()).toHaveLength(2);
    await gate.denyPlan(plan.planId, { by: 'bob' });
    expect(gate.pending()).toHaveLength(0);
  });

  it('a plan with one invalid item is not created at all', async () => {
    const { gate } = setup();
    expect(
      await codeOf(
        gate.requestPlan([...steps, { action: { tool: '' } as Action, classification: moderate }]),
      ),
    ).toBe('ACTION_INVALID');
    expect(gate.pending()).toHaveLength(0);
  });
});

describe('failures fail closed', () => {
  it('a grant whose audit event cannot be recorded is not usable', async () => {
    let fail = false;
    const gate = createGate({
      audit: {
        record: async () => {
          if (fail) throw new Error('disk full');
        },
      },
    });
    const card = await gate.request(iface, moderate);
    fail = true;
    expect(await codeOf(gate.approve(card.approvalId, { by: 'alice' }))).toBe('GATE_AUDIT_FAILED');
    expect(gate.get(card.approvalId)?.status).toBe('denied');
    fail = false;
    expect(await codeOf(gate.consume(card.approvalId, iface))).toBe('APPROVAL_DENIED');
  });

  it('when consumption cannot be persisted, consume throws (the action must not run) and the approval stays burnt', async () => {
    let fail = false;
    const gate = createGate({
      store: {
        save: () => {
          if (fail) throw new Error('EROFS');
        },
      },
    });
    const card = await gate.request(iface, moderate);
    await gate.approve(card.approvalId, { by: 'alice' });
    fail = true;
    expect(await codeOf(gate.consume(card.approvalId, iface))).toBe('GATE_STORE_FAILED');
    fail = false;
    expect(await codeOf(gate.consume(card.approvalId, iface))).toBe('APPROVAL_ALREADY_USED');
  });

  it('consume waits until the store has persisted the consumption', async () => {
    const saved: string[] = [];
    let release!: () => void;
    const gate = createGate({
      store: {
        save: (s) =>
          s.approvals.some((a) => a.status === 'consumed')
            ? new Promise<void>((r) => {
                release = () => {
                  saved.push('consumed');
                  r();
                };
              })
            : undefined,
      },
    });
    const card = await gate.request(iface, moderate);
    await gate.approve(card.approvalId, { by: 'alice' });
    let done = false;
    const p = gate.consume(card.approvalId, iface).then(() => {
      done = true;
    });
    await new Promise((r) => setImmediate(r));
    expect(done).toBe(false);
    release();
    await p;
    expect(saved).toEqual(['consumed']);
  });

  it('wait rejects with WAIT_ABORTED when the signal aborts; the approval stays pending', async () => {
    const { gate } = setup();
    const card = await gate.request(iface, moderate);
    const ac = new AbortController();
    const w = gate.wait(card.approvalId, { signal: ac.signal });
    ac.abort();
    expect(await codeOf(w)).toBe('WAIT_ABORTED');
    expect(gate.get(card.approvalId)?.status).toBe('pending');
  });

  it('denyAll denies every pending approval and revokes grants', async () => {
    const { gate } = setup();
    const a = await gate.request(iface, moderate);
    await gate.approve(a.approvalId, { by: 'x', scope: 'similar-for-run' });
    await gate.request(reload, dangerous);
    expect(await gate.denyAll({ by: 'system', reason: 'run stopped' })).toBe(2);
    expect(gate.pending()).toEqual([]);
    expect(gate.grants()).toEqual([]);
    expect(await codeOf(gate.consume(a.approvalId, iface))).toBe('APPROVAL_DENIED');
  });

  it('the gate is bounded (GATE_FULL)', async () => {
    const { gate } = setup({ maxApprovals: 2 });
    await gate.request(iface, moderate);
    await gate.request(iface, moderate);
    expect(await codeOf(gate.request(iface, moderate))).toBe('GATE_FULL');
  });
});

describe('invalid input', () => {
  const { gate } = setup();
  const bad: [string, () => Promise<unknown> | unknown, string][] = [
    ['request: action null', () => gate.request(null as never, moderate), 'ACTION_INVALID'],
    ['request: empty tool', () => gate.request({ tool: '', args: {} }, moderate), 'ACTION_INVALID'],
    ['request: args array', () => gate.request({ tool: 't', args: [] as never }, moderate), 'ACTION_INVALID'],
    [
      'request: extra field',
      () => gate.request({ tool: 't', args: {}, run: true } as never, moderate),
      'ACTION_INVALID',
    ],
    [
      'request: bad refs',
      () => gate.request({ tool: 't', args: {}, credentialRefs: [1] as never }, moderate),
      'ACTION_INVALID',
    ],
    [
      'request: function arg',
      () => gate.request({ tool: 't', args: { f: () => 1 } }, moderate),
      'NOT_CANONICALIZABLE',
    ],
    [
      'request: NaN arg',
      () => gate.request({ tool: 't', args: { n: Number.NaN } }, moderate),
      'NOT_CANONICALIZABLE',
    ],
    ['request: no classification', () => gate.request(iface, null as never), 'CLASSIFICATION_INVALID'],
    ['requestPlan: empty', () => gate.requestPlan([]), 'PLAN_INVALID'],
    ['approve: unknown id', () => gate.approve('nope', { by: 'a' }), 'APPROVAL_NOT_FOUND'],
    ['approve: no approver', () => gate.approve('nope', { by: '' }), 'APPROVER_INVALID'],
    [
      'approve: bad scope',
      () => gate.approve('nope', { by: 'a', scope: 'forever' as never }),
      'APPROVAL_SCOPE_INVALID',
    ],
    ['deny: unknown id', () => gate.deny('nope', { by: 'a' }), 'APPROVAL_NOT_FOUND'],
    ['consume: unknown id', () => gate.consume('nope', iface), 'APPROVAL_NOT_FOUND'],
    ['consume: id not a string', () => gate.consume(7 as never, iface), 'APPROVAL_NOT_FOUND'],
    ['wait: unknown id', () => gate.wait('nope'), 'APPROVAL_NOT_FOUND'],
    ['approvePlan: unknown', () => gate.approvePlan('nope', { by: 'a' }), 'PLAN_NOT_FOUND'],
    ['revokeGrant: unknown', () => gate.revokeGrant('nope', { by: 'a' }), 'GRANT_NOT_FOUND'],
    ['createGate: ttl 0', () => createGate({ ttlMs: 0 }), 'GATE_OPTION_INVALID'],
    ['createGate: ttl NaN', () => createGate({ ttlMs: Number.NaN }), 'GATE_OPTION_INVALID'],
  ];
  it.each(bad)('%s → %s, and the message carries no value', async (_n, f, code) => {
    try {
      await f();
      expect.unreachable();
    } catch (e) {
      expect(isAirlockError(e, code)).toBe(true);
      expect((e as Error).message).not.toMatch(/__SECRET_/);
    }
  });
});
