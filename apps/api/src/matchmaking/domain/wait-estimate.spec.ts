import { WindowPolicy } from './match-window';
import { estimateWaitSeconds, median, WaitEstimateInput } from './wait-estimate';

const POLICY: WindowPolicy = { baseWindow: 100, windowGrowthPerSecond: 20, maxWindow: 400 };
const input = (over: Partial<WaitEstimateInput>): WaitEstimateInput => ({
  rating: 1500,
  waitedSeconds: 0,
  recentWaits: [],
  neighbours: [],
  policy: POLICY,
  tickSeconds: 0.5,
  ...over,
});
const samples = (rating: number, waits: number[]) => waits.map((waitSeconds) => ({ rating, waitSeconds }));

describe('estimateWaitSeconds', () => {
  it('says one tick when a partner is already inside both windows', () => {
    expect(estimateWaitSeconds(input({ neighbours: [{ rating: 1560, waitedSeconds: 0 }] }))).toBe(1);
  });

  it('waits for the newer player window to cover the gap', () => {
    // gap 200: windows need (200 − 100) / 20 = 5 s of growth; the other player has waited 2 s, we have waited 0.
    expect(estimateWaitSeconds(input({ neighbours: [{ rating: 1700, waitedSeconds: 2 }] }))).toBe(6);
    expect(estimateWaitSeconds(input({ waitedSeconds: 3, neighbours: [{ rating: 1700, waitedSeconds: 9 }] }))).toBe(3);
    // Out of reach even at the maximum window: the neighbour is ignored.
    expect(estimateWaitSeconds(input({ neighbours: [{ rating: 1950, waitedSeconds: 0 }] }))).toBe(16);
  });

  it('uses the median of recent waits near the rating when the live queue has no one in reach', () => {
    const recentWaits = [...samples(1520, [4, 8, 10, 12, 30]), ...samples(2500, [300, 300, 300, 300, 300])];
    expect(estimateWaitSeconds(input({ recentWaits }))).toBe(11);
    expect(estimateWaitSeconds(input({ recentWaits, waitedSeconds: 6 }))).toBe(5);
    // Too few samples near the rating: treated as no history, so the window-opening time is used.
    expect(estimateWaitSeconds(input({ recentWaits: samples(1500, [1, 1, 1, 1]) }))).toBe(16);
  });

  it('takes whichever comes first, the known neighbour or a typical arrival', () => {
    const recentWaits = samples(1500, [3, 3, 3, 3, 3]);
    expect(estimateWaitSeconds(input({ recentWaits, neighbours: [{ rating: 1800, waitedSeconds: 0 }] }))).toBe(4);
    expect(estimateWaitSeconds(input({ recentWaits: samples(1500, [60, 60, 60, 60, 60]), neighbours: [{ rating: 1640, waitedSeconds: 0 }] }))).toBe(3);
  });

  it('falls back to the time until the window is fully open, never below one second', () => {
    expect(estimateWaitSeconds(input({}))).toBe(16);
    expect(estimateWaitSeconds(input({ waitedSeconds: 100 }))).toBe(1);
    expect(estimateWaitSeconds(input({ policy: { ...POLICY, windowGrowthPerSecond: 0 } }))).toBe(1);
  });
});

describe('estimateWaitSeconds under a quality policy (min wait 5 s, instant gap 10)', () => {
  const QUALITY = { ...POLICY, minWaitSeconds: 5, instantGap: 10 };

  it('counts the hold: a partner in reach is taken only once one of the two is ripe', () => {
    // Gap 60 is inside both windows at once, but neither is ripe: the other has waited 2 s, so 3 s remain.
    expect(estimateWaitSeconds(input({ policy: QUALITY, neighbours: [{ rating: 1560, waitedSeconds: 2 }] }))).toBe(4);
    // A ripe neighbour: at once.
    expect(estimateWaitSeconds(input({ policy: QUALITY, neighbours: [{ rating: 1560, waitedSeconds: 6 }] }))).toBe(1);
    // Within the instant gap: at once, held or not.
    expect(estimateWaitSeconds(input({ policy: QUALITY, neighbours: [{ rating: 1508, waitedSeconds: 0 }] }))).toBe(1);
    // The window wait dominates when it is longer than the hold.
    expect(estimateWaitSeconds(input({ policy: QUALITY, neighbours: [{ rating: 1700, waitedSeconds: 0 }] }))).toBe(6);
  });

  it('never promises less than the remaining hold when no one is in reach', () => {
    expect(estimateWaitSeconds(input({ policy: { ...QUALITY, windowGrowthPerSecond: 0 } }))).toBe(6);
    expect(estimateWaitSeconds(input({ policy: { ...QUALITY, windowGrowthPerSecond: 0 }, waitedSeconds: 4 }))).toBe(2);
  });
});

describe('median', () => {
  it('handles odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});
