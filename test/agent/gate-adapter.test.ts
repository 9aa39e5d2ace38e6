/** The runner on `airlock/gate` itself: grants, expiry and stop, through `gateApprovals`. */
import { describe, expect, it } from 'vitest';
import {
  commandClassifier,
  createAgentRun,
  gateApprovals,
  type RunEvent,
  ScriptedModel,
  trustDecider,
} from '../../src/agent/index.js';
import { createGate } from '../../src/gate/index.js';
import { knownSecrets, memoryAudit, plainDevice } from './support/fakes.js';

const MODERATE = '/ip firewall filter disable 3';
const call = (command: string) => ({ name: 'run_command', input: { command } });

function setup(steps: ConstructorParameters<typeof ScriptedModel>[0], ttlMs?: number) {
  const audit = memoryAudit();
  const gate = createGate({ audit, org: 'acme', ...(ttlMs === undefined ? {} : { ttlMs, warnBeforeMs: 1 }) });
  const device = plainDevice(() => 'ok\n');
  const run = createAgentRun({
    model: new ScriptedModel(steps),
    transport: device,
    classifier: commandClassifier({ vendor: 'routeros' }),
    decider: trustDecider(undefined, { vendor: 'routeros' }),
    gate: gateApprovals(gate),
    redactor: knownSecrets([]).redactor,
    audit,
    org: 'acme',
    task: 'fix the firewall',
  });
  return { audit, gate, device, run };
}

async function collect(run: AsyncIterable<RunEvent>): Promise<RunEvent[]> {
  const out: RunEvent[] = [];
  for await (const ev of run) out.push(ev);
  return out;
}

describe('runner on airlock/gate', () => {
  it('a "similar for this run" grant lets the same command run again without a second card, each use audited', async () => {
    const { audit, gate, device, run } = setup([
      { toolUses: [call(MODERATE)] },
      { toolUses: [call(MODERATE)] },
      { text: 'ok' },
    ]);
    let cards = 0;
    gate.on('requested', (card) => {
      cards++;
      void gate.approve(card.approvalId, { by: 'alice', scope: 'similar-for-run' });
    });
    await collect(run);
    expect(cards).toBe(1);
    expect(device.log).toEqual([MODERATE, MODERATE]);
    expect(audit.events.filter((e) => e.type === 'approval.consumed')).toHaveLength(2);
  });

  it('an approval that expires unanswered never runs', async () => {
    const { device, run } = setup([{ toolUses: [call(MODERATE)] }, { text: 'ok' }], 50);
    const events = await collect(run);
    expect(events.find((e) => e.type === 'approval.resolved')).toMatchObject({ status: 'expired' });
    expect(device.log).toEqual([]);
  });

  it('an approval granted for one command does not run another', async () => {
    const { gate, device, run } = setup([
      { toolUses: [call(MODERATE)] },
      { toolUses: [call('/ip firewall filter disable 4')] },
      { text: 'ok' },
    ]);
    let first: string | undefined;
    gate.on('requested', (card) => {
      if (first === undefined) {
        first = card.approvalId;
        void gate.approve(card.approvalId, { by: 'alice' });
      } else void gate.deny(card.approvalId, { by: 'alice' });
    });
    await collect(run);
    expect(device.log).toEqual([MODERATE]);
  });

  it('stop while a card is pending ends the run; the command never runs', async () => {
    const { gate, device, run } = setup([{ toolUses: [call(MODERATE)] }]);
    gate.on('requested', () => void run.stop('operator left'));
    const result = await run.start();
    expect(result.status).toBe('stopped');
    expect(device.log).toEqual([]);
  });
});
