/**
 * The time port: the gate's expiry timers and the ceilings' wall-clock budget read time through it,
 * so tests drive time with a fake clock instead of sleeping.
 */

/**
 * A source of time and one-shot timers. `now()` is milliseconds since the epoch.
 * @example
 * const clock: Clock = { now: () => t, setTimeout: (f, ms) => timers.add(f, ms), clearTimeout: (h) => timers.delete(h) }
 */
export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * The real clock. Its timers are unref'd: a pending approval never keeps the process alive.
 * @example
 * const gate = createGate({ clock: systemClock })
 */
export const systemClock: Clock = Object.freeze({
  now: () => Date.now(),
  setTimeout(callback: () => void, ms: number): unknown {
    const handle = setTimeout(callback, ms);
    handle.unref?.();
    return handle;
  },
  clearTimeout(handle: unknown): void {
    clearTimeout(handle as ReturnType<typeof setTimeout>);
  },
});
