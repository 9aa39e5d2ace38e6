/**
 * Bounded retries for model calls: throttling and transient faults are retried with capped exponential
 * backoff and full jitter; anything else (validation, access, a pinning refusal) fails at once. The
 * number of attempts is always finite, so a throttled model cannot hold a run forever.
 */
import { isAirlockError } from '../errors.js';

export interface RetryPolicy {
  /** Total attempts including the first. Default 4, at most 10. */
  readonly maxAttempts?: number;
  /** First backoff in ms. Default 250. */
  readonly baseDelayMs?: number;
  /** Cap of one backoff in ms. Default 8000. */
  readonly maxDelayMs?: number;
}

export interface RetryHooks {
  /** Waits `ms` (injectable so tests do not sleep). Rejects when `signal` aborts. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** A number in [0, 1) for jitter. */
  readonly random?: () => number;
  readonly onRetry?: (attempt: number, delayMs: number, error: unknown) => void;
  readonly signal?: AbortSignal;
}

/**
 * True when an error is worth retrying: an Airlock `RemoteError` marked `retryable`.
 * @example
 * if (isRetryable(err)) await backoff();
 */
export function isRetryable(error: unknown): boolean {
  return isAirlockError(error) && error.fault === 'remote' && error.details.retryable === true;
}

/**
 * Sleeps `ms`, rejecting early with the signal's reason when it aborts.
 * @example
 * await sleep(100);
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Runs `fn`, retrying retryable failures with backoff; rethrows the last error.
 * @example
 * const turn = await withRetry(() => model.converse(request), { maxAttempts: 3 });
 */
export async function withRetry<T>(
  fn: (attempt: number) => Promise<T>,
  policy: RetryPolicy = {},
  hooks: RetryHooks = {},
): Promise<T> {
  const maxAttempts = Math.min(Math.max(1, Math.floor(policy.maxAttempts ?? 4)), 10);
  const base = Math.max(0, policy.baseDelayMs ?? 250);
  const cap = Math.max(base, policy.maxDelayMs ?? 8000);
  const wait = hooks.sleep ?? sleep;
  const random = hooks.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      if (attempt >= maxAttempts || !isRetryable(error) || hooks.signal?.aborted) throw error;
      const delay = Math.floor(random() * Math.min(cap, base * 2 ** (attempt - 1)));
      hooks.onRetry?.(attempt, delay, error);
      await wait(delay, hooks.signal);
    }
  }
}

/**
 * Settles with `promise`, or rejects with the signal's reason as soon as it aborts, so a port that
 * ignores the signal (a gate, a model) cannot keep a stopped run waiting.
 * @example
 * const outcome = await raceAbort(gate.request(req), signal);
 */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => {});
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}
