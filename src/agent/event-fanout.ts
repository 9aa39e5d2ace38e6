/**
 * Fans a run's events out to any number of async iterators. Each iterator gets the events emitted
 * after it was created; a consumer that stops reading loses its oldest events past a bound instead of
 * growing memory, and an iterator created after the end finishes at once instead of waiting forever.
 */
import type { RunEvent } from './events.js';

interface Queue {
  items: RunEvent[];
  wake: (() => void) | undefined;
  done: boolean;
}

/** Most events one slow iterator holds. */
export const MAX_QUEUED_EVENTS = 10_000;

export class EventFanout {
  readonly #queues = new Set<Queue>();
  #finished = false;

  /** Delivers one event; `run.finished` ends every iterator after it is read. */
  push(event: RunEvent): void {
    if (event.type === 'run.finished') this.#finished = true;
    for (const queue of this.#queues) {
      if (queue.items.length >= MAX_QUEUED_EVENTS) queue.items.shift();
      queue.items.push(event);
      if (event.type === 'run.finished') queue.done = true;
      queue.wake?.();
    }
  }

  /** A new iterator over the events from now on. */
  iterator(): AsyncIterator<RunEvent> {
    const queue: Queue = { items: [], wake: undefined, done: this.#finished };
    this.#queues.add(queue);
    return {
      next: async (): Promise<IteratorResult<RunEvent>> => {
        for (;;) {
          const item = queue.items.shift();
          if (item) return { value: item, done: false };
          if (queue.done) {
            this.#queues.delete(queue);
            return { value: undefined, done: true };
          }
          await new Promise<void>((resolve) => {
            queue.wake = resolve;
          });
          queue.wake = undefined;
        }
      },
      return: async (): Promise<IteratorResult<RunEvent>> => {
        this.#queues.delete(queue);
        queue.done = true;
        return { value: undefined, done: true };
      },
    };
  }
}
