import { Writable } from 'node:stream';

export interface LogLine {
  timestamp: string;
  level: string;
  service: string;
  event: string;
  player_id: string | null;
  session_id: string | null;
  details: Record<string, unknown>;
  trace_id: string | null;
}

/** A pino destination that keeps every line in memory for assertions (and prints nothing). */
export class LogCapture extends Writable {
  raw = '';
  readonly lines: LogLine[] = [];

  _write(chunk: Buffer, _encoding: string, done: () => void): void {
    const text = chunk.toString();
    this.raw += text;
    for (const line of text.split('\n').filter(Boolean)) this.lines.push(JSON.parse(line) as LogLine);
    done();
  }

  events(event: string): LogLine[] {
    return this.lines.filter((line) => line.event === event);
  }

  /** Resolves when a line matching `predicate` has been written (or rejects after `timeoutMs`). */
  async waitFor(predicate: (line: LogLine) => boolean, timeoutMs = 5000): Promise<LogLine> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.lines.find(predicate);
      if (found) return found;
      if (Date.now() > deadline) throw new Error('expected log line was not written');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
