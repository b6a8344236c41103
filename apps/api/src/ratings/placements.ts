import type { Outcome } from './domain';

/**
 * Placements of a session's teams, in the session's team order: 1 = first, equal numbers = a tie between those teams.
 * Framework-free; the result transaction and the report rules speak only this form (a 1v1 body is converted to it).
 */
export type Placements = number[];

/**
 * Why `placements` cannot be a result for a session with `teams` teams, or null when it can: one whole number per
 * team, each from 1 to the number of teams.
 */
export function placementsProblem(placements: readonly number[], teams: number): string | null {
  if (placements.length !== teams) return `placements must have one entry per team: the session has ${teams} teams, got ${placements.length}`;
  const bad = placements.findIndex((p) => !Number.isInteger(p) || p < 1 || p > teams);
  if (bad >= 0) return `placements[${bad}] must be a whole number from 1 to ${teams} (the number of teams), got ${placements[bad]}`;
  return null;
}

/**
 * Standard competition ranking of `placements` (1 + the number of teams strictly ahead), so that reports that order
 * the teams the same way compare equal: [1, 1] and [2, 2] are both a draw, [1, 3, 3, 2] is [1, 3, 3, 2], [1, 2, 2, 3]
 * is [1, 2, 2, 4].
 */
export function canonicalPlacements(placements: readonly number[]): Placements {
  return placements.map((p) => 1 + placements.filter((q) => q < p).length);
}

export function samePlacements(a: readonly number[], b: readonly number[]): boolean {
  const x = canonicalPlacements(a);
  const y = canonicalPlacements(b);
  return x.length === y.length && x.every((p, i) => p === y[i]);
}

/**
 * A team's outcome as the players' win/loss/draw stats count it: 1 alone in first place, 0.5 sharing first place, 0
 * otherwise. With two teams that is exactly win, draw and loss; in a free-for-all only first place wins.
 */
export function teamOutcome(placements: readonly number[], team: number): Outcome {
  const best = Math.min(...placements);
  if (placements[team] !== best) return 0;
  return placements.filter((p) => p === best).length === 1 ? 1 : 0.5;
}

