import { describe, expect, it } from 'vitest';
import { isAirlockError } from '../../src/errors.js';
import { createRunControl } from '../../src/gate/index.js';
import { decide, EMPTY_POLICY } from '../../src/trust/index.js';
import { auditLog } from './helpers.js';

const flush = () => new Promise((r) => setImmediate(r));

describe('run control', () => {
  it('stop aborts the signal given to in-flight tools and makes the next checkpoint throw RUN_STOPPED', async () => {
    const audit = auditLog();
    const control = createRunControl({ audit, org: 'acme', runId: 'run-1' });
    const inflight = new Promise((_, reject) =>
      control.signal.addEventListener('abort', () => reject(control.signal.reason)),
    );
    await control.checkpoint();
    await control.stop({ by: 'alice', reason: 'wrong device' });
    await expect(inflight).rejects.toSatisfy((e: unknown) => isAirlockError(e, 'RUN_STOPPED'));
    await expect(control.checkpoint()).rejects.toSatisfy((e: unknown) => isAirlockError(e, 'RUN_STOPPED'));
    await control.stop({ by: 'bob' }); // idempotent, not audited twice
    expect(audit.events).toEqual([
      {
        type: 'run.stopped',
        org: 'acme',
        runId: 'run-1',
        actor: { kind: 'user', id: 'alice' },
        data: { reason: 'wrong device', status: 'stopped' },
      },
    ]);
  });

  it('pause holds the next tool call at the checkpoint until resume', async () => {
    const audit = auditLog();
    const control = createRunControl({ audit });
    await control.pause({ by: 'alice', reason: 'change window' });
    let passed = false;
    const cp = control.checkpoint().then(() => {
      passed = true;
    });
    await flush();
    expect(passed).toBe(false);
    await control.resume({ by: 'alice' });
    await cp;
    expect(passed).toBe(true);
    expect(audit.types()).toEqual(['run.paused', 'run.resumed']);
  });

  it('stop while paused releases the checkpoint with RUN_STOPPED (never lets the call through)', async () => {
    const control = createRunControl();
    await control.pause({ by: 'alice' });
    const cp = control.checkpoint();
    await control.stop({ by: 'alice' });
    await expect(cp).rejects.toSatisfy((e: unknown) => isAirlockError(e, 'RUN_STOPPED'));
    await control.resume({ by: 'alice' });
    expect(control.state).toBe('stopped');
  });

  it('redirect queues instructions for the next turn, in order, delivered once', async () => {
    const audit = auditLog();
    const control = createRunControl({ audit, maxInstructions: 2 });
    await control.redirect('use the standby link', { by: 'alice' });
    await control.redirect('skip core-1', { by: 'alice' });
    await expect(control.redirect('third', { by: 'alice' })).rejects.toMatchObject({
      code: 'INSTRUCTION_QUEUE_FULL',
    });
    expect(control.takeInstructions()).toEqual(['use the standby link', 'skip core-1']);
    expect(control.takeInstructions()).toEqual([]);
    expect(audit.events.map((e) => e.data)).toEqual([
      { instruction: 'use the standby link' },
      { instruction: 'skip core-1' },
    ]);
    await control.stop({ by: 'alice' });
    await expect(control.redirect('late', { by: 'alice' })).rejects.toMatchObject({ code: 'RUN_STOPPED' });
  });

  it('a trust change takes effect at the next checkpoint, before the next tool call', async () => {
    const audit = auditLog();
    const control = createRunControl({ trust: 'supervised', audit });
    const call = { tool: 'ssh', args: { command: 'show version' } };
    const read = { risk: 'read' as const, reasons: [] };
    expect(decide(call, read, (await control.checkpoint()).trust, EMPTY_POLICY).decision).toBe('allow');
    await control.setTrust('manual', { by: 'alice' });
    expect(decide(call, read, (await control.checkpoint()).trust, EMPTY_POLICY).decision).toBe('ask');
    await control.setTrust('manual', { by: 'alice' }); // no change, no event
    expect(audit.events.map((e) => e.data)).toEqual([{ from: 'supervised', to: 'manual' }]);
  });

  it('an audit failure still leaves the stop in effect (fail closed) and reports the failure', async () => {
    const control = createRunControl({ audit: { record: () => Promise.reject(new Error('disk full')) } });
    await expect(control.stop({ by: 'alice' })).rejects.toThrow('disk full');
    expect(control.signal.aborted).toBe(true);
    await expect(control.checkpoint()).rejects.toMatchObject({ code: 'RUN_STOPPED' });
  });

  it('a ceiling stops the run with status ceiling and a system actor', async () => {
    const audit = auditLog();
    const control = createRunControl({ audit });
    await control.stop({ by: 'airlock.ceilings', reason: 'toolCalls ceiling reached', status: 'ceiling' });
    expect(audit.events[0]).toMatchObject({
      actor: { kind: 'system', id: 'airlock.ceilings' },
      data: { status: 'ceiling' },
    });
  });

  const bad: [string, () => unknown, string][] = [
    [
      'stop with an unknown status',
      () => createRunControl().stop({ by: 'a', status: 'paused' as never }),
      'STOP_STATUS_INVALID',
    ],
    ['stop without operator', () => createRunControl().stop({} as never), 'OPERATOR_INVALID'],
    ['pause with empty operator', () => createRunControl().pause({ by: '' }), 'OPERATOR_INVALID'],
    ['redirect with empty text', () => createRunControl().redirect('', { by: 'a' }), 'TEXT_INVALID'],
    [
      'redirect with huge text',
      () => createRunControl().redirect('x'.repeat(5000), { by: 'a' }),
      'TEXT_INVALID',
    ],
    [
      'setTrust to an unknown level',
      () => createRunControl().setTrust('yolo' as never, { by: 'a' }),
      'TRUST_LEVEL_INVALID',
    ],
    [
      'create with an unknown level',
      () => createRunControl({ trust: 'root' as never }),
      'TRUST_LEVEL_INVALID',
    ],
  ];
  it.each(bad)('%s → %s', async (_n, f, code) => {
    try {
      await f();
      expect.unreachable();
    } catch (e) {
      expect(isAirlockError(e, code)).toBe(true);
    }
  });
});
