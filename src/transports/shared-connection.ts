/**
 * One connection shared by concurrent calls of a transport: a single attempt is in flight at a time, and
 * a failed attempt or a closed connection is forgotten so that the next call connects again.
 */
export class SharedConnection<T> {
  private current: Promise<T> | null = null;

  constructor(private readonly open: () => Promise<T>) {}

  /** The live connection, or the attempt in flight, or a new attempt. */
  get(): Promise<T> {
    if (this.current === null) {
      const attempt = this.open();
      this.current = attempt;
      attempt.catch(() => {
        if (this.current === attempt) this.current = null;
      });
    }
    return this.current;
  }

  /** Forgets the connection (it closed); the next `get` connects again. */
  forget(): void {
    this.current = null;
  }

  /** Hands the connection (or attempt) over for closing, and forgets it. */
  take(): Promise<T> | null {
    const c = this.current;
    this.current = null;
    return c;
  }
}
