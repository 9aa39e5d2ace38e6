/**
 * Lifecycle event plumbing shared by the transports: a typed facade over eventemitter3, so every
 * transport exposes exactly `on`/`off` for `connect`, `close` and `error` and nothing else.
 */
import { EventEmitter } from 'eventemitter3';
import type { TransportEvents } from './types.js';

/** Base class giving a transport typed lifecycle events. */
export abstract class TransportLifecycle {
  private readonly events = new EventEmitter();

  /**
   * Adds a lifecycle listener.
   * @example
   * transport.on('close', ({ target }) => log(`${target} closed`))
   */
  on<E extends keyof TransportEvents>(event: E, listener: TransportEvents[E]): this {
    this.events.on(event, listener as (...args: unknown[]) => void);
    return this;
  }

  /**
   * Removes a lifecycle listener.
   * @example
   * transport.off('error', onError)
   */
  off<E extends keyof TransportEvents>(event: E, listener: TransportEvents[E]): this {
    this.events.off(event, listener as (...args: unknown[]) => void);
    return this;
  }

  protected emit<E extends keyof TransportEvents>(event: E, ...args: Parameters<TransportEvents[E]>): void {
    try {
      this.events.emit(event, ...args);
    } catch {
      // A throwing listener must not break the transport's own state machine.
    }
  }
}
