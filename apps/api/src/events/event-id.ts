/**
 * Event ids are Redis stream entry ids `<ms>-<n>` where `n` counts the events of one stream (1, 2, 3, ...), so a
 * client's Last-Event-ID says exactly which event must come next: a gap is detectable even after trimming.
 */
export interface EventId {
  ms: number;
  seq: number;
}

const ID = /^(\d{1,15})-(\d{1,15})$/;

export const NO_EVENT_ID = '0-0';

export function parseEventId(raw: string | undefined | null): EventId | null {
  const match = raw ? ID.exec(raw.trim()) : null;
  return match ? { ms: Number(match[1]), seq: Number(match[2]) } : null;
}

export function formatEventId(id: EventId): string {
  return `${id.ms}-${id.seq}`;
}

/** Stream-order comparison of two ids (negative when a is older). */
export function compareEventIds(a: string, b: string): number {
  const x = parseEventId(a);
  const y = parseEventId(b);
  if (!x || !y) throw new Error(`not an event id: ${!x ? a : b}`);
  return x.ms - y.ms || x.seq - y.seq;
}

/**
 * Whether a client that last saw `lastId` misses nothing, given the first retained entry after it (`next`, null when
 * none) and the newest entry of the stream (`newest`, null when the stream is empty or gone).
 */
export function isContinuous(lastId: EventId, next: string | null, newest: string | null): boolean {
  if (next !== null) return parseEventId(next)?.seq === lastId.seq + 1;
  const newestSeq = newest === null ? 0 : (parseEventId(newest)?.seq ?? -1);
  return newestSeq === lastId.seq;
}
