/**
 * The usage snippet of docs/trust-gate.md, as a running test: one executor step that honours the
 * trust level, the policy, the ceilings, the gate and the operator's controls.
 */
import { describe, expect, it } from 'vitest';
import {
  type Action,
  createGate,
  createRunControl,
  type Gate,
  type RunControl,
} from '../../src/gate/index.js';
import {
  type Ceilings,
  type Classification,
  createCeilings,
  decide,
  type Policy,
  parsePolicy,
} from '../../src/trust/index.js';

// --- snippet start ---
type Outcome = 'ran' | 'denied' | 'expired' | 'stopped' | 'ceiling';

async function step(
  action: Action,
  classification: Classification,
  ctx: {
    policy: Policy;
    gate: Gate;
    control: RunControl;
    ceilings: Ceilings;
    run: (a: Action) => Promise<void>;
  },
): Promise<Outcome> {
  const { trust } = await ctx.control.checkpoint(); // waits while paused, throws RUN_STOPPED once stopped
  const ceiling = ctx.ceilings.beforeToolCall(classification.risk);
  if (ceiling.reached) {
    await ctx.control.stop({
      by: 'airlock.ceilings',
      reason: `${ceiling.ceiling} ceiling`,
      status: 'ceiling',
    });
    return 'ceiling';
  }
  const d = decide(action, classification, trust, ctx.policy);
  if (d.decision === 'deny') return 'denied';
  if (d.decision === 'allow') {
    await ctx.run(action);
    return 'ran';
  }
  const card = await ctx.gate.request(action, classification, d);
  const answer = await ctx.gate.wait(card.approvalId, { signal: ctx.control.signal });
  if (answer !== 'allowed') return answer;
  const approved = ctx.gate.get(card.approvalId)!.action; // the edited action, if the approver edited it
  await ctx.control.checkpoint(); // a stop or pause while we waited takes effect here
  await ctx.gate.consume(card.approvalId, approved); // burns the approval, persisted, right before running
  await ctx.run(approved);
  return 'ran';
}
// --- snippet end ---

describe('usage', () => {
  it('the docs snippet runs reads, asks for changes, and never runs a denied or stopped call', async () => {
    const ran: string[] = [];
    const policy = parsePolicy({ v: 1, rules: [{ id: 'no-reload', effect: 'deny', command: 'reload.*' }] });
    const gate = createGate();
    const control = createRunControl({ trust: 'supervised' });
    const ceilings = createCeilings({ maxToolCalls: 4 });
    const ctx = {
      policy,
      gate,
      control,
      ceilings,
      run: async (a: Action) => void ran.push(String(a.args.command)),
    };
    gate.on('requested', (card) => {
      void gate.approve(card.approvalId, { by: 'alice' });
    });
    const ssh = (command: string): Action => ({ tool: 'ssh', target: 'lab-sw1', args: { command } });
    expect(await step(ssh('show version'), { risk: 'read', reasons: [] }, ctx)).toBe('ran');
    expect(await step(ssh('interface ge-1 shutdown'), { risk: 'moderate', reasons: [] }, ctx)).toBe('ran');
    expect(await step(ssh('reload'), { risk: 'dangerous', reasons: [] }, ctx)).toBe('denied');
    expect(await step(ssh('show clock'), { risk: 'read', reasons: [] }, ctx)).toBe('ran');
    expect(await step(ssh('show ip route'), { risk: 'read', reasons: [] }, ctx)).toBe('ceiling');
    await expect(step(ssh('show version'), { risk: 'read', reasons: [] }, ctx)).rejects.toMatchObject({
      code: 'RUN_STOPPED',
    });
    expect(ran).toEqual(['show version', 'interface ge-1 shutdown', 'show clock']);
    gate.dispose();
  });
});
