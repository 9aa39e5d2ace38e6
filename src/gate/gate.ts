/**
 * The approval gate: approval before consequence, bound to the exact action, used once. A request
 * becomes a pending approval card; an operator grants or denies it (or lets it expire, which is
 * recorded as `expired` and never runs); the executor calls `consume` (or `authorize`) immediately
 * before running, and that check compares hashes, burns the approval and persists the burn first.
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'eventemitter3';
import type { AuditEventInput } from '../audit/events.js';
import { AirlockError, describeValue, UsageError } from '../errors.js';
import { type Clock, systemClock } from '../trust/clock.js';
import { compileCommandPattern } from '../trust/pattern.js';
import { type Classification, normalizeRisk, type Risk, riskRank } from '../trust/types.js';
import { type Action, hashAction, normalizeAction } from './action.js';
import { type ApprovalCard, type ApprovalRecord, toCard } from './card.js';
import { type ActiveGrant, type Grant, grantCovers, otherArgsOf } from './grants.js';
import {
  aborted,
  approver,
  boundedReasons,
  DEFAULT_TTL_MS,
  DEFAULT_WARN_MS,
  iso,
  outcome,
  positive,
  publicGrant,
  user,
} from './helpers.js';
import { type GateSnapshot, sealState } from './snapshot.js';
import type {
  ApproveOptions,
  Authorization,
  AuthorizeResult,
  GateEvents,
  GateOptions,
  PlanCard,
  RequestInfo,
  WaitOutcome,
} from './types.js';

export type {
  ApproveOptions,
  Authorization,
  AuthorizeResult,
  GateEvents,
  GateOptions,
  GateStore,
  PlanCard,
  RequestInfo,
  WaitOutcome,
} from './types.js';

const SYSTEM = { kind: 'system', id: 'airlock.gate' } as const;

/**
 * The approval gate. Create it with `createGate` or `restoreGate`.
 * @example
 * const gate: Gate = createGate({ ttlMs: 600_000 })
 */
export class Gate extends EventEmitter<GateEvents> {
  readonly #o: GateOptions;
  readonly #clock: Clock;
  readonly #ttl: number;
  readonly #warn: number;
  readonly #usable: number;
  readonly #records = new Map<string, ApprovalRecord>();
  readonly #open = new Set<string>();
  readonly #grants = new Map<string, ActiveGrant>();
  readonly #waiters = new Map<string, Set<(o: WaitOutcome) => void>>();
  #timer: unknown;
  #saving: Promise<void> = Promise.resolve();

  /** @internal Use `createGate` / `restoreGate`. */
  constructor(options: GateOptions, restored: readonly ApprovalRecord[] = []) {
    super();
    this.#o = options;
    this.#clock = options.clock ?? systemClock;
    this.#ttl = positive(options.ttlMs, DEFAULT_TTL_MS, 'ttlMs');
    this.#warn = Math.min(positive(options.warnBeforeMs, DEFAULT_WARN_MS, 'warnBeforeMs'), this.#ttl / 2);
    this.#usable = positive(options.usableForMs, this.#ttl, 'usableForMs');
    for (const r of restored) {
      this.#records.set(r.approvalId, r);
      if (r.status === 'pending' || r.status === 'granted') this.#open.add(r.approvalId);
    }
  }

  /**
   * Opens a pending approval for an action and returns its card.
   * @example
   * const card = await gate.request(call, classification, { reason: d.reason, rule: d.rule })
   */
  async request(
    action: Action,
    classification: Classification,
    info: RequestInfo = {},
  ): Promise<ApprovalCard> {
    const [card] = await this.#open_([{ action, classification, info }], undefined);
    return card!;
  }

  /**
   * Stages a plan: every action gets its own card, bound to its own hash, each single-use.
   * @example
   * const plan = await gate.requestPlan(steps.map((s) => ({ action: s.call, classification: s.cls })))
   */
  async requestPlan(
    items: readonly { action: Action; classification: Classification; info?: RequestInfo }[],
  ): Promise<PlanCard> {
    if (!Array.isArray(items) || items.length === 0) {
      throw new UsageError('PLAN_INVALID', `"items" expected a non-empty array, got ${describeValue(items)}`);
    }
    const planId = this.#id('pln');
    const approvals = await this.#open_(items, planId);
    return Object.freeze({ planId, approvals: Object.freeze(approvals) });
  }

  /**
   * Grants a pending approval, optionally for an edited action or for similar actions in this run.
   * Returns the card: `granted`, or still `pending` when an edit made the action riskier (the
   * approver must look again at the re-classified action).
   * @example
   * await gate.approve(card.approvalId, { by: 'alice' })
   */
  async approve(approvalId: string, options: ApproveOptions): Promise<ApprovalCard> {
    const by = approver(options?.by);
    const scope = options.scope ?? 'once';
    if (scope !== 'once' && scope !== 'similar-for-run') {
      throw new UsageError(
        'APPROVAL_SCOPE_INVALID',
        `"scope" expected once or similar-for-run, got ${describeValue(scope)}`,
      );
    }
    let r = this.#pending(approvalId);
    let next: { action: Action; hash: string; c: Classification } | undefined;
    if (options.edit !== undefined) {
      const action = normalizeAction(options.edit);
      const classify = this.#o.classify;
      if (!classify)
        throw new UsageError('EDIT_NEEDS_CLASSIFIER', 'approve-with-edit needs the gate option "classify"');
      let c: Classification;
      try {
        c = await classify(action);
      } catch (cause) {
        throw new UsageError('EDIT_CLASSIFY_FAILED', 'the edited action could not be classified', { cause });
      }
      // The await let time pass and other answers happen: look the record up again.
      r = this.#pending(approvalId);
      c = {
        risk: normalizeRisk(c?.risk),
        reasons: boundedReasons(c?.reasons),
        ...(typeof c?.rule === 'string' ? { rule: c.rule.slice(0, 256) } : {}),
      };
      if (this.#o.check?.(action, c).decision === 'deny') {
        throw new UsageError('APPROVAL_EDIT_DENIED', 'the policy denies the edited action');
      }
      next = { action, hash: hashAction(action), c };
    }
    const risk = next?.c.risk ?? r.risk;
    const raised = next !== undefined && riskRank(risk) > riskRank(r.risk);
    let grant: ActiveGrant | undefined;
    if (scope === 'similar-for-run' && !raised)
      grant = this.#makeGrant(r, next?.action ?? r.action, risk, by, options.similarCommand);

    const now = this.#clock.now();
    const events: AuditEventInput[] = [];
    if (next) {
      r.action = next.action;
      r.actionHash = next.hash;
      r.risk = risk;
      r.reasons = [...next.c.reasons];
      if (next.c.rule === undefined) delete r.rule;
      else r.rule = next.c.rule;
      r.edited = true;
    }
    if (raised) {
      // Riskier after the edit: re-ask with the new card and a fresh expiry, grant nothing.
      r.reason = 'the edited action is riskier than the one requested; approve it again';
      r.expiresAt = now + this.#ttl;
      r.warned = false;
      events.push(
        this.#event('approval.requested', SYSTEM, {
          approvalId: r.approvalId,
          actionHash: r.actionHash,
          risk: r.risk,
          expiresAt: iso(r.expiresAt),
        }),
      );
      this.emit('requested', toCard(r));
      this.#schedule();
      await this.#commit(events);
      return toCard(r);
    }
    r.scope = scope;
    r.usableUntil = now + this.#usable;
    this.#resolve(r, 'granted', by, now);
    if (grant) this.#grants.set(grant.grantId, grant);
    events.push(
      this.#event('approval.granted', user(by), {
        approvalId: r.approvalId,
        actionHash: r.actionHash,
        scope,
        ...(r.edited ? { edited: true } : {}),
      }),
    );
    this.emit('granted', toCard(r));
    if (grant) this.emit('grant.created', publicGrant(grant));
    try {
      await this.#commit(events);
    } catch (e) {
      // A grant that could not be recorded must not be usable: fail closed.
      if (grant) this.#grants.delete(grant.grantId);
      if (r.status === 'granted') {
        r.denyReason = 'the grant could not be recorded';
        this.#resolve(r, 'denied', by, now);
      }
      throw e;
    }
    return toCard(r);
  }

  /**
   * Approves every action of a plan at once; fails (granting nothing) if any is no longer pending.
   * @example
   * await gate.approvePlan(plan.planId, { by: 'alice' })
   */
  async approvePlan(planId: string, options: { by: string }): Promise<readonly ApprovalCard[]> {
    const by = approver(options?.by);
    this.#tick();
    const items = this.#plan(planId);
    if (items.some((r) => r.status !== 'pending')) {
      throw new UsageError('PLAN_NOT_PENDING', 'some actions of the plan are no longer pending', {
        details: { planId },
      });
    }
    const now = this.#clock.now();
    const events = items.map((r) => {
      r.scope = 'plan';
      r.usableUntil = now + this.#usable;
      this.#resolve(r, 'granted', by, now);
      this.emit('granted', toCard(r));
      return this.#event('approval.granted', user(by), {
        approvalId: r.approvalId,
        actionHash: r.actionHash,
        scope: 'plan' as const,
      });
    });
    await this.#commit(events);
    return items.map(toCard);
  }

  /**
   * Denies a pending approval.
   * @example
   * await gate.deny(card.approvalId, { by: 'alice', reason: 'not during business hours' })
   */
  async deny(approvalId: string, options: { by: string; reason?: string }): Promise<ApprovalCard> {
    const by = approver(options?.by);
    const r = this.#pending(approvalId);
    await this.#denyRecords([r], by, options.reason);
    return toCard(r);
  }

  /**
   * Denies every pending action of a plan.
   * @example
   * await gate.denyPlan(plan.planId, { by: 'alice' })
   */
  async denyPlan(planId: string, options: { by: string; reason?: string }): Promise<readonly ApprovalCard[]> {
    const by = approver(options?.by);
    this.#tick();
    const items = this.#plan(planId).filter((r) => r.status === 'pending');
    await this.#denyRecords(items, by, options.reason);
    return items.map(toCard);
  }

  /**
   * Denies everything still pending (and unconsumed grants), e.g. when an operator stops the run.
   * @example
   * control.on('stopped', () => gate.denyAll({ by: 'system', reason: 'run stopped' }))
   */
  async denyAll(options: { by: string; reason?: string }): Promise<number> {
    const by = approver(options?.by);
    this.#tick();
    const items = [...this.#open].map((id) => this.#records.get(id)!);
    for (const g of [...this.#grants.values()]) await this.revokeGrant(g.grantId, { by });
    await this.#denyRecords(items, by, options.reason);
    return items.length;
  }

  /**
   * Resolves when the approval is answered: `allowed`, `denied` or `expired`. Rejects with
   * `WAIT_ABORTED` when `signal` aborts (the approval itself stays as it is).
   * @example
   * if ((await gate.wait(card.approvalId, { signal: control.signal })) !== 'allowed') return
   */
  wait(approvalId: string, options: { signal?: AbortSignal } = {}): Promise<WaitOutcome> {
    this.#tick();
    const r = this.#get(approvalId);
    const done = outcome(r);
    if (done) return Promise.resolve(done);
    const signal = options.signal;
    if (signal?.aborted) return Promise.reject(aborted());
    return new Promise<WaitOutcome>((resolve, reject) => {
      const set = this.#waiters.get(approvalId) ?? new Set();
      this.#waiters.set(approvalId, set);
      const onAbort = (): void => {
        set.delete(settle);
        reject(aborted());
      };
      const settle = (o: WaitOutcome): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve(o);
      };
      set.add(settle);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /**
   * The executor's check, right before running: the approval must be granted, unexpired, unused
   * and bound to this exact action. Burns it and persists the burn before returning. Throws
   * `APPROVAL_NOT_FOUND`, `APPROVAL_PENDING`, `APPROVAL_DENIED`, `APPROVAL_EXPIRED`,
   * `APPROVAL_ALREADY_USED` or `APPROVAL_ACTION_MISMATCH`.
   * @example
   * await gate.consume(card.approvalId, action) // then, and only then, execute(action)
   */
  async consume(approvalId: string, action: Action): Promise<Authorization> {
    const a = normalizeAction(action);
    const hash = hashAction(a);
    this.#tick();
    const r = this.#get(approvalId);
    switch (r.status) {
      case 'pending':
        throw new UsageError('APPROVAL_PENDING', 'the approval has not been granted', {
          details: { approvalId },
        });
      case 'denied':
        throw new UsageError('APPROVAL_DENIED', 'the approval was denied', { details: { approvalId } });
      case 'expired':
        throw new UsageError('APPROVAL_EXPIRED', 'the approval expired', { details: { approvalId } });
      case 'consumed':
        throw new UsageError('APPROVAL_ALREADY_USED', 'the approval was already used', {
          details: { approvalId },
        });
    }
    if (hash !== r.actionHash) {
      throw new UsageError('APPROVAL_ACTION_MISMATCH', 'the action differs from the approved one', {
        details: { approvalId },
      });
    }
    return this.#burn(r);
  }

  /**
   * Finds what authorizes an action, without an approval id: a granted approval bound to the same
   * hash (consumed), or a "similar for this run" grant covering it. A non-match is data, not an error.
   * @example
   * const auth = await gate.authorize(action, classification)
   * if (auth.authorized) execute(action)
   */
  async authorize(action: Action, classification: Classification): Promise<AuthorizeResult> {
    const a = normalizeAction(action);
    const hash = hashAction(a);
    this.#tick();
    for (const id of this.#open) {
      const r = this.#records.get(id)!;
      if (r.status === 'granted' && r.actionHash === hash)
        return { authorized: true, ...(await this.#burn(r)) };
    }
    if (this.#grants.size > 0) {
      let risk = normalizeRisk(classification?.risk);
      if (this.#o.classify) {
        // Do not trust the caller's classification alone: take the riskier of the two.
        const own = normalizeRisk((await this.#o.classify(a))?.risk);
        if (riskRank(own) > riskRank(risk)) risk = own;
      }
      for (const g of this.#grants.values()) {
        if (!grantCovers(g, a, risk)) continue;
        g.uses++;
        await this.#commit([
          this.#event('approval.consumed', SYSTEM, { approvalId: g.grantId, actionHash: hash }),
        ]);
        return { authorized: true, approvalId: g.grantId, actionHash: hash, via: 'grant' };
      }
    }
    return { authorized: false, reason: 'no granted approval or grant matches this action' };
  }

  /**
   * The active "similar for this run" grants.
   * @example
   * for (const g of gate.grants()) console.log(g.tool, g.target, g.commandPattern ?? g.exactCommand)
   */
  grants(): readonly Grant[] {
    return [...this.#grants.values()].map(publicGrant);
  }

  /**
   * Revokes a grant (audited as `approval.denied` of the grant id).
   * @example
   * await gate.revokeGrant(g.grantId, { by: 'alice' })
   */
  async revokeGrant(grantId: string, options: { by: string }): Promise<void> {
    const by = approver(options?.by);
    const g = this.#grants.get(grantId);
    if (!g)
      throw new UsageError('GRANT_NOT_FOUND', 'no such grant', { details: { grantId: String(grantId) } });
    this.#grants.delete(grantId);
    this.emit('grant.revoked', publicGrant(g));
    await this.#commit([
      this.#event('approval.denied', user(by), { approvalId: grantId, reason: 'grant revoked' }),
    ]);
  }

  /**
   * The card of one approval, or `undefined`.
   * @example
   * gate.get(id)?.status
   */
  get(approvalId: string): ApprovalCard | undefined {
    this.#tick();
    const r = this.#records.get(approvalId);
    return r ? toCard(r) : undefined;
  }

  /**
   * Every card still waiting for an answer.
   * @example
   * gate.pending().forEach(render)
   */
  pending(): readonly ApprovalCard[] {
    this.#tick();
    return [...this.#open]
      .map((id) => this.#records.get(id)!)
      .filter((r) => r.status === 'pending')
      .map(toCard);
  }

  /**
   * The gate's state as versioned, integrity-tagged data (grants are not included: they end with the process).
   * @example
   * await fs.writeFile('gate.json', JSON.stringify(gate.snapshot()))
   */
  snapshot(): GateSnapshot {
    return sealState([...this.#records.values()], this.#clock.now(), this.#o.integrityKey);
  }

  /**
   * Stops the expiry timer (pending approvals then expire on the next call instead).
   * @example
   * gate.dispose()
   */
  dispose(): void {
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** @internal Re-asks restored grants, expires what is due, and records it. */
  async init(reasked: readonly ApprovalRecord[]): Promise<void> {
    const events = reasked.map((r) =>
      this.#event('approval.requested', SYSTEM, {
        approvalId: r.approvalId,
        actionHash: r.actionHash,
        risk: r.risk,
        expiresAt: iso(r.expiresAt),
      }),
    );
    this.#tick();
    await this.#commit(events);
  }

  async #open_(
    items: readonly { action: Action; classification: Classification; info?: RequestInfo }[],
    planId: string | undefined,
  ): Promise<ApprovalCard[]> {
    // Validate everything before changing anything: a bad item leaves no half-made plan.
    const prepared = items.map((it) => {
      const action = normalizeAction(it?.action);
      const c = it.classification;
      if (typeof c !== 'object' || c === null) {
        throw new UsageError(
          'CLASSIFICATION_INVALID',
          `"classification" expected an object, got ${describeValue(c)}`,
        );
      }
      const info = it.info ?? {};
      return { action, hash: hashAction(action), c, info };
    });
    this.#tick();
    const max = this.#o.maxApprovals ?? 10_000;
    if (this.#records.size + prepared.length > max) {
      throw new UsageError('GATE_FULL', `the gate holds at most ${max} approvals`);
    }
    const now = this.#clock.now();
    const records = prepared.map(({ action, hash, c, info }): ApprovalRecord => {
      const r: ApprovalRecord = {
        approvalId: this.#id('apr'),
        status: 'pending',
        action,
        actionHash: hash,
        risk: normalizeRisk(c.risk),
        reasons: boundedReasons(c.reasons),
        requestedAt: now,
        expiresAt: now + this.#ttl,
      };
      const rule = info.rule ?? c.rule;
      if (typeof rule === 'string') r.rule = rule.slice(0, 256);
      if (typeof info.reason === 'string') r.reason = info.reason.slice(0, 4096);
      if (planId !== undefined) r.planId = planId;
      this.#records.set(r.approvalId, r);
      this.#open.add(r.approvalId);
      return r;
    });
    this.#schedule();
    for (const r of records) this.emit('requested', toCard(r));
    await this.#commit(
      records.map((r) =>
        this.#event('approval.requested', SYSTEM, {
          approvalId: r.approvalId,
          actionHash: r.actionHash,
          risk: r.risk,
          expiresAt: iso(r.expiresAt),
        }),
      ),
    );
    return records.map(toCard);
  }

  async #burn(r: ApprovalRecord): Promise<Authorization> {
    // Burn first, synchronously: a concurrent second consume sees `consumed` whatever happens next.
    r.consumedAt = this.#clock.now();
    this.#setStatus(r, 'consumed');
    this.emit('consumed', toCard(r));
    await this.#commit([
      this.#event('approval.consumed', SYSTEM, { approvalId: r.approvalId, actionHash: r.actionHash }),
    ]);
    return {
      approvalId: r.approvalId,
      actionHash: r.actionHash,
      via: r.scope === 'plan' ? 'plan' : 'approval',
    };
  }

  async #denyRecords(
    records: readonly ApprovalRecord[],
    by: string,
    reason: string | undefined,
  ): Promise<void> {
    const now = this.#clock.now();
    const events = records.map((r) => {
      if (reason !== undefined) r.denyReason = String(reason).slice(0, 4096);
      this.#resolve(r, 'denied', by, now);
      this.emit('denied', toCard(r));
      return this.#event('approval.denied', user(by), {
        approvalId: r.approvalId,
        ...(r.denyReason === undefined ? {} : { reason: r.denyReason }),
      });
    });
    await this.#commit(events);
  }

  #makeGrant(
    r: ApprovalRecord,
    action: Action,
    risk: Risk,
    by: string,
    similar: string | undefined,
  ): ActiveGrant {
    if (risk === 'dangerous') {
      throw new UsageError(
        'GRANT_SCOPE_NOT_ALLOWED',
        'a dangerous action can only be approved once, never "similar"',
      );
    }
    const command = action.args.command;
    if (similar === undefined && typeof command !== 'string') {
      throw new UsageError(
        'GRANT_SCOPE_NOT_ALLOWED',
        '"similar-for-run" needs a command or a "similarCommand" pattern',
      );
    }
    let pattern: ActiveGrant['pattern'];
    if (similar !== undefined) {
      try {
        pattern = compileCommandPattern(similar, 'similarCommand');
      } catch (cause) {
        throw new UsageError('GRANT_PATTERN_INVALID', '"similarCommand" is not an accepted pattern', {
          cause,
        });
      }
    }
    return {
      grantId: this.#id('grt'),
      tool: action.tool,
      target: action.target,
      credentialRefs: action.credentialRefs ?? [],
      otherArgs: otherArgsOf(action),
      maxRisk: risk,
      commandPattern: similar,
      exactCommand: similar === undefined ? (command as string) : undefined,
      sourceApprovalId: r.approvalId,
      grantedBy: by,
      grantedAt: iso(this.#clock.now()),
      uses: 0,
      pattern,
    };
  }

  #tick(): void {
    const now = this.#clock.now();
    const events: AuditEventInput[] = [];
    for (const id of [...this.#open]) {
      const r = this.#records.get(id)!;
      const due = r.status === 'pending' ? r.expiresAt : (r.usableUntil ?? r.expiresAt);
      if (now >= due) {
        this.#setStatus(r, 'expired');
        r.resolvedAt = now;
        this.emit('expired', toCard(r));
        events.push(this.#event('approval.expired', SYSTEM, { approvalId: r.approvalId }));
      } else if (r.status === 'pending' && r.warned !== true && now >= r.expiresAt - this.#warn) {
        r.warned = true;
        this.emit('expiring', toCard(r));
        events.push(
          this.#event('approval.expiring', SYSTEM, { approvalId: r.approvalId, expiresAt: iso(r.expiresAt) }),
        );
      }
    }
    this.#schedule();
    if (events.length > 0) this.#commit(events).catch((e: unknown) => this.emit('error', e));
  }

  #schedule(): void {
    this.dispose();
    let next = Number.POSITIVE_INFINITY;
    for (const id of this.#open) {
      const r = this.#records.get(id)!;
      const due =
        r.status === 'pending'
          ? r.warned
            ? r.expiresAt
            : r.expiresAt - this.#warn
          : (r.usableUntil ?? r.expiresAt);
      if (due < next) next = due;
    }
    if (next === Number.POSITIVE_INFINITY) return;
    this.#timer = this.#clock.setTimeout(
      () => {
        this.#timer = undefined;
        this.#tick();
      },
      Math.max(0, next - this.#clock.now()),
    );
  }

  #resolve(r: ApprovalRecord, status: 'granted' | 'denied', by: string, now: number): void {
    r.resolvedBy = by;
    r.resolvedAt = now;
    this.#setStatus(r, status);
  }

  #setStatus(r: ApprovalRecord, status: ApprovalRecord['status']): void {
    r.status = status;
    if (status === 'pending' || status === 'granted') this.#open.add(r.approvalId);
    else this.#open.delete(r.approvalId);
    this.#schedule();
    const o = outcome(r);
    const waiters = this.#waiters.get(r.approvalId);
    if (o && waiters) {
      this.#waiters.delete(r.approvalId);
      for (const w of waiters) w(o);
    }
  }

  async #commit(events: readonly AuditEventInput[]): Promise<void> {
    const store = this.#o.store;
    let saved: Promise<void> = Promise.resolve();
    if (store) {
      const snap = this.snapshot();
      // Saves are chained so they land in order; each caller waits for its own.
      saved = this.#saving.catch(() => undefined).then(() => store.save(snap));
      this.#saving = saved;
    }
    const audit = this.#o.audit;
    const recorded = audit ? Promise.all(events.map((e) => audit.record(e))) : Promise.resolve([]);
    const [s, a] = await Promise.allSettled([saved, recorded]);
    if (s.status === 'rejected') {
      throw new AirlockError(
        'GATE_STORE_FAILED',
        'the gate state could not be saved',
        { cause: s.reason },
        'remote',
      );
    }
    if (a.status === 'rejected') {
      throw new AirlockError(
        'GATE_AUDIT_FAILED',
        'the audit event could not be recorded',
        { cause: a.reason },
        'remote',
      );
    }
  }

  #event<T extends AuditEventInput['type']>(
    type: T,
    actor: AuditEventInput['actor'],
    data: Extract<AuditEventInput, { type: T }>['data'],
  ): AuditEventInput {
    return {
      type,
      org: this.#o.org ?? 'default',
      actor,
      ...(this.#o.runId === undefined ? {} : { runId: this.#o.runId }),
      data,
    } as AuditEventInput;
  }

  #get(approvalId: string): ApprovalRecord {
    const r = typeof approvalId === 'string' ? this.#records.get(approvalId) : undefined;
    if (!r) {
      throw new UsageError('APPROVAL_NOT_FOUND', `no approval with this id (${describeValue(approvalId)})`);
    }
    return r;
  }

  #pending(approvalId: string): ApprovalRecord {
    this.#tick();
    const r = this.#get(approvalId);
    if (r.status === 'expired')
      throw new UsageError('APPROVAL_EXPIRED', 'the approval expired', { details: { approvalId } });
    if (r.status !== 'pending') {
      throw new UsageError('APPROVAL_NOT_PENDING', `the approval is ${r.status}, not pending`, {
        details: { approvalId },
      });
    }
    return r;
  }

  #plan(planId: string): ApprovalRecord[] {
    const items = [...this.#records.values()].filter((r) => r.planId !== undefined && r.planId === planId);
    if (items.length === 0) throw new UsageError('PLAN_NOT_FOUND', 'no plan with this id');
    return items;
  }

  #id(prefix: 'apr' | 'pln' | 'grt'): string {
    const id = this.#o.newId?.(prefix) ?? `${prefix}_${randomUUID()}`;
    if (typeof id !== 'string' || id.length === 0 || id.length > 256 || this.#records.has(id)) {
      throw new UsageError('ID_INVALID', '"newId" returned an empty, too long or duplicate id');
    }
    return id;
  }
}

/**
 * Creates an empty gate.
 * @example
 * const gate = createGate({ audit: log, org: 'acme', runId, ttlMs: 10 * 60_000, classify })
 * gate.on('requested', (card) => notifyOnCall(card))
 */
export function createGate(options: GateOptions = {}): Gate {
  return new Gate(options);
}
