/**
 * The Bedrock adapter of the model port: ConverseStream first, Converse as the fallback when streaming is
 * refused (validation or access errors before any event), both on `@aws-sdk/client-bedrock-runtime`
 * loaded lazily so importing `airlock/agent` never pulls the SDK. The SDK's own retries are off
 * (`maxAttempts: 1`): the runner's bounded backoff is the only retry loop. Errors become `RemoteError`
 * naming the AWS error type and HTTP status, never the service message (it can echo request content).
 */
import { ConfigError, describeValue, RemoteError } from '../errors.js';
import type {
  ModelClient,
  ModelRequest,
  ModelStreamSink,
  ModelTurn,
  ProposedToolUse,
  TokenUsage,
} from './model.js';
import { assertPinned, DEFAULT_REGION, type ModelPin } from './pinning.js';

/** The smallest client surface the adapter uses; an injected client must provide `send`. */
export interface BedrockSendClient {
  send(command: unknown, options?: { abortSignal?: AbortSignal }): Promise<unknown>;
}

export interface BedrockModelOptions {
  readonly modelId: string;
  /** Default `us-east-1`. */
  readonly region?: string;
  /** Checked when the model is created and before every request. */
  readonly pin?: ModelPin;
  /** Endpoint override (tests, VPC endpoints). */
  readonly endpoint?: string;
  readonly credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** `auto` (default): stream, fall back to Converse when streaming is refused. */
  readonly mode?: 'auto' | 'stream' | 'converse';
  /** Cap of one tool use's streamed input, in characters (default 262144). */
  readonly maxToolInputChars?: number;
  /** A ready client (e.g. with custom middleware); the adapter then imports only the command classes. */
  readonly client?: BedrockSendClient;
}

type SdkModule = {
  BedrockRuntimeClient: new (config: Record<string, unknown>) => BedrockSendClient;
  ConverseStreamCommand: new (input: Record<string, unknown>) => unknown;
  ConverseCommand: new (input: Record<string, unknown>) => unknown;
};

const RETRYABLE = new Set([
  'ThrottlingException',
  'ServiceUnavailableException',
  'InternalServerException',
  'ModelNotReadyException',
  'ModelStreamErrorException',
  'TimeoutError',
]);
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'ERR_HTTP2_STREAM_ERROR']);
const STREAM_REFUSED = new Set(['ValidationException', 'AccessDeniedException', 'UnknownOperationException']);

/**
 * Creates a `ModelClient` for Bedrock. Throws `ConfigError` at once when the pin refuses the model.
 * @example
 * const model = createBedrockModel({ modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0',
 *   pin: { models: ['anthropic.claude-3-5-haiku-20241022-v1:0'] } });
 */
export function createBedrockModel(options: BedrockModelOptions): ModelClient {
  if (typeof options?.modelId !== 'string' || options.modelId.length === 0) {
    throw new ConfigError(
      'INVALID_MODEL',
      `"modelId" expected a non-empty string, got ${describeValue(options?.modelId)}`,
    );
  }
  const modelId = options.modelId;
  const region = options.region ?? DEFAULT_REGION;
  if (options.pin) assertPinned(modelId, region, options.pin);
  const maxInput = options.maxToolInputChars ?? 262_144;
  let sdk: Promise<SdkModule> | undefined;
  let client: BedrockSendClient | undefined = options.client;
  let useConverse = options.mode === 'converse';

  const load = async (): Promise<{ mod: SdkModule; client: BedrockSendClient }> => {
    sdk ??= import('@aws-sdk/client-bedrock-runtime') as unknown as Promise<SdkModule>;
    const mod = await sdk.catch((cause: unknown) => {
      sdk = undefined;
      throw new ConfigError('BEDROCK_SDK_MISSING', 'install @aws-sdk/client-bedrock-runtime to use Bedrock', {
        cause,
      });
    });
    client ??= new mod.BedrockRuntimeClient({
      region,
      maxAttempts: 1,
      ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
      ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
    });
    return { mod, client };
  };

  return {
    modelId,
    region,
    async converse(request: ModelRequest, sink?: ModelStreamSink): Promise<ModelTurn> {
      if (request.modelId !== modelId) {
        throw new ConfigError('MODEL_NOT_ALLOWED', 'request names a different model than this client');
      }
      if (options.pin) assertPinned(request.modelId, region, options.pin);
      const { mod, client: c } = await load();
      const input = toInput(request);
      const sendOptions = request.signal === undefined ? {} : { abortSignal: request.signal };
      if (!useConverse) {
        let streamed = false;
        try {
          const out = (await c.send(new mod.ConverseStreamCommand(input), sendOptions)) as StreamOutput;
          streamed = true;
          return await readStream(out, sink, maxInput);
        } catch (error) {
          const name = errorName(error);
          if (streamed || options.mode === 'stream' || !STREAM_REFUSED.has(name))
            throw toRemoteError(error, 'ConverseStream');
          useConverse = true;
          sink?.onWarning?.('STREAM_FALLBACK', `ConverseStream refused (${name}); using Converse`);
        }
      }
      try {
        const out = (await c.send(new mod.ConverseCommand(input), sendOptions)) as ConverseOutput;
        return fromConverse(out, sink);
      } catch (error) {
        throw toRemoteError(error, 'Converse');
      }
    },
  };
}

function toInput(request: ModelRequest): Record<string, unknown> {
  return {
    modelId: request.modelId,
    messages: request.messages,
    ...(request.system.length > 0 ? { system: request.system } : {}),
    ...(request.tools.length > 0 ? { toolConfig: { tools: request.tools } } : {}),
    ...(request.maxTokens === undefined ? {} : { inferenceConfig: { maxTokens: request.maxTokens } }),
  };
}

interface SdkUsage {
  inputTokens?: number;
  outputTokens?: number;
  cacheReadInputTokens?: number;
  cacheWriteInputTokens?: number;
}
interface StreamEvent {
  contentBlockStart?: {
    contentBlockIndex?: number;
    start?: { toolUse?: { toolUseId?: string; name?: string } };
  };
  contentBlockDelta?: { contentBlockIndex?: number; delta?: { text?: string; toolUse?: { input?: string } } };
  messageStop?: { stopReason?: string };
  metadata?: { usage?: SdkUsage };
}
interface StreamOutput {
  stream?: AsyncIterable<StreamEvent>;
}
interface ConverseOutput {
  output?: {
    message?: {
      content?: Array<{ text?: string; toolUse?: { toolUseId?: string; name?: string; input?: unknown } }>;
    };
  };
  stopReason?: string;
  usage?: SdkUsage;
}

async function readStream(
  out: StreamOutput,
  sink: ModelStreamSink | undefined,
  maxInput: number,
): Promise<ModelTurn> {
  let text = '';
  let stopReason = 'unknown';
  let usage: TokenUsage | undefined;
  const tools = new Map<
    number,
    { toolUseId: string; name: string; input: string; inputTruncated: boolean }
  >();
  for await (const ev of out.stream ?? []) {
    const start = ev.contentBlockStart;
    if (start?.start?.toolUse) {
      tools.set(start.contentBlockIndex ?? -1, {
        toolUseId: start.start.toolUse.toolUseId ?? '',
        name: start.start.toolUse.name ?? '',
        input: '',
        inputTruncated: false,
      });
    }
    const delta = ev.contentBlockDelta;
    if (typeof delta?.delta?.text === 'string') {
      text += delta.delta.text;
      sink?.onText(delta.delta.text);
    }
    const piece = delta?.delta?.toolUse?.input;
    const tool = tools.get(delta?.contentBlockIndex ?? -1);
    if (typeof piece === 'string' && tool) {
      // Stop accumulating past the cap: a model cannot make the runner buffer without bound.
      if (tool.input.length + piece.length > maxInput) tool.inputTruncated = true;
      else if (!tool.inputTruncated) tool.input += piece;
    }
    if (ev.messageStop) stopReason = ev.messageStop.stopReason ?? stopReason;
    if (ev.metadata?.usage) usage = toUsage(ev.metadata.usage);
  }
  const toolUses: ProposedToolUse[] = [...tools.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, t]) => (t.inputTruncated ? t : { toolUseId: t.toolUseId, name: t.name, input: t.input }));
  return { text, toolUses, stopReason, usage: usage ?? toUsage({}) };
}

function fromConverse(out: ConverseOutput, sink: ModelStreamSink | undefined): ModelTurn {
  let text = '';
  const toolUses: ProposedToolUse[] = [];
  for (const block of out.output?.message?.content ?? []) {
    if (typeof block.text === 'string') {
      text += block.text;
      sink?.onText(block.text);
    }
    if (block.toolUse) {
      toolUses.push({
        toolUseId: block.toolUse.toolUseId ?? '',
        name: block.toolUse.name ?? '',
        input: JSON.stringify(block.toolUse.input ?? null),
      });
    }
  }
  return { text, toolUses, stopReason: out.stopReason ?? 'unknown', usage: toUsage(out.usage ?? {}) };
}

function toUsage(u: SdkUsage): TokenUsage {
  return {
    inputTokens: u.inputTokens ?? 0,
    outputTokens: u.outputTokens ?? 0,
    cacheReadInputTokens: u.cacheReadInputTokens ?? 0,
    cacheWriteInputTokens: u.cacheWriteInputTokens ?? 0,
  };
}

function errorName(error: unknown): string {
  const name = (error as { name?: unknown } | null)?.name;
  return typeof name === 'string' ? name : 'Error';
}

function toRemoteError(error: unknown, operation: string): RemoteError {
  if (error instanceof RemoteError) return error;
  const name = errorName(error);
  const status = (error as { $metadata?: { httpStatusCode?: unknown } } | null)?.$metadata?.httpStatusCode;
  const netCode = (error as { code?: unknown } | null)?.code;
  const retryable =
    RETRYABLE.has(name) ||
    status === 429 ||
    (typeof status === 'number' && status >= 500) ||
    (typeof netCode === 'string' && NETWORK_CODES.has(netCode));
  const code =
    name === 'ThrottlingException' || status === 429
      ? 'MODEL_THROTTLED'
      : retryable
        ? 'MODEL_UNAVAILABLE'
        : 'MODEL_REQUEST_FAILED';
  const statusText = typeof status === 'number' ? ` (HTTP ${status})` : '';
  return new RemoteError(code, `Bedrock ${operation} failed: ${name}${statusText}`, {
    cause: error,
    details: { retryable, awsError: name, status: typeof status === 'number' ? status : null },
  });
}
