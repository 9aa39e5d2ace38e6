import { afterEach, describe, expect, it } from 'vitest';
import { createBedrockModel, type ModelRequest } from '../../src/agent/index.js';
import { isAirlockError } from '../../src/errors.js';
import {
  type BedrockEndpoint,
  requestJson,
  type ScriptReply,
  startBedrockEndpoint,
} from './support/bedrock-endpoint.js';

const MODEL = 'anthropic.claude-3-5-haiku-20241022-v1:0';
const CREDS = { accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local-test-secret' };
let endpoint: BedrockEndpoint | undefined;
afterEach(async () => {
  await endpoint?.close();
  endpoint = undefined;
});

async function modelFor(script: ScriptReply[], mode?: 'auto' | 'stream' | 'converse') {
  endpoint = await startBedrockEndpoint(script);
  return createBedrockModel({
    modelId: MODEL,
    endpoint: endpoint.url,
    credentials: CREDS,
    ...(mode ? { mode } : {}),
  });
}

const request: ModelRequest = {
  modelId: MODEL,
  system: [{ text: 'be brief' }, { cachePoint: { type: 'default' } }],
  tools: [{ toolSpec: { name: 'run_command', description: 'd', inputSchema: { json: { type: 'object' } } } }],
  messages: [{ role: 'user', content: [{ text: 'hello' }] }],
};

describe('Bedrock adapter on the unmodified client', () => {
  it('streams text deltas and assembles a tool use from input deltas', async () => {
    const model = await modelFor([
      {
        kind: 'turn',
        content: [
          { text: 'Looking at the router.' },
          { toolUse: { id: 'tu1', name: 'run_command', input: { command: '/export' }, chunkSize: 3 } },
        ],
        usage: { inputTokens: 10, outputTokens: 5, cacheReadInputTokens: 7, cacheWriteInputTokens: 3 },
      },
    ]);
    const deltas: string[] = [];
    const turn = await model.converse(request, { onText: (d) => deltas.push(d) });
    expect(deltas.join('')).toBe('Looking at the router.');
    expect(deltas.length).toBeGreaterThan(1);
    expect(turn.toolUses).toEqual([
      { toolUseId: 'tu1', name: 'run_command', input: '{"command":"/export"}' },
    ]);
    expect(turn.stopReason).toBe('tool_use');
    expect(turn.usage).toEqual({
      inputTokens: 10,
      outputTokens: 5,
      cacheReadInputTokens: 7,
      cacheWriteInputTokens: 3,
    });
    const sent = requestJson(endpoint!.requests[0]!);
    expect(endpoint!.requests[0]!.operation).toBe('converse-stream');
    expect(sent.system).toEqual(request.system);
    expect(sent.toolConfig).toEqual({ tools: request.tools });
  });

  it('falls back to Converse when ConverseStream is refused, and stays there', async () => {
    const model = await modelFor([
      {
        kind: 'http-error',
        status: 400,
        errorType: 'ValidationException',
        message: 'streaming not supported',
      },
      { kind: 'turn', content: [{ text: 'one' }] },
      { kind: 'turn', content: [{ toolUse: { id: 'x', name: 'run_command', input: { command: 'a' } } }] },
    ]);
    const warnings: string[] = [];
    const first = await model.converse(request, { onText: () => {}, onWarning: (c) => warnings.push(c) });
    const second = await model.converse(request);
    expect(first.text).toBe('one');
    expect(JSON.parse(second.toolUses[0]!.input)).toEqual({ command: 'a' });
    expect(warnings).toEqual(['STREAM_FALLBACK']);
    expect(endpoint!.requests.map((r) => r.operation)).toEqual(['converse-stream', 'converse', 'converse']);
  });

  it('throttling becomes a retryable MODEL_THROTTLED error, over HTTP and inside the stream', async () => {
    const model = await modelFor([{ kind: 'throttle-http' }, { kind: 'throttle-stream' }]);
    for (let i = 0; i < 2; i++) {
      const error = await model.converse(request).catch((e: unknown) => e);
      expect(isAirlockError(error, 'MODEL_THROTTLED')).toBe(true);
      expect((error as { details: Record<string, unknown> }).details.retryable).toBe(true);
    }
    // The SDK's own retries are off: one request per call.
    expect(endpoint!.requests).toHaveLength(2);
  });

  it('a non-retryable error is not retryable and carries no service message', async () => {
    const model = await modelFor(
      [{ kind: 'http-error', status: 403, errorType: 'AccessDeniedException', message: 'echo: hunter2' }],
      'stream',
    );
    const error = await model.converse(request).catch((e: unknown) => e);
    expect(isAirlockError(error, 'MODEL_REQUEST_FAILED')).toBe(true);
    expect((error as Error).message).not.toContain('hunter2');
    expect((error as { details: Record<string, unknown> }).details.retryable).toBe(false);
  });

  it('an oversized streamed tool input is cut at the cap and marked truncated', async () => {
    endpoint = await startBedrockEndpoint([
      {
        kind: 'turn',
        content: [
          {
            toolUse: { id: 'big', name: 'run_command', input: { command: 'x'.repeat(5000) }, chunkSize: 500 },
          },
        ],
      },
    ]);
    const model = createBedrockModel({
      modelId: MODEL,
      endpoint: endpoint.url,
      credentials: CREDS,
      maxToolInputChars: 1000,
    });
    const turn = await model.converse(request);
    expect(turn.toolUses[0]?.inputTruncated).toBe(true);
    expect(turn.toolUses[0]!.input.length).toBeLessThanOrEqual(1000);
  });

  it('a pinned-out model or region fails before any request reaches the endpoint', async () => {
    endpoint = await startBedrockEndpoint([{ kind: 'turn', content: [{ text: 'never' }] }]);
    const pin = { models: [MODEL], regions: ['us-east-1'] };
    const cases: Array<[string, string, string]> = [
      ['anthropic.claude-3-7-sonnet-20250219-v1:0', 'us-east-1', 'MODEL_NOT_ALLOWED'],
      [MODEL, 'eu-west-1', 'REGION_NOT_ALLOWED'],
    ];
    for (const [modelId, region, code] of cases) {
      const create = () =>
        createBedrockModel({ modelId, region, pin, endpoint: endpoint!.url, credentials: CREDS });
      expect(() => create()).toThrow(expect.objectContaining({ code }));
    }
    const profile = `us.${MODEL}`;
    expect(() =>
      createBedrockModel({
        modelId: profile,
        pin: { models: [profile] },
        endpoint: endpoint!.url,
        credentials: CREDS,
      }),
    ).toThrow(expect.objectContaining({ code: 'CROSS_REGION_PROFILE_REFUSED' }));
    const model = createBedrockModel({ modelId: MODEL, pin, endpoint: endpoint.url, credentials: CREDS });
    await expect(model.converse({ ...request, modelId: 'other-model' })).rejects.toMatchObject({
      code: 'MODEL_NOT_ALLOWED',
    });
    expect(endpoint.requests).toHaveLength(0);
  });
});
