import { compareEventIds, isContinuous, parseEventId } from './event-id';

describe('event ids', () => {
  it('parses <ms>-<n> and rejects anything else', () => {
    expect(parseEventId('1796057321106-7')).toEqual({ ms: 1796057321106, seq: 7 });
    expect(parseEventId(' 5-1 ')).toEqual({ ms: 5, seq: 1 });
    for (const bad of ['', 'abc', '12', '1-2-3', '-1-2', '1.5-2', null, undefined]) expect(parseEventId(bad)).toBeNull();
  });

  it('orders by time, then by sequence', () => {
    expect(compareEventIds('10-2', '10-3')).toBeLessThan(0);
    expect(compareEventIds('11-1', '10-3')).toBeGreaterThan(0);
    expect(compareEventIds('10-3', '10-3')).toBe(0);
  });

  it('is continuous only when the next retained event is the very next one', () => {
    const last = { ms: 100, seq: 4 };
    expect(isContinuous(last, '120-5', '130-6')).toBe(true);
    expect(isContinuous(last, '120-6', '130-6')).toBe(false); // event 5 was trimmed
    expect(isContinuous(last, null, '100-4')).toBe(true); // nothing new since
    expect(isContinuous(last, null, null)).toBe(false); // the stream expired: unknown what was missed
    expect(isContinuous({ ms: 0, seq: 0 }, null, null)).toBe(true); // had seen nothing, nothing exists
    expect(isContinuous({ ms: 0, seq: 0 }, '5-1', '5-1')).toBe(true);
  });
});
