/** Runs tasks one at a time, in arrival order; a failing task does not block the ones behind it. */
export class SerialLane {
  private tail: Promise<unknown> = Promise.resolve();
  private waiting = 0;

  run<T>(task: () => Promise<T>): Promise<T> {
    this.waiting++;
    const result = this.tail.then(task).finally(() => this.waiting--);
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Tasks queued or running (for diagnostics and tests). */
  get length(): number {
    return this.waiting;
  }
}
