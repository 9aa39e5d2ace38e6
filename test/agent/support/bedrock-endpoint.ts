/**
 * A local Bedrock Runtime endpoint on 127.0.0.1 for tests: it speaks the REST protocol of
 * `POST /model/{modelId}/converse` (JSON) and `POST /model/{modelId}/converse-stream` (binary
 * event-stream), replays scripted model turns and records every request byte, so a test can assert what
 * the unmodified `@aws-sdk/client-bedrock-runtime` actually sent. It serves cleartext HTTP/2 because the
 * client's default request handler for this service is its HTTP/2 handler.
 */
import {
  createServer,
  type Http2Server,
  type Http2ServerRequest,
  type Http2ServerResponse,
  type Http2Session,
} from 'node:http2';
import type { AddressInfo } from 'node:net';
import { eventFrame, exceptionFrame } from './event-stream.js';

/** One content block of a scripted assistant turn. */
export type ScriptBlock =
  | { text: string; chunkSize?: number }
  | {
      toolUse: {
        id: string;
        name: string;
        /** An object is serialized; a string is sent raw (to script malformed JSON). */
        input: unknown;
        /** Size of each streamed `toolUse.input` delta (default 16 chars). */
        chunkSize?: number;
      };
    };

export interface ScriptUsage {
  inputTokens?: number;
  outputTokens?: number;
  cacheReadInputTokens?: number;
  cacheWriteInputTokens?: number;
}

/** What the endpoint answers to one request. */
export type ScriptReply =
  | { kind: 'turn'; content: ScriptBlock[]; stopReason?: string; usage?: ScriptUsage }
  /** HTTP 429 with `x-amzn-errortype: ThrottlingException`. */
  | { kind: 'throttle-http' }
  /** An HTTP error of another type, e.g. 503 ServiceUnavailableException or 400 ValidationException. */
  | { kind: 'http-error'; status: number; errorType: string; message?: string }
  /** Stream starts (messageStart), then a modeled `throttlingException` frame (ConverseStream only). */
  | { kind: 'throttle-stream' };

export interface RecordedRequest {
  method: string;
  path: string;
  modelId: string;
  operation: 'converse' | 'converse-stream' | 'other';
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** The body as JSON (every Converse request is JSON). */
export function requestJson(req: RecordedRequest): Record<string, unknown> {
  return JSON.parse(req.body.toString('utf8')) as Record<string, unknown>;
}

export type Responder = (request: RecordedRequest, index: number) => ScriptReply;

export interface BedrockEndpoint {
  readonly url: string;
  readonly port: number;
  /** Every request received, in order, with its raw body bytes. */
  readonly requests: RecordedRequest[];
  /** All request bytes (request lines, headers and bodies) concatenated. */
  allBytes(): Buffer;
  close(): Promise<void>;
}

/**
 * Starts the endpoint. `script` is either a list of replies consumed one per request (an exhausted script
 * answers 400 ValidationException) or a function that decides from the request (e.g. the last tool result).
 * @example
 * const ep = await startBedrockEndpoint([{ kind: 'turn', content: [{ text: 'hi' }] }]);
 */
export async function startBedrockEndpoint(script: ScriptReply[] | Responder): Promise<BedrockEndpoint> {
  const requests: RecordedRequest[] = [];
  const rawChunks: Buffer[] = [];
  const respond: Responder = Array.isArray(script)
    ? (_req, index) =>
        script[index] ?? {
          kind: 'http-error',
          status: 400,
          errorType: 'ValidationException',
          message: 'script exhausted',
        }
    : script;

  const sessions = new Set<Http2Session>();
  const server: Http2Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      rawChunks.push(Buffer.from(`${req.method} ${req.url}\n${JSON.stringify(req.headers)}\n`), body);
      const recorded = record(req, body);
      requests.push(recorded);
      let reply: ScriptReply;
      try {
        reply = respond(recorded, requests.length - 1);
      } catch (e) {
        reply = { kind: 'http-error', status: 500, errorType: 'InternalServerException', message: String(e) };
      }
      serve(recorded, reply, res);
    });
  });
  server.on('session', (session: Http2Session) => {
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    allBytes: () => Buffer.concat(rawChunks),
    close: () =>
      new Promise<void>((resolve) => {
        for (const session of sessions) session.destroy();
        server.close(() => resolve());
      }),
  };
}

function record(req: Http2ServerRequest, body: Buffer): RecordedRequest {
  const path = req.url ?? '';
  const match = /^\/model\/([^/]+)\/(converse-stream|converse)$/.exec(path);
  return {
    method: req.method ?? '',
    path,
    modelId: match ? decodeURIComponent(match[1]!) : '',
    operation: (match?.[2] as 'converse' | 'converse-stream' | undefined) ?? 'other',
    headers: { ...req.headers },
    body,
  };
}

function serve(req: RecordedRequest, reply: ScriptReply, res: Http2ServerResponse): void {
  if (req.operation === 'other') {
    httpError(res, 404, 'UnknownOperationException', 'no such route');
    return;
  }
  if (reply.kind === 'throttle-http' || (reply.kind === 'throttle-stream' && req.operation === 'converse')) {
    httpError(res, 429, 'ThrottlingException', 'Too many requests');
    return;
  }
  if (reply.kind === 'http-error') {
    httpError(res, reply.status, reply.errorType, reply.message ?? 'error');
    return;
  }
  if (req.operation === 'converse') {
    if (reply.kind === 'turn') sendJson(res, 200, converseBody(reply, req));
    return;
  }
  res.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream', 'x-amzn-requestid': 'local-1' });
  res.write(eventFrame('messageStart', { role: 'assistant' }));
  if (reply.kind === 'throttle-stream') {
    res.end(exceptionFrame('throttlingException', 'Too many tokens, please wait'));
    return;
  }
  reply.content.forEach((block, index) => {
    if ('text' in block) {
      for (const piece of chunk(block.text, block.chunkSize ?? 8)) {
        res.write(eventFrame('contentBlockDelta', { contentBlockIndex: index, delta: { text: piece } }));
      }
    } else {
      const { id, name, input, chunkSize } = block.toolUse;
      res.write(
        eventFrame('contentBlockStart', {
          contentBlockIndex: index,
          start: { toolUse: { toolUseId: id, name } },
        }),
      );
      const raw = typeof input === 'string' ? input : JSON.stringify(input);
      for (const piece of chunk(raw, chunkSize ?? 16)) {
        res.write(
          eventFrame('contentBlockDelta', { contentBlockIndex: index, delta: { toolUse: { input: piece } } }),
        );
      }
    }
    res.write(eventFrame('contentBlockStop', { contentBlockIndex: index }));
  });
  res.write(eventFrame('messageStop', { stopReason: stopReasonOf(reply) }));
  res.end(eventFrame('metadata', { usage: usageOf(reply, req), metrics: { latencyMs: 1 } }));
}

function converseBody(reply: Extract<ScriptReply, { kind: 'turn' }>, req: RecordedRequest): unknown {
  const content = reply.content.map((block) => {
    if ('text' in block) return { text: block.text };
    const { id, name, input } = block.toolUse;
    // Converse carries the input as a JSON document: a raw string is sent as a string document.
    return { toolUse: { toolUseId: id, name, input } };
  });
  return {
    output: { message: { role: 'assistant', content } },
    stopReason: stopReasonOf(reply),
    usage: usageOf(reply, req),
    metrics: { latencyMs: 1 },
  };
}

function stopReasonOf(reply: Extract<ScriptReply, { kind: 'turn' }>): string {
  return reply.stopReason ?? (reply.content.some((b) => 'toolUse' in b) ? 'tool_use' : 'end_turn');
}

function usageOf(
  reply: Extract<ScriptReply, { kind: 'turn' }>,
  req: RecordedRequest,
): Record<string, number> {
  const inputTokens = reply.usage?.inputTokens ?? Math.ceil(req.body.length / 4);
  const outputTokens = reply.usage?.outputTokens ?? 10;
  const usage: Record<string, number> = {
    inputTokens,
    outputTokens,
    totalTokens: inputTokens + outputTokens,
  };
  if (reply.usage?.cacheReadInputTokens !== undefined)
    usage.cacheReadInputTokens = reply.usage.cacheReadInputTokens;
  if (reply.usage?.cacheWriteInputTokens !== undefined)
    usage.cacheWriteInputTokens = reply.usage.cacheWriteInputTokens;
  return usage;
}

function chunk(text: string, size: number): string[] {
  if (text.length === 0) return [''];
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

function httpError(res: Http2ServerResponse, status: number, errorType: string, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-errortype': errorType });
  res.end(JSON.stringify({ message }));
}

function sendJson(res: Http2ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-requestid': 'local-1' });
  res.end(JSON.stringify(body));
}
