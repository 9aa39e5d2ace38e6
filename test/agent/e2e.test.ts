/**
 * i7 evidence, end to end on real components: the unmodified Bedrock client against the local endpoint,
 * the simulated RouterOS device over a real SSH server, `airlock/redact`, `airlock/classifier`,
 * `airlock/trust`, `airlock/gate` and the `airlock/audit` log on disk. The scripted model reads a
 * configuration full of secrets, then asks for a dangerous command.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  commandClassifier,
  createAgentRun,
  createBedrockModel,
  gateApprovals,
  type RunEvent,
  trustDecider,
} from '../../src/agent/index.js';
import { createAuditLog, createFileSink } from '../../src/audit/index.js';
import { createGate } from '../../src/gate/index.js';
import { createRedactor } from '../../src/redact/index.js';
import { createSshTransport, type DeviceTransport } from '../../src/transports/index.js';
import { type SimulatedRouterOS, startSimulatedRouterOS } from '../../src/transports/simulator/index.js';
import { SEEDED_SECRETS } from '../../src/transports/simulator/state.js';
import {
  type BedrockEndpoint,
  type RecordedRequest,
  requestJson,
  startBedrockEndpoint,
} from './support/bedrock-endpoint.js';
import { converseShapeError } from './support/converse-shape.js';

const MODEL = 'anthropic.claude-3-5-haiku-20241022-v1:0';
const DANGEROUS = '/system reset-configuration no-defaults=yes';

let device: SimulatedRouterOS | undefined;
let endpoint: BedrockEndpoint | undefined;
let transport: DeviceTransport | undefined;
let dir: string | undefined;
afterEach(async () => {
  await transport?.close();
  await device?.close();
  await endpoint?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  device = endpoint = transport = dir = undefined;
});

/** The model's side: read the config, then (seeing placeholders) ask for a reset, then stop. */
function modelScript(req: RecordedRequest, index: number) {
  void req;
  if (index === 0) {
    return {
      kind: 'turn' as const,
      content: [
        { text: 'Reading the full configuration first.' },
        { toolUse: { id: 'tu-export', name: 'run_command', input: { command: '/export show-sensitive' } } },
      ],
    };
  }
  if (index === 1) {
    return {
      kind: 'turn' as const,
      content: [{ toolUse: { id: 'tu-reset', name: 'run_command', input: { command: DANGEROUS } } }],
    };
  }
  return { kind: 'turn' as const, content: [{ text: 'Done.' }] };
}

async function runScenario(answer: 'grant' | 'deny', options: { vault: boolean } = { vault: true }) {
  device = await startSimulatedRouterOS();
  endpoint = await startBedrockEndpoint(modelScript);
  dir = mkdtempSync(join(tmpdir(), 'airlock-agent-e2e-'));
  transport = createSshTransport({
    host: device.host,
    port: device.port,
    username: 'admin',
    password: SEEDED_SECRETS.adminPassword,
    knownHosts: { content: device.hostKey },
  });
  const audit = createAuditLog({ sink: createFileSink(join(dir, 'audit.jsonl')), org: 'acme' });
  const gate = createGate({ audit, org: 'acme' });
  const asked: string[] = [];
  gate.on('requested', (card) => {
    const by = { by: 'alice' };
    const command = String(card.action.args.command);
    asked.push(command);
    // The operator lets the read of the configuration through and decides the reset per scenario.
    const grant = command !== DANGEROUS || answer === 'grant';
    void (grant ? gate.approve(card.approvalId, by) : gate.deny(card.approvalId, { ...by, reason: 'no' }));
  });
  // The operator's vault knows the credentials Airlock itself handles (the device login, the SNMP
  // community the NOC monitors with); every other secret must be caught by the detectors.
  const redactor = createRedactor({
    org: 'acme',
    secrets: options.vault
      ? [
          { value: SEEDED_SECRETS.adminPassword, kind: 'PASSWORD', name: 'vault:core-rtr-01/admin' },
          { value: SEEDED_SECRETS.snmpCommunity, kind: 'SNMP', name: 'vault:noc/snmp-community' },
        ]
      : [],
  });
  const pin = { models: [MODEL], regions: ['us-east-1'] };
  const run = createAgentRun({
    model: createBedrockModel({
      modelId: MODEL,
      pin,
      endpoint: endpoint.url,
      credentials: { accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local-test-secret' },
    }),
    pin,
    transport,
    classifier: commandClassifier({ vendor: 'routeros' }),
    decider: trustDecider(undefined, { vendor: 'routeros' }),
    gate: gateApprovals(gate),
    redactor,
    substituter: redactor.table,
    audit,
    org: 'acme',
    trust: 'supervised',
    task: 'Users on VLAN 20 lost connectivity. Investigate.',
  });
  const events: RunEvent[] = [];
  for await (const ev of run) events.push(ev);
  await (audit as unknown as { close?: () => Promise<void> }).close?.();
  const auditText = readFileSync(join(dir, 'audit.jsonl'), 'utf8');
  return {
    events,
    auditText,
    asked,
    secrets: device.secrets(),
    received: device.state.received.map((r) => r.command),
  };
}

function assertNoSecretSent(secrets: readonly string[], bytes: Buffer, label: string): void {
  const text = bytes.toString('utf8');
  for (const secret of secrets) {
    const jsonForm = JSON.stringify(secret).slice(1, -1);
    expect(
      text.includes(secret) || text.includes(jsonForm),
      `${label} carries a secret of length ${secret.length}`,
    ).toBe(false);
  }
}

describe('end to end: secrets stay out of the model, dangerous commands wait for approval', () => {
  it('denied: no secret byte reaches the model endpoint and the reset never reaches the device', async () => {
    const { events, auditText, asked, secrets, received } = await runScenario('deny');
    expect(asked).toEqual(['/export show-sensitive', DANGEROUS]);
    // The scenario is real: the device did print its secrets, and the model saw placeholders instead.
    expect(received).toContain('/export show-sensitive');
    expect(secrets.length).toBeGreaterThanOrEqual(5);
    const exported = events.find((e) => e.type === 'tool.result' && e.toolCallId === 'tu-export');
    expect(exported).toMatchObject({ status: 'success', content: expect.stringContaining('__SECRET_') });
    expect(endpoint!.requests.length).toBe(3);
    expect(endpoint!.requests[1]!.body.toString('utf8')).toContain('__SECRET_');

    for (const req of endpoint!.requests) expect(converseShapeError(requestJson(req))).toBeUndefined();
    assertNoSecretSent(secrets, endpoint!.allBytes(), 'a request to the model endpoint');
    assertNoSecretSent(secrets, Buffer.from(JSON.stringify(events)), 'a run event');
    assertNoSecretSent(secrets, Buffer.from(auditText), 'the audit log');

    expect(received).not.toContain(DANGEROUS);
    expect(received.some((c) => c.includes('reset-configuration'))).toBe(false);
    expect(events.filter((e) => e.type === 'approval.resolved').map((e) => e.status)).toEqual([
      'granted',
      'denied',
    ]);
    expect(auditText).toContain('"approval.requested"');
    expect(auditText).toContain('"approval.denied"');
  });

  it('approved: the dangerous command runs exactly once, and still no secret reaches the model', async () => {
    const { events, auditText, secrets, received } = await runScenario('grant');
    expect(received.filter((c) => c === DANGEROUS)).toHaveLength(1);
    expect(events.filter((e) => e.type === 'approval.resolved').map((e) => e.status)).toEqual([
      'granted',
      'granted',
    ]);
    expect(auditText).toContain('"approval.consumed"');
    assertNoSecretSent(secrets, endpoint!.allBytes(), 'a request to the model endpoint');
  });

  // Without any vault entry, the detectors alone must catch every secret the device holds (the SNMP
  // community name included: on RouterOS the community name is the v1/v2c secret).
  it('with detectors alone, no device secret reaches the model', async () => {
    const { secrets } = await runScenario('deny', { vault: false });
    const sent = endpoint!.allBytes().toString('utf8');
    const leaked = secrets.filter((s) => sent.includes(s) || sent.includes(JSON.stringify(s).slice(1, -1)));
    expect(leaked).toEqual([]);
    expect(secrets.length).toBeGreaterThanOrEqual(5);
  });
});
