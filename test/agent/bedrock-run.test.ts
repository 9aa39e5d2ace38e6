/**
 * The run loop on the unmodified Bedrock client against the local endpoint: retries of throttling
 * (HTTP 429 and in-stream), malformed tool input from the wire, cache points in the request body and
 * usage with cost, and pinning refusals that send nothing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createAgentRun, createBedrockModel, type RunEvent, trustDecider } from '../../src/agent/index.js';
import {
  type BedrockEndpoint,
  requestJson,
  type ScriptReply,
  startBedrockEndpoint,
} from './support/bedrock-endpoint.js';
import { converseShapeError } from './support/converse-shape.js';
import { keywordClassifier, knownSecrets, memoryAudit, plainDevice, scriptedGate } from './support/fakes.js';

const MODEL = 'anthropic.claude-3-7-sonnet-20250219-v1:0';
const CREDS = { accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local-test-secret' };
let endpoint: BedrockEndpoint | undefined;
afterEach(async () => {
  await endpoint?.close();
  endpoint = undefined;
});

async function runWith(
  script: ScriptReply[],
  extra: { system?: string; modelId?: string; region?: string } = {},
) {
  endpoint = await startBedrockEndpoint(script);
  const device = plainDevice((cmd) => `output of ${cmd}\n`);
  const model = createBedrockModel({
    modelId: extra.modelId ?? MODEL,
    region: extra.region ?? 'us-east-1',
    endpoint: endpoint.url,
    credentials: CREDS,
  });
  const run = createAgentRun({
    model,
    pin: { models: [MODEL] },
    transport: device,
    classifier: keywordClassifier,
    decider: trustDecider(),
    gate: scriptedGate('deny'),
    redactor: knownSecrets([]).redactor,
    audit: memoryAudit(),
    org: 'acme',
    task: 'Check the router',
    sleep: async () => {},
    ...(extra.system ? { system: extra.system } : {}),
  });
  const events: RunEvent[] = [];
  for await (const ev of run) events.push(ev);
  // Everything sent must be a request Bedrock itself would accept structurally.
  for (const req of endpoint.requests) expect(converseShapeError(requestJson(req))).toBeUndefined();
  return { events, device };
}

describe('run on the Bedrock client', () => {
  it('throttling over HTTP and inside the stream is retried, then the turn completes', async () => {
    const { events, device } = await runWith([
      { kind: 'throttle-http' },
      { kind: 'throttle-stream' },
      {
        kind: 'turn',
        content: [{ toolUse: { id: 't1', name: 'run_command', input: { command: '/ip route print' } } }],
      },
      { kind: 'turn', content: [{ text: 'All good.' }] },
    ]);
    expect(endpoint!.requests).toHaveLength(4);
    expect(events.filter((e) => e.type === 'warning' && e.code === 'MODEL_RETRY')).toHaveLength(2);
    expect(device.log).toEqual(['/ip route print']);
    expect(events.at(-1)).toMatchObject({ type: 'run.finished', status: 'finished' });
  });

  it('malformed tool input off the wire (bad JSON, unknown tool, huge arguments) never executes', async () => {
    const { events, device } = await runWith([
      {
        kind: 'turn',
        content: [
          { toolUse: { id: 'bad-json', name: 'run_command', input: '{"command": "/system reset-conf' } },
          { toolUse: { id: 'unknown', name: 'delete_everything', input: { command: '/export' } } },
          {
            toolUse: {
              id: 'huge',
              name: 'run_command',
              input: { command: `/export ${'x'.repeat(60_000)}` },
              chunkSize: 4096,
            },
          },
        ],
      },
      { kind: 'turn', content: [{ text: 'ok' }] },
    ]);
    expect(device.log).toEqual([]);
    expect(events.filter((e) => e.type === 'tool.rejected').map((e) => e.code)).toEqual([
      'TOOL_INPUT_NOT_JSON',
      'TOOL_UNKNOWN',
      'TOOL_INPUT_TOO_LARGE',
    ]);
    const second = requestJson(endpoint!.requests[1]!);
    const results = JSON.stringify((second.messages as unknown[]).at(-1));
    expect(results.match(/"status":"error"/g)).toHaveLength(3);
    // The huge input is not echoed back to the model.
    expect(endpoint!.requests[1]!.body.length).toBeLessThan(20_000);
  });

  it('cache points reach the request where the prefix is long enough; usage carries cache tokens and cost', async () => {
    const { events } = await runWith(
      [
        {
          kind: 'turn',
          content: [{ text: 'hi' }],
          usage: { inputTokens: 100, outputTokens: 10, cacheReadInputTokens: 2000 },
        },
      ],
      { system: 'Operating rules. '.repeat(400) },
    );
    const body = requestJson(endpoint!.requests[0]!);
    expect(body.system).toEqual([
      { text: 'Operating rules. '.repeat(400) },
      { cachePoint: { type: 'default' } },
    ]);
    const usage = events.find((e) => e.type === 'usage');
    expect(usage).toMatchObject({ cachePoints: 1, usage: { cacheReadInputTokens: 2000 } });
    // 100 * 3 + 10 * 15 + 2000 * 0.3 per million.
    expect((usage as { costUsd: number }).costUsd).toBeCloseTo((300 + 150 + 600) / 1e6, 12);
    expect(events.some((e) => e.type === 'warning' && e.code === 'CACHE_BELOW_MINIMUM')).toBe(true);
  });

  it('a model or region outside the pin fails before any request reaches the endpoint', async () => {
    for (const extra of [
      { modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0' },
      { region: 'eu-central-1' },
    ]) {
      await expect(runWith([{ kind: 'turn', content: [{ text: 'never' }] }], extra)).rejects.toMatchObject({
        fault: 'config',
      });
      expect(endpoint!.requests).toHaveLength(0);
      await endpoint!.close();
      endpoint = undefined;
    }
  });
});
