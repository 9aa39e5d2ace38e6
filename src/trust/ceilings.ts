/**
 * Hard ceilings that hold at every trust level, autonomous included: turns, tool calls, dangerous
 * calls, wall-clock time, tokens and cost. The tracker counts before the work happens (a call that
 * would exceed a ceiling is refused, not run), latches the first ceiling reached, and records one
 * `ceiling.reached` audit event; the runner then stops the run cleanly.
 */
import { z } from 'zod';
import type { AuditRecorder } from '../audit/events.js';
import { ConfigError, describeValue, UsageError } from '../errors.js';
import { type Clock, systemClock } from './clock.js';
import { normalizeRisk } from './types.js';

const limit = z.number().nonnegative().refine(Number.isFinite, 'expected a finite number');

/**
 * Schema of the ceilings; every field is optional (absent = no ceiling of that kind).
 * @example
 * CeilingLimitsSchema.parse(config.ceilings)
 */
export const CeilingLimitsSchema = z.strictObject({
  maxTurns: limit.optional(),
  maxToolCalls: limit.optional(),
  maxDangerousCalls: limit.optional(),
  maxWallClockMs: limit.optional(),
  maxTokens: limit.optional(),
  maxCostUsd: limit.optional(),
});
/**
 * The configured ceilings.
 * @example
 * const limits: CeilingLimits = { maxToolCalls: 50, maxDangerousCalls: 1, maxCostUsd: 2 }
 */
export type CeilingLimits = z.input<typeof CeilingLimitsSchema>;

/**
 * Name of a ceiling, as in the `ceiling.reached` audit event.
 * @example
 * if (s.reached && s.ceiling === 'wallClock') notify('run took too long')
 */
export type CeilingName = 'turns' | 'toolCalls' | 'dangerousCalls' | 'wallClock' | 'tokens' | 'cost';

/**
 * Whether a ceiling is reached; once reached it stays reached.
 * @example
 * const s: CeilingStatus = ceilings.beforeTurn()
 */
export type CeilingStatus =
  | { readonly reached: false }
  | { readonly reached: true; readonly ceiling: CeilingName; readonly limit: number; readonly value: number };

/**
 * What has been spent so far.
 * @example
 * const { toolCalls, costUsd } = ceilings.usage()
 */
export interface CeilingUsage {
  readonly turns: number;
  readonly toolCalls: number;
  readonly dangerousCalls: number;
  readonly tokens: number;
  readonly costUsd: number;
  readonly elapsedMs: number;
}

/**
 * Options of `createCeilings`.
 * @example
 * createCeilings(limits, { audit: log, org: 'acme', runId })
 */
export interface CeilingsOptions {
  readonly clock?: Pick<Clock, 'now'>;
  readonly audit?: AuditRecorder;
  /** Org and run for audit events. */
  readonly org?: string;
  readonly runId?: string;
}

/**
 * The tracker. Methods are synchronous; `flush()` awaits the audit event and rethrows its failure.
 * @example
 * const ceilings: Ceilings = createCeilings({ maxTurns: 20 })
 */
export interface Ceilings {
  /** Counts a model turn unless it would exceed a ceiling. */
  beforeTurn(): CeilingStatus;
  /** Counts a tool call (and a dangerous one when `risk` is dangerous) unless it would exceed a ceiling. */
  beforeToolCall(risk: unknown): CeilingStatus;
  /** Adds model usage after a response; reached when a budget is exceeded. */
  addUsage(usage: { readonly tokens?: number; readonly costUsd?: number }): CeilingStatus;
  /** The current status, checking the wall clock. */
  check(): CeilingStatus;
  usage(): CeilingUsage;
  flush(): Promise<void>;
}

const NOT_REACHED: CeilingStatus = Object.freeze({ reached: false });

/**
 * Creates a ceilings tracker. Throws `CEILING_INVALID` (ConfigError) for negative or non-finite limits.
 * @example
 * const ceilings = createCeilings({ maxToolCalls: 50, maxDangerousCalls: 2, maxWallClockMs: 600_000 })
 * const s = ceilings.beforeToolCall(classification.risk)
 * if (s.reached) return stop(`ceiling ${s.ceiling} reached`)
 */
export function createCeilings(limits: CeilingLimits = {}, options: CeilingsOptions = {}): Ceilings {
  const parsed = CeilingLimitsSchema.safeParse(limits);
  if (!parsed.success) {
    const path = parsed.error.issues[0]?.path.map(String).join('.') ?? '';
    throw new ConfigError('CEILING_INVALID', `ceilings.${path}: expected a finite non-negative number`);
  }
  const max = parsed.data;
  const clock = options.clock ?? systemClock;
  const started = clock.now();
  let turns = 0;
  let toolCalls = 0;
  let dangerousCalls = 0;
  let tokens = 0;
  let costUsd = 0;
  let latched: CeilingStatus = NOT_REACHED;
  let recording: Promise<void> = Promise.resolve();
  let auditFailure: unknown;

  const reach = (ceiling: CeilingName, limitValue: number, value: number): CeilingStatus => {
    if (latched.reached) return latched;
    latched = Object.freeze({ reached: true as const, ceiling, limit: limitValue, value });
    const audit = options.audit;
    if (audit) {
      recording = audit
        .record({
          type: 'ceiling.reached',
          org: options.org ?? 'default',
          actor: { kind: 'system', id: 'airlock.ceilings' },
          ...(options.runId === undefined ? {} : { runId: options.runId }),
          data: { ceiling, limit: limitValue, value },
        })
        .catch((e: unknown) => {
          auditFailure = e;
        });
    }
    return latched;
  };

  const wallClock = (): CeilingStatus => {
    if (latched.reached) return latched;
    const elapsed = clock.now() - started;
    if (max.maxWallClockMs !== undefined && elapsed >= max.maxWallClockMs) {
      return reach('wallClock', max.maxWallClockMs, elapsed);
    }
    return NOT_REACHED;
  };

  return {
    beforeTurn() {
      const s = wallClock();
      if (s.reached) return s;
      if (max.maxTurns !== undefined && turns + 1 > max.maxTurns)
        return reach('turns', max.maxTurns, turns + 1);
      turns++;
      return NOT_REACHED;
    },
    beforeToolCall(risk) {
      const s = wallClock();
      if (s.reached) return s;
      if (max.maxToolCalls !== undefined && toolCalls + 1 > max.maxToolCalls) {
        return reach('toolCalls', max.maxToolCalls, toolCalls + 1);
      }
      const dangerous = normalizeRisk(risk) === 'dangerous';
      if (dangerous && max.maxDangerousCalls !== undefined && dangerousCalls + 1 > max.maxDangerousCalls) {
        return reach('dangerousCalls', max.maxDangerousCalls, dangerousCalls + 1);
      }
      toolCalls++;
      if (dangerous) dangerousCalls++;
      return NOT_REACHED;
    },
    addUsage(usage) {
      const t = usage.tokens ?? 0;
      const c = usage.costUsd ?? 0;
      if (!Number.isFinite(t) || t < 0 || !Number.isFinite(c) || c < 0) {
        throw new UsageError(
          'USAGE_INVALID',
          `"usage" expected finite non-negative tokens and costUsd, got ${describeValue(t)} and ${describeValue(c)}`,
        );
      }
      tokens += t;
      costUsd += c;
      const s = wallClock();
      if (s.reached) return s;
      if (max.maxTokens !== undefined && tokens > max.maxTokens)
        return reach('tokens', max.maxTokens, tokens);
      if (max.maxCostUsd !== undefined && costUsd > max.maxCostUsd)
        return reach('cost', max.maxCostUsd, costUsd);
      return NOT_REACHED;
    },
    check: wallClock,
    usage: () => ({ turns, toolCalls, dangerousCalls, tokens, costUsd, elapsedMs: clock.now() - started }),
    async flush() {
      await recording;
      if (auditFailure !== undefined) throw auditFailure;
    },
  };
}
