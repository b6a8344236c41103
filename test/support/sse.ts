/** A minimal Server-Sent Events client over fetch, for tests: records every event and tells when the stream ends. */
export interface SseEvent {
  id: string | null;
  event: string;
  data: Record<string, unknown>;
}

export class SseClient {
  readonly events: SseEvent[] = [];
  comments = 0;
  ended = false;
  private readonly waiters: (() => void)[] = [];

  private constructor(
    readonly status: number,
    readonly headers: Headers,
    private readonly abort: AbortController,
  ) {}

  static async open(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
    const abort = new AbortController();
    const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal });
    const client = new SseClient(res.status, res.headers, abort);
    if (res.status !== 200 || !res.body) {
      client.ended = true;
      return client;
    }
    void client.read(res.body);
    return client;
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          this.parse(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      }
    } catch {
      /* aborted or reset */
    }
    this.ended = true;
    this.notify();
  }

  private parse(block: string): void {
    let id: string | null = null;
    let event = 'message';
    let data = '';
    let comment = false;
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) comment = true;
      else if (line.startsWith('id: ')) id = line.slice(4);
      else if (line.startsWith('event: ')) event = line.slice(7);
      else if (line.startsWith('data: ')) data += line.slice(6);
    }
    if (data) this.events.push({ id, event, data: JSON.parse(data) as Record<string, unknown> });
    else if (comment) this.comments++;
    this.notify();
  }

  private notify(): void {
    this.waiters.splice(0).forEach((w) => w());
  }

  /** Resolves with the first recorded event matching, waiting for it up to `timeoutMs`. */
  async waitFor(match: (e: SseEvent) => boolean, timeoutMs = 5000): Promise<SseEvent> {
    return this.until(() => this.events.find(match), timeoutMs, 'event');
  }

  /** Waits until at least `n` events (optionally of one name) were recorded. */
  async waitForCount(n: number, name?: string, timeoutMs = 5000): Promise<SseEvent[]> {
    const pick = () => this.events.filter((e) => !name || e.event === name);
    return this.until(() => (pick().length >= n ? pick() : undefined), timeoutMs, `${n} events`);
  }

  async waitForEnd(timeoutMs = 5000): Promise<void> {
    await this.until(() => (this.ended ? true : undefined), timeoutMs, 'end of stream');
  }

  private until<T>(check: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    return new Promise((resolve, reject) => {
      const deadline = setTimeout(() => reject(new Error(`timed out waiting for ${what}; got ${JSON.stringify(this.events.map((e) => e.event))}`)), timeoutMs);
      const attempt = () => {
        const found = check();
        if (found !== undefined) {
          clearTimeout(deadline);
          resolve(found);
        } else this.waiters.push(attempt);
      };
      attempt();
    });
  }

  close(): void {
    this.abort.abort();
  }
}
