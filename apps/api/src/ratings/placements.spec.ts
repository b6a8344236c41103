import { canonicalPlacements, placementsProblem, samePlacements, teamOutcome } from './placements';

describe('placements', () => {
  it('accepts one whole number from 1 to the number of teams per team', () => {
    expect(placementsProblem([1, 2], 2)).toBeNull();
    expect(placementsProblem([2, 2], 2)).toBeNull();
    expect(placementsProblem([4, 1, 3, 2], 4)).toBeNull();
  });

  it('explains what is wrong with the others', () => {
    expect(placementsProblem([1, 2, 3], 2)).toBe('placements must have one entry per team: the session has 2 teams, got 3');
    expect(placementsProblem([1], 2)).toBe('placements must have one entry per team: the session has 2 teams, got 1');
    expect(placementsProblem([1, 3], 2)).toBe('placements[1] must be a whole number from 1 to 2 (the number of teams), got 3');
    expect(placementsProblem([0, 1], 2)).toBe('placements[0] must be a whole number from 1 to 2 (the number of teams), got 0');
    expect(placementsProblem([1, 1.5, 2, 3], 4)).toBe('placements[1] must be a whole number from 1 to 4 (the number of teams), got 1.5');
  });

  it('ranks canonically so that the same order of teams compares equal', () => {
    expect(canonicalPlacements([2, 2])).toEqual([1, 1]);
    expect(canonicalPlacements([1, 2, 2, 3])).toEqual([1, 2, 2, 4]);
    expect(canonicalPlacements([3, 1, 2, 4])).toEqual([3, 1, 2, 4]);
    expect(samePlacements([1, 1], [2, 2])).toBe(true);
    expect(samePlacements([1, 2], [2, 1])).toBe(false);
    expect(samePlacements([1, 2], [1, 2, 3])).toBe(false);
  });

  it('counts a win only alone in first place, a draw sharing it, a loss otherwise', () => {
    expect([0, 1].map((t) => teamOutcome([1, 2], t))).toEqual([1, 0]);
    expect([0, 1].map((t) => teamOutcome([1, 1], t))).toEqual([0.5, 0.5]);
    expect([0, 1, 2, 3].map((t) => teamOutcome([2, 1, 3, 4], t))).toEqual([0, 1, 0, 0]);
    expect([0, 1, 2, 3].map((t) => teamOutcome([1, 1, 3, 3], t))).toEqual([0.5, 0.5, 0, 0]);
  });
});
