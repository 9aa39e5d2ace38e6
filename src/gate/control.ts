/**
 * Steering a running agent: stop (aborts in-flight tools through an AbortSignal), pause / resume,
 * redirect (an operator instruction queued for the next turn) and trust changes. State changes take
 * effect synchronously, so the runner's next `checkpoint()` (called before every tool call) sees
 * them; each is also recorded as an audit event.
 */
import { EventEmitter } from 'eventemitter3';
import type { AuditEventInput, AuditRecorder } from '../audit/events.js';
import { AirlockError, describeValue, UsageError } from '../errors.js';
import { assertTrustLevel, DEFAULT_TRUST_LEVEL, type TrustLevel } from '../trust/levels.js';

/**
 * Options of `createRunControl`.
 * @example
 * createRunControl({ trust: 'manual', audit: log, org: 'acme', runId })
 */
export interface RunControlOptions {
  readonly trust?: TrustLevel;
  readonly audit?: AuditRecorder;
  readonly org?: string;
  readonly runId?: string;
  /** Most queued redirect instructions (default 32). */
  readonly maxInstructions?: number;
}

/**
 * Why a run stopped, as in the `run.stopped` audit event.
 * @example
 * await control.stop({ by: 'airlock.ceilings', reason: 'cost', status: 'ceiling' })
 */
export type StopStatus = 'stopped' | 'ceiling' | 'denied' | 'error' | 'finished';
const STOP_STATUSES: readonly StopStatus[] = ['stopped', 'ceiling', 'denied', 'error', 'finished'];

/**
 * Where the run stands.
 * @example
 * if (control.state === 'paused') ui.badge('paused')
 */
export type RunState = 'running' | 'paused' | 'stopped';

/**
 * Events a UI or the runner can listen to.
 * @example
 * control.on('trust.changed', (from, to) => ui.banner(`trust ${from} → ${to}`))
 */
export interface RunControlEvents {
  stopped: (reason: string) => void;
  paused: (reason: string | undefined) => void;
  resumed: () => void;
  redirected: (instruction: string) => void;
  'trust.changed': (from: TrustLevel, to: TrustLevel) => void;
}

/**
 * Who is steering: an operator id (audited as a `user` actor).
 * @example
 * await control.pause({ by: 'alice' })
 */
export interface Operator {
  readonly by: string;
}

const MAX_INSTRUCTION = 4096;

/**
 * Operator controls for one run. Create it with `createRunControl`.
 * @example
 * const control = createRunControl(); await control.checkpoint()
 */
export class RunControl extends EventEmitter<RunControlEvents> {
  readonly #o: RunControlOptions;
  readonly #abort = new AbortController();
  #trust: TrustLevel;
  #state: RunState = 'running';
  #instructions: string[] = [];
  #resume: (() => void)[] = [];

  /** @internal Use `createRunControl`. */
  constructor(options: RunControlOptions) {
    super();
    this.#o = options;
    this.#trust = assertTrustLevel(options.trust ?? DEFAULT_TRUST_LEVEL);
  }

  /** Aborts when the run is stopped; pass it to every in-flight tool. */
  get signal(): AbortSignal {
    return this.#abort.signal;
  }

  /** The trust level the next decision must use. */
  get trust(): TrustLevel {
    return this.#trust;
  }

  get state(): RunState {
    return this.#state;
  }

  /**
   * Stops the run: aborts the signal, wakes a paused checkpoint with `RUN_STOPPED`. Idempotent.
   * `status` other than `stopped` (a ceiling, a denial, an error) is recorded with a `system` actor.
   * @example
   * await control.stop({ by: 'alice', reason: 'wrong device' })
   * await control.stop({ by: 'airlock.ceilings', reason: 'toolCalls ceiling reached', status: 'ceiling' })
   */
  async stop(options: Operator & { reason?: string; status?: StopStatus }): Promise<void> {
    const by = operator(options);
    const status = options.status ?? 'stopped';
    if (!STOP_STATUSES.includes(status)) {
      throw new UsageError(
        'STOP_STATUS_INVALID',
        `"status" expected one of ${STOP_STATUSES.join(', ')}, got ${describeValue(status)}`,
      );
    }
    if (this.#state === 'stopped') return;
    const reason = text(options.reason ?? 'stopped by operator', 'reason');
    this.#state = 'stopped';
    this.#abort.abort(stopped(reason));
    this.#wake();
    this.emit('stopped', reason);
    await this.#record('run.stopped', by, { reason, status }, status === 'stopped' ? 'user' : 'system');
  }

  /**
   * Pauses before the next tool call (an in-flight tool finishes). No-op unless running.
   * @example
   * await control.pause({ by: 'alice', reason: 'checking the change window' })
   */
  async pause(options: Operator & { reason?: string }): Promise<void> {
    const by = operator(options);
    if (this.#state !== 'running') return;
    const reason = options.reason === undefined ? undefined : text(options.reason, 'reason');
    this.#state = 'paused';
    this.emit('paused', reason);
    await this.#record('run.paused', by, reason === undefined ? {} : { reason });
  }

  /**
   * Resumes a paused run. No-op unless paused.
   * @example
   * await control.resume({ by: 'alice' })
   */
  async resume(options: Operator): Promise<void> {
    const by = operator(options);
    if (this.#state !== 'paused') return;
    this.#state = 'running';
    this.#wake();
    this.emit('resumed');
    await this.#record('run.resumed', by, {});
  }

  /**
   * Queues an operator instruction for the next turn (see `takeInstructions`).
   * @example
   * await control.redirect('use the standby link instead', { by: 'alice' })
   */
  async redirect(instruction: string, options: Operator): Promise<void> {
    const by = operator(options);
    const value = text(instruction, 'instruction');
    if (this.#state === 'stopped') throw stopped('the run is stopped');
    const max = this.#o.maxInstructions ?? 32;
    if (this.#instructions.length >= max) {
      throw new UsageError(
        'INSTRUCTION_QUEUE_FULL',
        `at most ${max} instructions can wait for the next turn`,
      );
    }
    this.#instructions.push(value);
    this.emit('redirected', value);
    await this.#record('run.redirected', by, { instruction: value });
  }

  /**
   * Changes the trust level; the next `decide` uses it.
   * @example
   * await control.setTrust('manual', { by: 'alice' })
   */
  async setTrust(level: TrustLevel, options: Operator): Promise<void> {
    const by = operator(options);
    const to = assertTrustLevel(level, 'level');
    const from = this.#trust;
    if (from === to) return;
    this.#trust = to;
    this.emit('trust.changed', from, to);
    await this.#record('trust.changed', by, { from, to });
  }

  /**
   * The runner calls this before every tool call: waits while paused, throws `RUN_STOPPED` once
   * stopped, and returns the trust level to decide with.
   * @example
   * const { trust } = await control.checkpoint()
   * const d = decide(call, classification, trust, policy)
   */
  async checkpoint(): Promise<{ trust: TrustLevel }> {
    while (this.#state === 'paused') {
      await new Promise<void>((resolve) => this.#resume.push(resolve));
    }
    if (this.#state === 'stopped') throw this.#abort.signal.reason as AirlockError;
    return { trust: this.#trust };
  }

  /**
   * Drains the queued operator instructions, oldest first, for the runner to add to the next turn.
   * @example
   * for (const i of control.takeInstructions()) messages.push({ role: 'user', content: i })
   */
  takeInstructions(): string[] {
    const out = this.#instructions;
    this.#instructions = [];
    return out;
  }

  #wake(): void {
    const waiting = this.#resume;
    this.#resume = [];
    for (const w of waiting) w();
  }

  async #record<T extends 'run.stopped' | 'run.paused' | 'run.resumed' | 'run.redirected' | 'trust.changed'>(
    type: T,
    by: string,
    data: Extract<AuditEventInput, { type: T }>['data'],
    kind: 'user' | 'system' = 'user',
  ): Promise<void> {
    const audit = this.#o.audit;
    if (!audit) return;
    await audit.record({
      type,
      org: this.#o.org ?? 'default',
      actor: { kind, id: by },
      ...(this.#o.runId === undefined ? {} : { runId: this.#o.runId }),
      data,
    } as AuditEventInput);
  }
}

/**
 * Creates the operator controls of one run.
 * @example
 * const control = createRunControl({ trust: 'supervised', audit: log, org: 'acme', runId })
 * await tool.run(call, { signal: control.signal })
 */
export function createRunControl(options: RunControlOptions = {}): RunControl {
  return new RunControl(options);
}

function operator(options: Operator | undefined): string {
  const by = options?.by;
  if (typeof by !== 'string' || by.length === 0 || by.length > 256) {
    throw new UsageError(
      'OPERATOR_INVALID',
      `"by" expected a string of 1..256 characters, got ${describeValue(by)}`,
    );
  }
  return by;
}

function text(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_INSTRUCTION) {
    throw new UsageError(
      'TEXT_INVALID',
      `"${name}" expected a string of 1..${MAX_INSTRUCTION} characters, got ${describeValue(value)}`,
    );
  }
  return value;
}

function stopped(reason: string): AirlockError {
  return new AirlockError('RUN_STOPPED', `the run was stopped: ${reason}`, {}, 'caller');
}
