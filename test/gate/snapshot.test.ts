import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isAirlockError } from '../../src/errors.js';
import { createGate, type GateSnapshot, restoreGate } from '../../src/gate/index.js';
import { build, FIXTURE_KEY } from './fixtures/generate.js';
import { auditLog, fakeClock, T0 } from './helpers.js';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));

const act = (command: string) => ({ tool: 'ssh', target: 'lab-sw1', args: { command } });
const reload = {
  tool: 'ssh',
  target: 'lab-sw1',
  args: { command: 'reload in 5', password: '__SECRET_PASSWORD_01__' },
  credentialRefs: ['lab-enable'],
};

describe('gate state v1', () => {
  it("today's code writes the v1 fixture byte for byte (the format has not drifted)", async () => {
    expect(await build()).toEqual(fixture('gate-state-v1.json'));
    expect(await build(FIXTURE_KEY)).toEqual(fixture('gate-state-v1-hmac.json'));
  });

  it.each([
    ['gate-state-v1.json', undefined],
    ['gate-state-v1-hmac.json', FIXTURE_KEY],
  ])(
    'restoring %s: nothing is auto-approved, consumed stays consumed, grants are asked again',
    async (name, key) => {
      const clock = fakeClock(T0 + 120_000);
      const audit = auditLog();
      const gate = await restoreGate(fixture(name), { clock, audit, ...(key ? { integrityKey: key } : {}) });
      const status = (id: string) => gate.get(id)?.status;
      expect(status('apr_0001')).toBe('pending');
      // Granted before the restart, never consumed: asked again, not replayable.
      expect(gate.get('apr_0002')).toMatchObject({ status: 'pending', restored: true });
      expect(status('apr_0003')).toBe('consumed');
      expect(status('apr_0004')).toBe('denied');
      expect(status('apr_0007')).toBe('consumed');
      expect(gate.get('apr_0008')).toMatchObject({ status: 'pending', restored: true, planId: 'pln_0006' });
      const code = async (p: Promise<unknown>) =>
        p.then(
          () => 'ok',
          (e) => (isAirlockError(e) ? e.code : 'other'),
        );
      expect(await code(gate.consume('apr_0002', reload))).toBe('APPROVAL_PENDING');
      expect(await code(gate.consume('apr_0003', act('interface ge-0/0/2 shutdown')))).toBe(
        'APPROVAL_ALREADY_USED',
      );
      expect(await code(gate.consume('apr_0007', act('vlan 10')))).toBe('APPROVAL_ALREADY_USED');
      expect((await gate.authorize(reload, { risk: 'dangerous', reasons: [] })).authorized).toBe(false);
      expect(audit.types()).toEqual(['approval.requested', 'approval.requested']);
      // A pending approval keeps its original expiry across the restart.
      clock.set(Date.parse(gate.get('apr_0001')!.expiresAt));
      expect(status('apr_0001')).toBe('expired');
      gate.dispose();
    },
  );

  it('a snapshot round-trips through JSON and restores the same pending cards', async () => {
    const clock = fakeClock();
    const gate = createGate({ clock });
    const a = await gate.request(act('interface ge-0/0/9 shutdown'), { risk: 'moderate', reasons: ['x'] });
    const restored = await restoreGate(JSON.parse(JSON.stringify(gate.snapshot())), { clock });
    expect(restored.get(a.approvalId)).toEqual(gate.get(a.approvalId));
    await restored.approve(a.approvalId, { by: 'alice' });
    await expect(restored.consume(a.approvalId, act('interface ge-0/0/9 shutdown'))).resolves.toBeDefined();
  });

  it('a verbose classifier (edits included) cannot make the saved state unrestorable', async () => {
    const many = {
      risk: 'moderate' as const,
      reasons: Array.from({ length: 200 }, () => 'r'.repeat(5000)),
      rule: 'x'.repeat(999),
    };
    const gate = createGate({ classify: () => many });
    const a = await gate.request(act('interface ge-1 shutdown'), many);
    const b = await gate.request(act('interface ge-2 shutdown'), { risk: 'moderate', reasons: [] });
    await gate.approve(b.approvalId, { by: 'alice', edit: act('interface ge-3 shutdown') });
    const restored = await restoreGate(JSON.parse(JSON.stringify(gate.snapshot())));
    expect(restored.get(a.approvalId)?.reasons).toHaveLength(64);
    expect(restored.get(b.approvalId)?.rule?.length).toBe(256);
  });

  it('the store port receives every change; the consumed state is saved before consume returns', async () => {
    const saves: GateSnapshot[] = [];
    const gate = createGate({ store: { save: (s) => void saves.push(s) } });
    const a = await gate.request(act('x'), { risk: 'moderate', reasons: [] });
    await gate.approve(a.approvalId, { by: 'alice' });
    await gate.consume(a.approvalId, act('x'));
    expect(saves.map((s) => s.approvals[0]!.status)).toEqual(['pending', 'granted', 'consumed']);
    // Crash right after consume: the last saved state restores as consumed, so nothing replays.
    const after = await restoreGate(saves.at(-1));
    await expect(after.consume(a.approvalId, act('x'))).rejects.toMatchObject({
      code: 'APPROVAL_ALREADY_USED',
    });
  });

  it.each([
    ['negative-tampered-integrity.json', 'GATE_STATE_TAMPERED', undefined],
    ['negative-action-swapped.json', 'GATE_STATE_TAMPERED', undefined],
    ['negative-replay-resealed-unkeyed.json', 'GATE_STATE_TAMPERED', FIXTURE_KEY],
    ['gate-state-v1.json', 'GATE_STATE_TAMPERED', FIXTURE_KEY],
    ['gate-state-v1-hmac.json', 'GATE_STATE_TAMPERED', undefined],
    ['negative-unknown-version.json', 'GATE_STATE_VERSION_UNSUPPORTED', undefined],
    ['negative-wrong-types.json', 'GATE_STATE_INVALID', undefined],
    ['negative-truncated.json', 'GATE_STATE_INVALID', undefined],
    ['negative-unknown-field.json', 'GATE_STATE_INVALID', undefined],
  ])('%s is refused with %s (key: %s)', async (name, code, key) => {
    await expect(restoreGate(fixture(name), key ? { integrityKey: key } : {})).rejects.toSatisfy(
      (e: unknown) => isAirlockError(e, code),
    );
  });

  it('honest limit: without a key, a resealed replay attempt is not detected', async () => {
    const gate = await restoreGate(fixture('negative-replay-resealed-unkeyed.json'), {
      clock: fakeClock(T0 + 120_000),
    });
    // ... but even then it is asked again, never auto-approved.
    expect(gate.get('apr_0003')).toMatchObject({ status: 'pending', restored: true });
    gate.dispose();
  });

  it.each([[null], ['{}'], [[]], [42], [{ v: 1 }], [{ v: '1' }]])(
    'rejects %j with a typed error',
    async (input) => {
      await expect(restoreGate(input)).rejects.toSatisfy(
        (e: unknown) =>
          isAirlockError(e, 'GATE_STATE_INVALID') || isAirlockError(e, 'GATE_STATE_VERSION_UNSUPPORTED'),
      );
    },
  );
});
