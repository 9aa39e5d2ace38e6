import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  checkToolInput,
  createBedrockModel,
  defineProcedure,
  defineTool,
  isRetryable,
  raceAbort,
  renderProcedure,
  runCommandTool,
  ScriptedModel,
  toToolSpec,
  withRetry,
} from '../../src/agent/index.js';
import { ConfigError, isAirlockError, RemoteError } from '../../src/errors.js';

const SECRETISH = 'hunter2-secret-value';

describe('invalid input is refused with typed errors that never echo the value', () => {
  it.each([
    [
      'a tool name with spaces',
      () => defineTool({ name: 'run command', description: 'd', input: z.object({}), command: () => 'x' }),
      'TOOL_INVALID',
    ],
    [
      'a tool with neither command nor run',
      () => defineTool({ name: 'x', description: 'd', input: z.object({}) }),
      'TOOL_INVALID',
    ],
    [
      'a tool with both command and run',
      () =>
        defineTool({
          name: 'x',
          description: 'd',
          input: z.object({}),
          command: () => 'x',
          run: async () => 'x',
        }),
      'TOOL_INVALID',
    ],
    [
      'a procedure without a name',
      () => defineProcedure({ name: '', instructions: 'x', allowedTools: [] }),
      'PROCEDURE_INVALID',
    ],
    [
      'a procedure without a tool list',
      () => defineProcedure({ name: 'p', instructions: 'x', allowedTools: SECRETISH as never }),
      'PROCEDURE_INVALID',
    ],
    [
      'a procedure with 0 turns',
      () => defineProcedure({ name: 'p', instructions: 'x', allowedTools: [], maxTurns: 0 }),
      'PROCEDURE_INVALID',
    ],
    [
      'procedure arguments off the schema',
      () =>
        renderProcedure(
          defineProcedure({
            name: 'p',
            instructions: 'x',
            arguments: z.strictObject({ user: z.string() }),
            allowedTools: [],
          }),
          { user: 1, password: SECRETISH },
        ),
      'PROCEDURE_ARGS_INVALID',
    ],
    ['a Bedrock model without an id', () => createBedrockModel({ modelId: '' }), 'INVALID_MODEL'],
    [
      'a Bedrock model id of the wrong type',
      () => createBedrockModel({ modelId: 42 as never }),
      'INVALID_MODEL',
    ],
    ['scripted steps that are not an array', () => new ScriptedModel(SECRETISH as never), 'SCRIPT_INVALID'],
  ])('%s', (_name, fn, code) => {
    let error: unknown;
    try {
      fn();
    } catch (e) {
      error = e;
    }
    expect(isAirlockError(error, code)).toBe(true);
    expect(String((error as Error).message)).not.toContain(SECRETISH);
  });

  it('tool input errors name paths and codes, never values', () => {
    const catalog = new Map([[runCommandTool.name, runCommandTool]]);
    const cases: Array<[string, string]> = [
      [JSON.stringify({ command: 12345, note: SECRETISH }), 'TOOL_INPUT_INVALID'],
      [`{"command":"${SECRETISH}`, 'TOOL_INPUT_NOT_JSON'],
      [JSON.stringify([SECRETISH]), 'TOOL_INPUT_INVALID'],
      ['null', 'TOOL_INPUT_INVALID'],
    ];
    for (const [input, code] of cases) {
      const check = checkToolInput({ toolUseId: 't', name: 'run_command', input }, catalog, {
        maxInputChars: 1000,
      });
      expect(check).toMatchObject({ ok: false, code });
      expect(check.ok ? '' : check.message).not.toContain(SECRETISH);
    }
    const odd = checkToolInput({ toolUseId: 't', name: `x ${SECRETISH}`, input: '{}' }, catalog, {
      maxInputChars: 10,
    });
    expect(odd).toMatchObject({ ok: false, code: 'TOOL_UNKNOWN' });
    expect(odd.ok ? '' : odd.message).not.toContain(SECRETISH);
  });

  it('the JSON Schema given to the model is generated from the zod schema', () => {
    const spec = toToolSpec(runCommandTool);
    expect(spec.inputSchema.json).toMatchObject({
      type: 'object',
      properties: { command: { type: 'string', minLength: 1, maxLength: 4096 } },
      required: ['command'],
      additionalProperties: false,
    });
    expect(spec.inputSchema.json).not.toHaveProperty('$schema');
  });
});

describe('retries', () => {
  const throttled = () => new RemoteError('MODEL_THROTTLED', 'throttled', { details: { retryable: true } });

  it('only remote errors marked retryable are retried', async () => {
    expect(isRetryable(throttled())).toBe(true);
    expect(isRetryable(new RemoteError('X', 'x', { details: { retryable: false } }))).toBe(false);
    expect(isRetryable(new ConfigError('MODEL_NOT_ALLOWED', 'x', { details: { retryable: true } }))).toBe(
      false,
    );
    expect(isRetryable(new Error('ECONNRESET'))).toBe(false);
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw new ConfigError('MODEL_NOT_ALLOWED', 'no');
        },
        { maxAttempts: 5 },
        { sleep: async () => {} },
      ),
    ).rejects.toMatchObject({ code: 'MODEL_NOT_ALLOWED' });
    expect(calls).toBe(1);
  });

  it('backoff grows exponentially, is capped, and the number of attempts is bounded (at most 10)', async () => {
    const delays: number[] = [];
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw throttled();
        },
        { maxAttempts: 1000, baseDelayMs: 100, maxDelayMs: 1000 },
        { sleep: async (ms) => void delays.push(ms), random: () => 0.999 },
      ),
    ).rejects.toMatchObject({ code: 'MODEL_THROTTLED' });
    expect(calls).toBe(10);
    expect(delays).toEqual([99, 199, 399, 799, 999, 999, 999, 999, 999]);
  });

  it('raceAbort rejects as soon as the signal aborts, even if the promise never settles', async () => {
    const controller = new AbortController();
    const pending = raceAbort(new Promise(() => {}), controller.signal);
    controller.abort(new Error('stopped'));
    await expect(pending).rejects.toThrow('stopped');
    await expect(raceAbort(Promise.resolve(1), controller.signal)).rejects.toThrow('stopped');
  });
});
