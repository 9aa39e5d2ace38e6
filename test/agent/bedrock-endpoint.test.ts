import {
  BedrockRuntimeClient,
  ConverseCommand,
  ConverseStreamCommand,
  type ConverseStreamOutput,
} from '@aws-sdk/client-bedrock-runtime';
import { afterEach, describe, expect, it } from 'vitest';
import { type BedrockEndpoint, requestJson, startBedrockEndpoint } from './support/bedrock-endpoint.js';
import { converseShapeError } from './support/converse-shape.js';
import { crc32, decodeFrames, encodeFrame } from './support/event-stream.js';

const MODEL = 'anthropic.claude-3-5-haiku-20241022-v1:0';
let endpoint: BedrockEndpoint | undefined;
afterEach(async () => {
  await endpoint?.close();
  endpoint = undefined;
});

function clientFor(ep: BedrockEndpoint): BedrockRuntimeClient {
  return new BedrockRuntimeClient({
    region: 'us-east-1',
    endpoint: ep.url,
    credentials: { accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local-test-secret' },
    maxAttempts: 1,
  });
}

async function collect(
  stream: AsyncIterable<ConverseStreamOutput> | undefined,
): Promise<ConverseStreamOutput[]> {
  const out: ConverseStreamOutput[] = [];
  for await (const ev of stream ?? []) out.push(ev);
  return out;
}

describe('event-stream framing', () => {
  it('crc32 matches the IEEE check value', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  });

  it('a frame decodes back to its headers and payload, and a flipped byte breaks its CRC', () => {
    const frame = encodeFrame({ ':event-type': 'messageStart' }, Buffer.from('{"role":"assistant"}'));
    const [decoded] = decodeFrames(frame);
    expect(decoded?.headers).toEqual({ ':event-type': 'messageStart' });
    expect(decoded?.payload.toString()).toBe('{"role":"assistant"}');
    const broken = Buffer.from(frame);
    broken.writeUInt8(broken.readUInt8(frame.length - 6) ^ 1, frame.length - 6);
    expect(() => decodeFrames(broken)).toThrow(/CRC/);
  });
});

describe('local Bedrock endpoint against the unmodified client', () => {
  it('ConverseStream delivers text and a streamed tool use the client decodes', async () => {
    endpoint = await startBedrockEndpoint([
      {
        kind: 'turn',
        content: [
          { text: 'Reading the config.' },
          { toolUse: { id: 't1', name: 'run_command', input: { command: '/export' } } },
        ],
        usage: { inputTokens: 100, outputTokens: 7, cacheReadInputTokens: 50 },
      },
    ]);
    const out = await clientFor(endpoint).send(
      new ConverseStreamCommand({
        modelId: MODEL,
        messages: [{ role: 'user', content: [{ text: 'hello' }] }],
      }),
    );
    const events = await collect(out.stream);
    const text = events.map((e) => e.contentBlockDelta?.delta?.text ?? '').join('');
    const toolInput = events.map((e) => e.contentBlockDelta?.delta?.toolUse?.input ?? '').join('');
    expect(text).toBe('Reading the config.');
    expect(JSON.parse(toolInput)).toEqual({ command: '/export' });
    expect(events.find((e) => e.contentBlockStart)?.contentBlockStart?.start?.toolUse?.name).toBe(
      'run_command',
    );
    expect(events.find((e) => e.messageStop)?.messageStop?.stopReason).toBe('tool_use');
    expect(events.find((e) => e.metadata)?.metadata?.usage?.cacheReadInputTokens).toBe(50);
    expect(endpoint.requests).toHaveLength(1);
    expect(endpoint.requests[0]?.operation).toBe('converse-stream');
    expect(endpoint.requests[0]?.modelId).toBe(MODEL);
    expect(requestJson(endpoint.requests[0]!).messages).toEqual([
      { role: 'user', content: [{ text: 'hello' }] },
    ]);
  });

  it('Converse answers JSON with the tool input as a document', async () => {
    endpoint = await startBedrockEndpoint([
      {
        kind: 'turn',
        content: [{ toolUse: { id: 't1', name: 'run_command', input: { command: '/ip address print' } } }],
      },
    ]);
    const out = await clientFor(endpoint).send(
      new ConverseCommand({ modelId: MODEL, messages: [{ role: 'user', content: [{ text: 'hello' }] }] }),
    );
    expect(out.output?.message?.content?.[0]?.toolUse?.input).toEqual({ command: '/ip address print' });
    expect(out.stopReason).toBe('tool_use');
  });

  it('throttling arrives as ThrottlingException over HTTP 429 and inside the stream', async () => {
    endpoint = await startBedrockEndpoint([{ kind: 'throttle-http' }, { kind: 'throttle-stream' }]);
    const client = clientFor(endpoint);
    const input = { modelId: MODEL, messages: [{ role: 'user' as const, content: [{ text: 'x' }] }] };
    await expect(client.send(new ConverseStreamCommand(input))).rejects.toMatchObject({
      name: 'ThrottlingException',
    });
    const out = await client.send(new ConverseStreamCommand(input));
    await expect(collect(out.stream)).rejects.toMatchObject({ name: 'ThrottlingException' });
  });
});

describe('Converse shape checker (what Bedrock would refuse)', () => {
  const use = { toolUse: { toolUseId: 'a', name: 'run_command', input: {} } };
  const result = { toolResult: { toolUseId: 'a', content: [{ text: 'x' }], status: 'success' } };
  it.each([
    [
      'roles that do not alternate',
      {
        messages: [
          { role: 'user', content: [{ text: 'a' }] },
          { role: 'user', content: [{ text: 'b' }] },
        ],
      },
    ],
    [
      'a tool use without its result',
      {
        messages: [
          { role: 'user', content: [{ text: 'a' }] },
          { role: 'assistant', content: [use] },
          { role: 'user', content: [{ text: 'b' }] },
        ],
      },
    ],
    [
      'five cache points',
      {
        messages: [
          { role: 'user', content: [{ text: 'a' }, ...Array(5).fill({ cachePoint: { type: 'default' } })] },
        ],
      },
    ],
    [
      'a tool input that is not an object',
      {
        messages: [
          { role: 'user', content: [{ text: 'a' }] },
          { role: 'assistant', content: [{ toolUse: { toolUseId: 'a', name: 'x', input: 'str' } }] },
          { role: 'user', content: [result] },
        ],
      },
    ],
  ])('flags %s', (_name, body) => {
    expect(converseShapeError(body as Record<string, unknown>)).toBeDefined();
  });
  it('accepts a well-formed tool exchange', () => {
    const body = {
      messages: [
        { role: 'user', content: [{ text: 'a' }] },
        { role: 'assistant', content: [use] },
        { role: 'user', content: [result] },
      ],
    };
    expect(converseShapeError(body)).toBeUndefined();
  });
});
