/**
 * A `ModelClient` that replays scripted turns, for tests and the offline demo. A turn can be a function
 * of the conversation so far (typically of the last tool result), which is how a script "reads" the
 * device output and decides its next call. It sends nothing anywhere.
 */
import { UsageError } from '../errors.js';
import type {
  ContentBlock,
  Message,
  ModelClient,
  ModelRequest,
  ModelStreamSink,
  ModelTurn,
  TokenUsage,
} from './model.js';
import { ZERO_USAGE } from './model.js';

export interface ScriptedToolUse {
  readonly name: string;
  /** An object is serialized; a string is passed raw (to script malformed input). */
  readonly input: unknown;
  readonly id?: string;
}

export interface ScriptedTurn {
  readonly text?: string;
  readonly toolUses?: readonly ScriptedToolUse[];
  readonly usage?: Partial<TokenUsage>;
}

export interface ScriptContext {
  readonly request: ModelRequest;
  /** Text of the last tool result the model received, if any. */
  readonly lastToolResult: string | undefined;
  /** 0-based index of this turn. */
  readonly turn: number;
}

export type ScriptStep = ScriptedTurn | ((context: ScriptContext) => ScriptedTurn);

/**
 * A model that replays `steps` in order; past the end it ends the conversation with no tool calls.
 * @example
 * const model = new ScriptedModel([{ toolUses: [{ name: 'run_command', input: { command: '/export' } }] },
 *   ({ lastToolResult }) => ({ text: lastToolResult?.includes('ether1') ? 'found it' : 'nothing' })]);
 */
export class ScriptedModel implements ModelClient {
  readonly modelId: string;
  readonly region: string;
  /** Every request received, for assertions. */
  readonly requests: ModelRequest[] = [];
  readonly #steps: readonly ScriptStep[];

  constructor(steps: readonly ScriptStep[], options: { modelId?: string; region?: string } = {}) {
    if (!Array.isArray(steps)) throw new UsageError('SCRIPT_INVALID', '"steps" expected an array');
    this.#steps = steps;
    this.modelId = options.modelId ?? 'scripted';
    this.region = options.region ?? 'us-east-1';
  }

  async converse(request: ModelRequest, sink?: ModelStreamSink): Promise<ModelTurn> {
    const turn = this.requests.length;
    this.requests.push(request);
    const step = this.#steps[turn];
    const scripted: ScriptedTurn =
      step === undefined
        ? { text: '' }
        : typeof step === 'function'
          ? step({ request, lastToolResult: lastToolResult(request.messages), turn })
          : step;
    if (scripted.text) sink?.onText(scripted.text);
    const toolUses = (scripted.toolUses ?? []).map((t, i) => ({
      toolUseId: t.id ?? `scripted-${turn}-${i}`,
      name: t.name,
      input: typeof t.input === 'string' ? t.input : JSON.stringify(t.input),
    }));
    return {
      text: scripted.text ?? '',
      toolUses,
      stopReason: toolUses.length > 0 ? 'tool_use' : 'end_turn',
      usage: { ...ZERO_USAGE, ...scripted.usage },
    };
  }
}

/**
 * The text of the last tool result in a conversation.
 * @example
 * lastToolResult(request.messages)?.includes('ether1')
 */
export function lastToolResult(messages: readonly Message[]): string | undefined {
  for (let m = messages.length - 1; m >= 0; m--) {
    const content: readonly ContentBlock[] = messages[m]!.content;
    for (let b = content.length - 1; b >= 0; b--) {
      const block = content[b]!;
      if ('toolResult' in block) return block.toolResult.content.map((c) => c.text).join('');
    }
  }
  return undefined;
}
